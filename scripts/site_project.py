"""A throwaway copy of the site with speech pages of our choosing: the real mkdocs.yml, hooks
and data (linked), docs/ linked except docs/speeches. Used by scripts/bench.py and the tests."""
from __future__ import annotations

import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def write_project(project: Path, speech_pages: dict[str, str], keep_out: tuple[str, ...] = ()) -> Path:
    """Lay out the project in `project` with `speech_pages` ({"name.md": text}) in
    docs/speeches; `keep_out` names top-level docs entries not to link (the caller writes
    them). Returns the docs folder."""
    docs = project / "docs"
    (docs / "speeches").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("hooks", "data", "overrides"):
        if (REPO_ROOT / name).exists():
            (project / name).symlink_to(REPO_ROOT / name)
    for item in (REPO_ROOT / "docs").iterdir():
        if item.name != "speeches" and item.name not in keep_out:
            (docs / item.name).symlink_to(item)
    for name, text in speech_pages.items():
        (docs / "speeches" / name).write_text(text, encoding="utf-8")
    return docs
