"""MkDocs hook: topic pages (topics/index.md, topics/<id>.md and their split pages).

Reads data/topics.yml (kb.topics.taxonomy) and classifies the speeches (kb.topics.classify); kb.pages.topics
renders the Markdown. Pages are generated in on_files unless a hand-written docs/topics/… page
exists at the same path. An invalid taxonomy or an unknown topic in an editor override is logged
as an error, so `mkdocs build --strict` fails and names the file.
"""
from __future__ import annotations

import logging
from dataclasses import fields
from pathlib import Path

from mkdocs.structure.files import File

from kb.build import cache

from kb.build import urls
from kb.corpus.loading import load_corpus
from kb.model.speech import Paragraph, Section, Speech
from kb.topics.taxonomy import TaxonomyError, load_taxonomy, taxonomy_path
from kb.pages.topics import (INDEX_URI, collect_passages, index_markdown, taxonomy_error_markdown,
                            topic_pages)
from kb.topics.classify import classify_corpus

log = logging.getLogger("mkdocs.hooks.topic_pages")
_state: dict = {}


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean


def _add_generated(files, config, src_uri: str, markdown: str) -> None:
    if files.get_file_from_path(src_uri) is None:   # a hand-written page wins
        files.append(File.generated(config, src_uri, content=markdown))


# Priority 50: after speech_pages (100) has set up the speeches, before home_page (-100), which
# links topics/index.md only if it exists in the file list.
def on_files(files, config):
    project_root = Path(config["config_file_path"]).parent
    try:
        taxonomy = load_taxonomy(taxonomy_path(project_root))
    except TaxonomyError as err:
        log.error(str(err))
        _add_generated(files, config, INDEX_URI, taxonomy_error_markdown(str(err)))
        return files
    corpus = load_corpus(Path(config["docs_dir"]) / urls.SPEECHES_DIR)
    topics = classify_corpus(corpus, taxonomy)
    for message in topics.errors:
        log.error(message)
    by_topic = collect_passages(corpus, taxonomy, topics)
    _add_generated(files, config, INDEX_URI, index_markdown(taxonomy, by_topic))
    speech_keys: dict[str, str] = {}
    # Five topics of unequal size: two processes are worth it from two topics on.
    jobs = [topic_pages_job(topic, by_topic[topic.id], speech_keys) for topic in taxonomy.topics]
    for pages in _TOPIC_PAGES.get_many(jobs, min_items=2):
        for page in pages:
            _add_generated(files, config, page.src_uri, page.markdown)
    return files


on_files.mkdocs_priority = 50


# A topic's pages (kb.pages.topics.topic_pages is a function of the topic and its passages),
# cached (kb.build.cache) by the topic and every field of every passage — its speech as a digest of the
# whole speech, its section and paragraph (parts of that speech) by id.
_TOPIC_PAGES = cache.Cache("topic-pages", cache.code_version(
    "kb.pages.topics", "kb.pages.speech", "kb.text.redaction", "kb.build.urls", "kb.model.speech",
    "kb.topics.taxonomy"), once=True)


def topic_pages_job(topic, passages, speech_keys: dict):
    """(compute, cache key parts) of a topic's pages (kb.build.cache.Cache.get_many)."""
    def speech_key(speech):
        if speech.id not in speech_keys:
            speech_keys[speech.id] = cache.digest(speech)
        return speech_keys[speech.id]
    def field_key(value):
        if isinstance(value, Speech):
            return speech_key(value)
        return value.id if isinstance(value, (Section, Paragraph)) else value
    key = [tuple(field_key(getattr(p, f.name)) for f in fields(p)) for p in passages]
    return (lambda: topic_pages(topic, passages)), (topic, key)
