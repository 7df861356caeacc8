"""MkDocs hook: search that finds policy terms exactly (issue 5). One concern: search.

After Material's search plugin has written site/search/search_index.json, this hook
1. re-cuts the index with a jieba tokenizer that knows every glossary term and alias as one word
   (kb.search_segment explains why not the plugin's `jieba_dict_user` option), and writes those
   words to site/search/jieba_user_dict.txt for other tools;
2. reshapes it (kb.search_compact): clause-sized snippet blocks, no duplicated text, a boost for
   glossary pages, plain UTF-8 instead of \\uXXXX escapes;
3. writes a patched copy of the INSTALLED package's search worker (kb.search_worker) in place
   of the copy in the site: whole-query segmentation, glossary words with digits or quotes as
   one token, glossary aliases and traditional characters mapped to the simplified term,
   "contains" matching. The patched file is named by its content hash (every page's config
   points at that name), so a browser never runs a stale cached worker; the glossary data it
   needs travels in search_index.json (`config.kb`). A worker that no longer matches the patch
   fails the build with a message naming the file to check.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import urls
from kb.glossary import JIEBA_FREQ, load_project_glossary
from kb.search_compact import compact_index, dumps, exclude_from_search
from kb.search_segment import resegment_index, tokenizer
from kb.search_terms import (SearchTerms, han_chars, jieba_user_dict, opencc_s2t, search_terms,
                             special_pattern, traditional_char_map)
from kb.search_worker import WorkerPatchError, patch_worker, worker_data, worker_name

log = logging.getLogger("mkdocs.hooks.search_index")

INDEX_PATH = "search/search_index.json"
# The words the index was cut with, for other tools that segment our text the same way.
DICT_PATH = "search/jieba_user_dict.txt"
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
# Elements that are navigation or a copy of text indexed elsewhere, not content of their page:
# paragraph marks, topic badges, passages quoted from speeches (indexed in the speech itself).
# Glossary pages: quoted mention sentences, charts, badge lists of related terms and the index
# list (a copy of each term page's definition).
EXCLUDED_CLASSES = frozenset({
    "kb-para-anchor", "kb-topic-mix", "kb-topic-badges", "kb-topic-terms",
    "kb-passage", "kb-passage-meta",
    "kb-mentions", "kb-chart", "kb-related", "kb-glossary-index",
})
GLOSSARY_BOOST = 4.0      # a term's own glossary page ranks above the sections quoting it
_state: dict = {}


class _Unsegmented:
    """Stands in for `jieba` inside Material's search plugin: each Han run stays one piece.

    on_post_build re-cuts every Han run with the glossary-aware tokenizer (the plugin's words
    would be discarded there), so segmenting in the plugin too would be the same work twice.
    """

    @staticmethod
    def cut(sentence, *args, **kwargs):
        return [sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence]

    @staticmethod
    def set_dictionary(path):   # plugin options jieba_dict / jieba_dict_user: our cut decides
        pass

    load_userdict = set_dictionary


def _package_worker(config) -> tuple[str, str]:
    """(file name, source) of the installed package's search worker."""
    for directory in config["theme"].dirs:
        found = sorted(Path(directory).glob(WORKER_GLOB))
        if found:
            return found[0].name, found[0].read_text("utf-8")
    raise WorkerPatchError(f"search worker {WORKER_GLOB} not found in the theme directories")


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean
    try:
        original, source = _package_worker(config)
        patched = patch_worker(source)   # the package's file, never a copy
    except WorkerPatchError as err:   # fail the build, naming what to check
        raise PluginError(f"hooks/search_index.py: {err}") from err
    _state["worker"] = (original, worker_name(patched), patched)
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:
        return
    if getattr(search_plugin, "jieba", None) is not None:
        search_plugin.jieba = _Unsegmented


# Priority -100: after every other hook's on_page_content, so all markup is final when Material
# indexes the page (its on_page_context, which also strips the data-search-* attributes).
def on_page_content(html, page, config, files):
    return exclude_from_search(html, EXCLUDED_CLASSES)


on_page_content.mkdocs_priority = -100


def _point_at_worker(output: str) -> str:
    original, name, _ = _state["worker"]
    return output.replace(original, name)


# Every page's config (`"search": ".../workers/search.<hash>.min.js"`) names the patched worker.
def on_post_page(output, page, config):
    return _point_at_worker(output)


def on_post_template(output_content, template_name, config):
    return _point_at_worker(output_content)   # 404.html


def _glossary(config):
    root = Path(config["config_file_path"]).parent
    return load_project_glossary(root, Path(config["docs_dir"]) / urls.SPEECHES_DIR).glossary


def _terms(glossary) -> SearchTerms:
    return search_terms((term.term, term.aliases) for term in glossary.terms)


def _is_speech(location: str) -> bool:
    return location.startswith(urls.SPEECHES_DIR + "/") and not location.startswith(
        (urls.SPEECHES_DIR + "/#",)) and location != urls.SPEECHES_DIR + "/"


def rewrite_index(site: Path, glossary, terms: SearchTerms) -> dict:
    path = site / INDEX_PATH
    index = json.loads(path.read_text("utf-8"))
    special = special_pattern(terms.words())
    index = resegment_index(index, tokenizer(terms.words(), JIEBA_FREQ).cut,
                            re.compile(special) if special else None)
    index = compact_index(index, _is_speech, {term.url: GLOSSARY_BOOST for term in glossary.terms})
    # 、 may sit inside a glossary word (不敢腐、不能腐、不想腐 is one token); elsewhere the
    # segmentation already separates it and the worker drops tokens that are punctuation.
    index["config"]["separator"] = index["config"]["separator"].replace("、", "")
    chars = traditional_char_map(
        han_chars(doc["title"] + doc["text"] for doc in index["docs"]), opencc_s2t())
    index["config"]["kb"] = worker_data(terms, chars)
    path.write_text(dumps(index), encoding="utf-8")
    return index


def write_site_worker(site: Path) -> Path:
    """The patched worker under its content-hashed name; the package's copy is removed."""
    original, name, patched = _state["worker"]
    workers = site / Path(WORKER_GLOB).parent
    for stale in workers.glob(WORKER_GLOB.rsplit("/", 1)[1]):
        if stale.name != name:
            stale.unlink()
    (workers / name).write_text(patched, encoding="utf-8")
    return workers / name


# Priority -50: after Material's search plugin (priority 0) has written search_index.json in
# its on_post_build; independent of the other hooks' post-build steps.
def on_post_build(config):
    site = Path(config["site_dir"])
    if not (site / INDEX_PATH).is_file():
        return   # search plugin disabled
    glossary = _glossary(config)
    terms = _terms(glossary)
    index = rewrite_index(site, glossary, terms)
    (site / DICT_PATH).write_text(jieba_user_dict(terms, JIEBA_FREQ), encoding="utf-8")
    write_site_worker(site)
    log.info("search: %d glossary words, %d traditional characters", len(terms.words()),
             len(index["config"]["kb"]["chars"]))


on_post_build.mkdocs_priority = -50
