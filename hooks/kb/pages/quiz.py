"""Self-test questions generated from the glossary, and the quiz page that carries them.

Four kinds, every one about a term that has a definition:

- ``term-def``  看提法选释义: the term, four definitions (distractors from the same category first),
  every one written the same way — no blanks: the sentences that do not name their own term, or
  the definition with its term replaced by “该提法” (a blank only in the right one, or only in the
  wrong ones, would give the answer away);
- ``def-term``  看释义选提法: a definition with the term blanked out, four terms; a blank is put only
  where the answer fits (the term as written), and a definition that names the term in another
  form (“八项规定” for 中央八项规定精神) gives no such question;
- ``number``    填数字: a numbered formulation with its numeral blanked (“___个意识”), typed in; the
  numeral in Chinese or in digits, with or without the measure word (四、4、四个、4个、4个意识);
- ``topic``     判断专题: which of the topics a term belongs to (only terms with exactly one topic).

The page carries every question; docs/assets/quiz.js asks them in rounds: each round asks every
term once (one of its questions), the first round in this order (must-know first), later rounds
in a new random order with another question per term.

Distractors must not give the answer away or be right too: a distractor term may not occur in
the right definition (nor the right term in a distractor definition), and near-duplicate
definitions are skipped. Everything is deterministic: choices are picked and shuffled by hashes
of the content, so the same glossary gives the same bytes; a question's id is its kind, slug and
a hash of its content, so stored progress survives rebuilds until the question changes.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field

from kb.build import urls
from kb.glossary.assembly import Term, pinyin_key
from kb.pages.learning import LearningInputs, script_json
from kb.pages.speech import escape
from kb.glossary.matching import QUOTES, term_key
from kb.text.redaction import plain_redactions

URI = "quiz/index.md"
URL = "quiz/"
TITLE = "自测"
CHOICES = 4
BLANK = "____"
KIND_LABELS = {"term-def": "看提法选释义", "def-term": "看释义选提法", "number": "填数字", "topic": "判断专题"}
KIND_ORDER = tuple(KIND_LABELS)

NUMERAL_VALUES = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMBERED = re.compile(r"^(十[一二三四五六七八九]?|[一二两三四五六七八九]十?[一二三四五六七八九]?)(.+)$")
MEASURE_WORDS = "个种项条大方"
MAX_TERMS = 70    # terms asked about (must-know and most used first): ~230 questions, a bounded page


@dataclass
class Source:
    label: str
    href: str | None = None       # relative to the quiz page; None for a citation without a page


@dataclass
class Question:
    id: str
    kind: str
    term: str                     # the term the question is about
    prompt: str
    answer: str                   # the right choice (or the numeral to type)
    choices: list[str] = field(default_factory=list)   # empty for a typed answer
    accept: list[str] = field(default_factory=list)    # typed answers counted as right
    explain: str = ""             # shown with the feedback
    sources: list[Source] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["label"] = KIND_LABELS[self.kind]
        return {k: v for k, v in data.items() if v not in ([], "")}


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _forms(term: Term) -> list[str]:
    forms = {term.term, *term.aliases, *term.forms}
    forms |= {re.sub(f"[{QUOTES}]", "", f) for f in forms}
    return sorted((f for f in forms if len(f) >= 2), key=len, reverse=True)


def _fitting_forms(term: Term) -> list[str]:
    """The forms the answer (the term as written) can stand for: the term, without its quotes,
    and its other scripts (兩個維護); not a shorter or longer alias (八项规定)."""
    key = term_key(term.term)
    return [f for f in _forms(term) if term_key(f) == key]


def masked_definition(term: Term) -> str:
    """The definition with the term blanked out where the answer fits (see `_fitting_forms`)."""
    text = term.definition
    for form in _fitting_forms(term):
        text = text.replace(form, BLANK)
    return re.sub(f"[{QUOTES}]?{re.escape(BLANK)}[{QUOTES}]?", f"“{BLANK}”", text)


OWN_TERM = "该提法"
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


def choice_definition(term: Term) -> str:
    """The definition as a choice of 看提法选释义: its sentences that do not name the term; when
    every sentence does, the whole definition with the term replaced by “该提法”. No blank."""
    sentences = [s for s in _SENTENCE.findall(term.definition) if s.strip()]
    kept = [s for s in sentences if not _mentions_term(s, term)]
    text = "".join(kept).strip()
    if len(text) >= 8:
        return re.sub(r"[；，、]$", "。", text)
    text = term.definition
    for form in _forms(term):
        text = re.sub(f"[{QUOTES}]?{re.escape(form)}[{QUOTES}]?", OWN_TERM, text)
    return text


def _mentions_term(text: str, term: Term) -> bool:
    folded = term_key(text)
    return any(term_key(f) and term_key(f) in folded for f in _forms(term))


def _similar(a: str, b: str, run: int = 12) -> bool:
    """True when two definitions share a run of `run` characters (near duplicates)."""
    if len(a) < run or len(b) < run:
        return a == b
    return any(a[i:i + run] in b for i in range(len(a) - run + 1))


def confusable(right: Term, other: Term) -> bool:
    """`other` cannot serve as a distractor for `right` (either would be right, or it gives the
    answer away)."""
    return (term_key(other.term) == term_key(right.term) or _mentions_term(right.definition, other)
            or _mentions_term(other.definition, right) or _similar(right.definition, other.definition))


def distractors(right: Term, pool: list[Term], seed: str, n: int = CHOICES - 1) -> list[Term]:
    """Up to n other terms: same category first, then others; picked by a content hash."""
    candidates = [t for t in pool if t.slug != right.slug and t.definition and not confusable(right, t)]
    candidates.sort(key=lambda t: (t.category != right.category, digest(seed, t.slug)))
    chosen: list[Term] = []
    for term in candidates:
        if any(confusable(term, c) or choice_definition(term) == choice_definition(c) for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == n:
            break
    return chosen


def shuffled(items: list[str], seed: str) -> list[str]:
    return sorted(items, key=lambda item: digest(seed, item))


def numbered(term: Term) -> tuple[str, int, str] | None:
    """(numeral, value, rest) of a numbered formulation such as 四个意识, else None. A term counts
    as numbered when its parts number what the numeral says, or a measure word follows it."""
    match = _NUMBERED.match(term_key(term.term))
    if not match:
        return None
    numeral, rest = match.groups()
    value = numeral_value(numeral)
    if value is None:
        return None
    if (term.parts and len(term.parts) == value) or (rest[0] in MEASURE_WORDS and len(rest) >= 2):
        return numeral, value, rest
    return None


def numeral_value(numeral: str) -> int | None:
    if numeral in NUMERAL_VALUES:
        return NUMERAL_VALUES[numeral]
    if len(numeral) in (2, 3) and "十" in numeral:
        tens, _, units = numeral.partition("十")
        value = (NUMERAL_VALUES.get(tens, 0) if tens else 1) * 10 + (NUMERAL_VALUES.get(units, 0) if units else 0)
        return value if value > 10 else None
    return None


def accepted_numerals(numeral: str, value: int, rest: str = "") -> list[str]:
    """The numeral in Chinese and in digits (两 and 二 alike); with `rest` (“个意识”) also each of
    them with the measure word (四个、4个) and with the whole rest (四个意识、4个意识)."""
    base = [numeral, str(value)]
    if numeral == "两":
        base.append("二")
    if numeral == "二":
        base.append("两")
    out = list(base)
    if rest and rest[0] in MEASURE_WORDS and len(rest) > 1:
        out += [n + rest[0] for n in base]
    if rest:
        out += [n + rest for n in base]
    return out


def _sources(term: Term, inputs: LearningInputs, page_url: str, topic_link: tuple | None = None) -> list[Source]:
    out = [Source(f"提法释义：{term.term}", urls.relative(page_url, term.url))]
    if term.definition_place:
        speech_id, anchor = term.definition_place
        speech = inputs.corpus.by_id().get(speech_id)
        out.append(Source(f"讲话原文：{speech.meta.title if speech else speech_id}",
                          urls.relative(page_url, urls.anchor_url(speech_id, anchor))))
    elif term.definition_source:
        out.append(Source(f"出处：{term.definition_source}"))
    if topic_link:
        name, url = topic_link
        out.append(Source(f"专题：{name}", urls.relative(page_url, url) if url else None))
    return out


def _question(kind: str, term: Term, prompt: str, answer: str, *, choices=(), accept=(), explain="",
              sources=()) -> Question:
    content = digest(kind, term.slug, prompt, answer, *choices, *accept)
    return Question(f"{kind}-{term.slug}-{content[:8]}", kind, term.term, prompt, answer,
                    list(choices), list(accept), explain, list(sources))


def term_questions(term: Term, inputs: LearningInputs, pool: list[Term], topic_links: dict,
                   page_url: str = URL) -> list[Question]:
    """Every question about one term (none when it has no definition)."""
    if not term.definition:
        return []
    seed = digest(term.slug, term.term, term.definition)
    sources = _sources(term, inputs, page_url)
    explain = f"{term.term}：{term.definition}"
    out = []
    others = distractors(term, pool, seed)
    if len(others) == CHOICES - 1:
        right = choice_definition(term)
        choices = shuffled([right, *(choice_definition(t) for t in others)], seed + "term-def")
        out.append(_question("term-def", term, f"“{term.term}”指的是什么？", right,
                             choices=choices, explain=explain, sources=sources))
        masked = masked_definition(term)
        if not _mentions_term(masked, term):      # no other form of the term left in the prompt
            choices = shuffled([term.term, *(t.term for t in others)], seed + "def-term")
            out.append(_question("def-term", term, f"下面说的是哪个提法？{masked}", term.term,
                                 choices=choices, explain=explain, sources=sources))
    number = numbered(term)
    if number:
        numeral, value, rest = number
        hint = (f"（组成：{'、'.join(term.parts)}）" if term.parts
                else f"（释义：{choice_definition(term)}）")
        out.append(_question("number", term, f"填入数字：“{BLANK}{rest}”{hint}", numeral,
                             accept=accepted_numerals(numeral, value, rest), explain=explain, sources=sources))
    names = {tid: link[0] for tid, link in topic_links.items()}
    if len(term.topics) == 1 and term.topics[0] in names and len(names) >= CHOICES:
        right_id = term.topics[0]
        choices = [names[tid] for tid in names]          # all topics, in taxonomy order
        out.append(_question("topic", term, f"“{term.term}”主要属于哪个专题？", names[right_id],
                             choices=choices, explain=explain,
                             sources=_sources(term, inputs, page_url, topic_links[right_id])))
    return out


def build_questions(inputs: LearningInputs, topic_links: dict, page_url: str = URL) -> list[Question]:
    """All questions (about at most MAX_TERMS terms): must-know terms first (importance 3, then 2,
    then 1); within a level in an order fixed by content hashes, so the two questions on one term
    are rarely adjacent."""
    pool = sorted((t for t in inputs.glossary.terms if t.definition), key=lambda t: (pinyin_key(t.term), t.slug))
    importance = {t.term: t.importance for t in pool}
    # Every defined term can be a distractor; questions are asked about the MAX_TERMS most
    # important, then most used ones (the quiz page carries its questions).
    asked = set(t.slug for t in sorted(pool, key=lambda t: (-t.importance, -t.total, t.slug))[:MAX_TERMS])
    questions = [q for term in pool if term.slug in asked
                 for q in term_questions(term, inputs, pool, topic_links, page_url)]
    return sorted(questions, key=lambda q: (-importance[q.term], digest(q.id), q.id))


def _plain(value):
    """Every string of the quiz data with redaction markers in their plain form (□□): quiz.js
    shows the data as text."""
    if isinstance(value, str):
        return plain_redactions(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def quiz_data(questions: list[Question]) -> dict:
    return {"version": 1, "questions": [_plain(q.to_json()) for q in questions]}


def quiz_markdown(inputs: LearningInputs, topic_links: dict, script_url: str, page_url: str = URL) -> str:
    questions = build_questions(inputs, topic_links, page_url)
    counts = {kind: sum(q.kind == kind for q in questions) for kind in KIND_ORDER}
    summary = "、".join(f"{KIND_LABELS[k]} {n} 题" for k, n in counts.items() if n)
    terms = len({q.term for q in questions})
    if not questions:
        return "\n".join([f"# {TITLE}：提法与专题", "",
                          "<p>暂无题目：提法释义中还没有带释义的提法。补充提法释义或导入讲话后，题目会自动生成。</p>", ""])
    return "\n".join([
        f"# {TITLE}：提法与专题", "",
        f'<p>题库共 {len(questions)} 题（{escape(summary)}），涉及 {terms} 个提法，由提法释义和专题分类自动生成，随讲话更新。'
        f"每轮把 {terms} 个提法各问一次，每轮换一种题目、换一个顺序。"
        "答完每题立即显示正确答案和出处；答题记录只保存在本机浏览器里，刷新或下次打开仍在。</p>", "",
        '<p class="kb-muted">键盘操作：数字键 1–5 选择答案，Enter 提交，提交后再按 Enter 进入下一题；'
        "Tab 键可在各按钮之间移动。</p>", "",
        '<div id="kb-quiz" class="kb-quiz" aria-live="off">'
        "<noscript><p>自测需要浏览器启用 JavaScript（本站脚本均在本地，不访问外网）。</p></noscript></div>", "",
        f'<script type="application/json" id="kb-quiz-data">{script_json(quiz_data(questions))}</script>', "",
        f'<script src="{escape(script_url)}"></script>', "",
    ])
