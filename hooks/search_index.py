"""MkDocs hook: search that finds policy terms exactly (issue 5), with a small first download
(issue 7). One concern: search.

Material's search box and result list stay; behind them runs our own worker
(kb/search/worker.js) over a sharded static index (kb.search.shards) instead of lunr over one
big file:

1. Material's search plugin indexes no page (`search.exclude`; its HTML parser was most of the
   search build time). Speech documents (one per section) come from the structured corpus
   (kb.search.documents), not from their HTML; the other pages' sections are cut from their final
   HTML with one regex pass, then compacted (kb.search.compact). Those are kept per page across
   builds, so a `mkdocs serve --dirty` rebuild, which renders only changed pages, still
   indexes every page.
2. Tokens: glossary words (whatever characters they hold) and jieba words from a private
   tokenizer that knows every glossary term and alias (kb.search.segment), plus the words
   inside them, scored at build time. A document's token counts are cached by content (in
   memory and in .kb-cache/search-tokens.pickle), so a rebuild after one edit re-cuts one speech.
3. search/search_index.json, which Material's main thread fetches and hands to the worker,
   holds only Material's config and the manifest (config.kb); the postings shards and page
   files are under search/kb-<hash>/, fetched as a query needs them.
4. The worker is written as assets/javascripts/workers/search.<content hash>.min.js in place of
   Material's, and every page's config points at it, so a browser never runs a stale cached
   worker.
5. `mkdocs serve` keeps the index between builds (kb.search.update): a rebuild after an edit
   scores again only the documents whose rounded scores may change, serialises only the shards
   and page files that change, and writes only those, into a new kb-<hash>/ folder whose other
   files are hard links to the previous folder's. The files are those a fresh build writes.
   `mkdocs build` makes the index from scratch and keeps nothing.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import json
import logging
import os
import pickle
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from kb.build import urls
from kb.corpus.loading import load_corpus
from kb.glossary.assembly import JIEBA_FREQ, load_project_glossary
from kb.build.parallel import fork_map
from kb.search.compact import exclude_from_search
from kb.search.documents import PageDocs, SearchDoc, order_docs, page_docs, page_entries, speech_docs
from kb.search.segment import tokenizer
from kb.search.shards import (CACHE_VERSION, MAX_PAGES, Analyzer, DocStats, doc_stats, dumps,
                              index_files, postings, stats_from_json, stats_to_json)
from kb.search.terms import (SearchTerms, alias_keys, han_chars, jieba_user_dict, opencc_s2t,
                             search_terms, special_pattern, special_starts,
                             traditional_char_map)
from kb.search.update import IndexFiles, ScoredIndex, TokenChars

log = logging.getLogger("mkdocs.hooks.search_index")

INDEX_PATH = "search/search_index.json"
# The words the index was cut with, for other tools that segment our text the same way.
DICT_PATH = "search/jieba_user_dict.txt"
WORKERS_DIR = "assets/javascripts/workers"
WORKER_SOURCE = Path(__file__).parent / "kb" / "search" / "worker.js"
CACHE_FILE = ".kb-cache/search-tokens.pickle"   # token counts by page content (gitignored)
# Elements that are navigation or a copy of text indexed elsewhere, not content of their page:
# paragraph marks, topic badges, passages quoted from speeches (indexed in the speech itself).
# Glossary pages: quoted mention sentences, charts, badge lists of related terms and the index
# list (a copy of each term page's definition).
EXCLUDED_CLASSES = frozenset({
    "kb-para-anchor", "kb-topic-mix", "kb-topic-badges", "kb-topic-terms",
    "kb-passage", "kb-passage-meta",
    "kb-mentions", "kb-chart", "kb-related", "kb-glossary-index", "kb-pager", "kb-mention-years",
})
# A glossary term's further pages of mentions (glossary/<slug>/2/, ...): quoted sentences and a
# copy of the definition, nothing of their own to find.
_MENTION_PAGE = re.compile(r"glossary/[^/]+/\d+/")
GLOSSARY_BOOST = 4.0      # a term's own glossary page ranks above the sections quoting it
_state: dict = {}
# Across builds (`mkdocs serve`): search entries per non-speech page, token counts per content
# (as JSON-like lists, and as DocStats per page, by the page's document list), documents per
# speech.
_entries_by_page: dict[str, list[dict]] = {}
_stats_memo: dict[str, list] = {}
_group_stats: dict[int, tuple[list[SearchDoc], str, list[DocStats]]] = {}
_group_signature = ""
_speech_memo: dict[str, tuple] = {}
_cache_loaded = False
_unsaved: dict[str, Path] = {}   # serve: the token cache file to write at shutdown
# `mkdocs serve` (on_startup): the index is kept between builds and updated where the documents
# changed (kb.search.update); `mkdocs build` makes it from scratch, keeping nothing.
_serving = False
_page_docs = PageDocs()


class _Unsegmented:
    """Stands in for `jieba` inside Material's search plugin: each Han run stays one piece
    (on_post_build cuts the text with the glossary-aware tokenizer; cutting in the plugin too
    would be the same work twice)."""

    @staticmethod
    def cut(sentence, *args, **kwargs):
        return [sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence]

    @staticmethod
    def set_dictionary(path):   # plugin options jieba_dict / jieba_dict_user: our cut decides
        pass

    load_userdict = set_dictionary


def worker_name(js: str) -> str:
    """search.<content hash>.min.js: a rebuilt worker never hides behind a cached old one."""
    return f"search.{hashlib.sha256(js.encode('utf-8')).hexdigest()[:12]}.min.js"


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:
        return
    if getattr(search_plugin, "jieba", None) is not None:
        search_plugin.jieba = _Unsegmented
    js = WORKER_SOURCE.read_text("utf-8")
    _state["worker"] = (worker_name(js), js)
    # Material's plugin strips every data-search-* attribute from page content (on_page_context)
    # when it is enabled: then marking excluded elements would change no output.
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    _state["marks_stripped"] = bool(isinstance(plugin, search_plugin.SearchPlugin)
                                    and plugin.config.get("enabled", True))


def _is_speech_uri(uri: str) -> bool:
    return uri.startswith(urls.SPEECHES_DIR + "/") and uri.endswith(".md") and \
        uri != urls.SPEECHES_DIR + "/index.md"


def on_files(files, config):
    _state["pages"] = {f.url for f in files.documentation_pages()}
    return files


on_files.mkdocs_priority = -200   # after every hook that adds generated pages


def on_page_markdown(markdown, page, config, files):
    # Material's plugin indexes no page: speech pages are indexed from the corpus, the others
    # in on_page_content below (its HTML parser was most of the search build time). It still
    # writes search_index.json with its config and strips the data-search-* attributes.
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


# Priority -100: after every other hook's on_page_content, so all markup is final.
def on_page_content(html, page, config, files):
    # Excluded elements are marked only where the marks reach the output (Material's plugin
    # strips them otherwise); our own indexing skips them by class either way.
    if not _state.get("marks_stripped"):
        html = exclude_from_search(html, EXCLUDED_CLASSES)
    if not _is_speech_uri(page.file.src_uri) and not _MENTION_PAGE.fullmatch(page.url):
        _entries_by_page[page.url] = page_entries(page.url, page.title or "", html,
                                                  EXCLUDED_CLASSES)
    return html


on_page_content.mkdocs_priority = -100


def _point_at_worker(output: str) -> str:
    # Every page's config names Material's worker, "…/workers/search.<hash>.min.js". Beside it
    # goes how many result pages our worker lists at most (assets/kb.js words the count by it).
    if "worker" not in _state:
        return output
    return _WORKER_REF.sub(f"\\1{_state['worker'][0]}\", \"kbResultPages\": {MAX_PAGES}", output)


_WORKER_REF = re.compile(r'("search":\s*"[^"]*workers/)search\.[0-9a-f]+\.min\.js"')


def on_post_page(output, page, config):
    return _point_at_worker(output)


def on_post_template(output_content, template_name, config):
    return _point_at_worker(output_content)   # 404.html


def _terms(glossary) -> SearchTerms:
    return search_terms((term.term, term.aliases) for term in glossary.terms)


def _analyzer(terms: SearchTerms) -> tuple[Analyzer, str]:
    words = terms.words()
    special = special_pattern(words)
    tok = tokenizer(words, JIEBA_FREQ)
    signature = hashlib.sha256(dumps([CACHE_VERSION, type(tok).__module__, JIEBA_FREQ,
                                      sorted(words), special]).encode("utf-8")).hexdigest()
    cut_for_search = getattr(tok, "cut_for_search")
    return Analyzer(terms, special, tok.cut, lambda w: list(cut_for_search(w)),
                    special_starts(words)), signature


def _speech_docs(speech) -> list[SearchDoc]:
    """kb.search.documents.speech_docs, memoised per parsed speech (kb.corpus.loading keeps the same object
    while the file is unchanged)."""
    held = _speech_memo.get(speech.id)
    if held is None or held[0] is not speech:
        held = _speech_memo[speech.id] = (speech, speech_docs(speech, urls.speech_url(speech.id)))
    return held[1]


def _group_key(docs: list[SearchDoc], signature: str) -> str:
    return hashlib.sha256(dumps([signature, [[d.anchor, d.title, d.blocks] for d in docs]])
                          .encode("utf-8")).hexdigest()


def _load_cache(path: Path) -> None:
    """Token counts of an earlier process, once per process (a fresh `mkdocs build`)."""
    global _cache_loaded
    if _cache_loaded or not path.is_file():
        return
    try:
        with path.open("rb") as f:
            _stats_memo.update(pickle.load(f))
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    _cache_loaded = True


def _all_stats(groups: list[list[SearchDoc]], analyzer: Analyzer, signature: str,
               cache: Path) -> list[DocStats]:
    """Token counts of every document, by page: memoised by content (in memory across
    `mkdocs serve` rebuilds, on disk in one file across processes, holding this build's pages
    only)."""
    global _group_signature
    _load_cache(cache)
    if _group_signature != signature:
        _group_stats.clear()
        _group_signature = signature
    held = [_held_stats(g) for g in groups]
    keys = [h[1] if h else _group_key(g, signature) for g, h in zip(groups, held)]
    missing: dict[str, list[SearchDoc]] = {}
    for key, group in zip(keys, groups):
        if key not in _stats_memo and key not in missing:
            missing[key] = group
    # Cutting the text into words is most of a cold index build: done on two cores.
    computed = fork_map(lambda group: [stats_to_json(doc_stats(d, analyzer)) for d in group],
                        list(missing.values()))
    _stats_memo.update(zip(missing, computed))
    fresh = bool(missing)
    used = set(keys)
    for key in [k for k in _stats_memo if k not in used]:
        del _stats_memo[key]
    if fresh and _serving:
        _unsaved["cache"] = cache   # written once, at the end of `mkdocs serve`
    elif fresh:
        _save_cache(cache)
    stats = [h[2] if h else [stats_from_json(d) for d in _stats_memo[key]]
             for key, h in zip(keys, held)]
    _group_stats.clear()
    _group_stats.update((id(g), (g, key, st)) for g, key, st in zip(groups, keys, stats))
    return [s for group in stats for s in group]


def _save_cache(cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(_stats_memo, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)


def on_shutdown():
    # `mkdocs serve` ends (also on Ctrl-C): the token counts of its last build for the next
    # process. (Pickling them all after every rebuild was a tenth of a second at 1,000
    # speeches; killed harder, serve leaves the older file, which is only a slower start.)
    cache = _unsaved.pop("cache", None)
    if cache is not None:
        _save_cache(cache)


def _held_stats(group: list[SearchDoc]) -> tuple | None:
    """(group, key, DocStats) of the last build when `group` is the same document list (a page
    or speech that did not change): neither hashed again nor converted again, and the same
    DocStats objects (kb.search.update compares documents by them)."""
    held = _group_stats.get(id(group))
    return held if held is not None and held[0] is group else None


def _entries_now() -> dict[str, list[dict]]:
    """The entries of every non-speech page that exists now, by page in page order: made in
    this build for the pages rendered, kept from earlier builds for the others (a dirty build
    renders only changed pages)."""
    pages = _state.get("pages")
    for page in list(_entries_by_page):
        if pages is not None and page not in pages:
            del _entries_by_page[page]
    return {page: _entries_by_page[page] for page in sorted(_entries_by_page)}


def _page_groups(corpus, boosts: dict[str, float]) -> list[list[SearchDoc]]:
    """The documents of the non-speech pages, page by page, each page's own document first."""
    entries = _entries_now()
    titles = [s.meta.title for s in corpus.speeches]
    texts = {s.id: [p.text for sec in s.sections for p in sec.paragraphs] for s in corpus.speeches}
    if _serving:   # page by page, kept across builds
        return _page_docs.groups(entries, texts, titles, boosts)
    docs = order_docs(page_docs([e for page in entries.values() for e in page],
                                [t for speech in texts.values() for t in speech], titles, boosts))
    groups: list[list[SearchDoc]] = []
    for doc in docs:
        if not groups or groups[-1][0].page != doc.page:
            groups.append([])
        groups[-1].append(doc)
    return groups


