"""Build a throwaway copy of the site from given speech pages: the real mkdocs.yml, hooks and
data, a docs/ folder of our choosing. Used by tests that need a strict build of a fixture."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from site_project import write_project

REPO_ROOT = Path(__file__).resolve().parent.parent


def build_fixture_site(tmp: Path, speech_pages: dict[str, str], strict: bool = True,
                       extra_docs: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    """Write `speech_pages` ({"name.md": text}) into docs/speeches of a project in `tmp`,
    build it and return (process, site dir)."""
    project = tmp / "project"
    docs = write_project(project, speech_pages, keep_out=tuple(extra_docs or ()))
    for name, text in (extra_docs or {}).items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    site = project / "site"
    python = REPO_ROOT / ".venv" / "bin" / "python"
    cmd = [str(python if python.exists() else sys.executable), "-m", "mkdocs", "build", "-d", str(site)]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, site
