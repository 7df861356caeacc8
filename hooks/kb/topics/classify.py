"""Topic classification of speeches: which of the five topics each section and paragraph is about.

Deterministic and explainable. Cue words from the taxonomy are matched in the text (longest cue
first, no overlaps; traditional script converted to simplified first; whitespace removed so broken
lines still match). A topic's score is the sum of its cues' weights, each cue counted at most
MAX_HITS_PER_CUE times per place; cues in the section's own heading count HEADING_FACTOR times,
in an enclosing heading PARENT_HEADING_FACTOR times. A passage gets every topic that reaches
MIN_SCORE and at least RELATIVE_SHARE of its best topic's score: several topics are allowed, and
none when nothing fits. Every hit is kept, so a page can say why a passage landed in a topic.

Sections are classified on heading + body. A paragraph gets topics of its own when its own text
clearly points elsewhere than its section (a mixed section, an opening without heading);
otherwise it inherits its section's topics. Editor overrides (`<!-- topics: … -->` under a
heading, `topics:` in the front matter) win over the classifier.

`classify_corpus(corpus, taxonomy)` is the memoised entry point other stages call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import opencc

from kb.build import cache, memo
from kb.corpus.loading import Corpus
from kb.model.speech import Paragraph, Section, Speech
from kb.topics.taxonomy import Cue, Taxonomy

HEADING_FACTOR = 3.0
PARENT_HEADING_FACTOR = 1.5
MAX_HITS_PER_CUE = 3
MIN_SCORE = 4.0
WEAK_MIN_SCORE = 2.0     # a paragraph inside a mixed section needs less to be told apart
RELATIVE_SHARE = 0.5
MIN_PASSAGE_CHARS = 20   # shorter paragraphs ("同志们：") are not passages of a topic

PLACE_HEADING, PLACE_PARENT, PLACE_BODY = "标题", "上级标题", "正文"
_T2S = opencc.OpenCC("t2s")
_SPACES = re.compile(r"[\s\u3000]+")


@memo.memoised(65536)
def normalize_for_matching(text: str) -> str:
    """Simplified script without whitespace: what cue words are matched against."""
    return _T2S.convert(_SPACES.sub("", text))


# slots: a corpus holds one Hit per cue found (130,000 at 1,000 speeches) and one Assessment per
# passage, kept for the whole build; without a __dict__ each takes a third of the memory.
@dataclass(frozen=True, slots=True)
class Hit:
    """One cue found in one place of a passage."""
    word: str
    topic_id: str
    subtopic_id: str | None
    place: str
    count: int
    points: float


@dataclass(slots=True)
class Assessment:
    """The classifier's verdict on one passage: per-topic scores with their hits."""
    hits: list[Hit]
    topics: list[str]                       # qualifying topics, best first
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def dominant(self) -> str | None:
        return self.topics[0] if self.topics else None

    def hits_for(self, topic_id: str) -> list[Hit]:
        return [h for h in self.hits if h.topic_id == topic_id]

    def best_subtopic(self, topic_id: str) -> str | None:
        points: dict[str, float] = {}
        for hit in self.hits_for(topic_id):
            if hit.subtopic_id:
                points[hit.subtopic_id] = points.get(hit.subtopic_id, 0) + hit.points
        return max(points, key=lambda s: (points[s], -list(points).index(s))) if points else None




