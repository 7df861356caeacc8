"""A small sharded static search index (no lunr): postings precomputed at build time, split
into files so that a query fetches only what it needs.

Layout under `search/kb-<hash>/` (the hash of all files, so a rebuilt index never mixes with a
cached old one):

- `s<N>.json`: postings, {token: [doc, score, doc, score, ...]} best first, at most
  MAX_POSTINGS per token. A score is negative for the token's own page (`own_docs`: a glossary
  term's page for its term), which the worker always lists first; its rank is its absolute
  value. A token lives in shard `shard_of(token[:2])` (FNV-1a of its first
  two characters, modulo the shard count): all tokens starting with the same two characters
  are in one file, so the worker can cut an unknown query into indexed words by longest match,
  one file per position.
- `p<N>.json`: page N's documents, {"u": location, "d": [[anchor, title, [blocks]], ...]}, the
  page itself first. Doc ids are consecutive per page (`starts` in the manifest).

The manifest (`config.kb` of search/search_index.json, which Material's main thread fetches and
hands to the worker) holds the directory, shard count, page starts, glossary aliases,
traditional characters and the pattern of glossary words with digits or quotes; the first
speech page (`speeches`: pages from there on are speeches, listed above the generated pages for
the same match) and the file of each year's speeches (`years`, see kb.search.site_index).

Tokens (`Analyzer`): glossary words (any characters, kb.search.terms.special_pattern) and jieba
words (glossary-aware), read under their search key, aliases mapped to their term; each
multi-character token also counts, at SUBWORD_WEIGHT, for the dictionary words inside it
(jieba's cut_for_search), so 维护 finds sections with 两个维护. Scores are BM25 with the title
counting TITLE_WEIGHT times; when the title is the token itself (a glossary term's page for its
term) times EXACT_TITLE and the document boost, otherwise times the boost if it is below 1.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import chain
from dataclasses import dataclass
from typing import Callable

from kb.search.documents import SearchDoc
from kb.search.terms import SearchTerms, alias_keys, search_key

CACHE_VERSION = 4        # bump when tokens or counts change (cached in .kb-cache/search-tokens.pickle)
MAX_POSTINGS = 300        # best documents kept per token
MAX_PAGES = 20            # result pages (groups) the worker shows and fetches
SHARD_TARGET = 24_000     # aimed bytes of postings per shard file
SUBWORD_WEIGHT = 0.5
TITLE_WEIGHT = 5.0
EXACT_TITLE = 3.0
K1, B = 1.2, 0.5
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_WORD = re.compile(r"[^\W_]+")   # letters and digits (Han handled before)


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(token: str, shards: int) -> int:
    return fnv1a(token[:2]) % shards


class Analyzer:
    """Text -> Counter of tokens (search keys), with the sub-words of multi-character tokens.
    `cut` / `cut_for_search` come from the glossary-aware tokenizer (kb.search.segment)."""

    def __init__(self, terms: SearchTerms, special: str | None, cut: Callable, cut_for_search: Callable,
                 special_start: str | None = None):
        self.special = re.compile(special) if special else None
        # Where a match of `special` may start (kb.search.terms.special_starts): only there is
        # the whole pattern tried; the same matches as `special.finditer`, much faster.
        self.special_start = re.compile(special_start) if special and special_start else None
        self.cut, self.cut_for_search = cut, cut_for_search
        self.aliases = alias_keys(terms)
        self._subwords: dict[str, tuple[str, ...]] = {}
        self._keys: dict[str, str] = {}
        self._pieces: dict[str, tuple[str, ...]] = {}

    def _key(self, word: str) -> str:
        key = self._keys.get(word)
        if key is None:
            key = search_key(word)
            key = self._keys[word] = self.aliases.get(key, key)
        return key

    def words(self, text: str) -> list[str]:
        """The tokens of `text` in order (search keys)."""
        out: list[str] = []
        pos = 0
        for m in self._special_matches(text):
            out += self._plain_words(text[pos:m.start()])
            out.append(self._key(m.group(0)))
            pos = m.end()
        out += self._plain_words(text[pos:])
        return [w for w in out if w]

    def _special_matches(self, text: str):
        """`special.finditer(text)` (no match is empty), trying the pattern only where a match
        can start."""
        if self.special is None:
            return
        if self.special_start is None:
            yield from self.special.finditer(text)
            return
        match, start, pos = self.special.match, self.special_start.search, 0
        while (found := start(text, pos)) is not None:
            m = match(text, found.start())
            if m is None:
                pos = found.start() + 1
            else:
                yield m
                pos = m.end()

    def _plain_words(self, text: str) -> list[str]:
        """jieba's words of `text`; a piece without Han characters (numbers, Latin words,
        punctuation) as its runs of letters and digits. Memoised per piece."""
        memo = self._pieces
        out: list[str] = []
        for piece in self.cut(text):
            keys = memo.get(piece)
            if keys is None:
                keys = memo[piece] = ((self._key(piece),) if _HAN.match(piece) else
                                      tuple(self._key(w) for w in _WORD.findall(piece)))
            out.extend(keys)
        return out

    def subwords(self, token: str) -> tuple[str, ...]:
        """Indexed words inside `token` (not the token itself)."""
        if token not in self._subwords:
            parts: list[str] = []
            if len(token) > 2:
                for run in _HAN.findall(token):
                    parts += [self._key(w) for w in self.cut_for_search(run) if len(w) > 1]
                    parts += [run] if len(run) > 1 else []
                if not _HAN.fullmatch(token):
                    parts += [w for w in _WORD.findall(_HAN.sub(" ", token)) if w]
            self._subwords[token] = tuple(sorted(set(parts) - {token}))
        return self._subwords[token]

    def counts(self, text: str) -> tuple[Counter, int]:
        """(token weights, number of tokens) for `text`: each token 1, its sub-words
        SUBWORD_WEIGHT (a token counts at most 1 per occurrence)."""
        words = self.words(text)
        counts: Counter = Counter(words)
        for word, n in list(counts.items()):   # weights are multiples of 1/2: order-free sums
            for sub in self.subwords(word):
                counts[sub] += n * SUBWORD_WEIGHT
        return counts, len(words)


@dataclass
class DocStats:
    title: dict          # token -> weight (Counter when just counted)
    text: dict
    length: int
    title_key: str       # the whole title as one token (alias mapped)


# A block that ends at a clause mark was cut out of a long sentence (kb.search.compact.
# snippet_blocks): the next block continues the same sentence.
_CLAUSE_CUT = re.compile(r"[，、：,:][”’」』）)]*$")


def doc_text(blocks: list[str]) -> str:
    """The text a document's tokens are counted in: its blocks, a long sentence joined again
    where snippet_blocks cut it at a comma or 、 (a term with 、 such as 学史明理、学史增信、
    学史崇德、学史力行 may span the cut), other blocks on lines of their own."""
    out: list[str] = []
    for block in blocks:
        out.append(block)
        out.append("" if _CLAUSE_CUT.search(block) else "\n")
    return "".join(out[:-1])


def doc_stats(doc: SearchDoc, analyzer: Analyzer) -> DocStats:
    title, _ = analyzer.counts(doc.title)
    text, length = analyzer.counts(doc_text(doc.blocks))
    return DocStats(title, text, length, analyzer._key(doc.title))


def stats_to_json(stats: DocStats) -> list:
    return [dict(stats.title), dict(stats.text), stats.length, stats.title_key]


def stats_from_json(data: list) -> DocStats:
    return DocStats(data[0], data[1], data[2], data[3])   # plain dicts: read only


def postings(docs: list[SearchDoc], stats: list[DocStats], capped: bool = True
             ) -> Mapping[str, list[tuple[int, int]]]:
    """token -> [(doc id, score)] best first (ties by doc id), at most MAX_POSTINGS (read at
    call time; `capped=False`: all of them, for the results page, kb.search.results, as
    PackedPostings: each list made when asked)."""
    n = len(docs)
    avg = max((sum(s.length for s in stats) / n) if n else 1.0, 1.0)
    df: Counter = Counter()
    for s in stats:
        df.update(s.title.keys() | s.text.keys())
    idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    lists: dict[str, array] = {t: array("q") for t in df}
    k1 = K1 + 1
    for i, (doc, s) in enumerate(zip(docs, stats)):
        norm = K1 * (1 - B + B * max(s.length, 1) / avg)
        title, text, title_key = s.title, s.text, s.title_key
        # A document's boost (a glossary term's page) counts for the word its title is; for
        # other words a boost above 1 does not apply (a definition that mentions 党风廉政 is
        # not worth more than a speech section about it).
        other = min(doc.boost, 1.0) * 100
        own = doc.boost * 100 * EXACT_TITLE
        # tf = TITLE_WEIGHT * title weight + text weight, the absent part left out (adding 0.0
        # changes no float): the text's tokens, then the title's other tokens.
        for token, weight in text.items():
            in_title = title.get(token)
            tf = weight if in_title is None else TITLE_WEIGHT * in_title + weight
            score = idf[token] * tf * k1 / (tf + norm) * (own if title_key == token else other)
            lists[token].append(-(round(score) or 1) << _DOC_BITS | i)
        for token, weight in title.items():
            if token not in text:
                tf = TITLE_WEIGHT * weight
                score = idf[token] * tf * k1 / (tf + norm) * (own if title_key == token else other)
                lists[token].append(-(round(score) or 1) << _DOC_BITS | i)
    for token, entries in lists.items():
        lists[token] = array("q", sorted(entries))
    packed = PackedPostings(lists)
    return packed if not capped else {t: packed.head(t, MAX_POSTINGS) for t in packed}


_DOC_BITS = 32                  # a packed posting: -score << _DOC_BITS | doc id
_DOC_MASK = (1 << _DOC_BITS) - 1


class PackedPostings(Mapping):
    """token -> [(doc id, score)] best first, ties by doc id (postings), each list made when
    asked from the token's sorted array of packed postings, -score << _DOC_BITS | doc: 8 bytes
    a posting where a list of tuples takes about 70, for the whole corpus at once."""

    def __init__(self, packed: dict[str, array]):
        self._packed = packed

    def __getitem__(self, token: str) -> list[tuple[int, int]]:
        return self.head(token, None)

    def head(self, token: str, limit: int | None) -> list[tuple[int, int]]:
        """The first `limit` (None: all) of the token's list."""
        entries = self._packed[token]
        if limit is not None and len(entries) > limit:
            entries = entries[:limit]
        return [(key & _DOC_MASK, -(key >> _DOC_BITS)) for key in entries]

    def count(self, token: str) -> int:
        """The length of the token's list, without making it."""
        return len(self._packed[token])

    def __iter__(self):
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def token_size(token: str, entries: list) -> int:
    """About the bytes a token's postings take in its shard."""
    return counted_size(token, len(entries))


