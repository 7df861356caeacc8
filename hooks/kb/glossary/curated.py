"""The curated glossary (data/glossary.yml): standard formulations with their official
definitions, plus the editor's controls over extracted terms.

    terms:
      - term: 一岗双责
        aliases: [一崗雙責]
        category: 作风纪律
        definition: ……
        definition_source: 《……》
        parts: [……]          # for numbered formulations
        importance: 3        # 1–3, used by onboarding
        topics: [integrity]  # topic ids of data/topics.yml
    suppress: [……]           # extracted terms to drop
    merge:                   # extracted variant: canonical term
      四个更加自觉上: 四个更加自觉

`load_glossary_data(path)` validates everything and raises one `GlossaryDataError` listing every
problem in Chinese, naming the file and the entry, with a correct example. It also reads the list
of standard formulations beside it (data/standard_terms.yml, kb.glossary.standard) into
`GlossaryData.listed`: both files are the editor's data about which terms exist.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.glossary.matching import term_key
from kb.glossary.standard import STANDARD_EXAMPLE, STANDARD_NAME, parse_standard_terms

GLOSSARY_FILE = "data/glossary.yml"
CATEGORIES = ("政治要求", "方针政策", "组织制度", "作风纪律", "工作方法", "本单位提法")
EXTRACTED_CATEGORY = "讲话中的其他提法"
ENTRY_KEYS = {"term", "aliases", "category", "definition", "definition_source", "parts",
              "importance", "topics"}
FILE_KEYS = {"terms", "suppress", "merge"}
ENTRY_EXAMPLE = """\
terms:
  - term: 一岗双责
    aliases: [一崗雙責]
    category: 作风纪律
    definition: 领导干部对分管业务工作和分管领域的党风廉政建设负双重责任。
    definition_source: 《关于实行党风廉政建设责任制的规定》
    importance: 3
    topics: [integrity]"""
CONTROLS_EXAMPLE = """\
suppress:
  - 某个不需要的提法