class CueMatcher:
    """All cue words of a taxonomy as one regular expression, longest first."""

    def __init__(self, taxonomy: Taxonomy):
        self.order = [t.id for t in taxonomy.topics]
        self.cues: dict[str, Cue] = {c.word: c for c in taxonomy.cues()}
        words = sorted(set(self.cues) | set(taxonomy.ignore), key=lambda w: (-len(w), w))
        self.pattern = re.compile("|".join(re.escape(normalize_for_matching(w)) for w in words))
        self.by_normalized = {normalize_for_matching(w): w for w in self.cues}
        # The same matches as `pattern` (at each position the longest word, then on after it)
        # by dictionary lookups: the alternation tries its words one by one at every position
        # where one can start, most of the topic step's time. Only when normalising keeps every
        # word's length is "longest normalised form" the pattern's order.
        forms = [normalize_for_matching(w) for w in words]
        self._forms = set(forms) if all(len(f) == len(w) for f, w in zip(forms, words)) and all(forms) else None
        by_first: dict[str, set[int]] = {}
        for form in self._forms or ():
            by_first.setdefault(form[0], set()).add(len(form))
        self._lengths_by_first = {c: sorted(ls, reverse=True) for c, ls in by_first.items()}
        self._starts = re.compile("[" + re.escape("".join(sorted(by_first))) + "]") if by_first else None

    def _matches(self, text: str):
        """The words found in normalised `text`, left to right (as `pattern.finditer`)."""
        if self._forms is None:
            yield from (m.group(0) for m in self.pattern.finditer(text))
            return
        if self._starts is None:
            return
        forms, lengths_by_first, end = self._forms, self._lengths_by_first, 0
        for start in self._starts.finditer(text):
            j = start.start()
            if j < end:
                continue
            for length in lengths_by_first[text[j]]:
                form = text[j:j + length]
                if form in forms:
                    yield form
                    end = j + length
                    break

    def hits(self, text: str, place: str, factor: float) -> list[Hit]:
        counts: dict[str, int] = {}
        for found in self._matches(normalize_for_matching(text)):
            word = self.by_normalized.get(found)
            if word:   # ignored phrases match (and so block shorter cues) but score nothing
                counts[word] = counts.get(word, 0) + 1
        out = []
        for word, count in counts.items():
            cue = self.cues[word]
            out.append(Hit(word, cue.topic_id, cue.subtopic_id, place, count,
                           cue.weight * min(count, MAX_HITS_PER_CUE) * factor))
        return out

    def assess(self, parts: list[tuple[str, str, float]], min_score: float = MIN_SCORE) -> Assessment:
        """Score `parts` = [(text, place, factor)] and pick the qualifying topics."""
        hits = [h for text, place, factor in parts if text for h in self.hits(text, place, factor)]
        scores: dict[str, float] = {}
        for hit in hits:
            scores[hit.topic_id] = scores.get(hit.topic_id, 0) + hit.points
        return Assessment(hits, qualifying_topics(scores, self.order, min_score), scores)


def qualifying_topics(scores: dict[str, float], order: list[str], min_score: float) -> list[str]:
    """Topics reaching `min_score` and RELATIVE_SHARE of the best score, best first (ties keep
    taxonomy order)."""
    top = max(scores.values(), default=0)
    topics = [t for t in order if scores.get(t, 0) >= min_score and scores.get(t, 0) >= RELATIVE_SHARE * top]
    return sorted(topics, key=lambda t: -scores[t])


_MATCHERS: dict[int, tuple[Taxonomy, CueMatcher]] = {}


def matcher_for(taxonomy: Taxonomy) -> CueMatcher:
    """The taxonomy's compiled matcher, built once per taxonomy object."""
    cached = _MATCHERS.get(id(taxonomy))
    if cached is None or cached[0] is not taxonomy:
        if len(_MATCHERS) > 8:
            _MATCHERS.clear()
        cached = _MATCHERS[id(taxonomy)] = (taxonomy, CueMatcher(taxonomy))
    return cached[1]


def classify_passage(text: str, taxonomy: Taxonomy, heading: str = "",
                     parent_headings: tuple[str, ...] = ()) -> Assessment:
    """Classify a free-standing passage (used by the evaluation and by other stages)."""
    parts = [(heading, PLACE_HEADING, HEADING_FACTOR), (text, PLACE_BODY, 1.0)]
    parts += [(h, PLACE_PARENT, PARENT_HEADING_FACTOR) for h in parent_headings]
    return matcher_for(taxonomy).assess(parts)


# --------------------------------------------------------------------------- explanations

def explain_hits(hits: list[Hit], limit: int = 4) -> str:
    """'标题含“作风建设”；正文含“廉洁”2 次、“监督”' — the cues behind a topic, strongest first.
    (No “×2”: after a quotation mark “×” reads as a redaction marker.)"""
    by_place: dict[str, list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: -h.points):
        by_place.setdefault(hit.place, []).append(hit)
    parts = []
    for place in (PLACE_HEADING, PLACE_PARENT, PLACE_BODY):
        words = [f"“{h.word}”" + (f"{h.count} 次" if h.count > 1 else "") for h in by_place.get(place, [])[:limit]]
        if words:
            parts.append(f"{place}含" + "、".join(words))
    return "；".join(parts)


