#!/usr/bin/env python3
"""导入讲话：把 .txt / .docx / .md 讲话文件转成 docs/speeches/ 下的讲话页面。

用法：python scripts/import_speeches.py 文件或文件夹 [...] [--force] [--dest docs/speeches]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kb.ingest.importing import CREATED, FAILED, UPDATED, PageIndex, collect_sources, import_file  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="导入讲话文件（.txt：UTF-8/GB18030/UTF-16；.docx；.md），生成讲话页面。")
    parser.add_argument("paths", nargs="+", type=Path, help="讲话文件或包含讲话文件的文件夹")
    parser.add_argument("--dest", type=Path, default=ROOT / "docs" / "speeches",
                        help="讲话页面目录（默认 docs/speeches）")
    parser.add_argument("--force", action="store_true", help="覆盖已手工修改的页面、重新导入相同内容")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    return parser.parse_args(argv)


def progress(items, quiet):
    if quiet or len(items) < 2:
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, desc="导入讲话", unit="篇", file=sys.stderr, disable=not sys.stderr.isatty())


def main(argv=None) -> int:
    args = parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"{path}：文件或文件夹不存在，请检查路径", file=sys.stderr)
    sources = collect_sources([p for p in args.paths if p.exists()])
    if not sources and not missing:
        print("没有找到可导入的文件（支持 .txt、.docx、.md）", file=sys.stderr)
        return 1
    args.dest.mkdir(parents=True, exist_ok=True)
    index = PageIndex(args.dest)
    results = []
    bar = progress(sources, args.quiet)
    for source in bar:
        result = import_file(source, index, force=args.force)
        results.append(result)
        write = bar.write if hasattr(bar, "write") else print
        if result.status == FAILED:
            write(f"错误：{result.message}", file=sys.stderr)
        else:
            write(result.message)
    counts = {status: sum(r.status == status for r in results) for status in (CREATED, UPDATED, FAILED)}
    skipped = len(results) - counts[CREATED] - counts[UPDATED] - counts[FAILED]
    print(f"完成：新导入 {counts[CREATED]} 篇，更新 {counts[UPDATED]} 篇，跳过 {skipped} 篇，"
          f"失败 {counts[FAILED] + len(missing)} 个文件。")
    return 1 if counts[FAILED] or missing else 0


if __name__ == "__main__":
    sys.exit(main())