merge:
  四个更加自觉上: 四个更加自觉"""


class GlossaryDataError(ValueError):
    def __init__(self, path, problems: list[str]):
        self.path, self.problems = str(path), problems
        super().__init__(f"提法表 {path} 有 {len(problems)} 处问题：\n" + "\n".join(
            f"  {n}. {p}" for n, p in enumerate(problems, 1)))


@dataclass
class CuratedTerm:
    term: str
    category: str
    definition: str
    definition_source: str = ""
    aliases: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    importance: int = 2
    topics: list[str] = field(default_factory=list)


@dataclass
class GlossaryData:
    terms: list[CuratedTerm] = field(default_factory=list)
    suppress: set[str] = field(default_factory=set)      # term keys
    merge: dict[str, str] = field(default_factory=dict)  # variant key -> canonical display
    path: str = GLOSSARY_FILE
    listed: frozenset[str] = frozenset()                 # keys of data/standard_terms.yml


def _str_list(value, where: str, name: str, problems: list) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}：{name} 应为文字列表，例如 {name}: [甲, 乙]。正确示例：\n{ENTRY_EXAMPLE}")
        return []
    return [v.strip() for v in value]


def _text(entry: dict, key: str, where: str, problems: list, required: bool) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{where}：缺少 {key}。正确示例：\n{ENTRY_EXAMPLE}")
        return ""
    if not isinstance(value, (str, int, float)):
        problems.append(f"{where}：{key} 应为一段文字。正确示例：\n{ENTRY_EXAMPLE}")
        return ""
    return str(value).strip()


def _importance(entry: dict, where: str, problems: list) -> int:
    value = entry.get("importance", 2)
    if isinstance(value, bool) or value not in (1, 2, 3):
        problems.append(f"{where}：importance 应为 1、2 或 3（3 = 新同志必知），现为 {value!r}。"
                        f"正确示例：\n{ENTRY_EXAMPLE}")
        return 2
    return value


def parse_entry(entry, index: int, problems: list) -> CuratedTerm | None:
    if not isinstance(entry, dict):
        problems.append(f"terms 第 {index} 条：应为“字段: 值”形式。正确示例：\n{ENTRY_EXAMPLE}")
        return None
    name = entry.get("term")
    where = f"terms 第 {index} 条（{name or '缺少 term'}）"
    for key in entry:
        if key not in ENTRY_KEYS:
            problems.append(f"{where}：不认识的字段“{key}”（可用字段：{'、'.join(sorted(ENTRY_KEYS))}）。"
                            f"正确示例：\n{ENTRY_EXAMPLE}")
    term = _text(entry, "term", where, problems, True)
    category = _text(entry, "category", where, problems, True)
    if category and category not in CATEGORIES:
        problems.append(f"{where}：category“{category}”不在分类表中，可用：{'、'.join(CATEGORIES)}。"
                        f"正确示例：\n{ENTRY_EXAMPLE}")
    definition = _text(entry, "definition", where, problems, True)
    item = CuratedTerm(term, category, definition, _text(entry, "definition_source", where, problems, False),
                       _str_list(entry.get("aliases"), where, "aliases", problems),
                       _str_list(entry.get("parts"), where, "parts", problems),
                       _importance(entry, where, problems),
                       _str_list(entry.get("topics"), where, "topics", problems))
    return item if term else None


def _check_duplicates(terms: list[CuratedTerm], problems: list) -> None:
    seen: dict[str, str] = {}
    for item in terms:
        for form in [item.term, *item.aliases]:
            key = term_key(form)
            if key in seen and seen[key] != item.term:
                problems.append(f"terms（{item.term}）：“{form}”已是“{seen[key]}”的写法，同一写法只能属于一个提法。"
                                f"请删去其中一处，或用 merge 合并。正确示例：\n{ENTRY_EXAMPLE}")
            seen.setdefault(key, item.term)


def _controls(raw: dict, problems: list) -> tuple[set[str], dict[str, str]]:
    suppress = _str_list(raw.get("suppress"), "suppress", "suppress", problems)
    merge = raw.get("merge") or {}
    if not isinstance(merge, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in merge.items()):
        problems.append(f"merge 应为“变体: 规范提法”的对照表。正确示例：\n{CONTROLS_EXAMPLE}")
        merge = {}
    return {term_key(s) for s in suppress}, {term_key(k): v.strip() for k, v in merge.items()}


def parse_glossary_data(raw, path: str = GLOSSARY_FILE) -> GlossaryData:
    problems: list[str] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise GlossaryDataError(path, [f"文件应以 terms: 开头。正确示例：\n{ENTRY_EXAMPLE}"])
    for key in raw:
        if key not in FILE_KEYS:
            problems.append(f"顶层不认识的字段“{key}”（可用：terms、suppress、merge）。正确示例：\n{ENTRY_EXAMPLE}\n{CONTROLS_EXAMPLE}")
    entries = raw.get("terms") or []
    if not isinstance(entries, list):
        problems.append(f"terms 应为列表，每条以“- term:”开头。正确示例：\n{ENTRY_EXAMPLE}")
        entries = []
    terms = [t for i, e in enumerate(entries, 1) if (t := parse_entry(e, i, problems))]
    _check_duplicates(terms, problems)
    suppress, merge = _controls(raw, problems)
    if problems:
        raise GlossaryDataError(path, problems)
    return GlossaryData(terms, suppress, merge, str(path))


_CACHE: dict[Path, tuple[tuple, GlossaryData]] = {}


def _stat_key(path: Path) -> tuple:
    if not path.exists():
        return (None,)
    stat = path.stat()
    return (stat.st_size, stat.st_mtime_ns)


def _read_yaml(path: Path, example: str):
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as err:
        raise GlossaryDataError(path, [f"不是合法的 YAML：{err}\n正确示例：\n{example}"]) from err


def load_standard_terms(path) -> frozenset[str]:
    """The validated list of standard formulations (term keys); a missing file is empty."""
    path = Path(path)
    if not path.exists():
        return frozenset()
    listed, problems = parse_standard_terms(_read_yaml(path, STANDARD_EXAMPLE))
    if problems:
        raise GlossaryDataError(path, problems)
    return listed


def load_glossary_data(path) -> GlossaryData:
    """The validated curated glossary with the list of standard formulations (standard_terms.yml
    beside `path`), memoised by both files' size and mtime; a missing file is empty."""
    path = Path(path)
    standard = path.with_name(STANDARD_NAME)
    key = (_stat_key(path), str(standard), _stat_key(standard))
    cached = _CACHE.get(path)
    if cached and cached[0] == key:
        return cached[1]
    data = (parse_glossary_data(_read_yaml(path, ENTRY_EXAMPLE), str(path)) if path.exists()
            else GlossaryData(path=str(path)))
    data.listed = load_standard_terms(standard)
    _CACHE[path] = (key, data)
    return data
