"""The glossary of formulations (提法): curated entries merged with what the speeches use.

`build_glossary(corpus, data, paragraph_topics)` is the one source of truth for the glossary
pages, the term links and tooltips, the search index's words (hooks/search_index.py) and kb.json.

Merging: curated entries always win; an extracted term whose key (simplified, unquoted) equals a
curated term or alias joins that entry; `merge:` sends a variant to its canonical term;
`suppress:` drops an extracted term. Counting: every heading and paragraph is scanned once with
one matcher over all terms (longest match first), so 四个意识 is never also counted as 意识 and
every occurrence counts exactly once.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from kb.build import cache, memo, parallel
from kb.build.library_tables import library_version
from kb.glossary.definitions import CharIndex, find_definition
from kb.glossary.curated import EXTRACTED_CATEGORY, CuratedTerm, GlossaryData
from kb.glossary.extraction import (collect_slogans, find_candidates, fresh_listed, listed_matcher, load_tables,
                                     speech_passages)
from kb.glossary.matching import QUOTES, TermMatcher, fold, term_key

GLOSSARY_DIR = "glossary"
TOPIC_SHARE, MAX_TOPICS, MAX_RELATED = 0.3, 3, 8
JIEBA_FREQ = 50000


@dataclass
class Mention:
    speech_id: str
    anchor: str          # paragraph id, or section id for a heading
    count: int
    text: str


@dataclass
class Term:
    slug: str
    term: str
    category: str
    curated: bool
    definition: str = ""
    definition_source: str = ""
    definition_place: tuple[str, str] | None = None    # (speech id, anchor) of a text definition
    aliases: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    importance: int = 1
    topics: list[str] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)       # every surface form matched in text
    mentions: list[Mention] = field(default_factory=list)
    evidence: dict | None = None    # extracted terms: why the machine took it (ExtractedSlogan.evidence)
    first_used: tuple[str, str, str | None] | None = None   # (speech id, anchor, date) of the first use

    @property
    def status(self) -> str:
        """curated (reviewed, in data/glossary.yml) or extracted (待审定: found by the machine)."""
        return "curated" if self.curated else "extracted"

    @property
    def total(self) -> int:
        return sum(m.count for m in self.mentions)

    @property
    def url(self) -> str:
        return term_url(self.slug)

    def short_definition(self, limit: int = 80) -> str:
        text = self.definition or ""
        return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass
class Glossary:
    terms: list[Term]
    matcher: TermMatcher
    cooccurrence: dict[str, Counter] = field(default_factory=dict)
    # Candidates the rules turned down (ExtractedSlogan, accepted False), for the editor's review:
    # the ones not curated, suppressed or merged, in first-seen order.
    rejected: list = field(default_factory=list)
    # Each topic's key terms (kb.glossary.topic_terms.TopicTerms), set by load_project_glossary;
    # None while the taxonomy is unavailable.
    topic_terms: object = None

    def by_slug(self) -> dict[str, Term]:
        return {t.slug: t for t in self.terms}

    def related(self, slug: str, limit: int = MAX_RELATED) -> list[tuple[Term, int]]:
        terms = self.by_slug()
        pairs = self.cooccurrence.get(slug, Counter())
        ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], pinyin_key(terms[kv[0]].term)))
        return [(terms[s], n) for s, n in ranked[:limit]]


def term_state(term: Term, with_mentions: bool = True) -> tuple:
    """Every field of a term (sets sorted), for cache keys: a field added to Term is part of the
    key without anyone having to remember it."""
    out = []
    for f in fields(term):
        if f.name == "mentions" and not with_mentions:
            out.append(term.total)
            continue
        value = getattr(term, f.name)
        out.append(sorted(value) if isinstance(value, (set, frozenset)) else value)
    return tuple(out)


def term_url(slug: str) -> str:
    return f"{GLOSSARY_DIR}/{slug}/"


def index_url() -> str:
    return f"{GLOSSARY_DIR}/"


# term_key -> pypinyin's lazy_pinyin of it, for slugs and pinyin order. read_pinyin fills it in a
# forked child: pypinyin's phrase dictionary (~55 MB) then stays out of the build's memory.
_PINYIN: dict[str, tuple[str, ...]] = {}


def _lazy_pinyin(key: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin
    return tuple(lazy_pinyin(key))


def read_pinyin(terms: Iterable[str]) -> None:
    """Remember the pinyin of `terms` (read in a forked child, kb.build.parallel.in_child)."""
    keys = sorted({term_key(t) for t in terms} - _PINYIN.keys())
    _PINYIN.update(zip(keys, parallel.in_child(_lazy_pinyin, keys)))


def _pinyin(term: str) -> tuple[str, ...]:
    key = term_key(term)
    found = _PINYIN.get(key)
    if found is None:
        found = _PINYIN[key] = _lazy_pinyin(key)
    return found


def pinyin_key(term: str) -> str:
    return " ".join(_pinyin(term))


def slugify(term: str) -> str:
    """URL-safe, stable: pinyin of the simplified term joined by '-', numbers kept."""
    slug = "-".join(_pinyin(term)).lower()
    return re.sub(r"[^a-z0-9]+", "-", slug).strip("-") or "ti-fa"


def _unquoted(text: str) -> str:
    return re.sub(rf"[{QUOTES}]", "", text)


def _curated_term(item: CuratedTerm) -> Term:
    return Term("", item.term, item.category, True, item.definition, item.definition_source,
                None, list(item.aliases), list(item.parts), item.importance, list(item.topics),
                {item.term, *item.aliases})


# Per speech, cached by its passages (kb.build.cache): what slogan extraction found in each passage, and
# each passage's term counts (also keyed by the matcher's forms). An edit re-reads one speech.
_CANDIDATES = cache.Cache("slogan-candidates", cache.code_version(
    "kb.glossary.extraction", "kb.glossary.definitions", "kb.glossary.matching", "kb.text.redaction",
    "kb.text.chinese_script"))
_COUNTS = cache.Cache("term-counts", cache.code_version("kb.glossary.matching"))


@functools.lru_cache(maxsize=1)
def _jieba_version() -> str:
    # its dictionary decides which phrases are common words (read without importing jieba)
    return library_version("jieba")


def _candidates_job(passages: list[tuple[str, str, str]], listed, listed_key: str):
    """(compute, cache key parts) of one speech's slogan candidates:
    [(speech id, anchor, candidates, names of the standard list not among them)] for its
    passages (`listed`: extraction.listed_matcher of the list, `listed_key` its digest)."""
    def compute():
        out = []
        for sid, anchor, text in passages:
            found = find_candidates(text)[0]
            out.append((sid, anchor, found, fresh_listed(text, listed, found)))
        return out
    return compute, (passages, _jieba_version(), listed_key)


def _candidates(by_speech: list[list[tuple[str, str, str]]], listed: frozenset[str]) -> list:
    """Every passage's (speech id, anchor, candidates, fresh listed names), in reading order:
    worked out per speech on two cores and cached, the list's names with them."""
    load_tables()
    matcher, key = listed_matcher(listed), cache.digest(sorted(listed))
    return [entry for found in _CANDIDATES.get_many(_candidates_job(p, matcher, key) for p in by_speech)
            for entry in found]


