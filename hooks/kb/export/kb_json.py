"""`site/kb.json`: the knowledge base as data, for other tools. Field names are a public contract
(documented in the README): add fields, never rename or drop them."""
from __future__ import annotations

import json

from kb.build import cache

from kb.build import urls
from kb.corpus.loading import Corpus
from kb.model.speech import Speech
from kb.topics.taxonomy import Taxonomy
from kb.pages.topics import topic_page_url
from kb.topics.classify import CorpusTopics


def speech_record(speech: Speech, topics: CorpusTopics | None = None) -> dict:
    sections = []
    for section in speech.sections:
        sections.append({
            "id": section.id,
            "heading": section.heading,
            "level": section.level,
            "url": urls.anchor_url(speech.id, section.id),
            "paragraphs": [{"id": p.id, "text": p.text, "url": urls.anchor_url(speech.id, p.id)}
                           | paragraph_topics_field(speech.id, p.id, topics)
                           for p in section.paragraphs],
        })
        if topics is not None:
            sections[-1]["topics"] = topics.section_topics.get((speech.id, section.id), [])
    return {
        "id": speech.id,
        "title": speech.meta.title,
        "date": speech.meta.date,
        "occasion": speech.meta.occasion,
        "speaker": speech.meta.speaker,
        "unit": speech.meta.unit,
        "url": urls.speech_url(speech.id),
        "source": speech.meta.source,
        "sections": sections,
    }


def paragraph_topics_field(speech_id: str, paragraph_id: str, topics: CorpusTopics | None) -> dict:
    """`topics` of a paragraph only where it has its own (otherwise it has its section's)."""
    if topics is None or not topics.has_own_topics(speech_id, paragraph_id):
        return {}
    return {"topics": topics.paragraph_topics[(speech_id, paragraph_id)]}


def topics_record(corpus: Corpus, taxonomy: Taxonomy, topics: CorpusTopics) -> list[dict]:
    """The five topics; `sections` are "<speech id>#<section id>" (section ids alone repeat
    across speeches), newest speech first, in reading order."""
    return [{"id": topic.id, "name": topic.name, "url": topic_page_url(topic.id),
             "sections": [f"{speech.id}#{section.id}" for speech in corpus.speeches for section in speech.sections
                          if topic.id in topics.section_topics.get((speech.id, section.id), [])]}
            for topic in taxonomy.topics]


def knowledge_base_record(corpus: Corpus, taxonomy: Taxonomy | None = None,
                          topics: CorpusTopics | None = None) -> dict:
    record = {"version": 1, "speeches": [speech_record(s, topics) for s in corpus.speeches]}
    if taxonomy is not None and topics is not None:
        record["topics"] = topics_record(corpus, taxonomy, topics)
    return record


def dumps(record: dict) -> str:
    """Deterministic, readable JSON: same knowledge base, same bytes.

    Exactly json.dumps(record, ensure_ascii=False, indent=1) + "\n", written from the JSON of
    each item of the top-level lists (a speech, a topic, a term), which is cached by the item's
    content (kb.build.cache): with an indent, json encodes in pure Python, ~1 s at 1,000 speeches,
    and a rebuild after one edit re-encodes that speech and the terms it mentions."""
    if not isinstance(record, dict) or not record:
        return json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    parts = []
    for key, value in record.items():
        head = f' {json.dumps(key, ensure_ascii=False)}: '
        if isinstance(value, list) and value:
            items = ",\n  ".join(_items_json(value))
            parts.append(f"{head}[\n  {items}\n ]")
        else:
            parts.append(head + json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n "))
    return "{\n" + ",\n".join(parts) + "\n}\n"


_ITEMS = cache.Cache("kb-json-items", cache.code_version(__name__), once=True)


def _items_json(items: list) -> list[str]:
    """Each list item as json.dumps writes it two levels deep (indent=1)."""
    return _ITEMS.get_many(
        ((lambda item=item: json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n  ")), (item,))
        for item in items)


def slogans_record(glossary) -> list[dict]:
    """`slogans`: every glossary term, one mention per paragraph (or heading) with its count."""
    return [{"term": t.term, "aliases": t.aliases, "category": t.category, "url": t.url,
             "definition": t.definition, "definition_source": t.definition_source,
             # the paragraph a definition was taken from (null for curated definitions)
             "definition_url": urls.anchor_url(*t.definition_place) if t.definition_place else None,
             "topics": t.topics,
             # curated: reviewed, in data/glossary.yml; extracted: found by the machine, 待审定
             "status": t.status,
             "evidence": t.evidence,
             "first_used": ({"speech": t.first_used[0], "paragraph": t.first_used[1], "date": t.first_used[2],
                             "url": urls.anchor_url(t.first_used[0], t.first_used[1])} if t.first_used else None),
             "mentions": [{"speech": m.speech_id, "paragraph": m.anchor, "count": m.count,
                           "url": urls.anchor_url(m.speech_id, m.anchor)} for m in t.mentions]}
            for t in glossary.terms]
