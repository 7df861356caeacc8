"""Drop the indentation the page templates write (~4 KB of every page): each run of whitespace
that starts with a line break becomes one line break.

Whitespace between words or tags still separates them exactly as before (a run of whitespace
renders as one space either way), so the page looks the same. Text whose whitespace is shown
as written — <pre>, <textarea> — and <script>/<style> bodies are kept byte for byte.
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def compact_html(page: str) -> str:
    parts = _KEEP.split(page)
    out = []
    # re.split with two groups yields: text, whole kept element, its tag name, text, …
    for i in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
