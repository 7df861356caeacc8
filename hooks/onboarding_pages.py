"""MkDocs hook: the 新同志入门 page (onboarding/index.md), built by kb.pages.onboarding from the
glossary, the topics and the role paths in data/roles.yml.

Generated in on_files unless docs/onboarding/index.md is hand-written; a hand-written page keeps
its text (it replaces the generated intro) and gets the generated sections at
`<!-- kb:onboarding -->`, or appended. A structurally invalid data/roles.yml stops the build;
an unknown topic or term in it is logged as a warning (so `mkdocs build --strict` fails), both
with a message naming the file, the entry and a correct example.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kb.build import urls
from kb.glossary.curated import GlossaryDataError
from kb.pages.learning import load_learning_inputs
from kb.pages.onboarding import URI, onboarding_markdown, onboarding_sections, with_hand_written
from kb.pages.roles import ROLES_FILE, RolesDataError, load_roles, resolve_roles

log = logging.getLogger("mkdocs.hooks.onboarding_pages")
# The other learning pages the onboarding page links to, when they exist in this build.
LINKED_PAGES = {"handbook/index.md": "handbook/", "quiz/index.md": "quiz/", "overview/index.md": "overview/"}
_state: dict = {}


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean


def _sections(files, config) -> str:
    root = Path(config["config_file_path"]).parent
    try:
        inputs = load_learning_inputs(root, Path(config["docs_dir"]) / urls.SPEECHES_DIR)
        roles = load_roles(root / ROLES_FILE)
    except (GlossaryDataError, RolesDataError) as err:
        raise PluginError(str(err)) from err
    resolved, problems = resolve_roles(roles, inputs.project.topic_names, inputs.glossary.terms)
    for message in problems:
        log.warning(message)
    topic_links = {tid: (name, f"topics/{tid}/" if files.get_file_from_path(f"topics/{tid}.md") else None)
                   for tid, name, _ in inputs.topic_list()}
    pages = {url for uri, url in LINKED_PAGES.items() if files.get_file_from_path(uri)}
    return inputs, resolved, topic_links, pages


# Priority 20: after topic_pages (50) and glossary_pages (40) and after the handbook (32), quiz
# (31) and overview (30) hooks, so the pages linked to are in the file list; before home_page
# (-100), which links onboarding/index.md only if it exists.
def on_files(files, config):
    inputs, roles, topic_links, pages = _sections(files, config)
    if files.get_file_from_path(URI) is None:
        files.append(File.generated(config, URI, content=onboarding_markdown(inputs, roles, topic_links, pages)))
    else:
        _state["hand_written"] = onboarding_sections(inputs, roles, topic_links, pages)
    return files


on_files.mkdocs_priority = 20


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == URI and "hand_written" in _state:
        return with_hand_written(markdown, _state["hand_written"])
    return markdown
