"""MkDocs hook: a table of contents reachable on phones for long speech and topic pages. One
concern. The block itself is kb.pages.page_toc's; here it is put into the pages that need it
(speech pages and topic pages, which are not in the navigation) after redaction_titles has made
the TOC titles plain."""
from __future__ import annotations

from kb.build import urls
from kb.pages.page_toc import insert_toc, toc_html
from kb.pages.speech import INDEX_URI


def _wants_toc(page) -> bool:
    uri = page.file.src_uri
    if uri.startswith(urls.SPEECHES_DIR + "/"):
        return uri != INDEX_URI and uri.count("/") == 1 and "-" in uri
    return uri.startswith("topics/") and uri != "topics/index.md"


def on_page_content(html, page, config, files):
    if not _wants_toc(page):
        return html
    return insert_toc(html, toc_html(page.toc))


# After redaction_titles (0: plain TOC titles) and after the search hook (-100) has read the
# page, so the TOC is not indexed as page text.
on_page_content.mkdocs_priority = -150
