"""MkDocs hook: speech pages and the speeches index.

Reads docs/speeches/*.md through the pure `kb` package and replaces each page's Markdown with a
literal, anchored rendering (kb.pages.speech). Generates speeches/index.md (by year; split into
one page per year when the corpus is large) unless a hand-written one exists.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.structure.files import File

from kb.build import urls
from kb.corpus.loading import load_corpus
from kb.pages.speech import INDEX_URI, speech_markdown, speeches_index_pages
from kb.topics.taxonomy import TaxonomyError, load_taxonomy, taxonomy_path
from kb.pages.topics import speech_topic_slots
from kb.topics.classify import classify_corpus

log = logging.getLogger("mkdocs.hooks.speech_pages")

_state: dict = {}


def speeches_dir(config) -> Path:
    return Path(config["docs_dir"]) / urls.SPEECHES_DIR


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean


# Priority 100: runs before the other hooks' on_files so that the generated index exists
# when they look at the file list.
def on_files(files, config):
    corpus = load_corpus(speeches_dir(config))
    for message in corpus.errors:
        log.warning(message)
    _state["corpus"] = corpus
    # The index, and above kb.pages.speech.INDEX_LIMIT speeches one page per year (speeches/2022/).
    for uri, markdown in speeches_index_pages(corpus.speeches):
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, content=markdown))
    return files


on_files.mkdocs_priority = 100


def is_speech_page(page) -> bool:
    uri = page.file.src_uri
    return uri.startswith(urls.SPEECHES_DIR + "/") and uri != INDEX_URI and uri.endswith(".md")


def on_page_markdown(markdown, page, config, files):
    if not is_speech_page(page):
        return markdown
    speech = _state["corpus"].by_id().get(Path(page.file.src_uri).stem)
    if speech is None:   # unreadable page: already reported in on_files
        return markdown
    page.meta.setdefault("title", speech.meta.title)
    after_meta, after_heading = topic_slots(speech, config)
    return speech_markdown(speech, after_meta=after_meta, after_heading=after_heading)


def topic_slots(speech, config) -> tuple[str, dict[str, str]]:
    """The speech's topic mix and each section's topic badges; none while data/topics.yml is
    invalid (the topic_pages hook reports that)."""
    try:
        taxonomy = load_taxonomy(taxonomy_path(Path(config["config_file_path"]).parent))
    except TaxonomyError:
        return "", {}
    return speech_topic_slots(speech, taxonomy, classify_corpus(_state["corpus"], taxonomy))
