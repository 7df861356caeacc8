"""Live reload (`mkdocs serve --dirty`, as scripts/serve.sh runs it): after one speech is edited,
the rebuilt site is the site a clean build of the edited speeches gives — its page, the glossary,
topic and home pages that depend on it, kb.json — while pages the edit does not touch are not
rewritten (hooks/dirty_pages.py)."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from site_project import write_project

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEECHES = REPO_ROOT / "docs" / "speeches"
EDITED = "2022-90c17d.md"
UNTOUCHED = "speeches/2022-c4473b/index.html"
SERVE_URL = "http://127.0.0.1:8000/"
TOKEN_CACHE = ".kb-cache/search-tokens.pickle"

# Run the way `mkdocs serve --dirty` does: one process, the config reloaded for every build.
# Each step's changes to docs/speeches, then a rebuild; of the last rebuild, which HTML files
# were written and which index files were written rather than linked to the previous index's.
SERVE = """
import json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, site, url, steps, dirty = sys.argv[1:6]
dirty = dirty == "dirty"
os.chdir(project)
def get_config():
    config = load_config(config_file="mkdocs.yml", site_dir=site)
    config.site_url = url
    return config
def index_files():   # the box's index (kb-*) and the 搜索 page's (full-*), by kind and name
    return {p.parent.name.split("-")[0] + "/" + p.name: (p.stat().st_ino, p.read_bytes())
            for p in [*Path(site).glob("search/kb-*/*"), *Path(site).glob("search/full-*/*")]}
config = get_config()
config.plugins.on_startup(command="serve", dirty=dirty)
build(config, serve_url=url, dirty=dirty)
speeches = Path(project, "docs", "speeches")
for step in json.loads(steps):
    before = {str(p): p.stat().st_mtime_ns for p in Path(site).rglob("*.html")}
    index_before = index_files()
    time.sleep(0.05)
    for action, page, *args in step:
        path = speeches / page
        if action == "edit":
            text = path.read_text("utf-8")
            assert args[0] in text, args[0]
            path.write_text(text.replace(args[0], args[1], 1), encoding="utf-8")
        elif action == "add":
            path.write_text(args[0], encoding="utf-8")
        else:
            path.unlink()
    build(get_config(), serve_url=url, dirty=dirty)
config.plugins.on_shutdown()
after = {str(p): p.stat().st_mtime_ns for p in Path(site).rglob("*.html")}
print("REWRITTEN " + json.dumps(sorted(os.path.relpath(p, site) for p in after if before.get(p) != after[p])))
# (by kind: the old kb-* folder is removed, freeing its inodes, before full-* is written)
old_inodes = {(name.split("/")[0], ino) for name, (ino, _) in index_before.items()}
index_after = index_files()
written = {name: data for name, (ino, data) in index_after.items()
           if (name.split("/")[0], ino) not in old_inodes}
print("INDEX " + json.dumps({kind: {"files": len([n for n in index_after if n.startswith(kind + "/")]),
                                    "written": len([n for n in written if n.startswith(kind + "/")]),
                                    "unchanged": sorted(n for n, d in written.items() if n.startswith(kind + "/")
                                                        and index_before.get(n, (0, None))[1] == d)}
                             for kind in ("kb", "full")}))
"""

CLEAN = """
import os, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, site, url = sys.argv[1:4]
os.chdir(project)
config = load_config(config_file="mkdocs.yml", site_dir=site)
config.site_url = url
config.plugins.on_startup(command="build", dirty=False)
build(config, serve_url=url, dirty=False)
config.plugins.on_shutdown()
"""

# A speech without new formulations, so that the glossary keeps its words.
ADDED = """---
title: 在2024年基层党建工作推进会上的讲话
date: '2024-05-01'
---

同志们，今年要持续加强基层党组织建设，推动全面从严治党向纵深发展。

