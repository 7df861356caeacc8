"""The search files a build writes: every page points at the search worker that is in the
site, named by its content hash, and the glossary data the worker needs travels with the index
(so a changed glossary can never be served with a stale cached worker)."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from fixture_site import build_fixture_site  # noqa: E402
from kb.search_worker import MARKER, worker_name  # noqa: E402

CONFIG_WORKER = re.compile(r'"search":\s*"([^"]*workers/[^"]+)"')
SPEECH = (REPO / "docs" / "speeches" / "2023-fa75e7.md").read_text("utf-8")
# A new speech that brings a new term (三联三创) into the glossary.
NEW_SPEECH = """---
title: 在2024年党建工作会议上的讲话
date: '2024-03-01'
occasion: 2024年党建工作会议
---

同志们，今年要深入开展“三联三创”，即联系群众、联系基层、联系项目，创先进支部、创党建品牌、创一流业绩。

各支部要把“三联三创”同“三会一课”结合起来，层层压实主体责任。
"""


def worker_of(site: Path) -> Path:
    """The one worker every HTML page's config names (resolved against the page); checked to
    exist and to be the only worker in the site."""
    named = set()
    for page in site.rglob("*.html"):
        for ref in CONFIG_WORKER.findall(page.read_text("utf-8")):
            base = site if ref.startswith("/") else page.parent
            named.add((base / ref.lstrip("/")).resolve())
    assert len(named) == 1, named
    worker = named.pop()
    assert worker.is_file(), worker
    assert sorted(p.name for p in worker.parent.glob("*.js")) == [worker.name]
    return worker


def test_pages_point_at_the_content_hashed_patched_worker(built_site):
    worker = worker_of(built_site)
    text = worker.read_text("utf-8")
    assert text.startswith(MARKER)
    assert worker.name == worker_name(text)


def test_a_changed_glossary_travels_with_the_index_not_in_the_worker(tmp_path):
    runs = {}
    for name, pages in (("before", {"2023-fa75e7.md": SPEECH}),
                        ("after", {"2023-fa75e7.md": SPEECH, "2024-new.md": NEW_SPEECH})):
        proc, site = build_fixture_site(tmp_path / name, pages)
        assert proc.returncode == 0, proc.stdout
        worker = worker_of(site)
        kb = json.loads((site / "search/search_index.json").read_text("utf-8"))["config"]["kb"]
        runs[name] = (worker.name, worker.read_bytes(), kb)
    assert "三联三创" not in runs["before"][2]["aliases"]
    assert runs["after"][2]["aliases"]["三联三创"] == "三联三创"
    assert "三联三创" not in runs["after"][1].decode("utf-8")   # no glossary data in the worker
    # Same code, same name: the worker does not depend on the glossary.
    assert runs["before"][:2] == runs["after"][:2]
