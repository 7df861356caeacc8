"""The pager of a list continued on numbered pages (term mentions, topic years)."""
from __future__ import annotations

from typing import Callable

from kb.pages.speech import escape


def pager_html(number: int, total: int, href: Callable[[int], str], label: str) -> str:
    """第 k / P 页 with previous/next, the first and last page and the pages around this one.
    `href(n)` is page n's address relative to page `number`; `label` names the pager for
    screen readers. Empty for a single page."""
    if total <= 1:
        return ""

    def link(n: int, text: str, rel: str = "") -> str:
        attr = f' rel="{rel}"' if rel else ""
        return f'<a href="{escape(href(n))}"{attr}>{text}</a>'

    parts = [link(number - 1, "‹ 上一页", "prev") if number > 1 else ""]
    last = 0
    for n in sorted({1, total} | set(range(max(1, number - 2), min(total, number + 2) + 1))):
        if n - last > 1:
            parts.append('<span class="kb-muted">…</span>')
        parts.append(f'<span class="kb-pager-current" aria-current="page">{n}</span>' if n == number
                     else link(n, str(n)))
        last = n
    parts.append(link(number + 1, "下一页 ›", "next") if number < total else "")
    return (f'<nav class="kb-pager" aria-label="{label}"><span class="kb-muted">第 {number} / {total} 页</span>'
            + "".join(parts) + "</nav>")