各级党组织要把抓好党建作为最大的政绩，层层压实主体责任。
"""
PARAGRAPH = ("edit", EDITED, "可以说，去年我们“五心”并用齐发发力，",
             "可以说，去年我们坚持“三会一课”制度，“五心”并用齐发发力，")
# Steps of changes, each followed by a rebuild; the last rebuild's site must equal a clean build.
EDITS = {
    # A curated term and more text in a paragraph: term links, mention counts, topic passages.
    "paragraph text": [[PARAGRAPH]],
    # A new formulation, which another speech uses too: a new glossary page (the list of pages
    # changes) and new term links in the other speech's page.
    "new formulation": [[("edit", EDITED, "过去的一年，我们共守“初心”，",
                          "过去的一年，我们实施“党支部标准化”工程，共守“初心”，")]],
    # The title: the speeches index, topic and glossary pages quoting the speech.
    "title": [[("edit", EDITED, "title: 在****党2022年党建与党风廉政建设工作部署会上的讲话",
                "title: 在****党2022年党建与党风廉政建设工作部署会上的讲话（修订）")]],
    # Edits in a row: the search index is updated from an updated one; a word no page had (a
    # token new to the index) comes and goes.
    "edits in a row": [[PARAGRAPH],
                       [("edit", EDITED, "可以说，", "鲲鹏展翅，可以说，")],
                       [("edit", EDITED, "鲲鹏展翅，可以说，", "可以说，")]],
    # Speeches removed and added: every document after them gets another number.
    "speech removed, speech added": [[("delete", "2022-c4473b.md")],
                                     [("add", "2024-added.md", ADDED)]],
    # Plain `mkdocs serve`: every page rendered again into an emptied site folder, the search
    # index still updated from the kept one.
    "edits in a row, serve without --dirty": [[PARAGRAPH],
                                              [("edit", EDITED, "可以说，", "鲲鹏展翅，可以说，")]],
}
UNTOUCHED_BY = ("paragraph text", "title", "edits in a row")
NOT_DIRTY = ("edits in a row, serve without --dirty",)


def apply(pages: dict[str, str], steps) -> dict[str, str]:
    pages = dict(pages)
    for step in steps:
        for action, page, *args in step:
            if action == "edit":
                pages[page] = pages[page].replace(args[0], args[1], 1)
            elif action == "add":
                pages[page] = args[0]
            else:
                del pages[page]
    return pages


def run(code: str, *args: str, env: dict | None = None) -> str:
    python = REPO_ROOT / ".venv" / "bin" / "python"
    proc = subprocess.run([str(python if python.exists() else sys.executable), "-c", code, *args],
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:]
    return proc.stdout


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("edit", EDITS)
def test_dirty_rebuild_equals_clean_build(tmp_path, edit):
    pages = {p.name: p.read_text("utf-8") for p in SPEECHES.glob("*.md") if p.name != "index.md"}
    served = write_project(tmp_path / "served", pages).parent
    out = run(SERVE, str(served), str(tmp_path / "served-site"), SERVE_URL, json.dumps(EDITS[edit]),
              "clean" if edit in NOT_DIRTY else "dirty")
    rewritten = json.loads(out.split("REWRITTEN ", 1)[1].splitlines()[0])
    index = json.loads(out.split("INDEX ", 1)[1].splitlines()[0])

    clean = write_project(tmp_path / "clean", apply(pages, EDITS[edit])).parent
    run(CLEAN, str(clean), str(tmp_path / "clean-site"), SERVE_URL, env={"KB_CACHE": "off"})

    got, want = tree(tmp_path / "served-site"), tree(tmp_path / "clean-site")
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []
    if edit in UNTOUCHED_BY:
        assert f"speeches/{EDITED[:-3]}/index.html" in rewritten
        assert UNTOUCHED not in rewritten
    # The search index: only the files whose bytes changed are written, the others linked from
    # the previous index folder (which a build without --dirty has deleted with the whole site).
    # The same for the 搜索 page's files (full-*): a speech's text file only when it changed.
    if edit not in NOT_DIRTY:
        for kind in ("kb", "full"):
            assert index[kind]["unchanged"] == [], kind
            assert 0 < index[kind]["written"] < index[kind]["files"], (kind, index[kind])
    # Serve writes the token counts' disk cache once, at shutdown: those of its last build.
    cached = [pickle.loads((project / TOKEN_CACHE).read_bytes()) for project in (served, clean)]
    assert cached[0] == cached[1]
