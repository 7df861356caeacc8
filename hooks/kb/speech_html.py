"""Render a Speech as the Markdown MkDocs builds: literal text, real headings, anchored paragraphs.

Nothing from the speech becomes markup. Headings stay Markdown headings (so they reach the table
of contents) with every Markdown/HTML metacharacter written as a numeric entity; paragraphs are
raw HTML blocks with the text HTML-escaped. Redaction markers become a visible mark.
"""
from __future__ import annotations

import html
import re

from .model import Section, Speech
from .redaction import REDACTION, TOOLTIP, escape_with_redactions

# Characters that Python-Markdown (with attr_list, toc) would read as syntax inside a heading.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~^:=\"'$%]")


def _entities(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", text)


def literal_inline(text: str) -> str:
    """Text that Markdown will not touch (for headings and list items), redactions marked."""
    out, last = [], 0
    for m in REDACTION.finditer(text):
        out.append(_entities(text[last:m.start()]))
        out.append(f'<span class="kb-redacted" title="{TOOLTIP}">{_entities(m.group(0))}</span>')
        last = m.end()
    out.append(_entities(text[last:]))
    return "".join(out)


def paragraph_html(paragraph_id: str, text: str) -> str:
    """A paragraph with its fixed anchor; its "¶" link to itself is added by docs/assets/kb.js."""
    return f'<p class="kb-para" id="{paragraph_id}">{escape_with_redactions(text)}</p>'


def meta_html(speech: Speech, extra: str = "") -> str:
    meta = speech.meta
    rows = []
    if meta.date:
        rows.append(("时间", meta.date))
    if meta.occasion:
        rows.append(("场合", meta.occasion))
    if meta.source:
        rows.append(("来源文件", meta.source))
    items = "".join(f"<dt>{label}</dt><dd>{escape_with_redactions(value)}</dd>" for label, value in rows)
    return f'<div class="kb-speech-meta"><dl>{items}</dl>{extra}</div>'


OPENING_HEADING = "开篇"


def section_heading_line(section: Section) -> str:
    level = section.level or 2
    text = literal_inline(section.heading) if section.level else OPENING_HEADING
    return f"{'#' * level} {text} {{#{section.id}}}"


def speech_markdown(speech: Speech, *, after_meta: str = "",
                    after_heading: dict[str, str] | None = None) -> str:
    """The whole page. `after_meta` / `after_heading[section_id]` are trusted HTML from other
    stages (topic badges, the topic mix) placed under the meta box and under each heading."""
    after_heading = after_heading or {}
    blocks = [f"# {literal_inline(speech.meta.title)} {{#kb-title}}", meta_html(speech, after_meta)]
    for section in speech.sections:
        # The opening section gets a heading only when real headings follow, so that a speech
        # without any structure is not given a lone "开篇" heading.
        if section.level or len(speech.sections) > 1:
            blocks.append(section_heading_line(section))
        if section.id in after_heading:
            blocks.append(after_heading[section.id])
        blocks.extend(paragraph_html(p.id, p.text) for p in section.paragraphs)
    return "\n\n".join(blocks) + "\n"


def escape(text: str) -> str:
    return html.escape(text, quote=True)