def _contains_curated(key: str, curated_keys: list[str]) -> str:
    """A curated form that an extracted key holds inside it (“喜迎二十大……” holds 二十大): taken
    as a term, the longer phrase would take that curated term's mentions."""
    return next((c for c in curated_keys if len(c) >= 2 and c in key and c != key), "")


def _merge_terms(by_speech, data: GlossaryData) -> tuple[list[Term], list]:
    """Curated entries plus the accepted extracted ones, variants folded into their term; and the
    rejected candidates left for review."""
    terms = [_curated_term(item) for item in data.terms]
    by_key = {term_key(form): t for t in terms for form in t.forms}
    curated_keys = sorted(by_key, key=lambda k: (-len(k), k))
    rejected = []
    passages = [passage for speech in by_speech for passage in speech]
    found = _candidates(by_speech, data.listed)
    for slogan in collect_slogans(((sid, anchor, cands) for sid, anchor, cands, _ in found), passages, data.listed,
                                  listed_found=[(sid, anchor, fresh) for sid, anchor, _, fresh in found]):
        if slogan.key in data.suppress:
            continue
        merged = slogan.key in data.merge
        target = data.merge.get(slogan.key, slogan.display)
        term = by_key.get(term_key(target))
        if not merged and term is None and slogan.accepted:
            inside = _contains_curated(slogan.key, curated_keys)
            if inside:
                slogan.accepted = False
                slogan.reasons.append(f"包含审定提法“{by_key[inside].term}”，作为提法会占去它的出处")
        if not slogan.accepted and not merged:
            if term is None:
                rejected.append(slogan)
            continue
        if term is None:
            term = Term("", target, EXTRACTED_CATEGORY, False, forms={target}, evidence=slogan.evidence())
            terms.append(term)
            by_key[term_key(target)] = term
        term.forms |= {slogan.display, slogan.key, *slogan.surfaces}
    return terms, rejected


