"""The import pipeline: source file -> read -> normalize -> metadata -> structure -> speech page.

Used by scripts/import_speeches.py; plain Python, no MkDocs.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kb.ingest.metadata import infer_meta
from kb.model.speech import Speech, SpeechMeta
from kb.ingest.normalizing import normalize_lines
from kb.ingest.reading import SUPPORTED_SUFFIXES, ReadError, read_source
from kb.ingest.speech_page import is_edited_by_hand, render_page, sha256, split_front_matter
from kb.ingest.structure import parse_structure

CREATED, UPDATED, SAME, EDITED, FAILED = "created", "updated", "same", "edited", "failed"


@dataclass
class ImportResult:
    source: Path
    status: str
    page: Path | None
    message: str


def speech_from_source(path: Path) -> Speech:
    """Read and analyse one source file into a Speech (id left empty)."""
    document = read_source(path)
    lines = normalize_lines(document.lines)
    if not lines:
        raise ReadError(path, "文件没有可导入的文字内容，请检查文件是否为空")
    inferred = infer_meta(lines, document.title)
    lines = [line for index, line in enumerate(lines) if index not in inferred.drop]
    if not lines:
        raise ReadError(path, "文件只有标题和日期，没有正文，请确认讲话内容已经保存在文件里。")
    text = "\n".join(line.text for line in lines)
    meta = SpeechMeta(title=inferred.title, date=inferred.date, occasion=inferred.occasion,
                      speaker=inferred.speaker, unit=inferred.unit,
                      source=path.name, content_hash=sha256(text))
    return Speech("", meta, parse_structure(lines))


def collect_sources(paths: list[Path]) -> list[Path]:
    """Files named on the command line plus supported files inside named folders, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES + (".doc",)
                                and not p.name.startswith(("~$", "."))))
        else:
            found.append(path)
    return found


class PageIndex:
    """Existing speech pages, by source file name and by content hash."""

    def __init__(self, pages_dir: Path):
        self.dir = pages_dir
        self.by_source: dict[str, Path] = {}
        self.by_hash: dict[str, Path] = {}
        for page in sorted(pages_dir.glob("*.md")):
            if page.name == "index.md":
                continue
            try:
                meta, _ = split_front_matter(page.read_text("utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            if meta.get("source"):
                self.by_source.setdefault(str(meta["source"]), page)
            if meta.get("content_hash"):
                self.by_hash.setdefault(str(meta["content_hash"]), page)

    def new_page_path(self, speech: Speech) -> Path:
        year = speech.meta.year or "nd"
        digest = hashlib.sha1(speech.meta.content_hash.encode()).hexdigest()
        for n in range(6, 41, 2):
            candidate = self.dir / f"{year}-{digest[:n]}.md"
            if not candidate.exists():
                return candidate
        raise RuntimeError("unreachable: sha1 prefixes exhausted")


def import_file(path: Path, index: PageIndex, force: bool = False) -> ImportResult:
    try:
        speech = speech_from_source(path)
    except ReadError as err:
        return ImportResult(path, FAILED, None, str(err))
    same = index.by_hash.get(speech.meta.content_hash)
    if same is not None and not force:
        return ImportResult(path, SAME, same, f"{path}：内容与已导入的 {same.name} 相同，已跳过")
    page = index.by_source.get(speech.meta.source) or same
    if page is not None and page.exists():
        if is_edited_by_hand(page.read_text("utf-8")) and not force:
            return ImportResult(path, EDITED, page,
                                f"{path}：对应页面 {page.name} 已被手工修改，未覆盖；"
                                f"确需用新文件覆盖请加 --force")
        status = UPDATED
    else:
        page, status = index.new_page_path(speech), CREATED
    speech.id = page.stem
    page.write_text(render_page(speech), encoding="utf-8")
    index.by_hash[speech.meta.content_hash] = page
    index.by_source[speech.meta.source] = page
    verb = "已导入" if status == CREATED else "已更新"
    return ImportResult(path, status, page, f"{path}：{verb}为 {page.name}（{speech.meta.title}）")