def counted_size(token: str, count: int) -> int:
    """token_size of a token with `count` postings."""
    return len(token) * 3 + 8 * count


def shards_for(size: int) -> int:
    return max(1, math.ceil(size / SHARD_TARGET))


class TokenShards:
    """Tokens dealt to shard files by `shard_of`, each shard the JSON object of its tokens'
    encoded parts in token order. Shared by the box index (`update.IndexFiles`) and the results
    page index (`results.ResultsFiles`); a subclass keeps `parts` (token -> encoded bytes),
    `sizes` (token -> token_size) and `size` (their sum)."""

    parts: dict[str, bytes]
    sizes: dict[str, int]
    size: int
    shards: int

    def _reencode(self, tokens, encoded: Callable[[str], tuple[bytes, int] | None]) -> Iterable[int]:
        """`tokens` encoded again (`encoded(token)`: (bytes, size), None for a token no longer
        indexed); the shards to write: all, dealt out again, when the number of shards changes."""
        for token in tokens:
            self.size -= self.sizes.pop(token, 0)
            self.parts.pop(token, None)
            made = encoded(token)
            if made is not None:
                self.parts[token], self.sizes[token] = made
                self.size += self.sizes[token]
        count = shards_for(self.size)
        if count != self.shards:   # every token may move: deal them out again
            self._deal(count)
            return range(count)
        dirty = set()
        for token in tokens:
            k = shard_of(token, count)
            (self.members[k].add if token in self.parts else self.members[k].discard)(token)
            dirty.add(k)
        return dirty

    def _deal(self, shards: int) -> None:
        self.shards = shards
        self.members: list[set[str]] = [set() for _ in range(shards)]
        for token in self.parts:
            self.members[shard_of(token, shards)].add(token)

    def _shard(self, k: int) -> bytes:
        parts = self.parts
        return b"{" + b",".join(parts[t] for t in sorted(self.members[k])) + b"}"


