"""The site's search index, built from the corpus and the rendered pages (no MkDocs imports:
hooks/search_index.py calls this at the right events).

1. Speech documents (one per section) come from the structured corpus (kb.search.documents),
   not from their HTML; the other pages' sections are cut from their final HTML with one regex
   pass, then compacted (kb.search.compact). Those are kept per page across builds, so a
   `mkdocs serve --dirty` rebuild, which renders only changed pages, still indexes every page.
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
5. While serving, the index is kept between builds (kb.search.update): a rebuild after an edit
   scores again only the documents whose rounded scores may change, serialises only the shards
   and page files that change, and writes only those, into a new kb-<hash>/ folder whose other
   files are hard links to the previous folder's. The files are those a fresh build writes.
   A plain build makes the index from scratch and keeps nothing.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from kb.build import urls
from kb.build.library_tables import library_version
from kb.build.parallel import fork_map
from kb.corpus.loading import load_corpus
from kb.glossary.assembly import JIEBA_FREQ, load_project_glossary
from kb.search.documents import PageDocs, SearchDoc, order_docs, page_docs, page_entries, speech_docs
from kb.search.segment import tokenizer
from kb.search.shards import (CACHE_VERSION, MAX_PAGES, MAX_POSTINGS, Analyzer, DocStats, doc_stats, dumps,
                              own_docs, plan_index, postings, put_index_files, stats_from_json, stats_to_json)
from kb.search.suggest import suggest_data
from kb.search.terms import (SearchTerms, alias_keys, han_chars, jieba_user_dict, opencc_s2t,
                             search_terms, special_pattern, special_starts,
                             traditional_char_map)
from kb.search.results import (ResultsFiles, install_folder, new_folder, remove_other_folders, results_meta,
                              write_fresh_results, write_results)
from kb.search.update import IndexFiles, ScoredIndex, TokenChars
from kb.topics.classify import classify_corpus
from kb.topics.taxonomy import TaxonomyError, load_taxonomy, taxonomy_path

log = logging.getLogger("mkdocs.hooks.search_index")

INDEX_PATH = "search/search_index.json"
# The words the index was cut with, for other tools that segment our text the same way.
DICT_PATH = "search/jieba_user_dict.txt"
WORKERS_DIR = "assets/javascripts/workers"
WORKER_SOURCE = Path(__file__).parent / "worker.js"
CACHE_FILE = ".kb-cache/search-tokens.pickle"   # token counts by page content (gitignored)
# Elements that are navigation or a copy of text indexed elsewhere, not content of their page:
# paragraph marks, topic badges, passages quoted from speeches (indexed in the speech itself).
# Glossary pages: quoted mention sentences, charts, badge lists of related terms and the index
# list (a copy of each term page's definition).
# Generated pages: chart captions and data tables (overview), lists made of terms, topics or
# speeches (onboarding's reading order, topics, latest speeches and role terms; the handbook's
# entries, a copy of each term page's definition; a topic's table of subtopics): their words
# are found on the pages they list, and would otherwise outrank the speeches.
EXCLUDED_CLASSES = frozenset({
    "kb-para-anchor", "kb-topic-mix", "kb-topic-badges", "kb-topic-terms",
    "kb-passage", "kb-passage-meta",
    "kb-mentions", "kb-chart", "kb-related", "kb-glossary-index", "kb-pager", "kb-mention-years",
    "kb-review",      # 提法审定: the evidence and review commands of extracted terms
    "kb-chart-text", "kb-chart-table", "kb-mix-row",
    "kb-reading-order", "kb-onboarding-topics", "kb-onboarding-speeches", "kb-role-terms",
    "kb-hb-entry", "kb-hb-toc", "kb-subtopic-table",
})
# A glossary term's further pages of mentions (glossary/<slug>/2/, ...): quoted sentences and a
# copy of the definition, nothing of their own to find.
_MENTION_PAGE = re.compile(r"glossary/[^/]+/\d+/")
GLOSSARY_BOOST = 4.0      # a term's own glossary page ranks above the sections quoting it
# Every page's config names Material's worker, "…/workers/search.<hash>.min.js".
_WORKER_REF = re.compile(r'("search":\s*"[^"]*workers/)search\.[0-9a-f]+\.min\.js"')


def worker_name(js: str) -> str:
    """search.<content hash>.min.js: a rebuilt worker never hides behind a cached old one."""
    return f"search.{hashlib.sha256(js.encode('utf-8')).hexdigest()[:12]}.min.js"


# Comments of the scripts sent to browsers (whole-line and end-of-line /* ... */; the sources
# hold no "/*" in a string or regex), indentation and blank lines: a third of the worker's
# gzipped bytes.
_JS_LINE_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.S | re.M)
_JS_END_COMMENT = re.compile(r"[ \t]+/\*[^\n]*?\*/[ \t]*$", re.M)
_JS_INDENT = re.compile(r"^[ \t]+", re.M)
_JS_BLANK = re.compile(r"\n{2,}")


def compact_js(js: str) -> str:
    """`js` without its comments, indentation and blank lines (the same code)."""
    js = _JS_INDENT.sub("", _JS_END_COMMENT.sub("", _JS_LINE_COMMENT.sub("", js)))
    return _JS_BLANK.sub("\n", js).lstrip("\n")


def read_worker() -> tuple[str, str]:
    """(file name, text) of our worker, as sent: compact_js of its source."""
    js = compact_js(WORKER_SOURCE.read_text("utf-8"))
    return worker_name(js), js


def point_at_worker(output: str, name: str) -> str:
    """A page with its config pointing at our worker `name`; beside it goes how many result
    pages the worker lists at most (assets/kb.js words the count by it)."""
    return _WORKER_REF.sub(f"\\1{name}\", \"kbResultPages\": {MAX_PAGES}", output)


def is_speech_uri(uri: str) -> bool:
    return uri.startswith(urls.SPEECHES_DIR + "/") and uri.endswith(".md") and \
        uri != urls.SPEECHES_DIR + "/index.md"


def is_indexed_from_html(src_uri: str, url: str) -> bool:
    """Pages whose search entries are cut from their HTML: all but speeches (indexed from the
    corpus) and a term's further pages of mentions."""
    return not is_speech_uri(src_uri) and not _MENTION_PAGE.fullmatch(url)


