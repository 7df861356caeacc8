"""MkDocs hook: `mkdocs serve --dirty` rebuilds exactly the pages whose output changes.

MkDocs' own --dirty test is the file's modification time, and every generated (virtual) page
counts as modified: after one speech is edited it would rebuild all glossary and topic pages,
and never the other speech pages whose term links changed. Instead, each page gets a fingerprint
of everything its HTML is made from, and a dirty build rebuilds the pages whose fingerprint
differs from the previous build's in this process (or whose output file is missing):

  * every page: the site-wide inputs — mkdocs.yml, the files under hooks/, data/ and overrides/,
    and the list of pages (a page added or removed can change links anywhere);
  * a generated page: its generated Markdown (which holds all it shows of the speeches);
  * a speech page: its file, and — like topic pages — the glossary's forms and terms, from which
    term links are made (kb.glossary.linking);
  * a topic page: also the glossary terms it lists (kb.pages.glossary.topic_terms_html);
  * any other hand-written page: always rebuilt (hooks may add corpus figures to it).

Pages of the previous build that no longer exist are deleted. Without --dirty MkDocs rebuilds
everything and this hook changes nothing. The first build of a process (a fresh `mkdocs serve`)
is always complete. scripts/serve.sh runs `mkdocs serve --dirty`; tests/test_dirty_rebuild.py
checks that an edit rebuilt this way gives the same site as a clean build of the edited speeches.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from kb.build import cache

from kb.build import urls
from kb.glossary.assembly import load_project_glossary
from kb.glossary.curated import GlossaryDataError

log = logging.getLogger("mkdocs.hooks.dirty_pages")
SITE_INPUTS = ("hooks", "data", "overrides")
# Per site folder, survives `mkdocs serve` rebuilds (the module is kept): fingerprints and output
# files of the last successful build.
_previous: dict[str, dict] = {}
_state: dict = {}


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean


def _tree_digest(root: Path) -> str:
    parts = [str(root / "mkdocs.yml"), (root / "mkdocs.yml").read_bytes() if (root / "mkdocs.yml").is_file() else b""]
    for name in SITE_INPUTS:
        folder = root / name
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    parts += [str(path.relative_to(root)), path.read_bytes()]
    return cache.digest(*parts)


def _glossary_keys(config) -> tuple[str, str]:
    """(what term links read of the glossary, what topic pages list of it); fixed values while
    data/glossary.yml is invalid (that build fails anyway)."""
    root = Path(config["config_file_path"]).parent
    try:
        glossary = load_project_glossary(root, Path(config["docs_dir"]) / urls.SPEECHES_DIR).glossary
    except GlossaryDataError:
        return "", ""
    links = cache.digest(sorted(glossary.matcher.forms.items()), sorted(t.slug for t in glossary.terms))
    listed = cache.digest([(t.slug, t.term, t.definition, t.topics, t.importance, t.curated, t.total)
                           for t in glossary.terms])
    return links, listed


def fingerprint(file, site_key: str, links_key: str, listed_key: str) -> str | None:
    """The page's fingerprint, or None for a page to rebuild every time."""
    uri = file.src_uri
    if file.generated_by is not None:
        source = file.content_string
    elif uri.startswith(urls.SPEECHES_DIR + "/"):
        source = Path(file.abs_src_path).read_bytes()
    else:
        return None
    extra = ()
    if uri.startswith((urls.SPEECHES_DIR + "/", "topics/")):
        extra = (links_key, listed_key) if uri.startswith("topics/") else (links_key,)
    return cache.digest(site_key, uri, source, *extra)


# Priority -300: after every hook that adds or changes generated pages.
def on_files(files, config):
    root = Path(config["config_file_path"]).parent
    pages = files.documentation_pages()
    site_key = cache.digest(_tree_digest(root), sorted(f.src_uri for f in pages))
    links_key, listed_key = _glossary_keys(config)
    previous = _previous.get(str(Path(config["site_dir"]).resolve()), {})
    old = previous.get("fingerprints", {})
    prints, outputs, changed = {}, set(), []
    for file in pages:
        value = fingerprint(file, site_key, links_key, listed_key)
        prints[file.src_uri] = value
        outputs.add(file.abs_dest_path)
        modified = value is None or old.get(file.src_uri) != value or not os.path.isfile(file.abs_dest_path)
        file.is_modified = (lambda m=modified: m)      # what MkDocs asks in a --dirty build
        if modified:
            changed.append(file.src_uri)
    if old:
        log.info(f"只重建内容有变化的页面：{len(changed)} / {len(pages)} 个"
                 + (f"（{'、'.join(changed[:5])}{' 等' if len(changed) > 5 else ''}）" if changed else ""))
    _state.update(fingerprints=prints, outputs=outputs, stale=previous.get("outputs", set()) - outputs)
    return files


on_files.mkdocs_priority = -300


def on_post_build(config):
    for path in _state.get("stale", ()):               # pages gone since the last build
        try:
            os.remove(path)
            os.removedirs(os.path.dirname(path))       # and their folders, once empty
        except OSError:
            pass
    _previous[str(Path(config["site_dir"]).resolve())] = {
        "fingerprints": _state.get("fingerprints", {}), "outputs": _state.get("outputs", set())}


def on_build_error(error):
    _previous.clear()   # pages may be half written: the next build rebuilds them all
