"""Stage 3 of the import: find the speaker's headings and cut the text into sections and paragraphs.

Heading styles, by level (the speaker's own numbering is kept as part of the heading):
  level 2  一、…   第一，…   第一部分 …
  level 3  （一）…  (一)…
  level 4  1.…  1．…  1、…
A numbered heading may share its line with the body (`（一）标题。正文……`): the part up to the
first full stop is the heading, the rest a paragraph. 一是/二是 lists stay inside paragraphs.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kb.model.speech import Paragraph, RawLine, Section

NUM = "一二三四五六七八九十"

_LEVEL_PATTERNS = [
    # (level, marker regex). The marker must not be followed by another numeral: 一、二季度 is text.
    (2, re.compile(rf"^(?:[{NUM}]{{1,3}}、|第[{NUM}]{{1,3}}(?:[，、：:,]|部分\s*))(?![{NUM}\d])")),
    (3, re.compile(rf"^[（(][{NUM}]{{1,3}}[）)](?![{NUM}\d])")),
    (4, re.compile(r"^\d{1,2}(?:[.．](?!\d)|、(?!\d))")),
]
_SENTENCE_END = re.compile(r"[。！？；!?;]")
MAX_HEADING_CHARS = 60   # the heading proper, without its marker; longer means a numbered sentence


@dataclass
class HeadingMatch:
    level: int
    heading: str
    rest: str   # body text that shared the line, or ""


def match_heading(text: str) -> HeadingMatch | None:
    """Recognise a numbered heading at the start of a line, splitting off body text after it."""
    for level, pattern in _LEVEL_PATTERNS:
        marker = pattern.match(text)
        if not marker:
            continue
        stop = _SENTENCE_END.search(text, marker.end())
        heading = text[:stop.start()] if stop else text
        rest = text[stop.end():].strip() if stop else ""
        title = heading[marker.end():].strip()
        if len(title) < 2 or len(title) > MAX_HEADING_CHARS:
            return None
        if not stop and level == 4 and len(title) > 30:
            return None   # "1、…" running text without a full stop is a list item, not a heading
        return HeadingMatch(level, heading.rstrip("，,：: "), rest)
    return None


def _short_hash(text: str, n: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def paragraph_id(text: str) -> str:
    """Anchor of a paragraph: a hash of its own text, so it survives edits of other paragraphs."""
    return "p-" + _short_hash(text)


def section_id(heading: str) -> str:
    return "s-" + _short_hash(heading)


OPENING_ID = "s-opening"


class IdAllocator:
    """Makes ids unique within one speech (the same sentence can occur twice)."""

    def __init__(self):
        self.used: set[str] = set()

    def claim(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.used:
            candidate, n = f"{wanted}-{n}", n + 1
        self.used.add(candidate)
        return candidate


def parse_structure(lines: list[RawLine]) -> list[Section]:
    """Cut normalized lines into sections; text before the first heading is the opening section."""
    ids = IdAllocator()
    opening = Section(id=ids.claim(OPENING_ID), heading="", level=0)
    sections = [opening]

    def add_paragraph(text: str) -> None:
        sections[-1].paragraphs.append(Paragraph(ids.claim(paragraph_id(text)), text))

    for line in lines:
        if line.heading_level is not None:
            sections.append(Section(ids.claim(section_id(line.text)), line.text, line.heading_level))
            continue
        heading = match_heading(line.text)
        if heading is None:
            add_paragraph(line.text)
            continue
        sections.append(Section(ids.claim(section_id(heading.heading)), heading.heading, heading.level))
        if heading.rest:
            add_paragraph(heading.rest)
    if not opening.paragraphs:
        sections.remove(opening)
    return sections
