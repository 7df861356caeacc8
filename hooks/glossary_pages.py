"""MkDocs hook: the glossary of formulations (提法释义) — glossary/index.md and one page per term,
and the key terms on topic pages.

Pages are generated in on_files unless a hand-written docs/glossary/… page exists; a
hand-written term page keeps its text and gets the generated sections appended (or placed at
`<!-- kb:glossary -->`). An invalid data/glossary.yml stops the build with a message naming the
file, the entry and a correct example.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kb.build import cache

from kb.build import urls
from kb.glossary.assembly import load_project_glossary, term_state
from kb.glossary.curated import GlossaryDataError
from kb.pages.glossary import (INDEX_URI, index_markdown, review_pages, term_pages, term_sections, term_uri,
                               topic_terms_html)
from kb.glossary.linking import TIPS_URI, tips_json

log = logging.getLogger("mkdocs.hooks.glossary_pages")
SECTIONS_MARKER = "<!-- kb:glossary -->"
_TOPIC_MARKER = re.compile(r"<!-- kb:topic-terms:([\w-]+) -->")
_state: dict = {}


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean


def project(config):
    root = Path(config["config_file_path"]).parent
    try:
        return root, load_project_glossary(root, Path(config["docs_dir"]) / urls.SPEECHES_DIR)
    except GlossaryDataError as err:
        raise PluginError(str(err)) from err


def topic_links(names: dict, files) -> dict:
    """Topic id -> (name, url of its page or None when there is no such page)."""
    return {tid: (name, f"topics/{tid}/" if files.get_file_from_path(f"topics/{tid}.md") else None)
            for tid, name in names.items()}


# Priority 40: after speech_pages (100) and topic_pages (50), whose pages the glossary links to;
# before home_page (-100), which links glossary/index.md only if it exists.
def on_files(files, config):
    _, proj = project(config)
    for message in proj.warnings:
        log.warning(message)
    links = topic_links(proj.topic_names, files)
    _state.update(project=proj, links=links, hand_written=set())
    if files.get_file_from_path(INDEX_URI) is None:
        files.append(File.generated(config, INDEX_URI, content=index_markdown(proj.glossary, proj.corpus)))
    for uri, markdown in review_pages(proj.glossary, proj.corpus):   # 提法审定: linked from the index, not in the nav
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, content=markdown))
    # The term tooltips' text, one file for the whole site (docs/assets/kb.js reads it).
    files.append(File.generated(config, TIPS_URI, content=tips_json(proj.glossary)))
    shared = _shared_key(proj, links)
    pages = _TERM_PAGES.get_many(term_pages_job(term, proj, links, shared) for term in proj.glossary.terms)
    for term, term_pages_ in zip(proj.glossary.terms, pages):
        # The term page, then its further pages of mentions (glossary/<slug>/2/, …).
        for uri, markdown in term_pages_:
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=markdown))
            elif uri == term_uri(term.slug):
                _state["hand_written"].add(uri)
    return files


on_files.mkdocs_priority = 40


# A term's pages, cached (kb.build.cache) by what kb.pages.glossary.term_pages reads: the term itself
# (every field, its mentions with their text), its related terms, the glossary's matcher (which
# highlights the term in sentences), every speech's id and metadata in corpus order (titles,
# years) and the topic links. Editing one speech re-renders only the terms it mentions (and
# those whose related terms change). Whoever makes term_pages read more must add it here.
_TERM_PAGES = cache.Cache("glossary-term-pages", cache.code_version(
    "kb.pages.glossary", "kb.glossary.assembly", "kb.build.urls", "kb.pages.speech", "kb.text.redaction",
    "kb.glossary.matching", "kb.glossary.review"), once=True)


def _shared_key(proj, links) -> str:
    glossary, corpus = proj.glossary, proj.corpus
    return cache.digest(sorted(glossary.matcher.forms.items()),
                        [(speech.id, speech.meta) for speech in corpus.speeches], sorted(links.items()))


def term_pages_job(term, proj, links, shared: str):
    """(compute, cache key parts) of a term's pages (kb.build.cache.Cache.get_many)."""
    related = [(term_state(other, with_mentions=False), n) for other, n in proj.glossary.related(term.slug)]
    return (lambda: term_pages(term, proj.glossary, proj.corpus, links)), (term_state(term), related, shared)


def on_page_markdown(markdown, page, config, files):
    proj = _state.get("project")
    if proj is None:
        return markdown
    uri = page.file.src_uri
    if uri in _state["hand_written"]:
        term = next(t for t in proj.glossary.terms if term_uri(t.slug) == uri)
        sections = term_sections(term, proj.glossary, proj.corpus, _state["links"])
        return (markdown.replace(SECTIONS_MARKER, sections) if SECTIONS_MARKER in markdown
                else markdown.rstrip() + "\n\n" + sections)
    return _TOPIC_MARKER.sub(lambda m: topic_terms_html(m.group(1), proj.glossary, page.url), markdown)
