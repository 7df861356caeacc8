"""Walk a built site for raw redaction markers (`**`, `XXX` …) that a reader would see.

Allowed: a marker inside the visible mark (`<span class="kb-redacted">`), and kb.json, the data
export that keeps the text as written (README “数据导出”). Everything else is checked: HTML text
(also `<title>`, the header bar, the TOC, SVG `<title>`), every attribute value that is text
(`title`, `aria-label`, `alt`, `placeholder`, `data-*`), JSON in `<script type="application/json">`
(the quiz data) and every string of every other .json file (tooltips, search index and shards).
"""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from kb.text.redaction import REDACTION

TEXT_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "label", "value", "content")
DATA_FILES_KEPT = {"kb.json"}
# Regular expressions written for the search worker are code, not text.
CODE_KEYS = {("search/search_index.json", "special")}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Walker(HTMLParser):
    def __init__(self, where: str, found: list):
        super().__init__(convert_charrefs=True)
        self.where, self.found = where, found
        self.stack: list[tuple[str, bool]] = []
        self.script: str | None = None
        self.buffer: list[str] = []

    def _attrs(self, tag, attrs):
        for name, value in attrs:
            if value and (name in TEXT_ATTRIBUTES or name.startswith("data-")) and REDACTION.search(value):
                if name == "content" and tag != "meta":
                    continue
                self.found.append((self.where, f"<{tag} {name}>", value[:80]))

    def handle_startendtag(self, tag, attrs):
        self._attrs(tag, attrs)

    def handle_starttag(self, tag, attrs):
        self._attrs(tag, attrs)
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append((tag, "kb-redacted" in classes))
        if tag == "script":
            self.script, self.buffer = dict(attrs).get("type") or "", []

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            if self.script == "application/json":
                walk_json(json.loads("".join(self.buffer)), self.where + " <script json>", self.found)
            self.script = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.script is not None:
            self.buffer.append(data)
            return
        if any(marked for _, marked in self.stack) or any(t == "style" for t, _ in self.stack):
            return
        for m in REDACTION.finditer(data):
            self.found.append((self.where, "/".join(t for t, _ in self.stack[-3:]),
                               data[max(0, m.start() - 20):m.end() + 20].strip()))


def walk_json(value, where: str, found: list, key: str = "") -> None:
    if isinstance(value, str):
        if REDACTION.search(value) and (where, key) not in CODE_KEYS:
            found.append((where, key, value[:80]))
    elif isinstance(value, dict):
        for k, v in value.items():
            walk_json(k, where, found)
            walk_json(v, where, found, k)
    elif isinstance(value, list):
        for v in value:
            walk_json(v, where, found, key)


def _citation_source(rel: str) -> bool:
    """The search page's index files (search/full-<hash>/): the text citations are copied from,
    kept as written like kb.json; kb-search.js shows their markers as the redaction mark."""
    return rel.startswith("search/full-")


def raw_markers(site: Path) -> list[tuple[str, str, str]]:
    """[(file, where in it, text around the marker)] for every raw marker a reader could see."""
    found: list = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            walker = _Walker(rel, found)
            walker.feed(path.read_text("utf-8"))
            walker.close()
        elif path.suffix == ".json" and rel not in DATA_FILES_KEPT and not _citation_source(rel):
            walk_json(json.loads(path.read_text("utf-8")), rel, found)
    return found
