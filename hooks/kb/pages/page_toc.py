"""The in-page table of contents for long speech and topic pages on narrow screens.

Material shows a page's TOC in the right sidebar from 1220 px up, and in the navigation drawer
only for pages listed in the navigation — speech and topic pages are not, so a phone reader of a
page 10–19 thousand px tall had no TOC at all. `toc_html` is a collapsible 目录 (closed by
default) put before the page's first section heading, plus a small floating “目录” link that
jumps back to it; kb.css shows both only below 1220 px (where the sidebar TOC is hidden).
"""
from __future__ import annotations

import html

TOC_ID = "kb-page-toc"
MIN_ENTRIES = 3     # shorter pages need no TOC


def _entries(items, depth: int, max_depth: int) -> str:
    lis = []
    for item in items:
        children = _entries(item.children, depth + 1, max_depth) if depth < max_depth else ""
        lis.append(f'<li><a href="{html.escape(item.url, quote=True)}">{item.title}</a>{children}</li>')
    return f"<ol>{''.join(lis)}</ol>" if lis else ""


def count(items) -> int:
    return sum(1 + count(item.children) for item in items)


def toc_html(toc, max_depth: int = 2) -> str:
    """The TOC block for a page's `toc` (MkDocs AnchorLinks; titles are HTML text already, with
    redaction markers in their plain form); "" for a short page."""
    items = list(toc)
    if len(items) == 1 and items[0].level == 1:      # the page title: list what is under it
        items = items[0].children
    if count(items) < MIN_ENTRIES:
        return ""
    return (f'<details class="kb-page-toc" id="{TOC_ID}"><summary>目录（{len(items)} 节）</summary>'
            f'<nav aria-label="本页目录">{_entries(items, 1, max_depth)}</nav></details>'
            f'<a class="kb-toc-fab" href="#{TOC_ID}" aria-label="回到本页目录">目录</a>')


def insert_toc(content: str, block: str) -> str:
    """`content` (a page's HTML) with `block` before its first section heading (h2)."""
    if not block:
        return content
    at = content.find("<h2")
    return content + block if at < 0 else content[:at] + block + content[at:]
