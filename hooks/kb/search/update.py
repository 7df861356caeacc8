"""The search index kept up to date across builds (`mkdocs serve`): after one speech is edited,
only the postings, shards and page files that change are computed again. The results are
always those of kb.search.shards.postings and index_files on the whole new corpus.

Postings (`ScoredIndex`). A BM25 score depends on global figures: the number of documents,
each token's document frequency and the average document length. An edit that keeps the list
of documents leaves the first unchanged; the frequencies change only for tokens that enter or
leave a document (their lists are scored again); the average changes a little, and with it
every score, but a score is published rounded to an integer, so most rounded scores stay the
same. For each document we keep how far 1/average may move before any of its rounded scores
could change (a bound, not an estimate: see `_scores`); only documents whose bound the new
average passes are scored again. A change in the list of documents (a speech or section added
or removed) changes every id and score: the postings are made again from scratch.

Files (`IndexFiles`): each token's part of its shard is kept as JSON text (UTF-8), so a shard
is re-joined, not re-encoded; page files are encoded again only for pages whose documents
changed.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain
from json.encoder import encode_basestring

from kb.search import shards as _shards   # MAX_POSTINGS read at call time (tests lower it)
from kb.search.documents import SearchDoc
from kb.search.shards import (B, EXACT_TITLE, K1, MAX_PAGES, TITLE_WEIGHT, DocStats, dumps,
                            TokenShards, shards_for, signed_entries, token_size)
from kb.search.terms import han_chars

# Relative slack against floating-point error: scores are computed with a relative error near
# 1e-16; a document whose rounded scores might be within 1e-9 of a rounding boundary is
# scored again rather than trusted.
_EPS = 1e-9


def idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))   # as postings() computes it


def average_length(total: int, n: int) -> float:
    return max((total / n) if n else 1.0, 1.0)        # as postings() computes it


def term_frequencies(s: DocStats) -> dict[str, float]:
    """token -> tf: the title's weight counted TITLE_WEIGHT times plus the text's, summed as
    postings() sums them (the absent part left out)."""
    tfs = dict(s.text)
    for token, weight in s.title.items():
        in_text = s.text.get(token)
        tfs[token] = TITLE_WEIGHT * weight if in_text is None else TITLE_WEIGHT * weight + in_text
    return tfs


def term_frequency(s: DocStats, token: str) -> float:
    """term_frequencies(s)[token]."""
    in_title, in_text = s.title.get(token), s.text.get(token)
    if in_title is None:
        return in_text
    return TITLE_WEIGHT * in_title if in_text is None else TITLE_WEIGHT * in_title + in_text


def same_stats(a: DocStats, b: DocStats) -> bool:
    return a is b or (a.length == b.length and a.title_key == b.title_key and a.title == b.title
                      and a.text == b.text)


@dataclass
class Changes:
    """What one update changed: tokens whose posting list may differ, tokens that are new in
    the index, tokens gone from it."""
    tokens: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


class ScoredIndex:
    """postings(docs, stats), updated in place as documents change (see the module notes).

    `lists` is postings()' result (a read-only mapping); `scores[i]` document i's rounded
    score for each of its tokens; `top[token]` the documents of its list, best first (the
    scores are read from `scores`: the lists take little memory); `lo[i]` < 1/average <
    `hi[i]` is where all of document i's rounded scores are known to be what a fresh
    computation gives."""

    # Scoring more than this share of the documents again: quicker from scratch.
    redo_share = 0.5

    def __init__(self, keys: list[tuple[str, str]], stats: list[DocStats], boosts: list[float]):
        self._full(keys, stats, boosts)

    # ------------------------------------------------------------------ from scratch
    def _full(self, keys, stats, boosts) -> None:
        self.keys, self.stats, self.boosts = list(keys), list(stats), list(boosts)
        self.n = n = len(self.stats)
        self.total = sum(s.length for s in self.stats)
        df: Counter = Counter()
        for s in self.stats:
            df.update(s.title.keys() | s.text.keys())
        self.idf = {t: idf(n, f) for t, f in df.items()}
        self._set_average()
        self.scores: list[dict[str, int]] = [{}] * n
        self.lo, self.hi = [0.0] * n, [0.0] * n
        entries: dict[str, list[tuple[int, int]]] = {t: [] for t in df}
        self.holders = {t: [] for t in df}
        for i in range(n):
            self._score_doc(i, entries)
        self.top = {t: _best(e) for t, e in entries.items()}
        self.lists = PostingLists(self)

    def _set_average(self) -> None:
        self.avg = average_length(self.total, self.n)
        self.x = 1 / self.avg

    # ------------------------------------------------------------------ scoring
    def _score_doc(self, i: int, entries: dict[str, list] | None = None) -> None:
        scores, reach = self._scores(i, term_frequencies(self.stats[i]), entries)
        self.scores[i] = scores
        self.lo[i], self.hi[i] = self.x - reach, self.x + reach

    def _score_pair(self, token: str, i: int) -> None:
        """Score one token of document i again (its idf changed); the document's other scores
        keep their range, narrowed to this score's."""
        scores, reach = self._scores(i, {token: term_frequency(self.stats[i], token)})
        self.scores[i][token] = scores[token]
        self.lo[i] = max(self.lo[i], self.x - reach)
        self.hi[i] = min(self.hi[i], self.x + reach)

    def _scores(self, i: int, tfs: dict[str, float], entries: dict[str, list] | None = None
                ) -> tuple[dict[str, int], float]:
        """(token -> rounded score, reach) for document i: the scores as postings() computes
        them, and how far x = 1/average may move with none of them rounding differently.

        With norm(x) = a + b·x (a = K1·(1-B), b = K1·B·length) a score is s(x) = P·tf/(tf +
        norm(x)), so |s(x') - s(x)| = s(x)·b·|x' - x| / (tf + norm(x')); for |x' - x| <= x/2,
        norm(x') >= a + b·x/2. The rounded score stays while the change is below `room`, the
        distance from s(x) to the nearest rounding boundary: |x' - x| < room·(tf + a + b·x/2)
        / (s·b). With `entries` (a build from scratch) each (-score, i) is also appended to
        its token's list there, and i to the token's holders."""
        s, boost = self.stats[i], self.boosts[i]
        avg, x, idf_of = self.avg, self.x, self.idf
        norm = K1 * (1 - B + B * max(s.length, 1) / avg)
        other = min(boost, 1.0) * 100
        own = boost * 100 * EXACT_TITLE
        title_key, k1, holders = s.title_key, K1 + 1, self.holders
        b = K1 * B * max(s.length, 1)
        floor = K1 * (1 - B) + b * x / 2
        out: dict[str, int] = {}
        reach, eps = math.inf, _EPS
        for token, tf in tfs.items():
            score = idf_of[token] * tf * k1 / (tf + norm) * (own if title_key == token else other)
            rounded = round(score)
            out[token] = value = rounded or 1
            if entries is not None:
                entries[token].append((-value, i))
                holders[token].append(i)
            off = score - rounded
            room = ((0.5 - (off if off >= 0 else -off) - eps * (score + 1)) * (tf + floor)
                    / (score or 1e-300))   # (a score of 0 stays 0)
            if room < reach:
                reach = room
        return out, min(reach / b * (1 - _EPS), x / 2)

    def _gather(self, token: str) -> list[int]:
        """The token's listed documents from every holder's score."""
        scores = self.scores
        return _best([(-scores[i][token], i) for i in self.holders[token]])

    # ------------------------------------------------------------------ updates
    def update(self, keys: list[tuple[str, str]], stats: list[DocStats], boosts: list[float]
               ) -> Changes | None:
        """Bring the postings up to date with the documents (page, anchor) `keys`; None when
        they were made again from scratch (the list of documents changed, or most documents
        must be scored again)."""
        if keys != self.keys:
            self._full(keys, stats, boosts)
            return None
        changed = [i for i, (new, old, boost, was)
                   in enumerate(zip(stats, self.stats, boosts, self.boosts))
                   if boost != was or not same_stats(new, old)]
        old = {i: self.stats[i] for i in changed}
        self.stats, self.boosts = list(stats), list(boosts)
        if not changed:
            return Changes()
        changes = self._move_tokens(old)
        self._set_average()
        lo, hi, x = self.lo, self.hi, self.x
        redo = set(changed).union(i for i in range(self.n) if not lo[i] < x < hi[i])
        if len(redo) > self.n * self.redo_share:
            self._full(keys, stats, boosts)
            return None
        touched = self._rescore(redo, changes.tokens)
        for token in changes.tokens - changes.removed:
            for i in self.holders[token]:
                if i not in redo:
                    self._score_pair(token, i)
            self.top[token] = self._gather(token)
        for token, docs in touched.items():
            self.top[token] = self._merge(token, docs)
        changes.tokens |= touched.keys()
        return changes

    def _move_tokens(self, old: dict[int, DocStats]) -> Changes:
        """Holders, idf and total length after documents `old` (their former stats) changed;
        the tokens that entered or left a document."""
        changes = Changes()
        for i, was in old.items():
            now = self.stats[i]
            before, after = was.title.keys() | was.text.keys(), now.title.keys() | now.text.keys()
            for token in before - after:
                self.holders[token].remove(i)
                changes.tokens.add(token)
            for token in after - before:
                if token not in self.holders:
                    self.holders[token] = []
                    changes.added.add(token)
                self.holders[token].append(i)
                changes.tokens.add(token)
            self.total += now.length - was.length
        for token in changes.tokens:
            if self.holders[token]:
                self.idf[token] = idf(self.n, len(self.holders[token]))
            else:
                del self.holders[token], self.idf[token]
                self.top.pop(token, None)
                changes.removed.add(token)
        return changes

    def _rescore(self, redo: set[int], moved: set[str]) -> dict[str, dict[int, int]]:
        """Score documents `redo` again; {token: {doc: former score}} for the scores that
        changed (tokens in `moved` are listed again from all their holders anyway)."""
        touched: dict[str, dict[int, int]] = {}
        for i in redo:
            before = self.scores[i]
            self._score_doc(i)
            for token, score in self.scores[i].items():
                if before.get(token) != score and token not in moved:
                    touched.setdefault(token, {})[i] = before[token]
        return touched

    def _merge(self, token: str, former: dict[int, int]) -> list[int]:
        """The token's list after documents `former` (their former scores) were scored again
        (its holders unchanged)."""
        top, scores = self.top[token], self.scores
        keep = [(-scores[i][token], i) for i in top if i not in former]
        fresh = [(-scores[i][token], i) for i in former]
        if len(self.holders[token]) > _shards.MAX_POSTINGS:
            # Unlisted holders all come after the last listed entry: enough entries before it
            # make the new list; else a listed document fell back and who follows is unknown.
            i = top[-1]
            last = (-former.get(i, scores[i][token]), i)
            fresh = [entry for entry in fresh if entry < last]
            if len(keep) + len(fresh) < _shards.MAX_POSTINGS:
                return self._gather(token)
        return _best(keep + fresh)


