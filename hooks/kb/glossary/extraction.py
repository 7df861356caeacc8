"""Finding candidate formulations (提法) in unmarked Chinese text.

Two kinds of evidence, from one passage at a time (`find_candidates`):
  * quoted phrases — “书记项目”, “两张皮”, 「一崗雙責」, “133”计划 — judged by their shape;
  * unquoted compact numbered formulations — 三会一课, 一岗双责, 两学一做 (N X N Y).
Then `extract_slogans` weighs the evidence over a whole corpus and keeps only what looks like a
formulation. The rules are deliberately conservative (a wrong entry costs a reader more than a
missing one, and curated entries in data/glossary.yml cover the standard formulations):

  numbered   starts with a numeral (四风, 五强创示范, 两张皮, “20字”) and is not an idiom or a
             common word (一切, 五湖四海)                                     -> accepted
  ordinal    starts with 第 + numeral (第一议题)                              -> needs repetition
  named      followed or ended by a head noun: “揭榜挂帅”机制, “新苗工程”     -> accepted
  other      needs repetition: quoted at least twice in the corpus (“灯下黑”)
  rejected   single characters, redaction markers (“**”), anything with punctuation or spaces,
             more than 8 characters (10 when numbered or named), quotations of a person's words
             (指出：“……”), sentence shapes (…是…, …的), common words (“领导”, “坚持”), and
             two-character non-numbered phrases without a head noun (“拔毛”).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from kb.text.redaction import REDACTION
from kb.glossary.matching import DIGITS, NUMERALS, fold, term_key, unwrap

HEAD_NOUNS = ("工程", "计划", "行动", "活动", "项目", "机制", "制度", "体系", "模式", "品牌",
              "工作法", "载体", "理念", "标准", "引擎", "专项", "示范点", "攻坚", "战略", "方针")
STOPWORDS = {"领导", "坚持", "加强", "全面领导", "学习", "工作", "党建", "问题", "发展"}
SPEECH_VERB = re.compile(r"(?:指出|强调|说|讲|讲到|提出|告诫|要求|表示|认为|写道)[：:，,]?\s*$")
_QUOTED = re.compile(r"“([^“”\n]{1,40})”|\"([^\"\n]{1,20})\"")
_ALLOWED = re.compile(rf"^[\u3400-\u9fff{DIGITS}+·]+$")
_DIGITAL = re.compile(r"^[0-9+\-]+$")
_NON_NUM = rf"(?![{NUMERALS}])[\u4e00-\u9fff]"
_COMPACT = re.compile(rf"(?<![{NUMERALS}{DIGITS}第])[{NUMERALS}]{_NON_NUM}[{NUMERALS}]{_NON_NUM}(?![{NUMERALS}])")
_NOT_MEASURE = set("是个次年月日天位名人批家项条点届种")
MAX_PLAIN, MAX_STRONG, MIN_REPEAT = 8, 10, 2
COMMON_FREQ, NUMBERED_COMMON_FREQ = 20, 1000


@dataclass
class Candidate:
    key: str            # canonical (simplified, no quotes): 133计划
    display: str        # as a term is shown: “133”计划
    surface: str        # as written in the text (original script)
    kind: str           # numbered | ordinal | named | other
    quoted: bool


@dataclass
class Rejection:
    text: str
    reason: str


@dataclass
class ExtractedSlogan:
    key: str
    display: str
    kind: str
    quoted_count: int = 0
    places: list[tuple[str, str]] = field(default_factory=list)   # (speech id, paragraph id)
    surfaces: set[str] = field(default_factory=set)


@functools.lru_cache(maxsize=1)
def _jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's bundled dictionary (word -> (freq, tag)), read from its file so that a user
    dictionary loaded into the global jieba (e.g. by the search index) cannot change the rules."""
    import jieba
    words = {}
    with jieba.get_dict_file() as raw:
        for line in raw.read().decode("utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


def load_tables() -> None:
    """Load the lazily read tables now: before forking (kb.build.parallel), so that no process reads
    them again."""
    _jieba_words()


def is_common_word(text: str, max_freq: int) -> bool:
    """A dictionary word used often (freq >= max_freq) or a well-known idiom/set phrase (rare
    set phrases such as 一岗双责, freq 5 in jieba, are formulations, not idioms)."""
    freq, tag = _jieba_words().get(text, (0, ""))
    return freq >= max_freq or (tag in ("i", "l") and freq >= COMMON_FREQ)


def head_after(after: str) -> str:
    """The head noun a quote is directly followed by, with at most two modifying characters
    between (“揭榜挂帅”机制, “1+3”制度体系, “破茧成蝶”提升行动), or ""."""
    for end in range(4, 1, -1):
        span = after[:end]
        if re.fullmatch(r"[\u4e00-\u9fff]+", span) and not set(span) & set("的之和与及"):
            if span.endswith(HEAD_NOUNS):
                return span
    return ""


def classify(inner: str, followed_by_head: bool) -> str:
    if inner[0] == "第" and len(inner) > 1 and inner[1] in NUMERALS + DIGITS:
        return "ordinal"
    if inner[0] in NUMERALS + DIGITS:
        return "numbered"
    if followed_by_head or (len(inner) >= 3 and inner.endswith(HEAD_NOUNS)):
        return "named"
    return "other"


def _sentence_shape(inner: str) -> bool:
    return "是" in inner[1:-1] or inner.endswith(("的", "了", "吗", "呢", "吧"))


def judge_quote(inner: str, before: str, after: str) -> Candidate | Rejection:
    """Decide on one quoted phrase from its text and what surrounds it."""
    inner = inner.strip()
    if not inner or REDACTION.search(inner):
        return Rejection(inner, "redaction")
    head = head_after(after)
    if _DIGITAL.match(inner):   # “133”计划, “1+3”制度体系: the number names what follows
        if not head.startswith(HEAD_NOUNS):    # “100”个项目 counts, it does not name
            return Rejection(inner, "bare number")
        return Candidate(term_key(inner + head), f"“{inner}”{head}", inner, "numbered", True)
    if len(inner) < 2:
        return Rejection(inner, "single character")
    if not _ALLOWED.match(inner) or inner[0] == "+" or inner[-1] == "+":
        return Rejection(inner, "punctuation")
    if SPEECH_VERB.search(before):
        return Rejection(inner, "quotation of words")
    kind = classify(inner, bool(head))
    limit = MAX_STRONG if kind in ("numbered", "named") else MAX_PLAIN
    if len(inner) > limit:
        return Rejection(inner, "too long")
    if kind != "numbered" and (_sentence_shape(inner) or inner in STOPWORDS):
        return Rejection(inner, "sentence or ordinary word")
    if kind == "numbered" and is_common_word(inner, NUMBERED_COMMON_FREQ):
        return Rejection(inner, "common word")
    if kind == "other" and (len(inner) == 2 or is_common_word(inner, COMMON_FREQ)):
        return Rejection(inner, "common word")
    if inner in STOPWORDS:
        return Rejection(inner, "ordinary word")
    key = _strip_style_suffix(term_key(inner))
    return Candidate(key, key, inner, kind, True)


def _strip_style_suffix(key: str) -> str:
    """“雁过拔毛式”腐败 names the same thing as “雁过拔毛”."""
    return key[:-1] if key.endswith("式") and len(key) >= 4 else key


def compact_candidates(folded: str, original: str) -> list[tuple[int, Candidate]]:
    """Unquoted N X N Y formulations with their offsets: 三会一课, 一岗双责, 两学一做 (idioms
    and counting phrases such as 一年一次 excluded)."""
    out = []
    for m in _COMPACT.finditer(folded):
        text = m.group(0)
        if text[1] in _NOT_MEASURE or text[3] in _NOT_MEASURE or is_common_word(text, COMMON_FREQ):
            continue
        out.append((m.start(), Candidate(text, text, original[m.start():m.end()], "numbered", False)))
    return out


def find_candidates(text: str) -> tuple[list[Candidate], list[Rejection]]:
    """Candidates and rejected quotes in one passage (any script, hard wraps allowed)."""
    original = unwrap(text)
    folded = fold(original)
    found: list[Candidate] = []
    rejected: list[Rejection] = []
    spans = []
    for m in _QUOTED.finditer(folded):
        spans.append(m.span())
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        verdict = judge_quote(inner, folded[max(0, m.start() - 6):m.start()], folded[m.end():m.end() + 6])
        if isinstance(verdict, Candidate):
            digital = verdict.display.startswith("“")   # “133”计划: the quotes are part of it
            verdict.surface = (original[m.start():m.start() + len(verdict.display)] if digital
                               else original[m.start() + 1:m.end() - 1])
            found.append(verdict)
        else:
            rejected.append(verdict)
    for start, cand in compact_candidates(folded, original):
        if not any(s <= start < e for s, e in spans):   # inside quotes: judged as a quote
            found.append(cand)
    return found, rejected


def accepted(slogan: ExtractedSlogan) -> bool:
    if slogan.kind in ("numbered", "named"):
        return True
    speeches = {speech for speech, _ in slogan.places}
    return slogan.quoted_count >= MIN_REPEAT or len(speeches) >= MIN_REPEAT


_STRENGTH = {"numbered": 3, "named": 2, "ordinal": 1, "other": 0}


def extract_slogans(passages) -> list[ExtractedSlogan]:
    """Formulations found in `passages` — an iterable of (speech id, paragraph id, text) — that
    pass the rules of this module, in first-seen order."""
    return collect_slogans((speech_id, paragraph_id, find_candidates(text)[0])
                           for speech_id, paragraph_id, text in passages)


def collect_slogans(found) -> list[ExtractedSlogan]:
    """extract_slogans from candidates already found: `found` yields (speech id, paragraph id,
    candidates of that passage) in reading order."""
    by_key: dict[str, ExtractedSlogan] = {}
    for speech_id, paragraph_id, candidates in found:
        for cand in candidates:
            slogan = by_key.setdefault(cand.key, ExtractedSlogan(cand.key, cand.display, cand.kind))
            if _STRENGTH[cand.kind] > _STRENGTH[slogan.kind]:
                slogan.kind = cand.kind
            slogan.quoted_count += cand.quoted
            slogan.places.append((speech_id, paragraph_id))
            slogan.surfaces.add(cand.surface)
    return [s for s in by_key.values() if accepted(s)]


def speech_passages(speech) -> list[tuple[str, str, str]]:
    """Every heading and paragraph of one speech as (speech id, anchor, text)."""
    out = []
    for section in speech.sections:
        if section.heading:
            out.append((speech.id, section.id, section.heading))
        out += [(speech.id, p.id, p.text) for p in section.paragraphs]
    return out


def passages_of(corpus) -> list[tuple[str, str, str]]:
    """Every heading and paragraph of a corpus as (speech id, anchor, text)."""
    return [passage for speech in corpus.speeches for passage in speech_passages(speech)]
