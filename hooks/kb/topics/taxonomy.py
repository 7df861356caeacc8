"""The topic taxonomy (data/topics.yml): five topics, their sub-topics and weighted cue words.

`load_taxonomy(path)` reads and validates the file (memoised by size and mtime). Every problem is
collected into one `TaxonomyError` whose Chinese message names the file, the entry and shows a
correct example, so that an editor can fix the file without reading code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TAXONOMY_FILE = "data/topics.yml"
TOPIC_IDS = ("ideology", "organization", "talent", "integrity", "branding")
DEFAULT_NAMES = {"ideology": "思想建设", "organization": "组织建设", "talent": "人才队伍",
                 "integrity": "党风廉政", "branding": "党建品牌"}
MAX_WEIGHT = 5
_SUBTOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOPIC_KEYS = {"id", "name", "description", "cues", "subtopics"}
SUBTOPIC_KEYS = {"id", "name", "cues", "description"}

TOPIC_EXAMPLE = """\
  - id: integrity
    name: 党风廉政
    description: 全面从严治党：主体责任、监督执纪、作风建设……
    cues:
      党风廉政建设: 5
      从严治党: 3
    subtopics:
      - id: conduct
        name: 作风建设
        cues:
          八项规定: 5"""
SUBTOPIC_EXAMPLE = """\
    subtopics:
      - id: conduct          # 小写字母、数字、连字符
        name: 作风建设
        cues:
          八项规定: 5         # 线索词: 权重（1–5 的整数）"""
CUES_EXAMPLE = """\
    cues:
      八项规定: 5
      作风: 3"""
FILE_EXAMPLE = """\
ignore:
  - 党员干部
topics:
""" + TOPIC_EXAMPLE


