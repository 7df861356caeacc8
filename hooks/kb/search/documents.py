"""The documents of the search index: one per section (heading-level), plain text in
snippet-sized blocks.

- Speech pages come from the structured corpus (kb.corpus.loading), not from re-parsing their HTML:
  the page itself (title, and the opening text when the speech has no headings) and one document
  per section (heading, paragraphs).
- Other pages (glossary, topics, handbook, ...) come from Material's search plugin entries,
  compacted by kb.search.compact (no text that is already indexed in a speech, clause-sized
  blocks) and turned into plain text here.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from kb.model.speech import Speech
from kb.text.redaction import plain_redactions
from kb.search.compact import (MIN_DUPLICATE, ZWSP, DuplicateIndex, drop_blocks, duplicate_test,
                             plain, snippet_blocks, split_paragraphs, strip_anchor_marks)

_BLOCK = re.compile(r"<(p|li|h\d|dd|dt|td|th)\b[^>]*>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class SearchDoc:
    page: str                 # the page's location, e.g. "speeches/2022-90c17d/"
    anchor: str               # "" for the page itself, else the section id
    title: str                # plain text
    blocks: list[str] = field(default_factory=list)   # plain text, a sentence or clause each
    boost: float = 1.0

    def __post_init__(self):
        # Results and excerpts are text: redaction markers in their plain form (□□).
        self.title = plain_redactions(self.title)
        self.blocks = [plain_redactions(b) for b in self.blocks]

    @property
    def location(self) -> str:
        return self.page + ("#" + self.anchor if self.anchor else "")


def _blocks(paragraphs) -> list[str]:
    out: list[str] = []
    for text in paragraphs:
        out += [plain_redactions(b.strip()) for b in snippet_blocks(" ".join(text.split())) if b.strip()]
    return out


def speech_docs(speech: Speech, page: str) -> list[SearchDoc]:
    """The page document and one per section, as the speech page shows them (kb.pages.speech:
    the opening section has a heading only when headings follow)."""
    sections = speech.sections
    docs = [SearchDoc(page, "", speech.meta.title)]
    for section in sections:
        texts = [p.text for p in section.paragraphs]
        if section.level or len(sections) > 1:
            docs.append(SearchDoc(page, section.id, section.heading or "开篇", _blocks(texts)))
        else:
            docs[0].blocks += _blocks(texts)
    return docs


def _plain_blocks(text: str) -> list[str]:
    """Material's entry text (HTML with U+200B word marks) as plain blocks."""
    text = text.replace(ZWSP, "")
    blocks = [plain(html.unescape(_TAG.sub("", m.group(2)))) for m in _BLOCK.finditer(text)]
    rest = plain(html.unescape(_TAG.sub(" ", _BLOCK.sub(" ", text))))
    return [b for b in blocks + ([rest] if rest else []) if b]


OTHER_PAGE_BOOST = 0.5    # lists, charts, handbook: below the speeches that hold the text


def page_docs(entries: list[dict], canonical_texts: list[str], canonical_titles: list[str],
              boosts: dict[str, float]) -> list[SearchDoc]:
    """Search entries of the non-speech pages (`page_entries`), without text that the speeches
    hold (`canonical_texts`) or that merely names a speech (`canonical_titles`), as SearchDocs:
    kb.search.compact's rules, with the speeches given as plain text."""
    titles = {plain(t) for t in canonical_titles}
    return _entry_docs(entries, duplicate_test(canonical_texts, canonical_titles),
                       titles.__contains__, boosts)


def _entry_docs(entries: list[dict], is_duplicate: Callable[[str], bool],
                is_title: Callable[[str], bool], boosts: dict[str, float]) -> list[SearchDoc]:
    out = []
    boost_of = _boost_lookup(boosts)
    for entry in entries:
        page, _, anchor = entry["location"].partition("#")
        title = plain(html.unescape(_TAG.sub("", entry.get("title", ""))))
        text = drop_blocks(strip_anchor_marks(entry.get("text", "")), is_duplicate)
        if anchor and not plain(text) and is_title(title):
            continue   # a heading that only repeats a speech title (over a quoted passage)
        boost = boost_of(entry["location"])
        out.append(SearchDoc(page, anchor, title, _plain_blocks(split_paragraphs(text)), boost))
    return out


