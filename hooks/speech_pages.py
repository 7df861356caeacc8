"""MkDocs hook: speech pages and the speeches index.

Reads docs/speeches/*.md through the pure `kb` package and replaces each page's Markdown with a
literal, anchored rendering (kb.speech_html). Generates speeches/index.md (by year) unless a
hand-written one exists.
"""
from __future__ import annotations

import logging
import re
from collections import defaultdict
from pathlib import Path

from mkdocs.structure.files import File

from kb import urls
from kb.corpus import Corpus, load_corpus
from kb.speech_html import literal_inline, speech_markdown
from kb.taxonomy import TaxonomyError, load_taxonomy, taxonomy_path
from kb.topic_pages import speech_topic_slots
from kb.topics import classify_corpus

log = logging.getLogger("mkdocs.hooks.speech_pages")

INDEX_URI = f"{urls.SPEECHES_DIR}/index.md"
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
    if files.get_file_from_path(INDEX_URI) is None:
        files.append(File.generated(config, INDEX_URI, content=speeches_index_markdown(corpus)))
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


def speeches_index_markdown(corpus: Corpus) -> str:
    by_year: dict[str, list] = defaultdict(list)
    for speech in corpus.speeches:
        by_year[str(speech.meta.year or "未注明年份")].append(speech)
    lines = ["# 讲话", "", f"共收录讲话 {len(corpus.speeches)} 篇，按年份排列（新的在前）。", ""]
    for year, speeches in by_year.items():
        lines += [f"## {year}" + ("年" if year.isdigit() else "") + f"（{len(speeches)} 篇）", ""]
        for speech in speeches:
            # One line per speech, kept light (the page lists every speech): the occasion only
            # when the title does not already name it, plain ISO dates.
            shown = speech.meta.occasion and str(speech.meta.occasion) not in speech.meta.title
            occasion = f" — {literal_inline(speech.meta.occasion)}" if shown else ""
            date = speech.meta.date or ""
            date = date if re.fullmatch(r"\d{4}(-\d\d){0,2}", date) else literal_inline(date)
            link = urls.relative("speeches/", urls.speech_url(speech.id))
            lines.append(f'- <a href="{link}">{literal_inline(speech.meta.title)}</a>'
                         f' <span class="kb-muted">{date}{occasion}</span>')
        lines.append("")
    return "\n".join(lines)
