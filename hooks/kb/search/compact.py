"""Text rules of the search documents (used by kb.search.documents).

Entries are Material-style: {"location", "title", "text"}, `text` made of `<p>…</p>` blocks
(U+200B word marks, if any, are ignored).

- Snippets: Material's result shows the (at most two) blocks of a section that contain a match.
  A speech paragraph is often several hundred characters, so each plain `<p>` block is cut into
  clause-sized blocks (whole sentences, long sentences at commas): the snippet becomes the
  sentence around the match instead of a whole paragraph.
- No duplicated text: blocks of other pages (lists of speeches, quoted passages) whose text is
  already indexed in a speech section, or which merely name a speech, are dropped; the
  paragraph-anchor mark `¶` is dropped.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from itertools import chain
from typing import Callable, Iterable

ZWSP = "\u200b"
SNIPPET_MAX = 40          # characters per snippet block (a long sentence is cut at commas)
MIN_DUPLICATE = 8         # shorter blocks are never treated as duplicates

_PLAIN_P = re.compile(r"<p>([^<]*)</p>")
_BLOCK = re.compile(r"<(p|li)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
# A sentence ends after 。！？；… with any closing quotes/brackets, then the word separator.
# (The mark is part of the match, not a look-behind: the same ends, and `re` finds a match by
# its first character instead of trying the look-behind at every position.)
_SENTENCE_END = re.compile(r"[。！？；!?;…][”’」』）)\"']*" + ZWSP + "?")
_CLAUSE_END = re.compile(r"[，、：,:][”’」』）)]*" + ZWSP + "?")
_ANCHOR_MARK = re.compile(ZWSP + r"?¶(?=</p>)")
_SPACES = re.compile(r"\s+")
_ANY_TAG = re.compile(r"(<[^>]+>)")
_EMPTY = re.compile(r"<(p|li|ul|ol)>\s*</\1>")


def plain(text: str) -> str:
    """Visible text: no tags, no word separators, whitespace collapsed."""
    if "<" in text or ZWSP in text:   # else neither changes anything
        text = _TAG.sub("", text).replace(ZWSP, "")
    return _SPACES.sub(" ", text).strip()


def _cut(text: str, pattern: re.Pattern) -> list[str]:
    pieces, start = [], 0
    for m in pattern.finditer(text):
        if m.end() > start:
            pieces.append(text[start:m.end()])
            start = m.end()
    pieces.append(text[start:])
    return [p for p in pieces if p.strip(ZWSP + " ")]


def _pack(clauses: list[str], limit: int) -> list[str]:
    """Join consecutive clauses while the visible length stays within `limit`."""
    out: list[str] = []
    for clause in clauses:
        if out and len(plain(out[-1] + clause)) <= limit:
            out[-1] += clause
        else:
            out.append(clause)
    return out


def snippet_blocks(paragraph: str, limit: int = SNIPPET_MAX) -> list[str]:
    """A paragraph's text cut into sentences, long sentences into comma clauses of <= limit."""
    blocks: list[str] = []
    for sentence in _cut(paragraph, _SENTENCE_END):
        blocks += [sentence] if len(plain(sentence)) <= limit else _pack(
            _cut(sentence, _CLAUSE_END), limit)
    return blocks


def split_paragraphs(text: str, limit: int = SNIPPET_MAX) -> str:
    """Every plain `<p>` block of a field cut into snippet-sized `<p>` blocks."""
    def cut(m: re.Match) -> str:
        return "".join(f"<p>{b}</p>" for b in snippet_blocks(m.group(1), limit))
    return _PLAIN_P.sub(cut, text)


def strip_anchor_marks(text: str) -> str:
    return _ANCHOR_MARK.sub("", text)


def drop_blocks(text: str, is_duplicate: Callable[[str], bool]) -> str:
    """`text` without duplicate text: `<p>`/`<li>` blocks whose visible text is a duplicate,
    then bare text runs between tags that are; blocks and lists left empty are dropped too."""
    text = _BLOCK.sub(lambda m: "" if is_duplicate(plain(m.group(2))) else m.group(0), text)
    parts = _ANY_TAG.split(text)
    text = "".join(p for p in parts if p.startswith("<") or not is_duplicate(plain(p)))
    previous = None
    while previous != text:
        previous, text = text, _EMPTY.sub("", text)
    return text.strip()


def duplicate_test(canonical_texts: Iterable[str], names: Iterable[str]) -> Callable[[str], bool]:
    """A block is a duplicate if its text occurs in a canonical (speech) text, or it names one
    of `names` (speech titles: a list entry pointing at a speech)."""
    index = DuplicateIndex()
    index.update({"": canonical_texts})
    index.set_names(names)
    return index.is_duplicate