class Unsegmented:
    """Stands in for `jieba` inside Material's search plugin: each Han run stays one piece
    (the index is cut with the glossary-aware tokenizer; cutting in the plugin too would be the
    same work twice)."""

    @staticmethod
    def cut(sentence, *args, **kwargs):
        return [sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence]

    @staticmethod
    def set_dictionary(path):   # plugin options jieba_dict / jieba_dict_user: our cut decides
        pass

    load_userdict = set_dictionary


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


def _group_key(docs: list[SearchDoc], signature: str) -> str:
    return hashlib.sha256(dumps([signature, [[d.anchor, d.title, d.blocks] for d in docs]])
                          .encode("utf-8")).hexdigest()


@dataclass
class _Kept:
    """The index of the last serve build, which the next one updates."""
    signature: str           # the analyzer's: another one indexes afresh
    site: Path
    scored: ScoredIndex
    files: IndexFiles
    chars: TokenChars
    directory: Path | None   # where `files` are written


class SiteIndex:
    """Everything the index keeps across builds of one process: search entries per non-speech
    page, token counts per content (as JSON-like lists, and as DocStats per page, by the page's
    document list), documents per speech, and while serving the last index itself."""

    def __init__(self, serving: bool = False):
        self.serving = serving
        self._entries_by_page: dict[str, list[dict]] = {}
        self._stats_memo: dict[str, list] = {}
        self._group_stats: dict[int, tuple[list[SearchDoc], str, list[DocStats]]] = {}
        self._group_signature = ""
        self._speech_memo: dict[str, tuple] = {}
        self._cache_loaded = False
        self._unsaved: dict[str, Path] = {}   # serving: the token cache file to write at the end
        self._page_docs = PageDocs()
        self._kept: _Kept | None = None
        self._results: tuple | None = None   # serving: (ResultsFiles, site, its folder)

    # -- collect ------------------------------------------------------------------------------

    def add_page(self, url: str, title: str, html: str) -> None:
        """The search entries of one rendered non-speech page."""
        self._entries_by_page[url] = page_entries(url, title, html, EXCLUDED_CLASSES)

    def _entries_now(self, pages: set[str] | None) -> dict[str, list[dict]]:
        """The entries of every non-speech page that exists now, by page in page order: made in
        this build for the pages rendered, kept from earlier builds for the others (a dirty build
        renders only changed pages)."""
        for page in list(self._entries_by_page):
            if pages is not None and page not in pages:
                del self._entries_by_page[page]
        return {page: self._entries_by_page[page] for page in sorted(self._entries_by_page)}

    # -- documents ----------------------------------------------------------------------------

    def _speech_docs(self, speech) -> list[SearchDoc]:
        """kb.search.documents.speech_docs, memoised per parsed speech (kb.corpus.loading keeps
        the same object while the file is unchanged)."""
        held = self._speech_memo.get(speech.id)
        if held is None or held[0] is not speech:
            held = self._speech_memo[speech.id] = (speech, speech_docs(speech, urls.speech_url(speech.id)))
        return held[1]

    def _page_groups(self, corpus, boosts: dict[str, float], pages: set[str] | None
                     ) -> list[list[SearchDoc]]:
        """The documents of the non-speech pages, page by page, each page's own document first."""
        entries = self._entries_now(pages)
        titles = [s.meta.title for s in corpus.speeches]
        texts = {s.id: [p.text for sec in s.sections for p in sec.paragraphs] for s in corpus.speeches}
        if self.serving:   # page by page, kept across builds
            return self._page_docs.groups(entries, texts, titles, boosts)
        docs = order_docs(page_docs([e for page in entries.values() for e in page],
                                    [t for speech in texts.values() for t in speech], titles, boosts))
        groups: list[list[SearchDoc]] = []
        for doc in docs:
            if not groups or groups[-1][0].page != doc.page:
                groups.append([])
            groups[-1].append(doc)
        return groups

    # -- token counts -------------------------------------------------------------------------

    def _load_cache(self, path: Path) -> None:
        """Token counts of an earlier process, once per process (a fresh build)."""
        if self._cache_loaded or not path.is_file():
            return
        try:
            with path.open("rb") as f:
                self._stats_memo.update(pickle.load(f))
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass
        self._cache_loaded = True

    def _all_stats(self, groups: list[list[SearchDoc]], analyzer: Analyzer, signature: str,
                   cache: Path) -> list[DocStats]:
        """Token counts of every document, by page: memoised by content (in memory across
        serve rebuilds, on disk in one file across processes, holding this build's pages
        only)."""
        self._load_cache(cache)
        if self._group_signature != signature:
            self._group_stats.clear()
            self._group_signature = signature
        held = [self._held_stats(g) for g in groups]
        keys = [h[1] if h else _group_key(g, signature) for g, h in zip(groups, held)]
        missing: dict[str, list[SearchDoc]] = {}
        for key, group in zip(keys, groups):
            if key not in self._stats_memo and key not in missing:
                missing[key] = group
        # Cutting the text into words is most of a cold index build: done on two cores.
        computed = fork_map(lambda group: [stats_to_json(doc_stats(d, analyzer)) for d in group],
                            list(missing.values()))
        self._stats_memo.update(zip(missing, computed))
        fresh = bool(missing)
        used = set(keys)
        for key in [k for k in self._stats_memo if k not in used]:
            del self._stats_memo[key]
        if fresh and self.serving:
            self._unsaved["cache"] = cache   # written once, when serving ends
        elif fresh:
            self._save_cache(cache)
        stats = [h[2] if h else [stats_from_json(d) for d in self._stats_memo[key]]
                 for key, h in zip(keys, held)]
        self._group_stats.clear()
        if self.serving:
            self._group_stats.update((id(g), (g, key, st)) for g, key, st in zip(groups, keys, stats))
        else:   # a one-off build keeps nothing for another: the counts are most of its memory
            self._stats_memo.clear()
            self._cache_loaded = False
        return [s for group in stats for s in group]

    def _save_cache(self, cache: Path) -> None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(self._stats_memo, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)

    def save_unsaved(self) -> None:
        """Serving ends: the token counts of its last build for the next process. (Pickling
        them all after every rebuild was a tenth of a second at 1,000 speeches; killed harder,
        serve leaves the older file, which is only a slower start.)"""
        cache = self._unsaved.pop("cache", None)
        if cache is not None:
            self._save_cache(cache)

    def _held_stats(self, group: list[SearchDoc]) -> tuple | None:
        """(group, key, DocStats) of the last build when `group` is the same document list (a
        page or speech that did not change): neither hashed again nor converted again, and the
        same DocStats objects (kb.search.update compares documents by them)."""
        held = self._group_stats.get(id(group))
        return held if held is not None and held[0] is group else None

    # -- the index ----------------------------------------------------------------------------

    def build(self, root: Path, speeches_dir: Path, site: Path, pages: set[str] | None) -> dict:
        """Write the index of `site` (whose search_index.json Material's plugin wrote) for the
        project at `root`; `pages` are the site's page URLs (None: keep every page seen)."""
        glossary = load_project_glossary(root, speeches_dir).glossary
        terms = _terms(glossary)
        analyzer, signature = _analyzer(terms)

        corpus = load_corpus(speeches_dir)
        boosts = {term.url: GLOSSARY_BOOST for term in glossary.terms}
        groups = self._page_groups(corpus, boosts, pages) + [self._speech_docs(s) for s in corpus.speeches]
        docs = [d for g in groups for d in g]
        stats = self._all_stats(groups, analyzer, signature, root / CACHE_FILE)
        own = own_docs(docs, stats)
        if self.serving:
            manifest, tokens, chars, changed = self._kept_index(docs, stats, own, signature,
                                                                site.resolve())
            scored = self._kept.scored
            wanted = scored.holders if changed is None else changed
            every = {t: [(i, scored.scores[i][t]) for i in scored.holders[t]]
                     for t in wanted if t in scored.holders}
            results = self._kept_results(root, corpus, docs, every, changed, site)
        else:
            manifest, tokens, chars, every = _fresh_index(docs, stats, own, site)
            results = write_fresh_results(site, every, _results_meta(root, corpus, docs), corpus.speeches)

        index = json.loads((site / INDEX_PATH).read_text("utf-8"))
        index = {"config": {**index["config"], "kb": {
            **manifest, "aliases": alias_keys(terms), "chars": dict(sorted(chars.items())),
            "special": special_pattern(terms.words()), "results": results,
            **_speech_manifest(site, speech_pages(groups, len(groups) - len(corpus.speeches),
                                                  corpus.speeches)),
            "suggest": _write_suggest(site, glossary), "query": write_query(site)}}, "docs": []}
        (site / INDEX_PATH).write_text(dumps(index), encoding="utf-8")
        _write_if_changed(site / DICT_PATH, jieba_user_dict(terms, JIEBA_FREQ))
        log.info("search: %d documents, %d tokens, %d shards", len(docs), tokens, manifest["shards"])
        return index

    def forget_index(self) -> None:
        """A build failed: its folder may be half written, the next build starts afresh."""
        self._kept = None
        self._results = None

    def _kept_results(self, root: Path, corpus, docs: list[SearchDoc], every: dict,
                      changed: set[str] | None, site: Path) -> dict:
        """The results page's files updated from the last serve build's (kb.search.results:
        only the tokens in `changed` encoded again, None: all); only changed files are
        written, the others hard-linked. Their manifest part."""
        meta = _results_meta(root, corpus, docs)
        kept, self._results = self._results, None   # forgotten unless the update completes
        if kept is not None and changed is not None and kept[1] == site:
            files, _, directory = kept
            written = files.update(every, changed, meta, corpus.speeches)
        else:
            files, directory = ResultsFiles(every, meta, corpus.speeches), None
            if kept is not None and kept[1] == site:   # all anew, but written only where changed
                directory = kept[2]
                written = {n for n, data in files.data.items() if kept[0].data.get(n) != data}
            else:
                written = None
        directory = write_results(site, files, directory, written)
        self._results = (files, site, directory)
        return files.manifest

    def _kept_index(self, docs: list[SearchDoc], stats: list[DocStats], own: dict[str, int],
                    signature: str, site: Path) -> tuple[dict, int, dict[str, str], set[str] | None]:
        """The index updated from the last serve build's where documents changed (the same
        files as _fresh_index): (manifest, number of tokens, traditional characters, the tokens
        whose posting lists may have changed: None for all). Only files whose bytes changed
        are written."""
        keys, boosts = [(d.page, d.anchor) for d in docs], [d.boost for d in docs]
        kept, self._kept = self._kept, None          # forgotten unless the update completes
        if kept is not None and kept.site != site:
            kept = None                    # nothing there to update or to link to
        if kept is not None and kept.signature == signature:
            changes = kept.scored.update(keys, stats, boosts)
            changed = kept.files.update(docs, kept.scored.lists, changes, own)
            if changes is None:
                kept.chars = TokenChars(kept.scored.lists)
            else:
                kept.chars.update(changes.added, changes.removed)
        else:   # the first build, or new glossary words: every token may be cut differently
            changes = None
            scored = ScoredIndex(keys, stats, boosts)
            files = IndexFiles(docs, scored.lists, own)
            changed = None if kept is None else {n for n, data in files.data.items()
                                                 if kept.files.data.get(n) != data}
            kept = _Kept(signature, site, scored, files, TokenChars(scored.lists),
                         kept.directory if kept is not None else None)
        kept.directory = _write_dir(site, kept.files, kept.directory, changed)
        self._kept = kept
        return (kept.files.manifest, len(kept.scored.lists),
                traditional_char_map(kept.chars.chars(), _traditional),
                None if changes is None else changes.tokens)


