"""Site URLs of everything the knowledge base links to, relative to the site root.

The site uses directory URLs (mkdocs.yml: use_directory_urls: true), so a page `speeches/x.md`
is served at `speeches/x/`. Links written into pages are made relative to the page with
`relative()`, so the site works under any prefix and from a zip.
"""
from __future__ import annotations

import posixpath

from kb.build import memo

SPEECHES_DIR = "speeches"


def speech_url(speech_id: str) -> str:
    return f"{SPEECHES_DIR}/{speech_id}/"


def anchor_url(speech_id: str, anchor: str) -> str:
    return f"{speech_url(speech_id)}#{anchor}"


def relative(from_page_url: str, to_url: str) -> str:
    """Link from the page served at `from_page_url` (a directory URL) to `to_url`."""
    path, _, fragment = to_url.partition("#")
    return _relative_path(from_page_url, path) + (f"#{fragment}" if fragment else "")


@memo.memoised(1 << 16)   # pages link the same few pages many times (build time)
def _relative_path(from_page_url: str, path: str) -> str:
    base = from_page_url if from_page_url.endswith("/") or not from_page_url else posixpath.dirname(from_page_url) + "/"
    rel = posixpath.relpath("/" + path, "/" + base) if path else ""
    if path.endswith("/") and rel != "." and not rel.endswith("/"):
        rel += "/"
    if rel == ".":
        rel = "./"
    return rel