class TaxonomyError(ValueError):
    """data/topics.yml is missing or invalid; `problems` lists each one (Chinese)."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"专题分类表 {path} 有 {len(problems)} 处问题：\n" + "\n".join(
            f"  {n}. {p}" for n, p in enumerate(problems, 1)))


@dataclass(frozen=True)
class Cue:
    word: str
    weight: int
    topic_id: str
    subtopic_id: str | None   # None: a cue of the topic as a whole


@dataclass
class Subtopic:
    id: str
    name: str
    cues: dict[str, int]
    description: str = ""


@dataclass
class Topic:
    id: str
    name: str
    description: str
    cues: dict[str, int]
    subtopics: list[Subtopic] = field(default_factory=list)

    def subtopic(self, subtopic_id: str | None) -> Subtopic | None:
        return next((s for s in self.subtopics if s.id == subtopic_id), None)


@dataclass
class Taxonomy:
    topics: list[Topic]
    ignore: list[str] = field(default_factory=list)
    path: str = TAXONOMY_FILE

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def cues(self) -> list[Cue]:
        out = []
        for topic in self.topics:
            out += [Cue(w, n, topic.id, None) for w, n in topic.cues.items()]
            for sub in topic.subtopics:
                out += [Cue(w, n, topic.id, sub.id) for w, n in sub.cues.items()]
        return out

    def resolve(self, name: str) -> str | None:
        """Topic id for an id or a Chinese name as an editor writes it; None if unknown."""
        name = name.strip()
        for topic in self.topics:
            if name.lower() == topic.id or name in (topic.name, DEFAULT_NAMES[topic.id]):
                return topic.id
        return None

    def names_hint(self) -> str:
        return "、".join(f"{t.id}（{t.name}）" for t in self.topics)


# --------------------------------------------------------------------------- validation

def _entry(topic_id, name) -> str:
    return f"专题 {topic_id or '?'}（{name or '未命名'}）"


def _check_keys(data: dict, allowed: set, where: str, example: str, problems: list) -> None:
    for key in data:
        if key not in allowed:
            problems.append(f"{where}：不认识的字段“{key}”（可用字段：{'、'.join(sorted(allowed))}）。"
                            f"正确示例：\n{example}")


def _cues(raw, where: str, problems: list) -> dict[str, int]:
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{where}：cues 应为“线索词: 权重”的列表，且至少有一个。正确示例：\n{CUES_EXAMPLE}")
        return {}
    cues = {}
    for word, weight in raw.items():
        word_text = str(word).strip() if word is not None else ""
        if not word_text:
            problems.append(f"{where}：有一个线索词是空的。正确示例：\n{CUES_EXAMPLE}")
        elif not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= MAX_WEIGHT:
            problems.append(f"{where}：线索词“{word_text}”的权重“{weight}”无效，应为 1–{MAX_WEIGHT} 的整数。"
                            f"正确示例：\n      {word_text}: 3")
        else:
            cues[word_text] = weight
    return cues


def _text_field(data: dict, key: str, where: str, example: str, problems: list) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}：缺少 {key}（应为非空文字）。正确示例：\n{example}")
        return ""
    return value.strip()


def _subtopic(raw, topic_where: str, problems: list) -> Subtopic | None:
    if not isinstance(raw, dict):
        problems.append(f"{topic_where}：subtopics 中每一项应包含 id、name、cues。正确示例：\n{SUBTOPIC_EXAMPLE}")
        return None
    where = f"{topic_where}的子专题 {raw.get('id') or '?'}（{raw.get('name') or '未命名'}）"
    _check_keys(raw, SUBTOPIC_KEYS, where, SUBTOPIC_EXAMPLE, problems)
    sub_id = str(raw.get("id") or "")
    if not _SUBTOPIC_ID.match(sub_id):
        problems.append(f"{where}：id“{sub_id}”无效，应由小写字母、数字和连字符组成（会用在网址里）。"
                        f"正确示例：\n{SUBTOPIC_EXAMPLE}")
    name = _text_field(raw, "name", where, SUBTOPIC_EXAMPLE, problems)
    cues = _cues(raw.get("cues"), where, problems)
    return Subtopic(sub_id, name, cues, str(raw.get("description") or "").strip())


def _topic(raw, problems: list) -> Topic | None:
    if not isinstance(raw, dict):
        problems.append(f"topics 中每一项应包含 id、name、description、cues、subtopics。正确示例：\n{TOPIC_EXAMPLE}")
        return None
    topic_id = str(raw.get("id") or "")
    where = _entry(topic_id, raw.get("name"))
    _check_keys(raw, TOPIC_KEYS, where, TOPIC_EXAMPLE, problems)
    if topic_id not in TOPIC_IDS:
        problems.append(f"{where}：id“{topic_id}”不是固定的五个专题之一（{'、'.join(TOPIC_IDS)}）。"
                        f"正确示例：\n{TOPIC_EXAMPLE}")
    name = _text_field(raw, "name", where, TOPIC_EXAMPLE, problems)
    description = _text_field(raw, "description", where, TOPIC_EXAMPLE, problems)
    cues = _cues(raw.get("cues"), where, problems)
    subs_raw = raw.get("subtopics")
    if not isinstance(subs_raw, list) or not subs_raw:
        problems.append(f"{where}：缺少 subtopics（至少一个子专题）。正确示例：\n{SUBTOPIC_EXAMPLE}")
        subs_raw = []
    subtopics = [s for s in (_subtopic(item, where, problems) for item in subs_raw) if s]
    seen = set()
    for sub in subtopics:
        if sub.id in seen:
            problems.append(f"{where}：子专题 id“{sub.id}”重复，每个子专题的 id 应不同。")
        seen.add(sub.id)
    return Topic(topic_id, name, description, cues, subtopics)


def _check_topic_set(topics: list[Topic], problems: list) -> None:
    ids = [t.id for t in topics]
    for topic_id in TOPIC_IDS:
        count = ids.count(topic_id)
        if count == 0:
            problems.append(f"缺少专题 {topic_id}（{DEFAULT_NAMES[topic_id]}）：五个专题都必须有。"
                            f"正确示例：\n  - id: {topic_id}\n    name: {DEFAULT_NAMES[topic_id]}\n    ……")
        elif count > 1:
            problems.append(f"专题 {topic_id} 出现了 {count} 次，每个专题只能写一次。")


def _check_duplicate_cues(taxonomy: Taxonomy, problems: list) -> None:
    owner: dict[str, str] = {}
    for cue in taxonomy.cues():
        where = cue.topic_id + (f" / {cue.subtopic_id}" if cue.subtopic_id else "")
        if cue.word in owner and owner[cue.word] != where:
            problems.append(f"线索词“{cue.word}”同时出现在 {owner[cue.word]} 和 {where}，"
                            f"同一个线索词只能属于一处，请删去其中一个。")
        owner.setdefault(cue.word, where)
    for word in taxonomy.ignore:
        if word in owner:
            problems.append(f"“{word}”既在 ignore 中又是 {owner[word]} 的线索词，请删去其中一处。")


def parse_taxonomy(text: str, path: Path | str = TAXONOMY_FILE) -> Taxonomy:
    """Validate the YAML text of the taxonomy; raises TaxonomyError listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise TaxonomyError(path, [f"不是合法的 YAML：{err}。正确示例：\n{FILE_EXAMPLE}"]) from err
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise TaxonomyError(path, [f"文件应包含 topics 列表。正确示例：\n{FILE_EXAMPLE}"])
    problems: list[str] = []
    _check_keys(data, {"topics", "ignore"}, "文件顶层", FILE_EXAMPLE, problems)
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(w, str) and w.strip() for w in ignore):
        problems.append("ignore 应为词语列表。正确示例：\nignore:\n  - 党员干部\n  - 领导干部")
        ignore = []
    topics = [t for t in (_topic(raw, problems) for raw in data["topics"]) if t]
    _check_topic_set(topics, problems)
    taxonomy = Taxonomy(topics, [w.strip() for w in ignore], str(path))
    _check_duplicate_cues(taxonomy, problems)
    if problems:
        raise TaxonomyError(path, problems)
    taxonomy.topics.sort(key=lambda t: TOPIC_IDS.index(t.id))
    return taxonomy


_CACHE: dict[Path, tuple[tuple, Taxonomy]] = {}


def load_taxonomy(path: Path | str) -> Taxonomy:
    """The validated taxonomy from `path` (memoised by size and mtime)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise TaxonomyError(path, [f"找不到文件。请在项目根目录创建 {TAXONOMY_FILE}，内容示例：\n{FILE_EXAMPLE}"])
    key = (stat.st_size, stat.st_mtime_ns)
    cached = _CACHE.get(path)
    if cached and cached[0] == key:
        return cached[1]
    taxonomy = parse_taxonomy(path.read_text("utf-8"), path)
    _CACHE[path] = (key, taxonomy)
    return taxonomy


def taxonomy_path(project_root: Path | str) -> Path:
    return Path(project_root) / TAXONOMY_FILE