def _boost_lookup(boosts: dict[str, float]) -> Callable[[str], float]:
    """location -> the boost of the first prefix in `boosts` (in its order) that the location
    starts with, else OTHER_PAGE_BOOST. By the location's own prefixes, not by trying every
    prefix: one prefix per glossary term, an entry per page section, both grow with the
    corpus."""
    rank = {prefix: n for n, prefix in enumerate(boosts)}
    values = list(boosts.values())

    def boost_of(location: str) -> float:
        found = [rank[location[:k]] for k in range(len(location) + 1) if location[:k] in rank]
        return values[min(found)] if found else OTHER_PAGE_BOOST
    return boost_of


def order_docs(docs: Iterable[SearchDoc]) -> list[SearchDoc]:
    """Pages in order of first appearance, each page's own document first, then its sections
    in their order (doc ids are consecutive per page)."""
    by_page: dict[str, list[SearchDoc]] = {}
    for doc in docs:
        by_page.setdefault(doc.page, []).append(doc)
    out: list[SearchDoc] = []
    for page, group in by_page.items():
        head = [d for d in group if not d.anchor] or [SearchDoc(page, "", group[0].title)]
        out += head[:1] + [d for d in group if d.anchor]
    return out


@dataclass
class _Page:
    entries: list[dict]
    docs: list[SearchDoc]
    questions: tuple[str, ...]        # blocks the duplicate test was asked about
    titles: frozenset[str]            # headings looked up among the speech titles


class PageDocs:
    """`order_docs(page_docs(...))` page by page, kept across builds (`mkdocs serve`): a page's
    documents are made again only when its entries changed or when, the speeches having
    changed, the duplicate test might answer one of the questions asked for it differently
    (a block that occurs in an added or removed speech text, a heading that is an added or
    removed title). The same documents as page_docs, in the same order."""

    def __init__(self):
        self._index = DuplicateIndex()
        self._names: list[str] = []          # speech titles as given
        self._titles: set[str] = set()       # and as plain text
        self._boosts: dict[str, float] = {}
        self._pages: dict[str, _Page] = {}

    def groups(self, entries_by_page: dict[str, list[dict]],
               texts_by_speech: dict[str, Sequence[str]], titles: list[str],
               boosts: dict[str, float]) -> list[list[SearchDoc]]:
        """Each page's documents (own document first), pages in the order given; a page
        unchanged since the last call gives the same list object."""
        kept = self._pages if boosts == self._boosts else {}
        self._boosts = dict(boosts)
        changed_texts, changed_titles = self._update(texts_by_speech, titles)
        # Kept questions whose answer may differ now: blocks in an added or removed text,
        # naming an added or removed title.
        affected = (duplicate_test(changed_texts, changed_titles)
                    if kept and (changed_texts or changed_titles) else None)
        plain_titles = {plain(t) for t in changed_titles}
        self._pages = {}
        for page, entries in entries_by_page.items():
            held = kept.get(page)
            if held is None or not _still_valid(held, entries, affected, plain_titles):
                held = self._make(entries)
            self._pages[page] = held
        return [held.docs for held in self._pages.values() if held.docs]

    def _update(self, texts_by_speech: dict[str, Sequence[str]], titles: list[str]
                ) -> tuple[set[str], set[str]]:
        """Bring the duplicate index up to date; (texts added or removed, titles added or
        removed)."""
        changed = self._index.update(texts_by_speech)
        changed_titles = set(self._names).symmetric_difference(titles)
        if changed_titles or not self._names:
            self._names = list(titles)
            self._index.set_names(self._names)
            self._titles = {plain(t) for t in self._names}
        return changed, changed_titles

    def _make(self, entries: list[dict]) -> _Page:
        questions: list[str] = []
        looked_up: set[str] = set()

        def is_duplicate(block: str) -> bool:
            if len(block) >= MIN_DUPLICATE:      # shorter: never a duplicate, whatever changes
                questions.append(block)
            return self._index.is_duplicate(block)

        def is_title(title: str) -> bool:
            looked_up.add(title)
            return title in self._titles

        docs = order_docs(_entry_docs(entries, is_duplicate, is_title, self._boosts))
        return _Page(entries, docs, tuple(questions), frozenset(looked_up))


