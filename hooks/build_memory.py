"""MkDocs hook: a build lets go of what its later steps no longer read (peak memory).

MkDocs keeps every page, with its HTML, until the build ends, and the analysis cache's memory
layer (kb.build.cache) keeps every page it made, for the next `mkdocs serve` rebuild. The
post-build steps (kb.json, the search index, which hold the most at once) read neither: the
search index has its entries (cut in on_page_content) and the corpus. So:

- a page's HTML (`page.content`) is dropped once its output is made (on_post_page, last);
  pages that the parallel child renders (hooks/parallel_render.py) give an empty output here
  and keep theirs until every page is rendered (the child joined, or its pages rendered here
  after all): on_post_build, first after that;
- a one-off build keeps no cached page or kb.json item in memory (kb.build.cache `once`
  caches, `keep_once(False)`; they are on disk for the next build); `mkdocs serve` keeps them
  for its next rebuild;
- a one-off build keeps no analysis value in memory once every hook's on_files has made the
  corpus-wide results from them (on_nav: kb.build.cache.release_memory; topics, slogan
  candidates, term counts and definitions per speech, read by no later step);
- a page's Markdown (and a generated page's source text) is dropped once its HTML is made, in a
  one-off build (on_page_content, last); its HTML is kept compressed (zlib, fastest level: ~4x
  smaller) until its template is rendered (on_page_context, first): MkDocs converts every page
  before it renders any, so every page's HTML is held at once (~110 MB at 1,000 speeches);
- the memoised text functions (kb.build.memo: folding, script conversion, relative links) are
  emptied before kb.json and the search index, in a one-off build (on_post_build); `mkdocs serve`
  keeps them, they make its next rebuild faster.

Output is unchanged: nothing is dropped that a later step reads.
"""
from __future__ import annotations

import zlib

from kb.build import cache, memo, parallel

_state: dict = {}


def on_startup(command, dirty):
    cache.keep_once(command == "serve")


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean


# Priority -1000: after every other page_content step. A page's Markdown is read by no step after
# its HTML is made; in a one-off build it goes (and a generated page's source text with it: the
# topic and term pages' Markdown, 72 MB at 1,000 speeches, held from on_files on). `mkdocs serve`
# keeps both: its live reload may read them again.
def on_page_content(html, page, config, files):
    if not cache.keeps_once():      # a one-off build (on_startup)
        page.markdown = None
        if page.file.generated_by:
            page.file.content_string = ""
        _state.setdefault("packed", {})[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        return ""
    return html


on_page_content.mkdocs_priority = -1000


# Priority 10000: first of on_page_context, before every step that reads the page's HTML (term
# links, Material's search plugin) and the template. A page that the parallel child renders
# (hooks/parallel_render.py) stays packed here: if the child fails, this process renders it after
# all, and it is unpacked then.
def on_page_context(context, page, config, nav):
    packed = _state.get("packed", {})
    if page.file.src_uri in packed and not parallel.rendered_elsewhere(page):
        page.content = zlib.decompress(packed.pop(page.file.src_uri)).decode("utf-8")
    return context


on_page_context.mkdocs_priority = 10000


# Priority -1000: on_nav follows every on_files, where the corpus, its topics and the glossary
# are made (and memoised per corpus); no later step asks the caches for those per-speech values.
def on_nav(nav, config, files):
    if not cache.keeps_once():      # a one-off build (on_startup)
        cache.release_memory()
    return nav


on_nav.mkdocs_priority = -1000


def on_env(env, config, files):
    _state["files"] = files
    return env


# Priority -1000: after every other post_page step (they read the output, not page.content).
def on_post_page(output, page, config):
    if output.strip():
        page.content = None
    return output


on_post_page.mkdocs_priority = -1000


# Priority 900: after parallel_render.py has joined its child or rendered its pages (1000),
# before kb.json and the search index.
def on_post_build(config):
    _state.pop("packed", None)      # pages the child rendered: never unpacked here
    files = _state.pop("files", None)
    for file in files.documentation_pages() if files is not None else ():
        if file.page is not None:
            file.page.content = None
    if not cache.keeps_once():      # a one-off build (on_startup)
        memo.release()


on_post_build.mkdocs_priority = 900
