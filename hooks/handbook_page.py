"""MkDocs hook: the 应知应会 handbook (handbook/index.md), built by kb.pages.handbook from the glossary
and topics. Generated in on_files unless docs/handbook/index.md is hand-written. Its print
layout is in docs/assets/kb-learning.css."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kb.build import urls
from kb.glossary.curated import GlossaryDataError
from kb.pages.handbook import URI, handbook_markdown
from kb.pages.learning import load_learning_inputs


# Priority 32: after glossary_pages (40), before onboarding_pages (20), which links here if
# the page exists, and home_page (-100).
def on_files(files, config):
    if files.get_file_from_path(URI) is not None:   # a hand-written page wins
        return files
    root = Path(config["config_file_path"]).parent
    try:
        inputs = load_learning_inputs(root, Path(config["docs_dir"]) / urls.SPEECHES_DIR)
    except GlossaryDataError as err:
        raise PluginError(str(err)) from err
    files.append(File.generated(config, URI, content=handbook_markdown(inputs)))
    return files


on_files.mkdocs_priority = 32