def _assign_slugs(terms: list[Term]) -> None:
    used: set[str] = set()
    for term in sorted(terms, key=lambda t: (not t.curated, t.term)):
        base = slug = slugify(term.term)
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        term.slug = slug
        used.add(slug)


def _count_mentions(by_speech, terms: list[Term], matcher: TermMatcher) -> dict[str, Counter]:
    by_slug = {t.slug: t for t in terms}
    cooccurrence: dict[str, Counter] = {}
    matcher_key = cache.digest(sorted(matcher.forms.items()))
    all_counts = _COUNTS.get_many(
        ((lambda passages=passages: [matcher.counts(text) for _, _, text in passages]), (passages, matcher_key))
        for passages in by_speech)
    for passages, speech_counts in zip(by_speech, all_counts):
        for (speech_id, anchor, text), counts in zip(passages, speech_counts):
            _add_mentions(speech_id, anchor, text, counts, by_slug, cooccurrence)
    return cooccurrence


def _add_mentions(speech_id, anchor, text, counts, by_slug, cooccurrence) -> None:
    for slug, n in counts.items():
        by_slug[slug].mentions.append(Mention(speech_id, anchor, n, text))
        others = Counter({o: 1 for o in counts if o != slug})
        cooccurrence.setdefault(slug, Counter()).update(others)


def _aliases(term: Term) -> list[str]:
    """Curated aliases first, then other written forms seen in the text (e.g. traditional)."""
    seen = {_unquoted(term.term)}
    out = []
    for form in [*term.aliases, *sorted(term.forms)]:
        if _unquoted(form) not in seen:
            seen.add(_unquoted(form))
            out.append(form)
    return out


_DEFINITIONS = cache.Cache("speech-definitions", cache.code_version("kb.glossary.definitions",
                                                                   "kb.glossary.matching"))
LIST_LOOKAHEAD = 10     # passages after a mention that definitions._following_list may read


