"""Redaction markers: `*`, `**`, `***`, `****`, `X`, `XX`, `XXX` (and full-width ＊/×) stand for
removed names. They are text, never Markdown emphasis, and are shown as a visible mark."""
from __future__ import annotations

import html
import re

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# Asterisks anywhere (speech text has no other use for them); X/× only as a run touching Chinese
# text or punctuation, so that Latin words and "X光" style terms in English context are left alone.
REDACTION = re.compile(
    rf"[*＊]{{1,8}}"
    rf"|(?<![A-Za-z])(?:X{{1,4}}|×{{1,4}}|Ｘ{{1,4}})(?![A-Za-z])(?=[{_CJK}，。、；：“”（）]|$)"
    rf"|(?<=[{_CJK}，。、；：“”（）])(?:X{{1,4}}|×{{1,4}}|Ｘ{{1,4}})(?![A-Za-z])"
)
TOOLTIP = "原文已隐去"


def find_redactions(text: str) -> list[str]:
    return [m.group(0) for m in REDACTION.finditer(text)]


def escape_with_redactions(text: str) -> str:
    """HTML-escape `text`, wrapping each redaction marker in a visible, explained mark."""
    out, last = [], 0
    for m in REDACTION.finditer(text):
        out.append(html.escape(text[last:m.start()], quote=False))
        out.append(f'<span class="kb-redacted" title="{TOOLTIP}">{html.escape(m.group(0))}</span>')
        last = m.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)