def _results_meta(root: Path, corpus, docs: list[SearchDoc]) -> dict:
    """The results page's m.json (kb.search.results.results_meta), with the corpus's topics."""
    try:
        taxonomy = load_taxonomy(taxonomy_path(root))
    except TaxonomyError:   # reported by the topic_pages hook; the page then has no topic filter
        taxonomy, topics = None, None
    else:
        topics = classify_corpus(corpus, taxonomy)
    topic_ids = [(t.id, t.name) for t in taxonomy.topics] if taxonomy else []
    return results_meta(docs, corpus.speeches, topic_ids, topics)


def _fresh_index(docs: list[SearchDoc], stats: list[DocStats], own: dict[str, int], site: Path
                 ) -> tuple[dict, int, dict[str, str], dict[str, list[tuple[int, int]]]]:
    """The index from scratch (a plain build): (manifest, number of tokens, traditional
    characters, every posting uncapped for the results page). The worker's lists are the
    first MAX_POSTINGS of the uncapped ones (scored once). `stats` is emptied once scored.
    Each file is written as soon as it is made (index_files' files, which held at once were
    the peak of a build's memory)."""
    every = postings(docs, stats, capped=False)
    stats.clear()   # the caller's: scored, read no more, and as big as the postings
    plan = plan_index(docs, ((token, min(every.count(token), MAX_POSTINGS)) for token in every))
    folder = new_folder(site / "search")
    manifest = put_index_files(plan, docs, lambda token: every.head(token, MAX_POSTINGS), own,
                               lambda name, text: (folder / name).write_text(text, encoding="utf-8"))
    install_folder(folder, site / "search" / manifest["dir"], "kb-")
    return manifest, len(every), traditional_char_map(han_chars(every), opencc_s2t()), every


