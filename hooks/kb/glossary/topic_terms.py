"""Each topic's key formulations (本专题常用提法), chosen by how specific a term is to the topic,
with a curated override in data/topic_terms.yml. 新同志入门, the topic pages and the handbook's
chapters all read this one choice.

Specificity, not raw frequency: a term used often everywhere (二十大, 新发展理念) says little
about any one topic. For a term t and topic T:

- every paragraph mentioning t gives T the credit 1/k when it is on k topics, T among them;
  c = the sum, n = the number of such paragraphs;
- T's base rate b is the same credit over every paragraph of the corpus, divided by their
  number (how likely a paragraph is on T at all);
- specificity = ((c + M·b) / (n + M)) / b: how much more often t's paragraphs are on T than
  paragraphs in general, pulled towards 1 (no evidence) by M = SMOOTHING pseudo-paragraphs, so
  one lucky mention does not make a key term.

A term is a key term of T when the editor gave it T in data/glossary.yml (`topics`), or, for a
term without curated topics, when T is where its paragraphs clearly lie: T has the largest
credit, at least half of the term's paragraphs (c/n >= MIN_SHARE), at least MIN_CREDIT, and a
specificity of at least MIN_SPECIFICITY. Key terms are ranked by specificity (then importance,
uses, pinyin). A topic listed in data/topic_terms.yml gets exactly the terms written there, in
that order.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.build import memo
from kb.glossary.assembly import Glossary, Term, pinyin_key
from kb.glossary.matching import term_key

TOPIC_TERMS_FILE = "data/topic_terms.yml"
SMOOTHING = 2.0
MIN_SHARE = 0.5
MIN_CREDIT = 1.0
MIN_SPECIFICITY = 1.5
EXAMPLE = """\
topics:
  branding: [红色引擎, 书记项目]      # 专题 id 或中文名: [提法, …]（data/glossary.yml 中的提法或别名）
  党风廉政:
    - 中央八项规定精神
    - 一岗双责"""


@dataclass
class TopicTerms:
    by_topic: dict[str, list[Term]] = field(default_factory=dict)   # topic id -> key terms, best first
    specificity: dict[tuple[str, str], float] = field(default_factory=dict)   # (slug, topic id)
    curated: set[str] = field(default_factory=set)                  # topic ids set in the data file
    problems: list[str] = field(default_factory=list)               # Chinese, naming the file

    def terms(self, topic_id: str, limit: int | None = None) -> list[Term]:
        terms = self.by_topic.get(topic_id, [])
        return terms if limit is None else terms[:limit]

    def primary(self) -> dict[str, str]:
        """slug -> the topic that lists the term highest (ties: taxonomy order): where the
        handbook gives its full entry."""
        best: dict[str, tuple[int, int, str]] = {}
        for order, (topic_id, terms) in enumerate(self.by_topic.items()):
            for rank, term in enumerate(terms):
                key = (rank, order, topic_id)
                if term.slug not in best or key < best[term.slug]:
                    best[term.slug] = key
        return {slug: key[2] for slug, key in best.items()}


# --------------------------------------------------------------------------- the data file

def read_override(path: Path, topic_names: dict[str, str], glossary: Glossary) -> tuple[dict[str, list[Term]], list[str]]:
    """({topic id: terms}, problems) from data/topic_terms.yml; a missing file is no override.
    A broken file or entry is reported (Chinese: file, entry, a correct example) and skipped."""
    name = TOPIC_TERMS_FILE
    if not path.exists():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        at = f"第 {line + 1} 行" if line is not None else ""
        return {}, [f"{name}{at}：无法读取（YAML 格式错误或不是 UTF-8 编码），已改为自动挑选常用提法。正确示例：\n{EXAMPLE}"]
    if data is None:
        return {}, []
    if not isinstance(data, dict) or not isinstance(data.get("topics", {}), dict) or set(data) - {"topics"}:
        return {}, [f"{name}：文件应只有一个 topics 字段，下面每行写“专题: [提法, …]”。正确示例：\n{EXAMPLE}"]
    by_name = {n: tid for tid, n in topic_names.items()} | {tid: tid for tid in topic_names}
    by_key: dict[str, Term] = {}
    for term in glossary.terms:
        for form in [term.term, *term.aliases]:
            by_key.setdefault(term_key(form), term)
    out, problems = {}, []
    for topic, names in (data.get("topics") or {}).items():
        topic_id = by_name.get(str(topic).strip())
        if topic_id is None:
            problems.append(f"{name}：专题“{topic}”不存在，可用：{'、'.join(f'{t}（{n}）' for t, n in topic_names.items())}。"
                            f"正确示例：\n{EXAMPLE}")
            continue
        if isinstance(names, str):
            names = [n for n in names.replace("，", "、").replace(",", "、").split("、")]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(f"{name}：专题“{topic}”的提法应写成列表，至少一项。正确示例：\n{EXAMPLE}")
            continue
        terms: list[Term] = []
        for term_name in names:
            term = by_key.get(term_key(term_name.strip()))
            if term is None:
                problems.append(f"{name}：专题“{topic}”中的提法“{term_name}”不在提法释义中（请写 data/glossary.yml 中的提法或别名，"
                                f"或先在那里补充它）。正确示例：\n{EXAMPLE}")
            elif term not in terms:
                terms.append(term)
        if terms:
            out[topic_id] = terms
    return out, problems


# --------------------------------------------------------------------------- specificity

# Memoised per glossary and topics object (both memoised per corpus): every hook that loads the
# project glossary chooses the topic terms again (data/topic_terms.yml may have changed), and
# these credits, a pass over every mention, were nearly all of that (0.4 of 0.46 s at 3,000
# speeches, asked by eight hooks).
@memo.last_call
def _credits(glossary: Glossary, paragraph_topics: dict) -> tuple[dict[str, dict[str, float]], dict[str, int], dict[str, float]]:
    """(slug -> topic -> credit, slug -> paragraphs, topic -> base rate); read only."""
    return _count_credits(glossary, paragraph_topics)


def _count_credits(glossary: Glossary, paragraph_topics: dict) -> tuple[dict[str, dict[str, float]], dict[str, int], dict[str, float]]:
    base: dict[str, float] = defaultdict(float)
    for ids in paragraph_topics.values():
        for topic_id in ids:
            base[topic_id] += 1 / len(ids)
    total = max(len(paragraph_topics), 1)
    base = {t: c / total for t, c in base.items()}
    credits: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for term in glossary.terms:
        places = sorted({(m.speech_id, m.anchor) for m in term.mentions if (m.speech_id, m.anchor) in paragraph_topics})
        got: dict[str, float] = defaultdict(float)
        for place in places:
            ids = paragraph_topics[place]
            for topic_id in ids:
                got[topic_id] += 1 / len(ids)
        credits[term.slug], counts[term.slug] = dict(got), len(places)
    return credits, counts, base


def specificity(credit: float, paragraphs: int, base: float) -> float:
    if base <= 0:
        return 0.0
    return ((credit + SMOOTHING * base) / (paragraphs + SMOOTHING)) / base


def choose_topic_terms(glossary: Glossary, paragraph_topics: dict | None, topic_ids: list[str],
                       curated_topics: dict[str, list[str]], override: dict[str, list[Term]] | None = None,
                       problems: list[str] | None = None) -> TopicTerms:
    """Key terms of every topic. `curated_topics`: term -> topics as written in data/glossary.yml
    (only the entries that set them); `override`: read_override's result."""
    override = override or {}
    result = TopicTerms(curated=set(override), problems=list(problems or []))
    credits, counts, base = _credits(glossary, paragraph_topics or {})
    eligible: dict[str, list[Term]] = {t: [] for t in topic_ids}
    for term in glossary.terms:
        got, n = credits.get(term.slug, {}), counts.get(term.slug, 0)
        for topic_id in topic_ids:
            result.specificity[(term.slug, topic_id)] = specificity(got.get(topic_id, 0.0), n, base.get(topic_id, 0.0))
        given = curated_topics.get(term.term)
        if given:
            for topic_id in given:
                if topic_id in eligible and term.mentions:
                    eligible[topic_id].append(term)
            continue
        if not got:
            continue
        best = max(topic_ids, key=lambda t: (got.get(t, 0.0), -topic_ids.index(t)))
        c = got.get(best, 0.0)
        ahead = all(got.get(t, 0.0) < c for t in topic_ids if t != best)
        if (ahead and c >= MIN_CREDIT and c / n >= MIN_SHARE
                and result.specificity[(term.slug, best)] >= MIN_SPECIFICITY):
            eligible[best].append(term)
    for topic_id in topic_ids:
        if topic_id in override:
            result.by_topic[topic_id] = list(override[topic_id])
        else:
            result.by_topic[topic_id] = sorted(eligible[topic_id], key=lambda t: (
                -round(result.specificity[(t.slug, topic_id)], 6), -t.importance, -t.total, pinyin_key(t.term), t.slug))
    return result


def load_topic_terms(project_root, glossary: Glossary, paragraph_topics: dict | None,
                     topic_names: dict[str, str], curated_topics: dict[str, list[str]]) -> TopicTerms:
    override, problems = read_override(Path(project_root) / TOPIC_TERMS_FILE, topic_names, glossary)
    return choose_topic_terms(glossary, paragraph_topics, list(topic_names), curated_topics, override, problems)