def _best(entries: list[tuple[int, int]]) -> list[int]:
    """The documents of (-score, doc) entries as postings() lists them: best first, ties by
    doc id, at most MAX_POSTINGS."""
    return [i for _, i in sorted(entries)[:_shards.MAX_POSTINGS]]


class PostingLists(Mapping):
    """token -> [(doc, score)] of a ScoredIndex, made when asked for."""

    def __init__(self, index: ScoredIndex):
        self._index = index

    def __getitem__(self, token: str) -> list[tuple[int, int]]:
        scores = self._index.scores
        return [(i, scores[i][token]) for i in self._index.top[token]]

    def __iter__(self):
        return iter(self._index.top)

    def __len__(self) -> int:
        return len(self._index.top)


# ---------------------------------------------------------------------------------- files
def _part(token: str, entries: list[tuple[int, int]], own: dict[str, int]) -> bytes:
    """The token's member of its shard's JSON object, as dumps() writes it (UTF-8), its own
    page's score negated (kb.search.shards.signed_entries)."""
    return (encode_basestring(token) + ":[" + ",".join(map(str, signed_entries(token, entries, own)))
            + "]").encode("utf-8")


def _pages(docs: list[SearchDoc]) -> tuple[list[int], list[tuple[str, list[SearchDoc]]]]:
    starts: list[int] = []
    pages: list[tuple[str, list[SearchDoc]]] = []
    for i, doc in enumerate(docs):
        if not pages or pages[-1][0] != doc.page:
            starts.append(i)
            pages.append((doc.page, []))
        pages[-1][1].append(doc)
    return starts, pages


