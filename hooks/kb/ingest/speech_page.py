"""The speech page file in docs/speeches/: the editable, reviewable form of one speech.

    ---
    title: 在……上的讲话
    date: '2022'
    speaker: 讲话人（可省略）
    unit: 单位（可省略）
    occasion: ……
    source: 原始文件名.txt
    content_hash: sha256:…      # of the imported source text; same hash again = skipped
    page_hash: sha256:…         # of this file as generated; differs = edited by hand
    ---

    开篇段落文字 {#p-1a2b3c}

    ## 一、标题 {#s-4d5e6f}
    <!-- topics: integrity, organization -->

    段落文字 {#p-7a8b9c}

Everything in the body is literal text, not Markdown: the hook renders it. A block (lines up to a
blank line) starting with `## `/`### `/`#### ` is a heading; any other block is one paragraph.
The trailing `{#…}` is the anchor; blocks without one get an anchor from their text. A
paragraph that itself starts with `#` or `<!--` is written with a leading backslash.
`<!-- topics: … -->` (or `<!-- 专题：… -->`) right under a heading overrides that section's topics;
`topics:` in the front matter does so for the whole speech.
"""
from __future__ import annotations

import hashlib
import re

import yaml

from kb.model.speech import Paragraph, Section, Speech, SpeechMeta
from kb.ingest.structure import OPENING_ID, IdAllocator, paragraph_id, section_id

_FRONT = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)
_HEADING = re.compile(r"^(#{2,4})\s+(.*?)(?:\s*\{#(s-[\w-]+)\})?\s*$")
_ANCHOR = re.compile(r"\s*\{#(p-[\w-]+)\}\s*$")
_TOPICS = re.compile(r"^<!--\s*(?:topics|专题)\s*[:：]\s*(.*?)\s*-->$", re.I)
META_KEYS = ("title", "date", "speaker", "unit", "occasion", "source", "content_hash", "page_hash")


class PageError(ValueError):
    """A speech page that cannot be read; the message is Chinese and names the problem."""


def sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_front_matter(text: str) -> tuple[dict, str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as err:
        raise PageError(f"页首信息（front matter）不是合法的 YAML：{err}") from err
    if not isinstance(meta, dict):
        raise PageError("页首信息（front matter）应为“键: 值”形式，例如 title: 在……上的讲话")
    return meta, text[m.end():]


def _split_topics(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,，、;；]+", value) if part]


def meta_from_dict(meta: dict) -> SpeechMeta:
    date = meta.get("date")
    topics = meta.get("topics")
    if isinstance(topics, str):
        topics = _split_topics(topics)
    extra = {k: v for k, v in meta.items() if k not in META_KEYS and k != "topics"}
    return SpeechMeta(
        title=str(meta.get("title") or "未命名讲话"),
        date=str(date) if date is not None else None,
        occasion=meta.get("occasion"),
        speaker=str(meta["speaker"]) if meta.get("speaker") else None,
        unit=str(meta["unit"]) if meta.get("unit") else None,
        source=meta.get("source"),
        content_hash=meta.get("content_hash"),
        topics_override=list(topics) if topics else None,
        extra=extra,
    )


def parse_body(body: str) -> list[Section]:
    """Sections and paragraphs of a page body (see the module docstring for the syntax)."""
    ids = IdAllocator()
    opening = Section(OPENING_ID, "", 0)
    ids.claim(OPENING_ID)
    sections = [opening]
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0])
        if heading:
            text = heading.group(2).strip()
            sections.append(Section(ids.claim(heading.group(3) or section_id(text)), text,
                                    len(heading.group(1))))
            lines = lines[1:]
        if lines and _TOPICS.match(lines[0]):
            sections[-1].topics_override = _split_topics(_TOPICS.match(lines[0]).group(1))
            lines = lines[1:]
        if not lines:
            continue
        text = "".join(lines)
        anchor = _ANCHOR.search(text)
        if anchor:
            text = text[:anchor.start()]
        if text.startswith("\\"):
            text = text[1:]
        if text:
            pid = ids.claim(anchor.group(1) if anchor else paragraph_id(text))
            sections[-1].paragraphs.append(Paragraph(pid, text))
    if not opening.paragraphs:
        sections.remove(opening)
    return sections


def parse_page(text: str, speech_id: str) -> Speech:
    meta, body = split_front_matter(text)
    return Speech(speech_id, meta_from_dict(meta), parse_body(body))


def _literal(text: str) -> str:
    """Protect a paragraph that would otherwise read as a heading or a comment."""
    return "\\" + text if text.startswith(("#", "<!--", "\\")) else text


def render_body(sections: list[Section]) -> str:
    blocks = []
    for section in sections:
        if section.level:
            blocks.append(f"{'#' * section.level} {section.heading} {{#{section.id}}}")
        for paragraph in section.paragraphs:
            blocks.append(f"{_literal(paragraph.text)} {{#{paragraph.id}}}")
    return "\n\n".join(blocks) + "\n"


def render_front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def page_hash(page_text: str) -> str:
    """Hash of a page without its own page_hash line: tells a generated page from an edited one."""
    return sha256(re.sub(r"(?m)^page_hash:.*\n", "", page_text))


def render_page(speech: Speech) -> str:
    meta = speech.meta
    front = {"title": meta.title}
    for key in ("date", "speaker", "unit", "occasion", "source", "content_hash"):
        value = getattr(meta, key)
        if value:
            front[key] = value
    text = render_front_matter(front) + "\n" + render_body(speech.sections)
    front["page_hash"] = page_hash(text)
    return render_front_matter(front) + "\n" + render_body(speech.sections)


def is_edited_by_hand(page_text: str) -> bool:
    meta, _ = split_front_matter(page_text)
    stored = meta.get("page_hash")
    return stored is None or stored != page_hash(page_text)
