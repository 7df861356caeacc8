"""Link glossary terms where they are read: in rendered page HTML, the first mention of each term
in each section (a section starts at every heading) becomes a link to the term's page.

The short explanation shown when a reader hovers, focuses or taps a linked term is not written
into the page: `tips_json` is one site-wide file (TIPS_URI, a few KB, cached by the browser) that
docs/assets/kb.js reads. Written per link it was ~5 KB of a median speech page (a term is
usually linked once per page, so one copy per page saved little); terms without a definition
are left out of the file and shown as "<term>（见提法释义）".

Text inside headings, links, code, marks, redaction marks and the speech meta box is left alone;
so is the term whose own page this is. Matching is kb.glossary.matching's: inside running Chinese
text, any script, longest match first.
"""
from __future__ import annotations

import json
import re

from kb.build import urls
from kb.glossary.assembly import Glossary, Term
from kb.text.redaction import plain_redactions

_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_ENTITY = re.compile(r"(&#?\w+;)")
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][\w-]*)([^>]*?)(/)?\s*>", re.S)
_CLASS = re.compile(r"""class\s*=\s*["']([^"']*)["']""")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIP_TAGS = HEADINGS | {"a", "code", "pre", "kbd", "samp", "script", "style", "svg", "textarea",
                        "button", "mark", "abbr", "title", "select", "option", "label"}
SKIP_CLASSES = {"kb-speech-meta", "kb-redacted", "kb-nolink", "headerlink", "kb-badges", "kb-topic-badges"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


TIPS_URI = "assets/kb-tips.json"


def tooltip(term: Term) -> str:
    return f"{term.term}：{term.short_definition()}" if term.definition else f"{term.term}（见提法释义）"


def tips_json(glossary: Glossary) -> str:
    """{slug: "term：short definition"} for every term with a definition, compact and sorted
    (same glossary, same bytes). Read by docs/assets/kb.js as data, never as markup, so redaction
    markers are in their plain form (□□)."""
    tips = {t.slug: plain_redactions(tooltip(t)) for t in glossary.terms if t.definition}
    return json.dumps(dict(sorted(tips.items())), ensure_ascii=False, separators=(",", ":")) + "\n"


def link_html(term: Term, surface_html: str, page_url: str) -> str:
    return f'<a class="kb-term" href="{urls.relative(page_url, term.url)}">{surface_html}</a>'


class _Linker:
    def __init__(self, glossary: Glossary, page_url: str, exclude: str | None):
        self.glossary, self.page_url, self.exclude = glossary, page_url, exclude
        self.terms = glossary.by_slug()
        self.linked: set[str] = set()
        self.stack: list[tuple[str, bool]] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def tag(self, token: str) -> None:
        m = _TAG.match(token)
        if not m:
            return
        closing, name, attrs, selfclosing = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
        if closing:
            self._close(name)
            return
        if name in HEADINGS:
            self.linked = set()            # a new section starts
        if name in VOID or selfclosing:
            return
        classes = set((_CLASS.search(attrs).group(1) if _CLASS.search(attrs) else "").split())
        self.stack.append((name, name in SKIP_TAGS or bool(classes & SKIP_CLASSES)))

    def _close(self, name: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == name:
                del self.stack[i:]
                return

    def text(self, chunk: str) -> str:
        if self.skipping or not chunk.strip():
            return chunk
        return "".join(part if _ENTITY.fullmatch(part) else self._link(part)
                       for part in _ENTITY.split(chunk))

    def _link(self, text: str) -> str:
        out, last = [], 0
        for match in self.glossary.matcher.finditer(text):
            slug = match.term_id
            if slug == self.exclude or slug in self.linked or slug not in self.terms:
                continue
            self.linked.add(slug)
            out += [text[last:match.start], link_html(self.terms[slug], text[match.start:match.end], self.page_url)]
            last = match.end
        out.append(text[last:])
        return "".join(out)


def link_terms(page_html: str, glossary: Glossary, page_url: str, exclude_slug: str | None = None) -> str:
    """`page_html` with the first mention per section of every glossary term linked."""
    linker = _Linker(glossary, page_url, exclude_slug)
    out = []
    for token in _TOKEN.split(page_html):
        if not token:
            continue
        if token.startswith("<"):
            linker.tag(token)
            out.append(token)
        else:
            out.append(linker.text(token))
    return "".join(out)