def own_docs(docs: list[SearchDoc], stats: list[DocStats]) -> dict[str, int]:
    """token -> the document that is its own page: a boosted page's own document (a glossary
    term's page) for the token its title is. The first such document wins."""
    own: dict[str, int] = {}
    for i, (doc, s) in enumerate(zip(docs, stats)):
        if doc.boost > 1 and not doc.anchor and s.title_key:
            own.setdefault(s.title_key, i)
    return own


def signed_entries(token: str, entries: list[tuple[int, int]], own: dict[str, int]) -> list[int]:
    """[doc, score, ...] as a shard holds them: the token's own page with its score negated."""
    mine = own.get(token)
    return list(chain.from_iterable((i, -score if i == mine else score) for i, score in entries))


@dataclass
class IndexPlan:
    """Where index_files puts things: the shard count, each shard's tokens in order, and the
    first doc id of each page."""
    shards: int
    members: list[list[str]]
    starts: list[int]


def deal_tokens(counts: Iterable[tuple[str, int]]) -> tuple[int, list[list[str]]]:
    """(shard count, each shard's tokens in order) for tokens with their numbers of postings
    (token, count): the lists themselves are not needed to deal the tokens out."""
    counts = list(counts)
    shards = shards_for(sum(counted_size(token, n) for token, n in counts))
    members: list[list[str]] = [[] for _ in range(shards)]
    for token, _ in counts:
        members[shard_of(token, shards)].append(token)
    for tokens in members:
        tokens.sort()
    return shards, members


