#!/usr/bin/env python3
"""提法识别的准确率与召回率：在自编的标注集（tests/data/term_eval.yml）上，
分别统计调参部分（tuned）和留出部分（heldout）。

用法：python scripts/term_eval.py [--data tests/data/term_eval.yml] [--glossary data/glossary.yml] [-v]

每个部分合成一个语料：同一单位同一日期的段落算作一篇讲话（这样，不同单位都用到的说法就是
“见于多篇讲话”），按建站时的同一流程生成提法表（data/glossary.yml 中审定的提法 + 程序识别的
提法），再逐段与标注比较：
  准确率 = 正确的（段落, 提法）/ 程序给出的（段落, 提法）
  召回率 = 找到的（段落, 提法）/ 标注的（段落, 提法）
  误收   = 不在任何标注中的提法个数
某个部分没有段落时，只说明“没有段落”。
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kb.corpus.loading import Corpus  # noqa: E402
from kb.glossary.assembly import build_glossary  # noqa: E402
from kb.glossary.curated import load_glossary_data  # noqa: E402
from kb.glossary.matching import term_key, unwrap  # noqa: E402
from kb.model.speech import Paragraph, Section, Speech, SpeechMeta  # noqa: E402

EVAL_FILE = ROOT / "tests" / "data" / "term_eval.yml"
PARTS = ("tuned", "heldout")
PART_NAMES = {"tuned": "调参部分", "heldout": "留出部分"}


@dataclass
class PartResult:
    passages: int = 0
    expected: int = 0
    predicted: int = 0
    correct: int = 0
    found: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)     # (passage id, term)
    wrong: list[tuple[str, str]] = field(default_factory=list)      # (passage id, term)
    junk: set[str] = field(default_factory=set)                     # terms expected nowhere

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def load_items(path: Path = EVAL_FILE) -> list[dict]:
    return yaml.safe_load(path.read_text("utf-8"))["passages"]


def corpus_of(items: list[dict]) -> Corpus:
    """One speech per unit and date (passages in file order, one paragraph each, id p-<passage
    id>), newest first. A hard wrap inside a passage is joined as in a speech page (the importer
    re-joins wrapped lines; a page's paragraph lines are joined)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for item in items:
        groups.setdefault((item.get("unit", item["id"]), str(item.get("date") or "")), []).append(item)
    speeches = [Speech(f"s{n:03d}", SpeechMeta(unit, date or None, unit=unit),
                       [Section("s-opening", "", 0, [Paragraph(f"p-{i['id']}", unwrap(i["text"])) for i in group])])
                for n, ((unit, date), group) in enumerate(groups.items())]
    speeches.sort(key=lambda s: (s.meta.date or "", s.id), reverse=True)
    return Corpus(speeches)


def evaluate_part(items: list[dict], data) -> PartResult:
    result = PartResult(passages=len(items))
    if not items:
        return result
    glossary = build_glossary(corpus_of(items), data)
    keys_of = {t.slug: {term_key(f) for f in t.forms | {t.term}} for t in glossary.terms}
    by_passage: dict[str, list] = {}
    for term in glossary.terms:
        for anchor in {m.anchor for m in term.mentions}:
            by_passage.setdefault(anchor.removeprefix("p-"), []).append(term)
    expected_anywhere = {term_key(e) for item in items for e in item["expected"]}
    for item in items:
        expected = {term_key(e): e for e in item["expected"]}
        predicted = by_passage.get(item["id"], [])
        result.expected += len(expected)
        result.predicted += len(predicted)
        for term in predicted:
            if keys_of[term.slug] & set(expected):
                result.correct += 1
            else:
                result.wrong.append((item["id"], term.term))
                if not keys_of[term.slug] & expected_anywhere:
                    result.junk.add(term.term)
        for key, written in expected.items():
            if any(key in keys_of[t.slug] for t in predicted):
                result.found += 1
            else:
                result.missed.append((item["id"], written))
    return result


def evaluate(path: Path = EVAL_FILE, glossary_file: Path = ROOT / "data" / "glossary.yml") -> dict[str, PartResult]:
    items = load_items(path)
    data = load_glossary_data(glossary_file)
    unknown = sorted({str(i.get("part")) for i in items} - set(PARTS))
    if unknown:
        raise ValueError(f"{path}: part 只能是 {' 或 '.join(PARTS)}，不能是 {'、'.join(unknown)}")
    return {part: evaluate_part([i for i in items if i["part"] == part], data) for part in PARTS}


def report(results: dict[str, PartResult], verbose: bool = False) -> str:
    lines = []
    for part, r in results.items():
        if not r.passages:
            lines.append(f"{PART_NAMES[part]}：没有段落")
            continue
        lines.append(f"{PART_NAMES[part]}（{r.passages} 段，标注提法 {r.expected} 个）："
                     f"准确率 {r.precision:.1%}（{r.correct}/{r.predicted}），"
                     f"召回率 {r.recall:.1%}（{r.found}/{r.expected}），误收 {len(r.junk)} 个")
        if verbose:
            lines += [f"  漏掉：{pid} {term}" for pid, term in r.missed]
            lines += [f"  多出：{pid} {term}" for pid, term in r.wrong]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="提法识别在标注集上的准确率与召回率（调参部分与留出部分）。")
    parser.add_argument("--data", type=Path, default=EVAL_FILE, help="标注集（默认 tests/data/term_eval.yml）")
    parser.add_argument("--glossary", type=Path, default=ROOT / "data" / "glossary.yml",
                        help="审定提法表（默认 data/glossary.yml）")
    parser.add_argument("-v", "--verbose", action="store_true", help="列出漏掉和多出的提法")
    parser.add_argument("--part", choices=PARTS, help="只统计一个部分")
    args = parser.parse_args(argv)
    try:
        results = evaluate(args.data, args.glossary)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    if args.part:
        results = {args.part: results[args.part]}
    print(report(results, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
