"""The search files a build writes: every page points at the search worker that is in the
site, named by its content hash; the glossary data and the shards travel with the index, in a
directory named by their content (so a changed glossary is never served with stale files)."""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from fixture_site import build_fixture_site  # noqa: E402
from kb.search.site_index import compact_js  # noqa: E402
WORKER_SOURCE = REPO / "hooks" / "kb" / "search" / "worker.js"

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


def test_pages_point_at_our_content_hashed_worker(built_site):
    worker = worker_of(built_site)
    text = worker.read_bytes()
    # Sent without comments and indentation (issue 17: the first search must not grow).
    assert text == compact_js(WORKER_SOURCE.read_text("utf-8")).encode("utf-8")
    assert b"/*" not in text and len(text) < 0.75 * len(WORKER_SOURCE.read_bytes())
    assert worker.name == f"search.{hashlib.sha256(text).hexdigest()[:12]}.min.js"


def test_search_index_json_is_tiny_and_points_at_the_shards(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    assert index["docs"] == [] and {"lang", "separator", "kb"} <= set(index["config"])
    kb = index["config"]["kb"]
    directory = built_site / "search" / kb["dir"]
    assert sorted(p.name for p in (built_site / "search").glob("kb-*")) == [kb["dir"]]
    assert {p.name for p in directory.glob("s*.json")} == {f"s{i}.json" for i in range(kb["shards"])}
    assert {p.name for p in directory.glob("p*.json")} == {f"p{i}.json" for i in range(len(kb["starts"]))}
    for path in [built_site / "search/search_index.json", *directory.iterdir()]:
        text = path.read_text("utf-8")   # plain UTF-8, no \uXXXX escapes, no spaces
        assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"),
                                  sort_keys=True), path


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
    # Same code, same name: the worker does not depend on the glossary; the index does.
    assert runs["before"][:2] == runs["after"][:2]
    assert runs["before"][2]["dir"] != runs["after"][2]["dir"]


def _index(site: Path) -> tuple[dict, dict[str, list]]:
    kb = json.loads((site / "search/search_index.json").read_text("utf-8"))["config"]["kb"]
    pages = {}
    for path in (site / "search" / kb["dir"]).glob("p*.json"):
        page = json.loads(path.read_text("utf-8"))
        pages[page["u"]] = page["d"]
    return kb, pages


def test_a_dirty_rebuild_still_indexes_every_page(tmp_path):
    """`mkdocs serve --dirty` renders only changed pages: the index must still hold all of
    them, and the edited speech's new text."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from site_project import write_project

    names = ["2022-90c17d.md", "2023-fa75e7.md"]
    docs = write_project(tmp_path / "project",
                         {n: (REPO / "docs/speeches" / n).read_text("utf-8") for n in names})
    (docs / "about.md").write_text("# 关于本站\n\n本站说明：供内网离线使用。\n", "utf-8")   # a real page
    site = tmp_path / "project" / "site"

    def run(dirty: bool):
        build(load_config(str(tmp_path / "project" / "mkdocs.yml"), site_dir=str(site)), dirty=dirty)
        return _index(site)

    kb1, pages1 = run(False)
    edited = docs / "speeches" / names[1]
    text = edited.read_text("utf-8")
    paragraph = re.search(r"\n\n([^#\n{][^\n]*?) \{#p-", text).group(1)
    edited.write_text(text.replace(paragraph, "新加的一句：深入开展调查研究。" + paragraph, 1), "utf-8")
    kb2, pages2 = run(True)
    assert set(pages2) == set(pages1) and "about/" in pages2   # not re-rendered, still indexed
    assert sum(map(len, pages2.values())) == sum(map(len, pages1.values()))
    speech = pages2[f"speeches/{Path(names[1]).stem}/"]
    assert any("新加的一句" in block for doc in speech for block in doc[2])
    assert kb2["dir"] != kb1["dir"]