def _still_valid(held: _Page, entries: list[dict], affected: Callable[[str], bool] | None,
                 changed_titles: set[str]) -> bool:
    if held.entries is not entries and held.entries != entries:
        return False
    if held.titles & changed_titles:
        return False
    return affected is None or not any(affected(q) for q in held.questions)


# --------------------------------------------------------------------------- rendered pages
# The sections of a rendered (non-speech) page, as Material's search plugin would index them,
# found with one regex pass over the tags instead of an HTML parser (Material's parser was most
# of the search build time).
_TAGS = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>|<!--.*?-->", re.S)
_HEADING = re.compile(r"h[1-6]")
_ID = re.compile(r'\bid="([^"]*)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIP = frozenset({"script", "style", "object", "svg", "template", "nav"})
_BLOCKS = frozenset(
    "p li dd dt td th tr div ul ol dl table section article aside details summary blockquote pre "
    "figure figcaption nav header footer form br hr".split())


def _text(pieces: list[str]) -> str:
    return " ".join(html.unescape("".join(pieces)).split())


def html_sections(content: str, excluded: frozenset[str] = frozenset()
                  ) -> list[tuple[str, str, list[str]]]:
    """[(anchor, title, blocks)] of a page's HTML: text before the first h2..h6 (and the h1
    title) is the page's own section (anchor ""); each heading with an id starts a section.
    Elements marked `data-search-exclude` or having a class in `excluded` (the elements
    kb.search.compact.exclude_from_search would mark), scripts, styles and heading permalinks
    are left out; each block-level element's text is one block."""
    sections: list[tuple[str, str, list[str]]] = [("", "", [])]
    pieces: list[str] = []
    heading: list[str] | None = None
    heading_tag = heading_id = ""
    skip_tag, skip_depth = "", 0
    pos = 0

    def flush():
        text = _text(pieces)
        pieces.clear()
        if text:
            sections[-1][2].append(text)

    for m in _TAGS.finditer(content):
        if not skip_depth:
            (heading if heading is not None else pieces).append(content[pos:m.start()])
        pos = m.end()
        if m.group(2) is None:           # a comment
            continue
        close, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
        void = name in _VOID or attrs.rstrip().endswith("/")
        if skip_depth:
            if name == skip_tag and not void:
                skip_depth += -1 if close else 1
            continue
        if not close and (name in _SKIP or "data-search-exclude" in attrs
                          or (name == "a" and "headerlink" in attrs)
                          or (excluded and _has_class(attrs, excluded))):
            if not void:
                skip_tag, skip_depth = name, 1
            continue
        if _HEADING.fullmatch(name):
            if not close and heading is None:
                flush()
                heading, heading_tag = [], name
                found = _ID.search(attrs)
                heading_id = found.group(1) if found else ""
            elif close and name == heading_tag and heading is not None:
                title = _text(heading)
                if name == "h1" or not heading_id:
                    if name == "h1" and not sections[0][1]:
                        sections[0] = ("", title, sections[0][2])
                    elif title:
                        sections[-1][2].append(title)
                else:
                    sections.append((heading_id, title, []))
                heading = None
            continue
        if name in _BLOCKS and heading is None:
            flush()
    if not skip_depth and heading is None:
        pieces.append(content[pos:])
    flush()
    return sections


def _has_class(attrs: str, classes: frozenset[str]) -> bool:
    # As kb.search.compact.exclude_from_search reads a tag: its first class attribute.
    if "class=" not in attrs or "<" in attrs:
        return False
    found = _CLASS.search(attrs)
    return bool(found and classes.intersection(found.group(1).split()))


def page_entries(page_url: str, title: str, content: str,
                 excluded: frozenset[str] = frozenset()) -> list[dict]:
    """Material-style search entries ({"location", "title", "text"}) of a rendered page, for
    `page_docs`; text blocks as `<p>` elements with escaped text. Elements with a class in
    `excluded` are left out (as if marked `data-search-exclude`)."""
    out = []
    for anchor, heading, blocks in html_sections(content, excluded):
        text = "".join(f"<p>{html.escape(b, quote=False)}</p>" for b in blocks)
        out.append({"location": page_url + ("#" + anchor if anchor else ""),
                    "title": heading or (title if not anchor else ""), "text": text})
    return out