@dataclass(slots=True)
class Verdict:
    """Why a section or paragraph has its topics: the classifier's assessment or an override."""
    topics: list[str]
    assessment: Assessment = field(default_factory=lambda: Assessment([], []))
    override: str | None = None     # "本节" / "整篇讲话" when an editor set the topics

    def why(self, topic_id: str) -> str:
        if self.override:
            return f"人工指定（{self.override}）"
        return explain_hits(self.assessment.hits_for(topic_id))


def _subtopics(assessment: Assessment) -> tuple[tuple[str, str], ...]:
    """(topic id, best sub-topic) of every topic the assessment has a sub-topic for."""
    found = ((t, assessment.best_subtopic(t)) for t in assessment.scores)
    return tuple((t, sub) for t, sub in found if sub)


def _subtopic_in(subtopics: tuple[tuple[str, str], ...], topic_id: str) -> str | None:
    return next((sub for t, sub in subtopics if t == topic_id), None)


@dataclass(frozen=True, slots=True)
class Reasons:
    """What the pages say about a verdict, kept instead of its hits (a corpus keeps one per
    section and per paragraph with topics of its own for the whole build; the hits, one object
    per cue found, were most of the topic step's memory): its topics, why it has each of them,
    the best sub-topic of every topic it scored, and the topics cued outside the body (in a
    heading)."""
    topics: list[str]
    override: str | None
    reasons: tuple[str, ...]                     # why, in the order of `topics`
    subtopics: tuple[tuple[str, str], ...]
    cued_in_heading: frozenset[str]

    @classmethod
    def of(cls, verdict: Verdict) -> "Reasons":
        assessment = verdict.assessment
        return cls(verdict.topics, verdict.override, tuple(verdict.why(t) for t in verdict.topics),
                   _subtopics(assessment),
                   frozenset(h.topic_id for h in assessment.hits if h.place != PLACE_BODY))

    def why(self, topic_id: str) -> str:
        """As Verdict.why, for one of `topics`."""
        return self.reasons[self.topics.index(topic_id)]

    def subtopic(self, topic_id: str) -> str | None:
        return _subtopic_in(self.subtopics, topic_id)


# --------------------------------------------------------------------------- corpus

