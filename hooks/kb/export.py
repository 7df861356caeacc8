"""`site/kb.json`: the knowledge base as data, for other tools. Field names are a public contract
(documented in the README): add fields, never rename or drop them."""
from __future__ import annotations

import json

from . import urls
from .corpus import Corpus
from .model import Speech


def speech_record(speech: Speech) -> dict:
    sections = []
    for section in speech.sections:
        sections.append({
            "id": section.id,
            "heading": section.heading,
            "level": section.level,
            "url": urls.anchor_url(speech.id, section.id),
            "paragraphs": [{"id": p.id, "text": p.text, "url": urls.anchor_url(speech.id, p.id)}
                           for p in section.paragraphs],
        })
    return {
        "id": speech.id,
        "title": speech.meta.title,
        "date": speech.meta.date,
        "occasion": speech.meta.occasion,
        "url": urls.speech_url(speech.id),
        "source": speech.meta.source,
        "sections": sections,
    }


def knowledge_base_record(corpus: Corpus) -> dict:
    return {"version": 1, "speeches": [speech_record(s) for s in corpus.speeches]}


def dumps(record: dict) -> str:
    """Deterministic, readable JSON: same knowledge base, same bytes."""
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