class _FormsIn:
    """Which terms have a form (as find_definition looks for it: folded, quotes stripped) that
    occurs in some text: one scan of the text, jumping between characters that start a form."""

    def __init__(self, undefined):
        self.always: set[int] = set()       # a form that is only quotes matches anywhere
        self.terms: dict[str, list[int]] = {}
        for i, (_, forms) in enumerate(undefined):
            for form in {fold(f).strip("“”") for f in forms if f}:
                if form:
                    self.terms.setdefault(form, []).append(i)
                else:
                    self.always.add(i)
        lengths: dict[str, set[int]] = {}
        for form in self.terms:
            lengths.setdefault(form[0], set()).add(len(form))
        self.lengths = {c: sorted(ls) for c, ls in lengths.items()}
        firsts = "".join(sorted(self.lengths))
        self.starts = re.compile(f"[{re.escape(firsts)}]") if firsts else None

    def found(self, folded_texts: list[str]) -> set[int]:
        out = set(self.always)
        if self.starts is None:
            return out
        text, terms, lengths = "\n".join(folded_texts), self.terms, self.lengths
        for start in self.starts.finditer(text):
            j = start.start()
            for length in lengths[text[j]]:
                ids = terms.get(text[j:j + length])
                if ids:
                    out.update(ids)
        return out


def _speech_definitions(passages, tail, undefined, chars, forms_in: _FormsIn) -> list:
    """The first text definition of each undefined term within one speech's passages (`tail`:
    the passages after the speech, for a list that follows a mention at its end). Only terms
    with a form in the speech are searched (find_definition finds nothing for the others):
    searching every term in every speech cost terms x speeches."""
    folded = [fold(text) for _, _, text in passages]
    here = forms_in.found(folded)
    index = CharIndex(folded, chars=chars)
    searched = passages + tail
    return [find_definition(searched, forms, folded, index) if i in here else None
            for i, (_, forms) in enumerate(undefined)]


def _text_definitions(by_speech, terms: list[Term]) -> None:
    """Each undefined term's first definition in reading order: the one of the first speech that
    has one. Per speech cached by its passages, the passages after it and every undefined term's
    forms, so an edit searches one speech again."""
    undefined = [(term, sorted(term.forms | {term.term})) for term in terms if not term.definition]
    if not undefined:
        return
    forms_key = cache.digest([forms for _, forms in undefined])
    chars = {c for _, forms in undefined for f in forms if f for c in fold(f).strip("“”")}
    forms_in = _FormsIn(undefined)
    flat = [passage for passages in by_speech for passage in passages]
    jobs, end = [], 0
    for passages in by_speech:
        end += len(passages)
        tail = flat[end:end + LIST_LOOKAHEAD]
        jobs.append(((lambda passages=passages, tail=tail:
                      _speech_definitions(passages, tail, undefined, chars, forms_in)),
                     (passages, tail, forms_key)))
    found: dict[int, object] = {}
    # Every speech is searched (on two cores) even when the first speeches define every term:
    # with extracted terms that no text defines, that early end never comes in practice.
    for defs in _DEFINITIONS.get_many(jobs):
        for i, definition in enumerate(defs):
            if definition is not None and i not in found:
                found[i] = definition
    for i, (term, _) in enumerate(undefined):
        if i in found:
            term.definition = found[i].text
            term.definition_source = "讲话原文"
            term.definition_place = (found[i].speech_id, found[i].anchor)


def dominant_topics(term: Term, paragraph_topics: dict) -> list[str]:
    """Topics of most paragraphs mentioning the term (share >= TOPIC_SHARE), at most three."""
    counts = Counter()
    places = [(m.speech_id, m.anchor) for m in term.mentions]
    for place in places:
        counts.update(set(paragraph_topics.get(place, [])))
    if not places:
        return []
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [topic for topic, n in ranked if n / len(places) >= TOPIC_SHARE][:MAX_TOPICS]


@memo.last_call
def _build(corpus, data: GlossaryData, paragraph_topics: dict | None) -> Glossary:
    by_speech = [speech_passages(speech) for speech in corpus.speeches]
    terms, rejected = _merge_terms(by_speech, data)
    read_pinyin(t.term for t in terms)
    _assign_slugs(terms)
    matcher = TermMatcher({form: t.slug for t in terms for form in sorted(t.forms, key=len, reverse=True)})
    cooccurrence = _count_mentions(by_speech, terms, matcher)
    terms = [t for t in terms if t.curated or t.mentions]
    _first_uses(corpus, terms)
    _text_definitions(by_speech, terms)
    for term in terms:
        term.aliases = _aliases(term)
        if not term.topics and paragraph_topics:
            term.topics = dominant_topics(term, paragraph_topics)
    terms.sort(key=lambda t: pinyin_key(t.term))
    return Glossary(terms, matcher, cooccurrence, rejected)