class DuplicateIndex:
    """duplicate_test over texts grouped by key (a speech), kept across builds: a rebuild
    after one speech changed adds and removes that speech's texts only (`mkdocs serve`).

    A block is a duplicate when it occurs in one of the (plain) texts. Each text's sampled
    grams, the _GRAM characters at every position that is a multiple of _GRAM, are indexed
    with their position: an occurrence of a block of at least 2·_GRAM - 1 characters covers
    sampled positions at the block offsets j, j + _GRAM, ... for one j < _GRAM, so for each j
    only the positions of the rarest of those grams need a comparison. The work per block
    depends on how often its grams occur, not on the size of the corpus. (The earlier index, a
    bit mask of the 1,000-character chunks holding each character, compared a block with every
    chunk holding its three rarest characters: build time grew with the square of the corpus.)
    The answer is exact: every candidate is compared in full; a hash collision only adds one.

    Layout, in flat integer arrays (Python objects would take several hundred MB at 10,000
    speeches): each text has a start in one virtual concatenation of all texts ever added
    (`_starts`); a posting is hash << _POS_BITS | (start + position), sorted, in _BUCKETS ranges
    by the hash's top bits. Texts added since that array was made are in `_recent` (hash ->
    positions) until it is made again; texts no group holds any more are None in `_texts`.
    Identical texts are indexed once."""

    def __init__(self):
        self._groups: dict[str, tuple[str, ...]] = {}   # key -> texts as given
        self._ids: dict[str, int] = {}                  # plain text -> its number
        self._texts: list[str | None] = []              # by number; None: no group holds it
        self._refs: list[int] = []                      # by number: how often groups hold it
        self._starts = array("Q")                       # by number: start in the concatenation
        self._end = 0                                   # where the next text starts
        self._sorted = array("Q")
        self._ranges = [0] * (_BUCKETS + 1)             # bucket b: _sorted[_ranges[b]:_ranges[b + 1]]
        self._recent: dict[int, list[int]] = {}
        self._recent_grams = 0
        self._live_chars = self._dead_chars = 0
        self._answers: dict[str, bool] = {}             # in_texts by block, while the texts stay
        self._by_start: dict[str, list[str]] = {}

    # Postings of texts added since the sorted array was made, at most (or a quarter of it):
    # more, and the array is made again.
    recent_limit = 4096

    def update(self, groups: dict[str, Iterable[str]]) -> set[str]:
        """The groups are now `groups` (key -> texts; other keys are dropped); the texts added
        or removed."""
        changed: set[str] = set()
        added: list[str] = []
        removed: list[str] = []
        for key in [k for k in self._groups if k not in groups]:
            texts = self._groups.pop(key)
            changed.update(texts)
            removed += texts
        for key, texts in groups.items():
            texts = tuple(texts)
            old = self._groups.get(key, ())
            if texts != old:
                changed.update(set(old).symmetric_difference(texts))
                added += texts
                removed += old
                if texts:
                    self._groups[key] = texts
                else:
                    self._groups.pop(key, None)
        if added or removed:
            self._answers.clear()
            self._apply(added, removed)
        return changed

    def _apply(self, added: list[str], removed: list[str]) -> None:
        fresh: list[int] = []
        for text in added:   # before the removals: a text that stays is not dropped and re-added
            text = plain(text)
            number = self._ids.get(text)
            if number is None:
                number = self._ids[text] = len(self._texts)
                self._texts.append(text)
                self._refs.append(0)
                self._starts.append(self._end)
                self._end += len(text)
                self._live_chars += len(text)
                fresh.append(number)
            self._refs[number] += 1
        for text in removed:
            number = self._ids[plain(text)]
            self._refs[number] -= 1
            if not self._refs[number]:
                text = self._texts[number]
                del self._ids[text]
                self._texts[number] = None
                self._dead_chars += len(text)
                self._live_chars -= len(text)
        grams = sum(len(self._texts[n]) for n in fresh) // _GRAM
        if (self._recent_grams + grams > max(len(self._sorted) // 4, self.recent_limit)
                or self._dead_chars > self._live_chars):
            self._rebuild()
            return
        recent = self._recent
        for number in fresh:
            start = self._starts[number]
            for pos, key in enumerate(_gram_keys(self._texts[number])):
                recent.setdefault(key, []).append(start + pos * _GRAM)
        self._recent_grams += grams

    def _rebuild(self) -> None:
        """All postings of the texts held now, sorted; the texts numbered without gaps."""
        live = [t for t in self._texts if t is not None]
        self._refs = [self._refs[self._ids[t]] for t in live]
        self._texts = live
        self._ids = {t: n for n, t in enumerate(live)}
        self._starts = array("Q")
        buckets = [array("Q") for _ in range(_BUCKETS)]
        end = 0
        for text in live:
            self._starts.append(end)
            for pos, key in enumerate(_gram_keys(text)):
                buckets[key >> _BUCKET_SHIFT].append(key << _POS_BITS | (end + pos * _GRAM))
            end += len(text)
        self._end, self._live_chars, self._dead_chars = end, end, 0
        self._sorted = array("Q")
        for b, bucket in enumerate(buckets):
            self._ranges[b] = len(self._sorted)
            self._sorted.extend(sorted(bucket))   # one bucket at a time: a small list
            buckets[b] = None
        self._ranges[_BUCKETS] = len(self._sorted)
        self._recent, self._recent_grams = {}, 0

    def _postings(self, key: int) -> tuple[int, int, list[int]]:
        """(lo, hi, recent): the positions of gram hash `key` are those in _sorted[lo:hi]
        (masked) and `recent`."""
        b = key >> _BUCKET_SHIFT
        lo, hi = self._ranges[b], self._ranges[b + 1]
        first = key << _POS_BITS
        lo = bisect_left(self._sorted, first, lo, hi)
        return lo, bisect_left(self._sorted, first + _POS_ONE, lo, hi), self._recent.get(key, _NONE)

    def set_names(self, names: Iterable[str]) -> None:
        # Names by their first characters: only names whose start occurs in a block are tested.
        self._by_start = {}
        for name in (n for n in (plain(n) for n in names) if len(n) >= MIN_DUPLICATE):
            self._by_start.setdefault(name[:MIN_DUPLICATE], []).append(name)

    def in_texts(self, block: str) -> bool:
        # Remembered: the pages ask about the same blocks many times (page headers, lists of
        # the same speeches), ~15 asks per distinct block at 1,000 speeches.
        answer = self._answers.get(block)
        if answer is None:
            answer = self._answers[block] = self._find(block)
        return answer

    def _find(self, block: str) -> bool:
        if "\n" in block:
            return False   # no text holds a newline
        if len(block) < 2 * _GRAM - 1:   # no sampled gram need fall inside: compare with all
            return any(t is not None and block in t for t in self._texts)
        keys = _gram_keys(block, 1)
        texts, starts, postings = self._texts, self._starts, self._sorted
        for j in range(_GRAM):
            # Occurrences at offsets o where o + j is sampled: compare where the rarest of the
            # grams at block offsets j, j + _GRAM, ... is.
            best = None
            for k in range(j, len(keys), _GRAM):
                lo, hi, recent = self._postings(keys[k])
                count = hi - lo + len(recent)
                if best is None or count < best[0]:
                    best = (count, k, lo, hi, recent)
                    if not count:
                        break
            if not best[0]:
                continue
            _, k, lo, hi, recent = best
            for pos in chain((e & _POS_MASK for e in postings[lo:hi]), recent):
                number = bisect_right(starts, pos) - 1
                text, start = texts[number], pos - starts[number] - k
                if text is not None and start >= 0 and text.startswith(block, start):
                    return True
        return False

    def names_one(self, block: str) -> bool:
        by_start = self._by_start
        if not by_start:
            return False   # no names (a test of some texts only): no position to try
        for i in range(len(block) - MIN_DUPLICATE + 1):
            for name in by_start.get(block[i:i + MIN_DUPLICATE], ()):
                if block.startswith(name, i):
                    return True
        return False

    def is_duplicate(self, block: str) -> bool:
        if len(block) < MIN_DUPLICATE:
            return False
        return self.in_texts(block) or self.names_one(block)


_GRAM = 4                      # characters per sampled gram, and the sampling step
_HASH_BITS = 30                # of a gram's hash, kept in its postings
_POS_BITS = 34                 # of a posting's position in the concatenation of the texts
_POS_ONE = 1 << _POS_BITS
_POS_MASK = _POS_ONE - 1
_BUCKETS = 256
_BUCKET_SHIFT = _HASH_BITS - 8
_HASH_MASK = (1 << _HASH_BITS) - 1
_NONE: list[int] = []


def _gram_keys(text: str, step: int = _GRAM) -> list[int]:
    """The hashes of `text`'s grams at every `step`-th position. (Python's str hashes differ
    between processes: that changes which candidates are compared, never an answer.)"""
    return [hash(text[p:p + _GRAM]) & _HASH_MASK for p in range(0, len(text) - _GRAM + 1, step)]


_OPEN_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^<>]*?\bclass=\"([^\"]*)\"[^<>]*?)(/?)>")


def exclude_from_search(html: str, classes: frozenset[str]) -> str:
    """Mark elements having one of `classes` with Material's `data-search-exclude`."""
    def mark(m: re.Match) -> str:
        if not classes.intersection(m.group(3).split()) or "data-search-exclude" in m.group(2):
            return m.group(0)
        return f'<{m.group(1)}{m.group(2)} data-search-exclude="kb"{m.group(4)}>'
    return _OPEN_TAG.sub(mark, html)
