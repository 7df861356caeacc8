#!/usr/bin/env python3
"""导入讲话：把讲话文件转成 docs/speeches/ 下的讲话页面。

支持 .txt、.md、.docx、.pdf（有文字层），以及 .doc、.wps、.rtf、.odt（需要 LibreOffice）。
用法：python scripts/import_speeches.py 文件或文件夹 [...] [--update] [--force] [--dest docs/speeches]
      [--report import-report.csv]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kb.ingest.importing import (CREATED, DUPLICATE, EDITED, FAILED, SAME, UPDATED,  # noqa: E402
                                 ImportResult, PageIndex, collect_sources, convert_legacy,
                                 import_file, write_report)
from kb.ingest.office import find_soffice  # noqa: E402

FORMATS = ".txt、.md、.docx、.pdf、.doc、.wps、.rtf、.odt"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=f"导入讲话文件（{FORMATS}），生成讲话页面。")
    parser.add_argument("paths", nargs="+", type=Path, help="讲话文件或包含讲话文件的文件夹")
    parser.add_argument("--dest", type=Path, default=ROOT / "docs" / "speeches",
                        help="讲话页面目录（默认 docs/speeches）")
    parser.add_argument("--update", action="store_true",
                        help="与已导入讲话相似（同一篇讲话的新版本）时，用新文件更新原页面，段落链接尽量不变")
    parser.add_argument("--force", action="store_true",
                        help="相似的讲话也作为另一篇导入；覆盖已手工修改的页面；重新导入相同内容")
    parser.add_argument("--report", type=Path, default=Path("import-report.csv"),
                        help="导入报告（CSV，每个文件一行；默认当前目录下的 import-report.csv）")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    return parser.parse_args(argv)


def progress_bar(total: int, desc: str, quiet: bool):
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=desc, unit="个", file=sys.stderr)


def main(argv=None) -> int:
    args = parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"错误：{path}：文件或文件夹不存在，请检查路径", file=sys.stderr)
    sources = collect_sources([p for p in args.paths if p.exists()])
    if not sources and not missing:
        print(f"没有找到可导入的文件（支持 {FORMATS}）", file=sys.stderr)
        return 1
    args.dest.mkdir(parents=True, exist_ok=True)
    index = PageIndex(args.dest)
    results = [ImportResult(p, FAILED, None, f"{p}：文件或文件夹不存在，请检查路径") for p in missing]
    legacy = sum(p.suffix.lower() in (".doc", ".wps", ".rtf", ".odt") for p in sources)
    if legacy and not args.quiet and find_soffice():
        print(f"正在用 LibreOffice 转换 {legacy} 个 .doc/.wps/.rtf/.odt 文件……", file=sys.stderr)
    bar = progress_bar(legacy, "转换旧版文件", args.quiet)
    batch = convert_legacy(sources, on_progress=bar.update if bar else None)
    if bar:
        bar.close()
    bar = progress_bar(len(sources), "导入讲话", args.quiet)
    write = bar.write if bar else print
    try:
        for source in sources:
            result = import_file(source, index, force=args.force, update=args.update,
                                 converted=batch.results.get(source))
            results.append(result)
            if result.status == FAILED:
                write(f"错误：{result.message}", file=sys.stderr)
            else:
                write(result.message)
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
        batch.close()
    count = {status: sum(r.status == status for r in results)
             for status in (CREATED, UPDATED, SAME, DUPLICATE, EDITED, FAILED)}
    edited = f"，未覆盖（已手工修改）{count[EDITED]} 篇" if count[EDITED] else ""
    print(f"完成：新导入 {count[CREATED]} 篇，跳过（重复）{count[SAME] + count[DUPLICATE]} 篇，"
          f"更新 {count[UPDATED]} 篇{edited}，失败 {count[FAILED]} 个文件。")
    try:
        write_report(results, args.report, Path.cwd())
        print(f"导入报告：{args.report}")
    except OSError as err:
        print(f"错误：无法写入导入报告 {args.report}（{err.strerror or err}），请检查路径和权限", file=sys.stderr)
        return 1
    return 1 if count[FAILED] else 0


if __name__ == "__main__":
    sys.exit(main())
