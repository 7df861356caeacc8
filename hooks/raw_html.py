"""MkDocs hook: Markdown skips the raw HTML of our generated pages (build time; same site).

kb.build.raw_blocks explains the why and the how. Applied to the pages this project writes — speech
pages and generated (virtual) pages — not to hand-written Markdown, whose raw HTML may rely on
Markdown's parser.
"""
from __future__ import annotations

from kb.build import urls
from kb.build.raw_blocks import anchor_ids, hold, restore

_state: dict = {}


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean


def is_ours(page) -> bool:
    uri = page.file.src_uri
    return page.file.generated_by is not None or (uri.startswith(urls.SPEECHES_DIR + "/") and uri.endswith(".md"))


# Priority -100: after every other hook has written the page's Markdown.
def on_page_markdown(markdown, page, config, files):
    if not is_ours(page):
        return markdown
    markdown, runs = hold(markdown)
    if runs:
        _state[page.file.src_uri] = runs
    return markdown


on_page_markdown.mkdocs_priority = -100


# Priority 100: the raw HTML is back before any other hook reads the page's HTML.
def on_page_content(html, page, config, files):
    runs = _state.pop(page.file.src_uri, None)
    if not runs:
        return html
    if page.present_anchor_ids is not None:   # MkDocs checks links to anchors against these
        page.present_anchor_ids |= anchor_ids(runs)
    return restore(html, runs)


on_page_content.mkdocs_priority = 100
