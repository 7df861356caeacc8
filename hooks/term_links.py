"""MkDocs hook: link glossary terms in speech and topic pages (kb.term_linking does the work):
the first mention of each term per section links to its glossary page, with a tooltip."""
from __future__ import annotations

from pathlib import Path

from kb import urls
from kb.glossary import load_project_glossary
from kb.term_linking import link_terms

LINKED_DIRS = (urls.SPEECHES_DIR + "/", "topics/")


def is_linked_page(page) -> bool:
    uri = page.file.src_uri
    return uri.startswith(LINKED_DIRS) and uri.endswith(".md") and uri != f"{urls.SPEECHES_DIR}/index.md"


# Priority -50: after other hooks have finished the page's HTML.
def on_page_content(html, page, config, files):
    if not is_linked_page(page):
        return html
    root = Path(config["config_file_path"]).parent
    proj = load_project_glossary(root, Path(config["docs_dir"]) / urls.SPEECHES_DIR)
    return link_terms(html, proj.glossary, page.url)


on_page_content.mkdocs_priority = -50