@dataclass
class CorpusTopics:
    """Topics of every section and paragraph of a corpus. Keys are (speech_id, section_id) and
    (speech_id, paragraph_id); values are topic ids, best first. Every paragraph is present:
    one without topics of its own inherits its section's."""
    section_topics: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    paragraph_topics: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    section_verdicts: dict[tuple[str, str], Reasons] = field(default_factory=dict)
    paragraph_verdicts: dict[tuple[str, str], Reasons] = field(default_factory=dict)   # own only
    # (topic id, sub-topic) of a paragraph's own cues, for every paragraph that has any
    paragraph_subtopics: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)    # Chinese, naming the speech page

    def has_own_topics(self, speech_id: str, paragraph_id: str) -> bool:
        return (speech_id, paragraph_id) in self.paragraph_verdicts

    def subtopic_of(self, speech_id: str, section_id: str, paragraph_id: str, topic_id: str) -> str | None:
        """The sub-topic a passage belongs to within `topic_id`: its own cues first, then its
        section's; None when neither names one."""
        sub = _subtopic_in(self.paragraph_subtopics.get((speech_id, paragraph_id), ()), topic_id)
        if sub:
            return sub
        section = self.section_verdicts.get((speech_id, section_id))
        return section.subtopic(topic_id) if section else None

    def is_clear_instance(self, speech_id: str, section_id: str, paragraph_id: str, topic_id: str) -> bool:
        """Whether the paragraph plainly belongs on `topic_id`'s page: by its own cues, an
        override, a single-topic section, or its section's heading - not merely by inheriting
        one of several topics from a mixed section's body."""
        own = self.paragraph_verdicts.get((speech_id, paragraph_id))
        if own:
            return topic_id in own.topics
        section = self.section_verdicts.get((speech_id, section_id))
        if section is None or topic_id not in section.topics:
            return False
        return bool(section.override or len(section.topics) == 1 or topic_id in section.cued_in_heading)

    def why(self, speech_id: str, section_id: str, paragraph_id: str, topic_id: str) -> str:
        """Chinese explanation of why the paragraph is on `topic_id`."""
        own = self.paragraph_verdicts.get((speech_id, paragraph_id))
        section = self.section_verdicts.get((speech_id, section_id))
        parts = []
        if own and topic_id in own.topics and own.why(topic_id):
            parts.append("本段" + own.why(topic_id))
        if section and topic_id in section.topics and (not parts or section.override):
            reason = section.why(topic_id)
            parts.append(reason if section.override else "所在小节" + reason)
        return "；".join(parts)

    def listed_topics(self, speech_id: str, section: Section, paragraph: Paragraph) -> list[str]:
        """The topics whose pages list this paragraph as a passage: it is long enough to be a
        statement (not "同志们："), and it is a clear instance of the topic. Every count of
        "paragraphs on a topic" (topic pages, 新同志入门, 概览, the speech's topic mix) counts
        these, so the numbers agree everywhere."""
        if len(paragraph.text) < MIN_PASSAGE_CHARS:
            return []
        return [t for t in self.paragraph_topics.get((speech_id, paragraph.id), [])
                if self.is_clear_instance(speech_id, section.id, paragraph.id, t)]

    def speech_mix(self, speech: Speech) -> list[tuple[str, int]]:
        """(topic id, number of listed paragraphs) of a speech, most paragraphs first."""
        counts: dict[str, int] = {}
        for section, paragraph in speech.paragraphs():
            for topic_id in self.listed_topics(speech.id, section, paragraph):
                counts[topic_id] = counts.get(topic_id, 0) + 1
        return sorted(counts.items(), key=lambda kv: -kv[1])

    def topic_totals(self, speeches) -> dict[str, tuple[int, int]]:
        """Topic id -> (listed paragraphs, speeches with any) over `speeches`: the one count."""
        totals: dict[str, list[int]] = {}
        for speech in speeches:
            for topic_id, n in self.speech_mix(speech):
                entry = totals.setdefault(topic_id, [0, 0])
                entry[0] += n
                entry[1] += 1
        return {t: (p, s) for t, (p, s) in totals.items()}


def _resolve_override(names: list[str], taxonomy: Taxonomy, where: str, errors: list[str]) -> list[str]:
    topics = []
    for name in names:
        topic_id = taxonomy.resolve(name)
        if topic_id is None:
            errors.append(f"{where}：人工指定的专题“{name}”不存在。可用的专题：{taxonomy.names_hint()}。"
                          f"正确示例：<!-- topics: integrity, 组织建设 -->")
        elif topic_id not in topics:
            topics.append(topic_id)
    return topics


def heading_paths(speech: Speech) -> dict[str, list[Section]]:
    """Section id -> enclosing sections (outermost first), from the heading levels."""
    stack: list[Section] = []
    paths = {}
    for section in speech.sections:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        paths[section.id] = [s for s in stack if s.level]
        if section.level:
            stack.append(section)
    return paths


def _section_verdict(section: Section, parents: list[Section], matcher: CueMatcher) -> Verdict:
    parts = [(section.heading, PLACE_HEADING, HEADING_FACTOR)]
    parts += [(p.heading, PLACE_PARENT, PARENT_HEADING_FACTOR) for p in parents]
    parts.append(("".join(p.text for p in section.paragraphs), PLACE_BODY, 1.0))
    assessment = matcher.assess(parts)
    return Verdict(assessment.topics, assessment)


def _own_paragraph_topics(own: Assessment, section_topics: list[str], order: list[str]) -> list[str] | None:
    """Topics a paragraph gets by itself, or None when it just inherits its section's.

    In a single-topic section a paragraph keeps the section's topic unless its own text clearly
    points elsewhere. In a mixed section (or one without topics) its own cues decide, with a
    lower bar, so each paragraph lands where it belongs instead of in every topic of the section.
    """
    if len(section_topics) == 1:
        if not own.topics or own.topics == section_topics:
            return None
        if section_topics[0] not in own.topics and own.scores.get(section_topics[0]):
            return own.topics + section_topics   # still on its section's theme, plus its own
        return own.topics
    return qualifying_topics(own.scores, order, WEAK_MIN_SCORE) or None


