"""MkDocs hook: the home page (index.md) — what the knowledge base holds and where to start.

Generated unless docs/index.md is hand-written; a hand-written page may include the generated
figures by writing the marker `<!-- kb:stats -->` where they should appear.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

from kb.build import urls
from kb.corpus.loading import load_corpus
from kb.pages.home import START_POINTS, home_markdown, stats_markdown

STATS_MARKER = "<!-- kb:stats -->"


# Priority -100: after every other hook's on_files, so the pages this page points to exist.
def on_files(files, config):
    corpus = load_corpus(Path(config["docs_dir"]) / urls.SPEECHES_DIR)
    present = [point for point in START_POINTS if files.get_file_from_path(point.src_uri)]
    if files.get_file_from_path("index.md") is None:
        files.append(File.generated(config, "index.md", content=home_markdown(corpus, present)))
    return files


on_files.mkdocs_priority = -100


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "index.md" and STATS_MARKER in markdown:
        corpus = load_corpus(Path(config["docs_dir"]) / urls.SPEECHES_DIR)
        return markdown.replace(STATS_MARKER, stats_markdown(corpus))
    return markdown