def plan_index(docs: list[SearchDoc], counts: Iterable[tuple[str, int]]) -> IndexPlan:
    """The plan for `docs` and tokens with their numbers of postings (deal_tokens)."""
    shards, members = deal_tokens(counts)
    starts = [i for i, doc in enumerate(docs) if i == 0 or docs[i - 1].page != doc.page]
    return IndexPlan(shards, members, starts)


def iter_index_files(plan: IndexPlan, docs: list[SearchDoc],
                     entries: Callable[[str], list[tuple[int, int]]],
                     own: dict[str, int] | None = None) -> Iterable[tuple[str, str]]:
    """index_files' (name, text) one file at a time, in name order (the order of the folder's
    digest, which is then made while writing): `entries(token)` gives a token's postings when
    its shard is made, so all of them never exist as lists at once."""
    names = [f"s{k}.json" for k in range(plan.shards)] + [f"p{n}.json" for n in range(len(plan.starts))]
    ends = plan.starts[1:] + [len(docs)]
    for name in sorted(names):
        n = int(name[1:-5])
        if name[0] == "s":
            yield name, dumps({t: signed_entries(t, entries(t), own or {}) for t in plan.members[n]})
        else:
            group = docs[plan.starts[n]:ends[n]]
            yield name, dumps({"u": group[0].page, "d": [[d.anchor, d.title, d.blocks] for d in group]})


def put_index_files(plan: IndexPlan, docs: list[SearchDoc],
                    entries: Callable[[str], list[tuple[int, int]]], own: dict[str, int] | None,
                    put: Callable[[str, str], None]) -> dict:
    """Each of index_files' files given to `put(name, text)` as soon as it is made
    (iter_index_files); the manifest part, named by the hash of all of them."""
    digest = hashlib.sha256()
    for name, text in iter_index_files(plan, docs, entries, own):
        digest.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
        put(name, text)
    return {"dir": f"kb-{digest.hexdigest()[:12]}", "shards": plan.shards, "starts": plan.starts,
            "pages": MAX_PAGES}


def index_files(docs: list[SearchDoc], lists: Mapping[str, list[tuple[int, int]]],
                own: dict[str, int] | None = None) -> tuple[dict[str, str], dict]:
    """({file name: text}, manifest part) for `docs` (grouped by page, pages in order) and
    their postings; `own` (own_docs) marks each token's own page."""
    files: dict[str, str] = {}
    manifest = put_index_files(plan_index(docs, ((t, len(e)) for t, e in lists.items())), docs,
                               lists.__getitem__, own, files.__setitem__)
    return files, manifest


def result_tier(manifest: dict, doc: int, score: int) -> int:
    """0 the token's own page (negative score), 1 a speech, 2 another page: the worker's
    `tierOf`. Documents matching the same query words are listed by tier, then by score."""
    if score < 0:
        return 0
    first = manifest.get("speeches")
    return 1 if first is not None and _page_of(manifest["starts"], doc) >= first else 2


def first_search_files(manifest: dict, lists: dict[str, list[tuple[int, int]]], token: str
                       ) -> list[str]:
    """The index files the worker fetches for a query that is one indexed token (e.g. a
    glossary term): its shard, then the page files of the best MAX_PAGES pages, documents in
    the worker's order (tier, then score; `lists` as a shard holds them, scores signed; mirrors
    search/worker.js, for the first-search payload in scripts/bench.py)."""
    starts = manifest["starts"]
    files = [f"s{shard_of(token, manifest['shards'])}.json"]
    pages: list[int] = []
    ranked = sorted(lists.get(token, []), key=lambda e: (result_tier(manifest, e[0], e[1]),
                                                         -abs(e[1]), e[0]))
    for doc, _ in ranked:
        page = _page_of(starts, doc)
        if page not in pages:
            pages.append(page)
    return files + [f"p{p}.json" for p in pages[:manifest["pages"]]]


def _page_of(starts: list[int], doc: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= doc:
            lo = mid
        else:
            hi = mid - 1
    return lo