def build_index(config, site: Path) -> dict:
    root = Path(config["config_file_path"]).parent
    speeches_dir = Path(config["docs_dir"]) / urls.SPEECHES_DIR
    glossary = load_project_glossary(root, speeches_dir).glossary
    terms = _terms(glossary)
    analyzer, signature = _analyzer(terms)

    corpus = load_corpus(speeches_dir)
    boosts = {term.url: GLOSSARY_BOOST for term in glossary.terms}
    groups = _page_groups(corpus, boosts) + [_speech_docs(s) for s in corpus.speeches]
    docs = [d for g in groups for d in g]
    stats = _all_stats(groups, analyzer, signature, root / CACHE_FILE)
    if _serving:
        manifest, tokens, chars = _kept_index(docs, stats, signature, site.resolve())
    else:
        manifest, tokens, chars = _fresh_index(docs, stats, site)

    index = json.loads((site / INDEX_PATH).read_text("utf-8"))
    index = {"config": {**index["config"], "kb": {
        **manifest, "aliases": alias_keys(terms), "chars": dict(sorted(chars.items())),
        "special": special_pattern(terms.words())}}, "docs": []}
    (site / INDEX_PATH).write_text(dumps(index), encoding="utf-8")
    _write_if_changed(site / DICT_PATH, jieba_user_dict(terms, JIEBA_FREQ))
    log.info("search: %d documents, %d tokens, %d shards", len(docs), tokens, manifest["shards"])
    return index