# The speeches index's heading for a year (kb.pages.speech._year_heading): "2022年（4 篇）".
_YEAR_HEADING = re.compile(r"(\d{4})年（\d+ 篇）")


def speech_pages(groups: list[list[SearchDoc]], first: int, speeches) -> dict:
    """`speeches` (the first speech page: the page groups from `first` on are the speeches, in
    corpus order) and `years`: {year: [index doc, start, end, ...]}, the
    document listing the year's speeches (the page speeches/<year>/ when there is one, else
    the year's section of speeches/; -1 when neither is indexed), then the runs [start, end) of
    page numbers of that year's speeches."""
    index_docs: dict[str, int] = {}
    doc = 0
    for group in groups[:first]:
        for d in group:
            year = None
            if d.page == urls.SPEECHES_DIR + "/" and d.anchor:
                m = _YEAR_HEADING.fullmatch(d.title)
                year = m.group(1) if m else None
            elif not d.anchor:
                m = re.fullmatch(re.escape(urls.SPEECHES_DIR) + r"/(\d{4})/", d.page)
                year = m.group(1) if m else None
                if year:
                    index_docs[year] = doc   # the year's own page wins over the section
            if year:
                index_docs.setdefault(year, doc)
            doc += 1
    years: dict[str, list[int]] = {}
    for n, speech in enumerate(speeches):
        year = str(speech.meta.year or "")
        if not re.fullmatch(r"\d{4}", year):
            continue
        runs = years.setdefault(year, [index_docs.get(year, -1)])
        if len(runs) > 1 and runs[-1] == first + n:
            runs[-1] += 1
        else:
            runs += [first + n, first + n + 1]
    return {"speeches": first, "years": dict(sorted(years.items()))}


