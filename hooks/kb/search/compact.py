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
# Speech texts are searched in chunks of consecutive texts (joined with a newline, which no
# block holds): far fewer (chunk, character) pairs to index than (text, character) pairs.
_CHUNK_CHARS = 1000


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
    after one speech changed replaces that speech's chunks only (`mkdocs serve`).

    Texts are searched in chunks of consecutive texts of one group (joined with a newline,
    which no block holds): far fewer (chunk, character) pairs to index than (text, character)
    pairs. The answer is the same however texts are chunked."""

    def __init__(self):
        self._groups: dict[str, tuple[tuple[str, ...], list[int]]] = {}   # key -> (texts, chunks)
        self._chunks: dict[int, str] = {}
        self._free: list[int] = []     # numbers of removed chunks, used again: masks stay short
        # Which chunks hold each character, as a bit mask (bit i: chunk i; a set of numbers
        # took ten times the memory): a block (one line; `plain` leaves no newline) can only
        # occur in a chunk that holds all of its characters, so only those are searched.
        self._holders: dict[str, int] = {}
        self._sizes: dict[str, int] = {}
        self._by_start: dict[str, list[str]] = {}

    def update(self, groups: dict[str, Iterable[str]]) -> set[str]:
        """The groups are now `groups` (key -> texts; other keys are dropped); the texts added
        or removed."""
        changed: set[str] = set()
        gone: list[int] = []
        for key in [k for k in self._groups if k not in groups]:
            texts, chunks = self._groups.pop(key)
            changed.update(texts)
            gone += chunks
        fresh: dict[str, tuple[str, ...]] = {}
        for key, texts in groups.items():
            texts = tuple(texts)
            old, chunks = self._groups.get(key, ((), []))
            if texts != old:
                changed.update(set(old).symmetric_difference(texts))
                gone += chunks
                fresh[key] = texts
        self._remove(gone)
        # The new chunks of all groups at once: each mask is or-ed once, not once a group.
        chunked = {key: _chunked(texts) for key, texts in fresh.items()}
        numbers = iter(self._add([chunk for chunks in chunked.values() for chunk in chunks]))
        for key, texts in fresh.items():
            if texts:
                self._groups[key] = (texts, [next(numbers) for _ in chunked[key]])
            else:
                self._groups.pop(key, None)
        return changed

    def _remove(self, chunks: list[int]) -> None:
        masks = _masks((self._chunks.pop(chunk), chunk) for chunk in chunks)
        for char, mask in masks.items():
            left = self._holders[char] & ~mask
            if left:
                self._holders[char] = left
            else:
                del self._holders[char]
        self._free += chunks
        self._sizes.clear()

    def _add(self, texts: list[str]) -> list[int]:
        numbers = [self._free.pop() if self._free else len(self._chunks) + n
                   for n, _ in enumerate(texts)]
        self._chunks.update(zip(numbers, texts))
        holders = self._holders
        for char, mask in _masks(zip(texts, numbers)).items():
            holders[char] = holders.get(char, 0) | mask
        self._sizes.clear()
        return numbers

    def set_names(self, names: Iterable[str]) -> None:
        # Names by their first characters: only names whose start occurs in a block are tested.
        self._by_start = {}
        for name in (n for n in (plain(n) for n in names) if len(n) >= MIN_DUPLICATE):
            self._by_start.setdefault(name[:MIN_DUPLICATE], []).append(name)

    def in_texts(self, block: str) -> bool:
        if "\n" in block:
            return False   # no text holds a newline (only the joints between texts)
        chars = set(block)
        holders = self._holders
        if not chars <= holders.keys():
            return False   # a character no text holds
        if not self._sizes:   # counted once after the chunks changed
            self._sizes = {char: mask.bit_count() for char, mask in holders.items()}
        rarest = sorted(chars, key=self._sizes.__getitem__)[:3]
        mask = holders[rarest[0]]
        for char in rarest[1:]:
            mask &= holders[char]
        chunks = self._chunks
        while mask:
            low = mask & -mask
            if block in chunks[low.bit_length() - 1]:
                return True
            mask ^= low
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


def _masks(chunks: Iterable[tuple[str, int]]) -> dict[str, int]:
    """character -> bit mask of the numbered chunks holding it. The bits are set in byte
    arrays first: or-ing them one at a time into masks as wide as all chunks would copy a mask
    for every bit."""
    chunks = list(chunks)
    width = max((n for _, n in chunks), default=0) // 8 + 1
    rows: dict[str, bytearray] = {}
    for text, n in chunks:
        byte, bit = n >> 3, 1 << (n & 7)
        for char in set(text):
            row = rows.get(char)
            if row is None:
                rows[char] = row = bytearray(width)
            row[byte] |= bit
    return {char: int.from_bytes(row, "little") for char, row in rows.items()}


def _chunked(texts: Iterable[str]) -> list[str]:
    """Consecutive plain texts joined with newlines, about _CHUNK_CHARS characters a chunk."""
    out: list[str] = []
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(plain(text))   # plain text holds no newline
        size += len(chunk[-1])
        if size >= _CHUNK_CHARS:
            out.append("\n".join(chunk))
            chunk, size = [], 0
    if chunk:
        out.append("\n".join(chunk))
    return out


_OPEN_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^<>]*?\bclass=\"([^\"]*)\"[^<>]*?)(/?)>")


def exclude_from_search(html: str, classes: frozenset[str]) -> str:
    """Mark elements having one of `classes` with Material's `data-search-exclude`."""
    def mark(m: re.Match) -> str:
        if not classes.intersection(m.group(3).split()) or "data-search-exclude" in m.group(2):
            return m.group(0)
        return f'<{m.group(1)}{m.group(2)} data-search-exclude="kb"{m.group(4)}>'
    return _OPEN_TAG.sub(mark, html)