def _fresh_index(docs: list[SearchDoc], stats: list[DocStats], site: Path
                 ) -> tuple[dict, int, dict[str, str]]:
    """The index from scratch (`mkdocs build`): (manifest, number of tokens, traditional
    characters)."""
    lists = postings(docs, stats)
    files, manifest = index_files(docs, lists)
    target = site / "search" / manifest["dir"]
    _remove_other_dirs(site, target)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return manifest, len(lists), traditional_char_map(han_chars(lists), opencc_s2t())


@dataclass
class _Kept:
    """The index of the last `mkdocs serve` build, which the next one updates."""
    signature: str           # the analyzer's: another one indexes afresh
    site: Path
    scored: ScoredIndex
    files: IndexFiles
    chars: TokenChars
    directory: Path | None   # where `files` are written


_kept: _Kept | None = None


def _kept_index(docs: list[SearchDoc], stats: list[DocStats], signature: str, site: Path
                ) -> tuple[dict, int, dict[str, str]]:
    """The index updated from the last serve build's where documents changed (the same files
    as _fresh_index): (manifest, number of tokens, traditional characters). Only files whose
    bytes changed are written."""
    global _kept
    keys, boosts = [(d.page, d.anchor) for d in docs], [d.boost for d in docs]
    kept, _kept = _kept, None          # forgotten unless the update completes
    if kept is not None and kept.site != site:
        kept = None                    # nothing there to update or to link to
    if kept is not None and kept.signature == signature:
        changes = kept.scored.update(keys, stats, boosts)
        changed = kept.files.update(docs, kept.scored.lists, changes)
        if changes is None:
            kept.chars = TokenChars(kept.scored.lists)
        else:
            kept.chars.update(changes.added, changes.removed)
    else:   # the first build, or new glossary words: every token may be cut differently
        scored = ScoredIndex(keys, stats, boosts)
        files = IndexFiles(docs, scored.lists)
        changed = None if kept is None else {n for n, data in files.data.items()
                                             if kept.files.data.get(n) != data}
        kept = _Kept(signature, site, scored, files, TokenChars(scored.lists),
                     kept.directory if kept is not None else None)
    kept.directory = _write_dir(site, kept.files, kept.directory, changed)
    _kept = kept
    return (kept.files.manifest, len(kept.scored.lists),
            traditional_char_map(kept.chars.chars(), _traditional))