def speech_order_key(speech, position: int) -> tuple:
    """Oldest first: dated speeches by date, then undated ones; equal dates by corpus order
    reversed (the corpus lists the newest first)."""
    date = speech.meta.date
    return (date is None, date or "", -position)


def _first_uses(corpus, terms: list[Term]) -> None:
    """Each term's first use: its first mention in the oldest speech that mentions it."""
    order = {s.id: speech_order_key(s, i) for i, s in enumerate(corpus.speeches)}
    dates = {s.id: s.meta.date for s in corpus.speeches}
    for term in terms:
        if term.mentions:
            first = min(term.mentions, key=lambda m: order.get(m.speech_id, (True, "", 0)))
            term.first_used = (first.speech_id, first.anchor, dates.get(first.speech_id))


def build_glossary(corpus, data: GlossaryData, paragraph_topics: dict | None = None) -> Glossary:
    """The glossary for a corpus (memoised per corpus, curated data and topics object: all three
    are memoised by their files, so one build computes it once for every hook)."""
    return _build(corpus, data, paragraph_topics)


# --------------------------------------------------------------------------- project inputs

@dataclass
class ProjectGlossary:
    corpus: object
    glossary: Glossary
    topic_names: dict[str, str]          # topic id -> name ({} while the taxonomy is unavailable)
    warnings: list[str] = field(default_factory=list)

    @property
    def topic_terms(self):
        """kb.glossary.topic_terms.TopicTerms, or None while the taxonomy is unavailable."""
        return self.glossary.topic_terms


def _topics_for(project_root, corpus) -> tuple[dict | None, dict[str, str]]:
    """Paragraph topics and topic names, or (None, {}) while data/topics.yml is invalid (the
    topic pages hook reports that)."""
    try:
        from kb.topics.taxonomy import TaxonomyError, load_taxonomy, taxonomy_path
        from kb.topics.classify import classify_corpus
    except ImportError:
        return None, {}
    try:
        taxonomy = load_taxonomy(taxonomy_path(project_root))
    except TaxonomyError:
        return None, {}
    names = {topic.id: topic.name for topic in taxonomy.topics}
    return classify_corpus(corpus, taxonomy).paragraph_topics, names


def load_project_glossary(project_root, speeches_dir) -> ProjectGlossary:
    """The glossary of a project: its speeches, data/glossary.yml and topics (all memoised).
    Raises GlossaryDataError when data/glossary.yml is invalid."""
    from pathlib import Path

    from kb.corpus.loading import load_corpus
    from kb.glossary.curated import GLOSSARY_FILE, load_glossary_data

    corpus = load_corpus(Path(speeches_dir))
    data = load_glossary_data(Path(project_root) / GLOSSARY_FILE)
    paragraph_topics, names = _topics_for(Path(project_root), corpus)
    glossary = build_glossary(corpus, data, paragraph_topics)
    warnings = [f"{GLOSSARY_FILE}（{item.term}）：topics 中的“{topic}”不是专题 id，可用：{'、'.join(names)}"
                for item in data.terms for topic in item.topics if names and topic not in names]
    glossary.topic_terms = None
    if names:
        from kb.glossary.topic_terms import load_topic_terms
        curated_topics = {item.term: list(item.topics) for item in data.terms if item.topics}
        glossary.topic_terms = load_topic_terms(project_root, glossary, paragraph_topics, names, curated_topics)
        warnings += glossary.topic_terms.problems
    return ProjectGlossary(corpus, glossary, names, warnings)
