"""Smoke run of scripts/bench.py on a handful of speeches: it builds both sites, measures them and
prints the side-by-side table with the ratios. No timing assertions: timings depend on the machine."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT, venv_python

sys.path.insert(0, str(REPO_ROOT / "scripts"))
import bench  # noqa: E402


def test_generated_speeches_differ_and_are_valid_pages():
    speeches = bench.generate(12, REPO_ROOT / "docs" / "speeches")
    assert len({s.id for s in speeches}) == 12
    bodies = {tuple(p.text for _, p in s.paragraphs()) for s in speeches}
    assert len(bodies) == 12, "generated speeches must not be identical"
    from kb.ingest.speech_page import parse_page, render_page
    for speech in speeches:
        again = parse_page(render_page(speech), speech.id)
        assert [p.text for _, p in again.paragraphs()] == [p.text for _, p in speech.paragraphs()]
        assert again.meta.year and 2015 <= again.meta.year <= 2025


def test_bench_smoke_run(tmp_path: Path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([venv_python(), str(REPO_ROOT / "scripts" / "bench.py"), "--n", "8",
                           "--json", str(out)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    print(proc.stdout)
    assert "| 构建时间（秒） |" in proc.stdout
    assert "本知识库/普通" in proc.stdout
    result = json.loads(out.read_text("utf-8"))
    for side in ("ours", "plain"):
        data = result[side]
        for key in ("wall_s", "peak_rss_mb", "rebuild_s", "site_bytes", "median_page_bytes",
                    "largest_page_bytes", "search_index_bytes", "first_search_gzip_bytes"):
            assert data[key] > 0, (side, key)
        assert data["html_pages"] >= 8
    assert result["ours"]["warm_wall_s"] > 0 and "缓存已热" in proc.stdout
    if os.access("/usr/bin/chromium", os.X_OK) or os.environ.get("CI"):
        # the 搜索 page, measured on every web server there is, side by side in this one run
        servers = result["ours"]["results_servers"]
        assert list(servers)[-1] == "http.server" and result["ours"]["results_server"] == list(servers)[0]
        assert all(s["first_ms"] > 0 and len(s["first_all_ms"]) == 5 for s in servers.values())
        if shutil.which("nginx"):
            assert list(servers) == ["nginx", "http.server"] and "网页服务器 nginx" in proc.stdout


def test_bench_import_formats_smoke_run(tmp_path: Path):
    """--import-formats on two speeches: every format imports, files per second are reported."""
    import shutil

    out = tmp_path / "import.json"
    proc = subprocess.run([venv_python(), str(REPO_ROOT / "scripts" / "bench.py"), "--import-formats", "2",
                           "--json", str(out)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "| 每秒文件数 |" in proc.stdout
    result = json.loads(out.read_text("utf-8"))["import"]
    formats = {"txt", "docx"} | ({"doc", "odt", "pdf"} if shutil.which("soffice") else set())
    assert set(result) == formats
    for fmt, data in result.items():
        assert data["files"] == 2 and data["failed"] == 0 and data["files_per_s"] > 0, fmt
