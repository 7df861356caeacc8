"""MkDocs hook: search that finds policy terms exactly, with a small first download. One
concern: search. The index itself is built by kb.search.site_index (see its docstring); this
hook only wires it to MkDocs' events.

Material's search box and result list stay; behind them runs our own worker
(kb/search/worker.js) over a sharded static index (kb.search.shards) instead of lunr over one
big file. Material's search plugin indexes no page (`search.exclude`; its HTML parser was most
of the search build time); it still writes search_index.json with its config, which we extend.
"""
from __future__ import annotations

import gc
from pathlib import Path

from kb.build import urls
from kb.search.compact import exclude_from_search
from kb.search.site_index import (EXCLUDED_CLASSES, INDEX_PATH, SiteIndex, Unsegmented,
                                  is_indexed_from_html, point_at_worker, read_worker, write_worker)

_state: dict = {}
# Kept across builds of one process (`mkdocs serve`): entries of pages not rendered again,
# token counts, and the last index to update (see kb.search.site_index.SiteIndex).
_index = SiteIndex()


def on_startup(command, dirty):
    # `mkdocs serve`: the index is kept between builds and updated where the documents
    # changed (kb.search.update); `mkdocs build` makes it from scratch, keeping nothing.
    _index.serving = command == "serve"


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:
        return
    if getattr(search_plugin, "jieba", None) is not None:
        search_plugin.jieba = Unsegmented
    _state["worker"] = read_worker()
    # Material's plugin strips every data-search-* attribute from page content (on_page_context)
    # when it is enabled: then marking excluded elements would change no output.
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    _state["marks_stripped"] = bool(isinstance(plugin, search_plugin.SearchPlugin)
                                    and plugin.config.get("enabled", True))


def on_files(files, config):
    _state["pages"] = {f.url for f in files.documentation_pages()}
    return files


on_files.mkdocs_priority = -200   # after every hook that adds generated pages


def on_page_markdown(markdown, page, config, files):
    # Material's plugin indexes no page: speech pages are indexed from the corpus, the others
    # in on_page_content below. It still writes search_index.json and strips data-search-*.
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


# Priority -100: after every other hook's on_page_content, so all markup is final.
def on_page_content(html, page, config, files):
    # Excluded elements are marked only where the marks reach the output (Material's plugin
    # strips them otherwise); our own indexing skips them by class either way.
    if not _state.get("marks_stripped"):
        html = exclude_from_search(html, EXCLUDED_CLASSES)
    if is_indexed_from_html(page.file.src_uri, page.url):
        _index.add_page(page.url, page.title or "", html)
    return html


on_page_content.mkdocs_priority = -100


def _point_at_worker(output: str) -> str:
    return point_at_worker(output, _state["worker"][0]) if "worker" in _state else output


def on_post_page(output, page, config):
    return _point_at_worker(output)


def on_post_template(output_content, template_name, config):
    return _point_at_worker(output_content)   # 404.html


# Priority -50: after Material's search plugin (priority 0) has written search_index.json in
# its on_post_build; independent of the other hooks' post-build steps.
def on_post_build(config):
    site = Path(config["site_dir"])
    if not (site / INDEX_PATH).is_file() or "worker" not in _state:
        return   # search plugin disabled
    root = Path(config["config_file_path"]).parent
    speeches_dir = Path(config["docs_dir"]) / urls.SPEECHES_DIR
    # Building the index makes millions of small objects (token counts, postings) and no
    # reference cycles; the garbage collector, triggered by the allocations, would walk the
    # whole build's heap again and again (~0.3 s of index_files alone at 300 speeches).
    enabled = gc.isenabled()
    gc.disable()
    try:
        _index.build(root, speeches_dir, site, _state.get("pages"))
    finally:
        if enabled:
            gc.enable()
    write_worker(site, *_state["worker"])


on_post_build.mkdocs_priority = -50


def on_shutdown():
    # `mkdocs serve` ends (also on Ctrl-C): save the token counts of its last build.
    _index.save_unsaved()


def on_build_error(error):
    _index.forget_index()
