"""MkDocs hook: redaction markers in page titles and the table of contents. One concern.

Headings are written with the visible redaction mark (kb.pages.speech.literal_inline), but
MkDocs takes the page title (front matter or first heading) and every table-of-contents entry as
text, so `<title>`, the header bar, the tab title and the TOC would show the raw `****`. Here
they get the plain form that the other text-only outputs use (kb.text.redaction.plain_redactions:
`□□`).
"""
from __future__ import annotations

import html

from kb.text.redaction import REDACTION, plain_redactions


def plain_title(title: str) -> str:
    """A title or TOC entry (HTML text, where `*` may be written `&#42;`) with its markers as □□;
    unchanged when it has none."""
    text = html.unescape(title)
    if not REDACTION.search(text):
        return title
    return html.escape(plain_redactions(text), quote=False)


def _plain_toc(items) -> None:
    for item in items:
        item.title = plain_title(item.title)
        _plain_toc(item.children)


def on_page_content(content, page, config, files):
    if page.meta.get("title"):
        page.meta["title"] = plain_title(str(page.meta["title"]))
    if page.title:
        page.title = plain_title(page.title)
    _plain_toc(page.toc)
    return content
