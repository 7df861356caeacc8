"""Search index size: this project's index vs plain Material's, on the same pages, in one run.

    .venv/bin/python scripts/search_size.py [--json out.json]

Builds the repository twice in temporary directories: as configured, and with
hooks/search_index.py left out (Material's search plugin as it comes: lunr, one index file,
jieba without the glossary, `\\uXXXX` escapes, whole paragraphs). Reports raw and gzip bytes of
the whole index, of the search worker and of what a first search downloads, and the ratios
(ours / plain).
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
from mkdocs.utils.yaml import yaml_load

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
SEARCH_HOOK = "hooks/search_index.py"


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def measure(site: Path) -> dict:
    """Index (all its files), worker, and what the first search downloads: for plain Material
    the worker and the whole index; for ours (a sharded index, see hooks/search_index.py) the
    worker, search_index.json and the files a search for the most-mentioned glossary term
    fetches (scripts/bench.py: sharded_first_search)."""
    from bench import sharded_first_search
    index_path = site / "search" / "search_index.json"
    worker_path = next((site / "assets/javascripts/workers").glob("search.*.min.js"))
    sharded = sharded_first_search(site)
    whole, first = (sharded[0], sharded[1]) if sharded else ([index_path], [worker_path, index_path])
    return {"index_bytes": sum(p.stat().st_size for p in whole),
            "index_gzip_bytes": sum(_gz(p.read_bytes()) for p in whole),
            "worker_bytes": worker_path.stat().st_size,
            "worker_gzip_bytes": _gz(worker_path.read_bytes()),
            "first_search_bytes": sum(p.stat().st_size for p in first),
            "first_search_gzip_bytes": sum(_gz(p.read_bytes()) for p in first),
            "first_search_query": sharded[2] if sharded else ""}


def _plain_config(tmp: Path) -> Path:
    """mkdocs.yml without the search hook; written beside mkdocs.yml (relative paths)."""
    # mkdocs' own loader: mkdocs.yml uses its !ENV tag (site_url).
    config = yaml_load((REPO / "mkdocs.yml").read_text("utf-8"))
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
    ratios = {k: round(ours[k] / plain[k], 3) for k in ours if k.endswith("bytes") and plain[k]}
    return {"ours": ours, "plain": plain, "ratio": ratios}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="搜索索引大小：本知识库与普通 Material 对比。")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    result = compare()
    for key in ("index_bytes", "index_gzip_bytes", "worker_bytes", "worker_gzip_bytes",
                "first_search_bytes", "first_search_gzip_bytes"):
        print(f"{key:18} ours {result['ours'][key]:>9,}  plain {result['plain'][key]:>9,}  "
              f"ratio {result['ratio'][key]:.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
