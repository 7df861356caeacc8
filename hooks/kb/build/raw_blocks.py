"""Keep Python-Markdown away from the raw HTML our pages are made of (build time, same output).

Speech, topic and glossary pages are written by this package as Markdown that is mostly raw
HTML blocks. Python-Markdown runs its pure-Python HTML parser over every raw block (md_in_html's
parser, then MkDocs' anchor collector's): at 1,000 speeches that was most of MkDocs' own build
time. `hold(markdown)` replaces each run of consecutive raw HTML blocks by one placeholder
paragraph and returns the runs; `restore(html, runs)` puts them back into the rendered page,
exactly as Markdown would have written them (each block followed by a blank line; the last one
of the page without). Headings, lists, tables and links stay Markdown, so the table of contents,
title and heading anchors are Markdown's own.

A block is held only when it is one element of a block-level tag written on the block's first
line without `markdown=` (md_in_html would render its inside); anything else ends the run and
goes to Markdown unchanged.
"""
from __future__ import annotations

import re

_PREFIX = "KBRAW"
# Letters and digits only: Markdown leaves the placeholder paragraph alone.
_PLACEHOLDER_P = re.compile(rf"<p>{_PREFIX}(\d+){_PREFIX}</p>")
_BLOCK_TAGS = ("address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|"
               "h[1-6]|header|main|nav|ol|p|section|table|ul")
_HELD = re.compile(rf"<({_BLOCK_TAGS})[\s>]")
_ANCHOR_ID = re.compile(r'<[a-zA-Z][^>]*?\s(?:id|name)="([^"]*)"')


def _one_element(block: str, tag: str) -> bool:
    """Whether the block is exactly one `tag` element (Markdown writes each top-level element
    of a raw block on a line of its own, so a block of several is not written back as is)."""
    depth = 0
    for m in re.finditer(rf"<(/?){tag}[\s>]", block):
        depth += -1 if m.group(1) else 1
        if depth == 0:                      # the first element ends here: the block must too
            return m.end() == len(block)
    return False


def _holdable(block: str) -> bool:
    m = _HELD.match(block)
    return (m is not None and "markdown=" not in block and _PREFIX not in block
            and _one_element(block, m.group(1)))


def hold(markdown: str) -> tuple[str, list[str]]:
    """(Markdown with each run of raw HTML blocks replaced by a placeholder paragraph, the runs)."""
    if _PREFIX in markdown:       # the page itself writes our marker: leave it to Markdown
        return markdown, []
    blocks = markdown.rstrip("\n").split("\n\n")   # trailing newlines change nothing in Markdown
    out: list[str] = []
    runs: list[str] = []
    pending: list[str] = []

    def flush():
        if pending:
            out.append(f"{_PREFIX}{len(runs)}{_PREFIX}")
            runs.append("\n\n".join(pending))
            pending.clear()

    for block in blocks:
        if block and _holdable(block):
            pending.append(block)
        else:
            flush()
            out.append(block)
    flush()
    if not runs:
        return markdown, []
    return "\n\n".join(out) + "\n", runs


def restore(html: str, runs: list[str]) -> str:
    """The rendered page with the held runs back in place."""
    if not runs:
        return html
    at_end = False

    def put_back(m: re.Match) -> str:
        nonlocal at_end
        at_end = m.end() == len(html)
        return runs[int(m.group(1))] + "\n"

    out = _PLACEHOLDER_P.sub(put_back, html)
    return out.rstrip() if at_end else out


def anchor_ids(runs: list[str]) -> set[str]:
    """The id (and name) attributes in the held runs, which MkDocs' link checker would have seen."""
    return {i for run in runs for i in _ANCHOR_ID.findall(run)}
