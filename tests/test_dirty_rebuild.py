"""Live reload (`mkdocs serve --dirty`, as scripts/serve.sh runs it): after one speech is edited,
the rebuilt site is the site a clean build of the edited speeches gives — its page, the glossary,
topic and home pages that depend on it, kb.json — while pages the edit does not touch are not
rewritten (hooks/dirty_pages.py)."""
from __future__ import annotations

import json
import os
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

# Run the way `mkdocs serve --dirty` does: one process, the config reloaded for every build.
SERVE = """
import json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, site, url, edit = sys.argv[1:5]
os.chdir(project)
def get_config():
    config = load_config(config_file="mkdocs.yml", site_dir=site)
    config.site_url = url
    return config
config = get_config()
config.plugins.on_startup(command="serve", dirty=True)
build(config, serve_url=url, dirty=True)
before = {str(p): p.stat().st_mtime_ns for p in Path(site).rglob("*.html")}
time.sleep(0.05)
page, old, new = json.loads(edit)
path = Path(project, "docs", "speeches", page)
text = path.read_text("utf-8")
assert old in text, old
path.write_text(text.replace(old, new, 1), encoding="utf-8")
build(get_config(), serve_url=url, dirty=True)
config.plugins.on_shutdown()
after = {str(p): p.stat().st_mtime_ns for p in Path(site).rglob("*.html")}
print("REWRITTEN " + json.dumps(sorted(os.path.relpath(p, site) for p in after if before.get(p) != after[p])))
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

EDITS = {
    # A curated term and more text in a paragraph: term links, mention counts, topic passages.
    "paragraph text": ("可以说，去年我们“五心”并用齐发发力，",
                       "可以说，去年我们坚持“三会一课”制度，“五心”并用齐发发力，"),
    # A new formulation, which another speech uses too: a new glossary page (the list of pages
    # changes) and new term links in the other speech's page.
    "new formulation": ("过去的一年，我们共守“初心”，",
                        "过去的一年，我们实施“党支部标准化”工程，共守“初心”，"),
    # The title: the speeches index, topic and glossary pages quoting the speech.
    "title": ("title: 在****党2022年党建与党风廉政建设工作部署会上的讲话",
              "title: 在****党2022年党建与党风廉政建设工作部署会上的讲话（修订）"),
}


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
    old, new = EDITS[edit]
    served = write_project(tmp_path / "served", pages).parent
    out = run(SERVE, str(served), str(tmp_path / "served-site"), SERVE_URL, json.dumps([EDITED, old, new]))
    rewritten = json.loads(out.split("REWRITTEN ", 1)[1].splitlines()[0])

    edited = dict(pages, **{EDITED: pages[EDITED].replace(old, new, 1)})
    clean = write_project(tmp_path / "clean", edited).parent
    run(CLEAN, str(clean), str(tmp_path / "clean-site"), SERVE_URL, env={"KB_CACHE": "off"})

    got, want = tree(tmp_path / "served-site"), tree(tmp_path / "clean-site")
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []
    assert f"speeches/{EDITED[:-3]}/index.html" in rewritten
    if edit != "new formulation":        # a new page changes the list of pages: all rebuilt
        assert UNTOUCHED not in rewritten