def _page_data(page: str, docs: list[SearchDoc]) -> bytes:
    return dumps({"u": page, "d": [[d.anchor, d.title, d.blocks] for d in docs]}).encode("utf-8")


class IndexFiles(TokenShards):
    """index_files(docs, lists), kept up to date: `data`, each file's text in UTF-8 by name, and
    the manifest. An update serialises again only the shards holding a changed token (from
    each token's part, kept) and the pages whose documents changed."""

    def __init__(self, docs: list[SearchDoc], lists: Mapping[str, list[tuple[int, int]]],
                 own: dict[str, int] | None = None):
        # Each token's own page (kb.search.shards.own_docs). Only a glossary page's document is
        # one, and it changes only with the glossary (a new index) or the document ids (a
        # full update, which passes the new mapping).
        self.own = dict(own or {})
        self._full(docs, lists)

    def _full(self, docs, lists) -> None:
        self.sizes: dict[str, int] = {}
        self.parts: dict[str, bytes] = {}
        for token, entries in lists.items():
            self.sizes[token] = token_size(token, entries)
            self.parts[token] = _part(token, entries, self.own)
        self.size = sum(self.sizes.values())
        self._deal(shards_for(self.size))
        self.data = {f"s{k}.json": self._shard(k) for k in range(self.shards)}
        self.starts, self.pages = _pages(docs)
        for n, (page, group) in enumerate(self.pages):
            self.data[f"p{n}.json"] = _page_data(page, group)
        self._name()

    def _name(self) -> None:
        digest = hashlib.sha256()
        for name in sorted(self.data):
            digest.update(name.encode() + b"\0" + self.data[name] + b"\0")
        self.manifest = {"dir": f"kb-{digest.hexdigest()[:12]}", "shards": self.shards,
                         "starts": self.starts, "pages": MAX_PAGES}

    def update(self, docs: list[SearchDoc], lists: Mapping[str, list[tuple[int, int]]],
               changes: Changes | None, own: dict[str, int] | None = None) -> set[str]:
        """Follow the documents and postings after ScoredIndex.update gave `changes` (None: the
        documents changed wholesale). The names of the files whose bytes changed."""
        before = self.data
        own = dict(own or {})
        if own != self.own:
            self.own, changes = own, None
        if changes is None:
            self._full(docs, lists)
        else:
            self.data = dict(before)
            self._update_shards(lists, changes)
            self._update_pages(docs)
            self._name()
        return {name for name, data in self.data.items()
                if before.get(name) is not data and before.get(name) != data}

    def _update_shards(self, lists, changes: Changes) -> None:
        def encoded(token: str):
            entries = lists.get(token)
            return None if entries is None else (_part(token, entries, self.own), token_size(token, entries))
        shards = self.shards
        dirty = self._reencode(changes.tokens, encoded)
        if self.shards != shards:   # dealt out again: no old shard file stays
            self.data = {n: d for n, d in self.data.items() if not n.startswith("s")}
        for k in dirty:
            self.data[f"s{k}.json"] = self._shard(k)

    def _update_pages(self, docs: list[SearchDoc]) -> None:
        starts, pages = _pages(docs)
        for n, ((page, group), (_, old)) in enumerate(zip(pages, self.pages)):
            if len(group) != len(old) or any(a is not b for a, b in zip(group, old)):
                self.data[f"p{n}.json"] = _page_data(page, group)
        self.starts, self.pages = starts, pages


class TokenChars:
    """han_chars(tokens) kept as tokens come and go: how many tokens hold each character."""

    def __init__(self, tokens):
        self.counts: Counter = Counter(ch for token in tokens for ch in han_chars([token]))

    def update(self, added: set[str], removed: set[str]) -> None:
        for token in added:
            self.counts.update(han_chars([token]))
        for token in removed:
            self.counts.subtract(han_chars([token]))
        for char in [c for c, n in self.counts.items() if n <= 0]:
            del self.counts[char]

    def chars(self) -> set[str]:
        return set(self.counts)
