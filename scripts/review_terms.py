#!/usr/bin/env python3
"""提法审定：列出程序从讲话中识别、尚未审定的提法（待审定），并把编辑的决定写回 data/glossary.yml。

用法：
  .venv/bin/python scripts/review_terms.py [--speech 讲话编号] [--year 年份] [--rejected]   列出待审定的提法（新的在前）
  .venv/bin/python scripts/review_terms.py --accept 提法 [--category 类别] [--definition 释义] [--source 出处]
  .venv/bin/python scripts/review_terms.py --suppress 提法
  .venv/bin/python scripts/review_terms.py --merge 变体=规范提法

改动 data/glossary.yml 时保留其中的注释、顺序和格式，并在写入前校验；出错时文件不变。
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kb.build import urls  # noqa: E402
from kb.corpus.loading import load_corpus  # noqa: E402
from kb.glossary.assembly import build_glossary  # noqa: E402
from kb.glossary.curated import CATEGORIES, GlossaryDataError, load_glossary_data  # noqa: E402
from kb.glossary.review import (DEFAULT_CATEGORY, ReviewError, accept, commands, merge,  # noqa: E402
                                pending_terms, suppress)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="提法审定：列出待审定的提法，或审定、删除、合并一个提法。")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--accept", metavar="提法", help="审定为正式提法（讲话中给出的释义作为初稿）")
    action.add_argument("--suppress", metavar="提法", help="不再收录这个提法")
    action.add_argument("--merge", metavar="变体=规范提法", help="把变体算作规范提法")
    parser.add_argument("--category", default=DEFAULT_CATEGORY,
                        help=f"--accept 时的类别（默认 {DEFAULT_CATEGORY}；可用：{'、'.join(CATEGORIES)}）")
    parser.add_argument("--definition", help="--accept 时的释义（讲话中没有给出释义时必填）")
    parser.add_argument("--source", help="--accept 时的出处（默认：讲话原文或“编辑审定”）")
    parser.add_argument("--speech", metavar="讲话编号", help="只列出这篇讲话中的提法，如 2023-fa75e7")
    parser.add_argument("--year", metavar="年份", help="只列出这一年讲话中的提法，如 2023")
    parser.add_argument("--rejected", action="store_true", help="同时列出程序未收录的候选")
    parser.add_argument("--glossary", type=Path, default=ROOT / "data" / "glossary.yml",
                        help="提法表（默认 data/glossary.yml）")
    parser.add_argument("--speeches", type=Path, default=ROOT / "docs" / "speeches",
                        help="讲话页面目录（默认 docs/speeches）")
    return parser.parse_args(argv)


def show(items, corpus) -> str:
    if not items:
        return "没有待审定的提法。"
    speeches = corpus.by_id()
    lines = [f"待审定的提法 {sum(p.accepted for p in items)} 个"
             + (f"，程序未收录的候选 {sum(not p.accepted for p in items)} 个" if any(not p.accepted for p in items) else "")
             + "（首次使用新的在前）：", ""]
    for p in items:
        speech = speeches.get(p.first_speech)
        where = f"{p.first_date or '未注明日期'} {speech.meta.title if speech else p.first_speech}"
        status = "待审定" if p.accepted else "未收录"
        lines.append(f"{p.term}  [{status}] 共 {p.total} 次，见于 {p.speeches} 篇讲话；首次：{where}")
        lines.append(f"  依据：{'；'.join(p.evidence.get('reasons', []))}")
        lines.append(f"  原文：{p.context}  （{urls.anchor_url(p.first_speech, p.first_anchor)}）")
        lines += [f"  {c}" for c in commands(p.term)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        data = load_glossary_data(args.glossary)
    except GlossaryDataError as err:
        print(f"错误：{str(err).splitlines()[0]} 请先改正文件（运行 mkdocs build 可看到全部问题）。", file=sys.stderr)
        return 1
    corpus = load_corpus(args.speeches)
    if args.speech and args.speech not in corpus.by_id():
        print(f"错误：{args.speeches} 中没有编号为“{args.speech}”的讲话：编号是讲话页面的文件名（不含 .md），"
              f"如 {corpus.speeches[0].id if corpus.speeches else '2023-fa75e7'}。", file=sys.stderr)
        return 1
    if args.year and not (len(args.year) == 4 and args.year.isdigit()):
        print(f"错误：--year 应为四位数字的年份，如 2023；现为“{args.year}”。", file=sys.stderr)
        return 1
    glossary = build_glossary(corpus, data)
    try:
        if args.accept:
            message = accept(args.glossary, glossary, corpus, args.accept, args.category, args.definition, args.source)
        elif args.suppress:
            message = suppress(args.glossary, glossary, args.suppress)
        elif args.merge is not None:
            message = merge(args.glossary, glossary, args.merge)
        else:
            print(show(pending_terms(glossary, corpus, args.speech, args.year, args.rejected), corpus), end="")
            return 0
    except ReviewError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