def _suggest_entries(glossary) -> list[tuple[str, list[str]]]:
    """(term, aliases), the terms to offer first first: importance, then mentions, then term."""
    ordered = sorted(glossary.terms, key=lambda t: (-t.importance, -t.total, t.term))
    return [(t.term, list(t.aliases)) for t in ordered]


SUGGEST_SOURCE = Path(__file__).parent / "suggest.js"
QUERY_SOURCE = Path(__file__).parent / "query.js"


def write_query(site: Path) -> str:
    """search/query-<hash>.js: kb/search/query.js, how both the worker (importScripts) and the
    搜索 page read a query's text; its name."""
    return _write_named(site, "query", ".js", compact_js(QUERY_SOURCE.read_text("utf-8")))


def suggest_script(data: dict) -> str:
    """search/suggest-<hash>.js: kb/search/suggest.js and the data it works on
    (kb.search.suggest), which the worker loads only when a query needs them."""
    return (compact_js(SUGGEST_SOURCE.read_text("utf-8")) + "var KB_SUGGEST = withReadings("
            + dumps(data) + ");\n")


def _write_suggest(site: Path, glossary) -> str:
    """search/suggest-<hash>.js (suggest_script); its name."""
    return _write_named(site, "suggest", ".js",
                        suggest_script(suggest_data(_suggest_entries(glossary), _traditional, _S2T_NAME)))