def _write_dir(site: Path, files: IndexFiles, previous: Path | None, changed: set[str] | None
               ) -> Path:
    """search/kb-<hash>/ with `files`, and no other kb-* folder. The folder's name is the hash
    of all its files, so a folder of that name already there holds them; a new folder gets the
    files whose text `changed` written and the others hard-linked from the `previous` folder
    (written when that fails), before the previous folder is removed: a browser reads a whole
    old index or a whole new one, never a mix."""
    target = site / "search" / files.manifest["dir"]
    if target == previous and target.is_dir():
        return target
    target.mkdir(parents=True, exist_ok=True)
    linkable = changed is not None and previous is not None
    for name, data in files.data.items():
        if not (linkable and name not in changed and _link(previous / name, target / name)):
            (target / name).write_bytes(data)
    _remove_other_dirs(site, target)
    return target


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:   # gone, another file system, no hard links: write it instead
        return False


def _remove_other_dirs(site: Path, target: Path) -> None:
    for stale in (site / "search").glob("kb-*"):
        if stale != target:
            shutil.rmtree(stale)


@functools.lru_cache(maxsize=1)
def _s2t():
    return opencc_s2t()


@functools.lru_cache(maxsize=None)
def _traditional(char: str) -> str:
    """OpenCC's traditional form of one character, remembered across serve builds."""
    return _s2t()(char)


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.write_bytes(data)


def write_worker(site: Path) -> Path:
    """Our worker under its content-hashed name, in place of Material's."""
    name, js = _state["worker"]
    workers = site / WORKERS_DIR
    for stale in workers.glob("search.*.min.js*"):
        if stale.name != name:
            stale.unlink()
    _write_if_changed(workers / name, js)
    return workers / name


# Priority -50: after Material's search plugin (priority 0) has written search_index.json in
# its on_post_build; independent of the other hooks' post-build steps.
def on_post_build(config):
    site = Path(config["site_dir"])
    if not (site / INDEX_PATH).is_file() or "worker" not in _state:
        return   # search plugin disabled
    # Building the index makes millions of small objects (token counts, postings) and no
    # reference cycles; the garbage collector, triggered by the allocations, would walk the
    # whole build's heap again and again (~0.3 s of index_files alone at 300 speeches).
    enabled = gc.isenabled()
    gc.disable()
    try:
        build_index(config, site)
    finally:
        if enabled:
            gc.enable()
    write_worker(site)


on_post_build.mkdocs_priority = -50


def on_build_error(error):
    global _kept
    _kept = None   # its folder may be half written: the next build starts afresh
