"""Redaction markers: `*`, `**`, `***`, `****`, `X`, `XX`, `XXX` (and full-width ＊/×) stand for
removed names. They are text, never Markdown emphasis, and are shown as a visible mark.

`render_redactions` is the one function every output goes through, in one of two forms:

- marked (HTML text: paragraphs, headings, lists): each marker becomes
  `<span class="kb-redacted" title="原文已隐去">***</span>`, a grey block with an explanation;
- plain (where only text fits: `<title>`, the header bar, the table of contents, `title=` and
  `aria-label` attributes, SVG `<title>`, the tooltip, search and quiz JSON): each marker becomes
  PLAIN (`□□`), whatever its length, so no raw `*`/`X` run reaches a reader.

The named helpers below are the forms the stages use. Only the editable speech pages
(docs/speeches/*.md) and the data export kb.json keep the markers as written: they are data.
"""
from __future__ import annotations

import html
import re
from typing import Callable

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# Asterisks anywhere (speech text has no other use for them); X/× only as a run touching Chinese
# text or punctuation, so that Latin words are left alone; a single X before 光/射线/线 is the
# X-ray of hospital speeches (X光机, X射线), not a removed name.
_X_RUN = "(?:X{2,4}|X(?!光|射线|线)|×{1,4}|Ｘ{1,4})"
REDACTION = re.compile(
    rf"[*＊]{{1,8}}"
    rf"|(?<![A-Za-z]){_X_RUN}(?![A-Za-z])(?=[{_CJK}，。、；：“”（）]|$)"
    rf"|(?<=[{_CJK}，。、；：“”（）]){_X_RUN}(?![A-Za-z])"
)
# Every marker holds one of these: text without them has none (most text; one C-level scan
# instead of trying REDACTION's look-arounds at every position).
_MARKER_CHAR = re.compile("[*＊X×Ｘ]")


def redaction_js_pattern() -> str:
    """REDACTION as a JavaScript regular expression source (the search page's script renders the
    index files' markers with it; tests/test_redaction.py checks the script carries this one)."""
    return REDACTION.pattern.replace(_CJK, r"\u3400-\u4dbf\u4e00-\u9fff")


TOOLTIP = "原文已隐去"
PLAIN = "□□"          # a marker where only text fits (two white squares, U+25A1)


def _html_text(text: str) -> str:
    return html.escape(text, quote=False)


def _verbatim(text: str) -> str:
    return text


def find_redactions(text: str) -> list[str]:
    return [m.group(0) for m in REDACTION.finditer(text)]


def render_redactions(text: str, escape: Callable[[str], str] = _html_text, *, marked: bool = True) -> str:
    """`text` with every run of other text passed through `escape` and every redaction marker
    shown: as the visible mark (`marked`, for HTML) or as PLAIN (for text-only outputs)."""
    if _MARKER_CHAR.search(text) is None:
        return escape(text)
    out, last = [], 0
    for m in REDACTION.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append(f'<span class="kb-redacted" title="{TOOLTIP}">{escape(m.group(0))}</span>'
                   if marked else escape(PLAIN))
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def escape_with_redactions(text: str) -> str:
    """HTML text: escaped, each redaction marker wrapped in a visible, explained mark."""
    return render_redactions(text)


def plain_redactions(text: str) -> str:
    """Plain text (JSON data, page titles, the table of contents): markers shown as PLAIN,
    nothing escaped."""
    return render_redactions(text, _verbatim, marked=False)


def attribute_with_redactions(text: str) -> str:
    """An HTML attribute value (`title`, `aria-label`) or SVG `<title>`: markers shown as PLAIN,
    escaped with quotes."""
    return render_redactions(text, lambda t: html.escape(t, quote=True), marked=False)
