"""Role paths of the onboarding page (data/roles.yml): per 党务 role, the topics and terms to read.

    roles:
      - name: 支部书记
        focus: 支部第一责任人，……
        topics: [organization, integrity]   # topic ids or Chinese names, in reading order
        terms: [第一责任人, 三会一课]          # glossary terms or aliases, in reading order

`load_roles(path)` checks the structure and raises one `RolesDataError` listing every problem in
Chinese, naming the file and the entry, with a correct example. `resolve_roles` then checks the
topics and terms against the taxonomy and the glossary of this build and returns the problems
(the hook reports them, so a strict build fails).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.glossary.matching import term_key

ROLES_FILE = "data/roles.yml"
ROLE_KEYS = {"name", "focus", "topics", "terms"}
ROLE_EXAMPLE = """\
roles:
  - name: 纪检委员
    focus: 协助书记抓党风廉政建设，履行监督责任。
    topics: [integrity]
    terms: [两个责任, 四风, 四种形态]"""
DEFAULT_TOPIC_NAMES = {"ideology": "思想建设", "organization": "组织建设", "talent": "人才队伍",
                       "integrity": "党风廉政", "branding": "党建品牌"}


class RolesDataError(ValueError):
    def __init__(self, path, problems: list[str]):
        self.path, self.problems = str(path), problems
        super().__init__(f"岗位学习路径 {path} 有 {len(problems)} 处问题：\n" + "\n".join(
            f"  {n}. {p}" for n, p in enumerate(problems, 1)))


@dataclass
class Role:
    name: str
    focus: str
    topics: list[str] = field(default_factory=list)   # as the editor wrote them
    terms: list[str] = field(default_factory=list)


@dataclass
class ResolvedRole:
    name: str
    focus: str
    topics: list[str]          # topic ids
    terms: list                # kb.glossary.assembly.Term


def _where(index: int, name) -> str:
    return f"roles 第 {index} 条（{name if isinstance(name, str) and name.strip() else '缺少 name'}）"


def _names(value, where: str, key: str, problems: list) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in value.replace("、", ",").replace("，", ",").split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}：{key} 应为列表，例如 {key}: [甲, 乙]。正确示例：\n{ROLE_EXAMPLE}")
        return []
    return [v.strip() for v in value if v.strip()]


def parse_roles(raw, path: str = ROLES_FILE) -> list[Role]:
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("roles"), list):
        raise RolesDataError(path, [f"文件应以 roles: 开头，下面每个岗位一条“- name: …”。正确示例：\n{ROLE_EXAMPLE}"])
    problems: list[str] = []
    for key in raw:
        if key != "roles":
            problems.append(f"顶层不认识的字段“{key}”（只有 roles）。正确示例：\n{ROLE_EXAMPLE}")
    roles, seen = [], set()
    for index, entry in enumerate(raw["roles"], 1):
        if not isinstance(entry, dict):
            problems.append(f"roles 第 {index} 条：应为“字段: 值”形式。正确示例：\n{ROLE_EXAMPLE}")
            continue
        where = _where(index, entry.get("name"))
        for key in entry:
            if key not in ROLE_KEYS:
                problems.append(f"{where}：不认识的字段“{key}”（可用字段：focus、name、terms、topics）。"
                                f"正确示例：\n{ROLE_EXAMPLE}")
        texts = {}
        for key in ("name", "focus"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}：缺少 {key}（应为一段文字）。正确示例：\n{ROLE_EXAMPLE}")
            texts[key] = value.strip() if isinstance(value, str) else ""
        topics = _names(entry.get("topics"), where, "topics", problems)
        terms = _names(entry.get("terms"), where, "terms", problems)
        if not topics and not terms:
            problems.append(f"{where}：topics 和 terms 至少要写一项。正确示例：\n{ROLE_EXAMPLE}")
        if texts["name"] in seen:
            problems.append(f"{where}：岗位“{texts['name']}”写了两次，每个岗位只写一条。")
        seen.add(texts["name"])
        roles.append(Role(texts["name"], texts["focus"], topics, terms))
    if problems:
        raise RolesDataError(path, problems)
    return roles


def load_roles(path) -> list[Role]:
    """The validated roles of `path`; a missing file means no role paths."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as err:
        raise RolesDataError(path, [f"不是合法的 YAML：{err}\n正确示例：\n{ROLE_EXAMPLE}"]) from err
    return parse_roles(raw, str(path))


def _topic_id(name: str, topic_names: dict[str, str]) -> str | None:
    for topic_id, topic_name in topic_names.items():
        if name.lower() == topic_id or name in (topic_name, DEFAULT_TOPIC_NAMES.get(topic_id)):
            return topic_id
    return None


def resolve_roles(roles: list[Role], topic_names: dict[str, str], terms: list,
                  path: str = ROLES_FILE) -> tuple[list[ResolvedRole], list[str]]:
    """Roles with topic ids and glossary terms, and a Chinese problem for every topic or term
    that this build does not know (the entry is kept without it)."""
    by_key = {}
    for term in terms:
        for form in [term.term, *term.aliases]:
            by_key.setdefault(term_key(form), term)
    problems, out = [], []
    for index, role in enumerate(roles, 1):
        where = f"{path} {_where(index, role.name)}"
        topic_ids, role_terms = [], []
        for name in role.topics:
            topic_id = _topic_id(name, topic_names) if topic_names else None
            if topic_id is None and topic_names:
                hint = "、".join(f"{tid}（{tname}）" for tid, tname in topic_names.items())
                problems.append(f"{where}：topics 中的“{name}”不是专题，可用：{hint}。"
                                f"正确示例：\n{ROLE_EXAMPLE}")
            elif topic_id and topic_id not in topic_ids:
                topic_ids.append(topic_id)
        for name in role.terms:
            term = by_key.get(term_key(name))
            if term is None:
                problems.append(f"{where}：terms 中的“{name}”不在提法释义中（请写 data/glossary.yml 中的提法或其别名）。"
                                f"正确示例：\n{ROLE_EXAMPLE}")
            elif term not in role_terms:
                role_terms.append(term)
        out.append(ResolvedRole(role.name, role.focus, topic_ids, role_terms))
    return out, problems
