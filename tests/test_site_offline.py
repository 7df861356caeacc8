"""The site must work on an intranet without internet access: nothing it loads may come from
outside (no web fonts, no CDN scripts or styles, no remote images)."""
from __future__ import annotations

import re
import warnings
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import assert_no_external_requests, is_external

# Attributes through which an HTML element makes the browser fetch something.
LOADING_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
}
# <link rel=...> values that only describe a relation and fetch nothing.
NON_LOADING_RELS = {"canonical", "alternate", "author", "license", "next", "prev", "me", "help"}

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'");\s]+)""", re.I)
# In scripts: URLs placed into src attributes, CSS or worker imports.
JS_LOADS = re.compile(r"""(?:\bsrc\s*=\s*\\?["']|importScripts\(\s*["'])((?:https?:)?//[^"'\\\s]+)""", re.I)
# Font services and CDNs; none of them is reachable from the intranet.
CDN_HOST = re.compile(
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|(?<![\w-])cdn[\w-]*\.[\w.-]+|[\w.-]+\.cdn\.[\w.-]+"
    r"|unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|ajax\.googleapis\.com", re.I)


def css_urls(text: str) -> list[str]:
    return [m.group(2) for m in CSS_URL.finditer(text)] + CSS_IMPORT.findall(text)


def srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


class _PageScanner(HTMLParser):
    """Collects the URLs an HTML page loads, and the external URLs it merely links to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.links: list[str] = []
        self.mermaid = False
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        rels = set(attrs.get("rel", "").lower().split())
        for name in LOADING_ATTRS.get(tag, ()):
            if name not in attrs or (tag == "link" and rels and rels <= NON_LOADING_RELS):
                continue
            value = attrs[name]
            self.loads.extend(srcset_urls(value) if name == "srcset" else [value])
        if "style" in attrs:
            self.loads.extend(css_urls(attrs["style"]))
        if tag == "a" and "href" in attrs:
            # Material fetches repository facts (api.github.com) for its "source" link.
            if "md-source" in attrs.get("class", "").split():
                self.loads.append(attrs["href"])
            else:
                self.links.append(attrs["href"])
        # Material's bundle loads mermaid from unpkg.com as soon as a diagram is on the page.
        if "mermaid" in attrs.get("class", "").split():
            self.mermaid = True
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.loads.extend(css_urls(data))


def test_built_site_loads_nothing_from_outside(built_site: Path):
    problems: list[str] = []
    external_links: dict[str, set[str]] = defaultdict(set)

    files = sorted(p for p in built_site.rglob("*") if p.suffix in (".html", ".css", ".js"))
    assert any(p.suffix == ".html" for p in files)
    for path in files:
        rel = path.relative_to(built_site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            scanner = _PageScanner()
            scanner.feed(text)
            loads = scanner.loads
            for href in scanner.links:
                if is_external(href):
                    external_links[href].add(rel)
            if scanner.mermaid:
                problems.append(f"{rel}: mermaid diagram (Material would load it from unpkg.com)")
        elif path.suffix == ".css":
            loads = css_urls(text)
        else:
            loads = JS_LOADS.findall(text)
        problems += [f"{rel}: loads {url}" for url in loads if is_external(url.strip())]
        # Material's JS bundle names unpkg.com for mermaid (covered above); pages and styles
        # must not mention a font service or CDN at all.
        if path.suffix != ".js":
            problems += [f"{rel}: mentions {host}" for host in sorted(set(CDN_HOST.findall(text)))]

    assert not problems, "the built site depends on the internet:\n  " + "\n  ".join(problems)

    if external_links:
        listing = "\n  ".join(f"{url}  ({len(pages)} page(s), e.g. {min(pages)})"
                              for url, pages in sorted(external_links.items()))
        warnings.warn(f"pages link to external sites (fine, but unreachable on the intranet):\n"
                      f"  {listing}", stacklevel=1)


def _sample_pages(site: Path) -> list[str]:
    """Home page, the speech list and a couple of speeches, and two other pages (site-relative)."""
    pages = sorted(p.parent.relative_to(site).as_posix() + "/"
                   for p in site.rglob("index.html") if p.parent != site)
    speeches = [p for p in pages if p.startswith("speeches/")]
    others = [p for p in pages if p not in speeches]
    return [""] + speeches[:3] + others[:2]


@pytest.mark.browser
def test_pages_work_offline_in_browser(built_site: Path, served_site: str, page):
    for path in _sample_pages(built_site):
        response = page.goto(served_site + path, wait_until="networkidle")
        assert response is not None and response.ok, f"{path or '/'}: HTTP error"
        assert page.locator("article h1").count() >= 1, f"{path or '/'}: no page title"

    # Search runs in a web worker from a local index: exercise it once.
    page.goto(served_site, wait_until="networkidle")
    search = page.locator(".md-search__input")
    search.fill("党建")
    search.press("End")  # Material reads the query on keyup, which fill() does not send
    page.locator(".md-search-result__item").first.wait_for(state="attached")

    assert_no_external_requests(page)
    assert not page.kb_errors, "browser errors:\n  " + "\n  ".join(page.kb_errors)
