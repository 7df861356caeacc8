"""Plain data of the knowledge base: what every stage of the pipeline reads and writes.

Nothing here knows about MkDocs. A speech is a list of sections; a section owns its paragraphs.
Every paragraph belongs to exactly one section (text before the first heading forms the
opening section, level 0).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawLine:
    """One line (or Word paragraph) as read from a source file, before structure is parsed.

    `heading_level` is set only when the source itself marks the line as a heading
    (a Word heading style, a Markdown `#`); plain text lines leave it None.
    """
    text: str
    lineno: int
    heading_level: int | None = None


@dataclass
class RawDocument:
    """A source file decoded to text lines."""
    path: str
    encoding: str
    lines: list[RawLine]
    title: str | None = None  # a title the source states explicitly (Word "Title" style, md front matter)


@dataclass
class Paragraph:
    id: str
    text: str


@dataclass
class Section:
    id: str
    heading: str          # "" for the opening section
    level: int            # 0 = opening section, 2 = 一、, 3 = （一）, 4 = 1.
    paragraphs: list[Paragraph] = field(default_factory=list)
    topics_override: list[str] | None = None   # set by an editor inside the page


@dataclass
class SpeechMeta:
    title: str
    date: str | None = None        # "2022", "2022-03" or "2022-03-05"
    occasion: str | None = None
    source: str | None = None      # imported file name
    speaker: str | None = None     # 讲话人 (a redaction marker stays one)
    unit: str | None = None        # 单位
    content_hash: str | None = None
    topics_override: list[str] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        if self.date and self.date[:4].isdigit():
            return int(self.date[:4])
        return None


@dataclass
class Speech:
    id: str                 # the page's file stem, e.g. "2022-dangjian-gongzuo-a1b2c3"
    meta: SpeechMeta
    sections: list[Section]

    def paragraphs(self):
        for section in self.sections:
            for paragraph in section.paragraphs:
                yield section, paragraph