def _classify_speech(speech: Speech, taxonomy: Taxonomy, matcher: CueMatcher, result: CorpusTopics) -> None:
    where = f"docs/speeches/{speech.id}.md"
    speech_override = (_resolve_override(speech.meta.topics_override, taxonomy, where + " 页首 topics", result.errors)
                       if speech.meta.topics_override else None)
    parents = heading_paths(speech)
    for section in speech.sections:
        if section.topics_override is not None:
            heading = section.heading or "开篇"
            topics = _resolve_override(section.topics_override, taxonomy, f"{where} 小节“{heading}”", result.errors)
            verdict = Verdict(topics, override="本节人工指定")
        elif speech_override is not None:
            verdict = Verdict(speech_override, override="整篇讲话人工指定")
        else:
            verdict = _section_verdict(section, parents[section.id], matcher)
        result.section_verdicts[(speech.id, section.id)] = Reasons.of(verdict)
        result.section_topics[(speech.id, section.id)] = verdict.topics
        for paragraph in section.paragraphs:
            key = (speech.id, paragraph.id)
            own = None
            assessment = matcher.assess([(paragraph.text, PLACE_BODY, 1.0)])
            subtopics = _subtopics(assessment)
            if subtopics:
                result.paragraph_subtopics[key] = subtopics
            if not verdict.override:
                own = _own_paragraph_topics(assessment, verdict.topics, matcher.order)
                if own is not None:
                    result.paragraph_verdicts[key] = Reasons.of(Verdict(own, assessment))
            result.paragraph_topics[key] = own if own is not None else list(verdict.topics)


_SPEECH_TOPICS = cache.Cache("speech-topics", cache.code_version(__name__, "kb.topics.taxonomy",
                                                                 "kb.model.speech"))
_TAXONOMY_KEYS: dict[int, tuple[Taxonomy, str]] = {}


def _taxonomy_key(taxonomy: Taxonomy) -> str:
    found = _TAXONOMY_KEYS.get(id(taxonomy))
    if found is None or found[0] is not taxonomy:
        _TAXONOMY_KEYS.clear()
        found = _TAXONOMY_KEYS[id(taxonomy)] = (taxonomy, cache.digest(taxonomy))
    return found[1]


def _speech_job(speech: Speech, taxonomy: Taxonomy):
    """(compute, cache key parts) of one speech's topics: a CorpusTopics holding only its keys,
    cached by the speech's content and the taxonomy (kb.build.cache: in memory and across builds)."""
    def compute():
        result = CorpusTopics()
        _classify_speech(speech, taxonomy, matcher_for(taxonomy), result)
        return result
    return compute, (speech, _taxonomy_key(taxonomy))


def classify_speech(speech: Speech, taxonomy: Taxonomy) -> CorpusTopics:
    """One speech's topics (a CorpusTopics holding only its keys), cached."""
    compute, parts = _speech_job(speech, taxonomy)
    return _SPEECH_TOPICS.get(compute, *parts)


@memo.last_call
def classify_corpus(corpus: Corpus, taxonomy: Taxonomy) -> CorpusTopics:
    """Topics of every section and paragraph (memoised per corpus and taxonomy object; both are
    themselves memoised by their files, so unchanged input is classified once; each speech's
    result is cached by content, so an edit reclassifies one speech)."""
    result = CorpusTopics()
    matcher_for(taxonomy)   # built once here, not once in each process computing speeches
    parts = _SPEECH_TOPICS.get_many(_speech_job(speech, taxonomy) for speech in corpus.speeches)
    for part in parts:
        result.section_verdicts.update(part.section_verdicts)
        result.section_topics.update(part.section_topics)
        result.paragraph_subtopics.update(part.paragraph_subtopics)
        result.paragraph_verdicts.update(part.paragraph_verdicts)
        result.paragraph_topics.update(part.paragraph_topics)
        result.errors.extend(part.errors)
    return result
