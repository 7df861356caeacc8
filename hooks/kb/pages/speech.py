"""Render a Speech as the Markdown MkDocs builds: literal text, real headings, anchored paragraphs.

Nothing from the speech becomes markup. Headings stay Markdown headings (so they reach the table
of contents) with every Markdown/HTML metacharacter written as a numeric entity; paragraphs are
raw HTML blocks with the text HTML-escaped. Redaction markers become a visible mark.
"""
from __future__ import annotations

import re
from collections import defaultdict

from kb.build import urls
from kb.model.speech import Section, Speech
from kb.text.redaction import attribute_with_redactions, escape_with_redactions, render_redactions

# Characters that Python-Markdown (with attr_list, toc) would read as syntax inside a heading.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~^:=\"'$%]")


def _entities(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", text)


def literal_inline(text: str) -> str:
    """Text that Markdown will not touch (for headings and list items), redactions marked."""
    return render_redactions(text, _entities)


def paragraph_html(paragraph_id: str, text: str) -> str:
    """A paragraph with its fixed anchor; its "¶" link to itself is added by docs/assets/kb.js."""
    return f'<p class="kb-para" id="{paragraph_id}">{escape_with_redactions(text)}</p>'


def meta_html(speech: Speech, extra: str = "") -> str:
    meta = speech.meta
    rows = []
    if meta.date:
        rows.append(("时间", meta.date))
    if meta.speaker:
        rows.append(("讲话人", meta.speaker))
    if meta.unit:
        rows.append(("单位", meta.unit))
    if meta.occasion:
        rows.append(("场合", meta.occasion))
    # The source file name (meta.source) is an editor's detail: it stays in the page's front
    # matter and kb.json, not in the reader's meta box.
    items = "".join(f"<dt>{label}</dt><dd>{escape_with_redactions(value)}</dd>" for label, value in rows)
    return f'<div class="kb-speech-meta"><dl>{items}</dl>{extra}</div>'


OPENING_HEADING = "开篇"


def outline_levels(sections: list[Section]) -> dict[str, int]:
    """{section id: the HTML heading level it is rendered at}. The speaker's levels (2 一、,
    3 （一）, 4 1.) can jump — 一、 followed by 1. with no （一） in between — and a page whose
    outline skips a level (h2 → h4) is hard to follow with a screen reader. A heading goes one
    level below the nearest earlier heading of a higher source level (the title is h1), so the
    outline never skips while headings of the same source level under the same parent stay
    siblings. Only the tag changes: the heading text keeps the speaker's numbering."""
    levels: dict[str, int] = {}
    stack: list[tuple[int, int]] = []        # (source level, rendered level) of open parents
    for section in sections:
        if not section.level:                # the opening ("开篇") is no one's parent
            levels[section.id], stack = 2, []
            continue
        source = section.level
        while stack and stack[-1][0] >= source:
            stack.pop()
        rendered = (stack[-1][1] if stack else 1) + 1
        levels[section.id] = rendered
        stack.append((source, rendered))
    return levels


def section_heading_line(section: Section, level: int | None = None) -> str:
    level = level or section.level or 2
    text = literal_inline(section.heading) if section.level else OPENING_HEADING
    return f"{'#' * level} {text} {{#{section.id}}}"


def speech_markdown(speech: Speech, *, after_meta: str = "",
                    after_heading: dict[str, str] | None = None) -> str:
    """The whole page. `after_meta` / `after_heading[section_id]` are trusted HTML from other
    stages (topic badges, the topic mix) placed under the meta box and under each heading."""
    after_heading = after_heading or {}
    blocks = [f"# {literal_inline(speech.meta.title)} {{#kb-title}}", meta_html(speech, after_meta)]
    levels = outline_levels(speech.sections)
    for section in speech.sections:
        # The opening section gets a heading only when real headings follow, so that a speech
        # without any structure is not given a lone "开篇" heading.
        if section.level or len(speech.sections) > 1:
            blocks.append(section_heading_line(section, levels[section.id]))
        if section.id in after_heading:
            blocks.append(after_heading[section.id])
        blocks.extend(paragraph_html(p.id, p.text) for p in section.paragraphs)
    return "\n\n".join(blocks) + "\n"


def escape(text: str) -> str:
    """Escaped for HTML text or an attribute value; a redaction marker becomes its plain form
    (kb.text.redaction.PLAIN), so nothing escaped this way shows a raw marker. Text that should
    show the visible mark goes through `escape_with_redactions`."""
    return attribute_with_redactions(text)


# --------------------------------------------------------------------------- speeches index

INDEX_URI = f"{urls.SPEECHES_DIR}/index.md"
INDEX_LIMIT = 300          # speeches listed on the index itself; above that, one page per year
INDEX_YEAR_PREVIEW = 5     # newest speeches of each year shown on a split index
UNDATED_LABEL, UNDATED_SLUG = "未注明年份", "undated"


def year_page_uri(year: str) -> str:
    """`speeches/2022.md` (speech ids always carry a suffix, so no speech has this name)."""
    return f"{urls.SPEECHES_DIR}/{year if year.isdigit() else UNDATED_SLUG}.md"


def _speech_line(speech: Speech, page_url: str) -> str:
    # One line per speech, kept light: the occasion only when the title does not already name
    # it, plain ISO dates.
    shown = speech.meta.occasion and str(speech.meta.occasion) not in speech.meta.title
    occasion = f" — {literal_inline(speech.meta.occasion)}" if shown else ""
    date = speech.meta.date or ""
    date = date if re.fullmatch(r"\d{4}(-\d\d){0,2}", date) else literal_inline(date)
    link = urls.relative(page_url, urls.speech_url(speech.id))
    return (f'- <a href="{link}">{literal_inline(speech.meta.title)}</a>'
            f' <span class="kb-muted">{date}{occasion}</span>')


def _year_heading(year: str, count: int) -> str:
    return f"## {year}" + ("年" if year.isdigit() else "") + f"（{count} 篇）"


def speeches_index_pages(speeches: list[Speech]) -> list[tuple[str, str]]:
    """[(src uri, Markdown)]: the speeches index, by year (newest first). Up to INDEX_LIMIT
    speeches it lists them all; above, it shows each year's newest few and links one page per
    year (`speeches/2022/`), so the index does not grow with the corpus."""
    by_year: dict[str, list[Speech]] = defaultdict(list)
    for speech in speeches:
        by_year[str(speech.meta.year or UNDATED_LABEL)].append(speech)
    index_url = urls.SPEECHES_DIR + "/"
    split = len(speeches) > INDEX_LIMIT
    lines = ["# 讲话", "", f"共收录讲话 {len(speeches)} 篇，按年份排列（新的在前）。"
             + ("每年列出最新的几篇，点“查看全部”看这一年的所有讲话。" if split else ""), ""]
    pages = []
    for year, group in by_year.items():
        lines += [_year_heading(year, len(group)), ""]
        shown = group[:INDEX_YEAR_PREVIEW] if split else group
        lines += [_speech_line(s, index_url) for s in shown]
        if split:
            uri = year_page_uri(year)
            label = f"{year} 年" if year.isdigit() else year
            lines += ["", f"[查看{label}的全部 {len(group)} 篇讲话 ›]({uri.rsplit('/', 1)[1]})"]
            page_url = uri[:-len(".md")] + "/"
            # Under speeches/ the term linker would link words of the occasions: kb-nolink.
            items = "".join(f"<li>{_speech_line(s, page_url)[2:]}</li>" for s in group)
            pages.append((uri, "\n".join(
                [f"# 讲话：{label}", "", "[← 全部讲话](index.md)", "", f"共 {len(group)} 篇，新的在前。", "",
                 f'<ul class="kb-speech-list kb-nolink">{items}</ul>']) + "\n"))
        lines.append("")
    return [(INDEX_URI, "\n".join(lines))] + pages
