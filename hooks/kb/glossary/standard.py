"""The list of standard formulations (data/standard_terms.yml): names only, no definitions.

    terms:
      # 组织制度
      - 三会一课
      - 民主生活会

National formulations such as 主题教育, 民主生活会 or 八项规定 are usually written without quotes
and without a numeral, so nothing in a single speech marks them as formulations; a reader still
looks them up. A name on this list is a formulation wherever it is written (evidence `listed`,
shown as 见于标准提法表); it is still 待审定 until an editor gives it a definition in
data/glossary.yml, and `suppress` / `merge` there apply to it as to every extracted term.

The list is data compiled from general knowledge of party documents, not from the speeches of any
one office: an editor adds or removes names without touching code. `parse_standard_terms`
validates it and returns every wrong entry, each with a correct example (curated.load_glossary_data reads it with data/glossary.yml and raises them).
"""
from __future__ import annotations

import re

from kb.glossary.matching import term_key

STANDARD_FILE = "data/standard_terms.yml"
STANDARD_NAME = "standard_terms.yml"      # beside data/glossary.yml
STANDARD_EXAMPLE = """\
terms:
  # 组织制度
  - 三会一课
  - 民主生活会"""
MIN_LENGTH, MAX_LENGTH = 2, 24
# A name: Chinese characters, digits and Latin letters, with the marks of fixed formulations
# (不忘初心、牢记使命; 守初心、担使命，找差距、抓落实; 党建+; 1+N).
_NAME = re.compile(r"^[\u3400-\u9fff0-9A-Za-z、，·+]+$")


def parse_standard_terms(raw) -> tuple[frozenset[str], list[str]]:
    """(term keys of the list — folded: simplified, without quotes or spaces —, problems)."""
    if raw is None:
        return frozenset(), []
    if not isinstance(raw, dict) or set(raw) - {"terms"}:
        return frozenset(), [f"文件应只有一个顶层字段 terms:，下面每行一个提法。正确示例：\n{STANDARD_EXAMPLE}"]
    entries = raw.get("terms") or []
    if not isinstance(entries, list):
        return frozenset(), [f"terms 应为列表，每行以“- ”开头。正确示例：\n{STANDARD_EXAMPLE}"]
    problems, seen = [], {}
    for index, entry in enumerate(entries, 1):
        where = f"terms 第 {index} 条"
        if not isinstance(entry, str) or not entry.strip():
            problems.append(f"{where}：应为一个提法（一段文字），现为 {entry!r}。正确示例：\n{STANDARD_EXAMPLE}")
            continue
        name = entry.strip()
        key = term_key(name)
        if not (MIN_LENGTH <= len(key) <= MAX_LENGTH) or not _NAME.match(key):
            problems.append(f"{where}（{name}）：提法应为 {MIN_LENGTH}–{MAX_LENGTH} 个字，只含汉字、数字、字母和“、”“，”“+”，"
                            f"不加引号和释义。正确示例：\n{STANDARD_EXAMPLE}")
        elif key in seen:
            problems.append(f"{where}（{name}）：与第 {seen[key]} 条重复，请删去一处。")
        else:
            seen[key] = index
    return frozenset(seen), problems
