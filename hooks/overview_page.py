"""MkDocs hook: the 概览 page (overview/index.md) with inline SVG charts, built by kb.pages.overview.
Generated in on_files unless docs/overview/index.md is hand-written."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kb.build import urls
from kb.glossary.curated import GlossaryDataError
from kb.pages.learning import load_learning_inputs
from kb.pages.overview import URI, overview_markdown


# Priority 30: after glossary_pages (40), whose term pages the charts link to; before
# onboarding_pages (20) and home_page (-100), which link here if the page exists.
def on_files(files, config):
    if files.get_file_from_path(URI) is not None:   # a hand-written page wins
        return files
    root = Path(config["config_file_path"]).parent
    try:
        inputs = load_learning_inputs(root, Path(config["docs_dir"]) / urls.SPEECHES_DIR)
    except GlossaryDataError as err:
        raise PluginError(str(err)) from err
    files.append(File.generated(config, URI, content=overview_markdown(inputs)))
    return files


on_files.mkdocs_priority = 30
