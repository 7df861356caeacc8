"""Search index size: this project's index vs plain Material's, on the same pages, in one run.

    .venv/bin/python scripts/search_size.py [--json out.json]

Builds the repository twice in temporary directories: as configured, and with
hooks/search_index.py left out (Material's search plugin as it comes: jieba without the
glossary, `\\uXXXX` escapes, whole paragraphs). Reports raw and gzip bytes of
search/search_index.json and of the search worker, and the ratios (ours / plain).
`measure(site)` is reusable by scripts/bench.py.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SEARCH_HOOK = "hooks/search_index.py"


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def measure(site: Path) -> dict:
    index = (site / "search" / "search_index.json").read_bytes()
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).read_bytes()
    return {"index_bytes": len(index), "index_gzip_bytes": _gz(index),
            "worker_bytes": len(worker), "worker_gzip_bytes": _gz(worker),
            "docs": len(json.loads(index)["docs"])}


def _plain_config(tmp: Path) -> Path:
    """mkdocs.yml without the search hook; written beside mkdocs.yml (relative paths)."""
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.SafeLoader)
    path = REPO / f".search-size-{os.getpid()}.yml"
    hooks = [h for h in config.get("hooks", []) if h != SEARCH_HOOK]
    path.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "hooks": hooks}, allow_unicode=True),
                    encoding="utf-8")
    return path


def build(site: Path, config: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def compare() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build(tmp / "ours", REPO / "mkdocs.yml")
        plain_config = _plain_config(tmp)
        try:
            build(tmp / "plain", plain_config)
        finally:
            plain_config.unlink()
        ours, plain = measure(tmp / "ours"), measure(tmp / "plain")
    ratios = {k: round(ours[k] / plain[k], 3) for k in ours if k.endswith("bytes")}
    return {"ours": ours, "plain": plain, "ratio": ratios}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="搜索索引大小：本知识库与普通 Material 对比。")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    result = compare()
    for key in ("index_bytes", "index_gzip_bytes", "worker_bytes", "worker_gzip_bytes"):
        print(f"{key:18} ours {result['ours'][key]:>9,}  plain {result['plain'][key]:>9,}  "
              f"ratio {result['ratio'][key]:.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
