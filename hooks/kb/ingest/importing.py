"""The import pipeline: source file -> read -> normalize -> metadata -> structure -> speech page.

Used by scripts/import_speeches.py; plain Python, no MkDocs.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kb.ingest import office
from kb.ingest.duplicates import DuplicateIndex, carry_ids, speech_texts
from kb.ingest.metadata import infer_meta
from kb.model.speech import Speech, SpeechMeta
from kb.ingest.normalizing import normalize_lines
from kb.ingest.reading import SUPPORTED_SUFFIXES, ReadError, read_source
from kb.ingest.speech_page import (is_edited_by_hand, parse_body, parse_page, render_page, sha256,
                                   split_front_matter)
from kb.ingest.structure import parse_structure

CREATED, UPDATED, SAME, DUPLICATE, EDITED, FAILED = (
    "created", "updated", "same", "duplicate", "edited", "failed")
# The result column of import-report.csv.
RESULT_NAMES = {CREATED: "导入", UPDATED: "更新", SAME: "跳过（重复）", DUPLICATE: "跳过（重复）",
                EDITED: "跳过（已手工修改）", FAILED: "失败"}


@dataclass
class ImportResult:
    source: Path
    status: str
    page: Path | None
    message: str


def speech_from_source(path: Path, converted: Path | str | None = None) -> Speech:
    """Read and analyse one source file into a Speech (id left empty)."""
    document = read_source(path, converted)
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
                                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                                and not p.name.startswith(("~$", ".", ".~lock"))))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def convert_legacy(sources: list[Path], on_progress=None) -> office.ConversionBatch:
    """One LibreOffice run for every legacy office file of the batch (see kb.ingest.office)."""
    legacy = [p for p in sources if p.suffix.lower() in office.LEGACY_SUFFIXES and p.is_file()]
    return office.convert_batch(legacy, on_progress)


class PageIndex:
    """Existing speech pages, by source file name, by content hash and by text (near-duplicates)."""

    def __init__(self, pages_dir: Path):
        self.dir = pages_dir
        self.by_source: dict[str, Path] = {}
        self.by_hash: dict[str, Path] = {}
        self.similar = DuplicateIndex()
        for page in sorted(pages_dir.glob("*.md")):
            if page.name == "index.md":
                continue
            try:
                text = page.read_text("utf-8")
                meta, body = split_front_matter(text)
            except (ValueError, UnicodeDecodeError):
                continue
            if meta.get("source"):
                self.by_source.setdefault(str(meta["source"]), page)
            if meta.get("content_hash"):
                self.by_hash.setdefault(str(meta["content_hash"]), page)
            self.similar.add(page, speech_texts(parse_body(body)))

    def new_page_path(self, speech: Speech) -> Path:
        year = speech.meta.year or "nd"
        digest = hashlib.sha1(speech.meta.content_hash.encode()).hexdigest()
        for n in range(6, 41, 2):
            candidate = self.dir / f"{year}-{digest[:n]}.md"
            if not candidate.exists():
                return candidate
        raise RuntimeError("unreachable: sha1 prefixes exhausted")

    def add(self, page: Path, speech: Speech) -> None:
        self.by_hash[speech.meta.content_hash] = page
        self.by_source[speech.meta.source] = page
        self.similar.add(page, speech_texts(speech.sections))


_EDITOR_FIELDS = ("title", "date", "speaker", "unit", "occasion")


def _replace_page(page: Path, speech: Speech, keep_editor_fields: bool) -> None:
    """Write `speech` over `page`, keeping the anchors of paragraphs that are still there."""
    old_text = page.read_text("utf-8")
    try:
        old = parse_page(old_text, page.stem)
    except ValueError:
        old = None
    if old is not None:
        carry_ids(old.sections, speech.sections)
        if keep_editor_fields:
            for key in _EDITOR_FIELDS:
                if getattr(old.meta, key):
                    setattr(speech.meta, key, getattr(old.meta, key))
            speech.meta.topics_override = old.meta.topics_override
    speech.id = page.stem
    page.write_text(render_page(speech), encoding="utf-8")


def import_file(path: Path, index: PageIndex, force: bool = False, update: bool = False,
                converted: Path | str | None = None) -> ImportResult:
    try:
        speech = speech_from_source(path, converted)
    except ReadError as err:
        return ImportResult(path, FAILED, None, str(err))
    same = index.by_hash.get(speech.meta.content_hash)
    if same is not None and not force:
        return ImportResult(path, SAME, same, f"{path}：内容与已导入的 {same.name} 相同，已跳过")
    page = index.by_source.get(speech.meta.source)
    if page is not None and page.exists():
        edited = is_edited_by_hand(page.read_text("utf-8"))
        if edited and not (force or update):
            return ImportResult(path, EDITED, page,
                                f"{path}：对应页面 {page.name} 已被手工修改，未覆盖；"
                                f"确需用新文件覆盖请加 --force（手工修改会丢失），"
                                f"或加 --update（保留页首信息，更新正文）")
        _replace_page(page, speech, keep_editor_fields=edited and update and not force)
        index.add(page, speech)
        return ImportResult(path, UPDATED, page, f"{path}：已更新为 {page.name}（{speech.meta.title}）")
    match = index.similar.best(speech_texts(speech.sections)) if not force else None
    if match is not None and match.page.exists():
        percent = f"{match.similarity:.0%}"
        if not update:
            return ImportResult(path, DUPLICATE, match.page,
                                f"{path}：与已导入的 {match.page.name} 相似度 {percent}，视为同一篇讲话，未导入；"
                                f"要用这个文件替换它请加 --update，确是另一篇讲话请加 --force")
        edited = is_edited_by_hand(match.page.read_text("utf-8"))
        _replace_page(match.page, speech, keep_editor_fields=edited)
        index.add(match.page, speech)
        return ImportResult(path, UPDATED, match.page,
                            f"{path}：与 {match.page.name} 相似度 {percent}，已用新版本更新"
                            f"（未改动段落的链接不变）")
    page = index.new_page_path(speech)
    speech.id = page.stem
    page.write_text(render_page(speech), encoding="utf-8")
    index.add(page, speech)
    return ImportResult(path, CREATED, page, f"{path}：已导入为 {page.name}（{speech.meta.title}）")


def write_report(results: list[ImportResult], report: Path, pages_root: Path | None = None) -> None:
    """import-report.csv: one row per file (UTF-8 with BOM so that Excel reads it)."""
    import csv

    report.parent.mkdir(parents=True, exist_ok=True)
    with open(report, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["文件", "结果", "讲话页面", "说明"])
        for result in results:
            page = ""
            if result.page is not None:
                page = str(result.page)
                if pages_root is not None:
                    try:
                        page = str(result.page.resolve().relative_to(pages_root.resolve()))
                    except ValueError:
                        pass
            message = result.message.removeprefix(f"{result.source}：")
            writer.writerow([str(result.source), RESULT_NAMES[result.status], page, message])