def _speech_manifest(site: Path, pages: dict) -> dict:
    """The manifest's `speeches`, and as `years` the name of search/years-<hash>.js holding
    the years (speech_pages, years_script), which the worker loads only for a bare year."""
    return {"speeches": pages["speeches"], "years": _write_named(site, "years", ".js",
                                                                 years_script(pages["years"]))}


YEARS_SOURCE = Path(__file__).parent / "years.js"


def years_script(years: dict) -> str:
    """search/years-<hash>.js: kb/search/years.js and each year's entry (speech_pages)."""
    return compact_js(YEARS_SOURCE.read_text("utf-8")) + "var KB_YEARS = " + dumps(years) + ";\n"


def _write_named(site: Path, prefix: str, suffix: str, text: str) -> str:
    """search/<prefix>-<content hash><suffix>, no other <prefix>-*; its name."""
    name = f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}{suffix}"
    for stale in (site / "search").glob(f"{prefix}-*"):
        if stale.name != name:
            stale.unlink()
    _write_if_changed(site / "search" / name, text)
    return name


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
    remove_other_folders(target, "kb-")
    return target


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:   # gone, another file system, no hard links: write it instead
        return False


@functools.lru_cache(maxsize=1)
def _s2t():
    return opencc_s2t()


# What _traditional is, for tables kept per machine (kb.search.suggest.reading_table).
_S2T_NAME = ("opencc", library_version("opencc"), "s2t")


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


def write_worker(site: Path, name: str, js: str) -> Path:
    """Our worker under its content-hashed name, in place of Material's."""
    workers = site / WORKERS_DIR
    for stale in workers.glob("search.*.min.js*"):
        if stale.name != name:
            stale.unlink()
    _write_if_changed(workers / name, js)
    return workers / name
