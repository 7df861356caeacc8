"""scripts/import_speeches.py end to end: encodings, re-import, hand edits, bad files, exit codes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.ingest.speech_page import parse_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "sample-speeches"
SCRIPT = ROOT / "scripts" / "import_speeches.py"


def run_import(*args, dest: Path, report: Path | None = None) -> subprocess.CompletedProcess:
    report = report or dest.parent / "import-report.csv"
    return subprocess.run([sys.executable, str(SCRIPT), "--dest", str(dest), "--report", str(report),
                           *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def pages(dest: Path) -> list[Path]:
    return sorted(p for p in dest.glob("*.md") if p.name != "index.md")


def test_import_samples_then_same_again(tmp_path):
    dest = tmp_path / "speeches"
    first = run_import(SAMPLES, dest=dest)
    assert first.returncode == 0, first.stderr
    assert len(pages(dest)) == 5
    assert "新导入 5 篇" in first.stdout
    again = run_import(SAMPLES, dest=dest)
    assert again.returncode == 0
    assert again.stdout.count("相同") == 5 and "新导入 0 篇" in again.stdout


def test_bundled_pages_are_what_the_importer_makes(tmp_path):
    """docs/speeches holds the sample corpus as imported (apart from editors' front-matter fixes)."""
    dest = tmp_path / "speeches"
    run_import(SAMPLES, dest=dest)
    bundled = {parse_page(p.read_text("utf-8"), p.stem).meta.source: p for p in pages(ROOT / "docs" / "speeches")}
    for page in pages(dest):
        fresh = parse_page(page.read_text("utf-8"), page.stem)
        shipped = parse_page(bundled[fresh.meta.source].read_text("utf-8"), page.stem)
        assert [(s.id, s.heading, [(p.id, p.text) for p in s.paragraphs]) for s in fresh.sections] == \
               [(s.id, s.heading, [(p.id, p.text) for p in s.paragraphs]) for s in shipped.sections]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_other_encodings_give_the_same_speech(tmp_path, encoding):
    source = SAMPLES / "002_ce92dc7b0f296d48.txt"
    text = source.read_text("utf-8")
    if encoding == "gbk":
        text = text.replace("\u3000", " ")   # keep to characters GBK has
    encoded = tmp_path / "in" / source.name
    encoded.parent.mkdir()
    encoded.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    dest = tmp_path / "speeches"
    assert run_import(encoded, dest=dest).returncode == 0
    page = parse_page(pages(dest)[0].read_text("utf-8"), "x")
    reference_dest = tmp_path / "ref"
    run_import(source, dest=reference_dest)
    reference = parse_page(pages(reference_dest)[0].read_text("utf-8"), "x")
    assert page.meta.title == reference.meta.title == "在局2022年第一季度党建工作例会暨党风廉政建设推进会上的讲话"
    assert [p.text for _, p in page.paragraphs()] == [p.text for _, p in reference.paragraphs()]


def test_hand_edited_page_is_kept_unless_forced(tmp_path):
    src = tmp_path / "in" / "speech.txt"
    src.parent.mkdir()
    shutil.copy(SAMPLES / "003_90650464488cdbe9.txt", src)
    dest = tmp_path / "speeches"
    run_import(src, dest=dest)
    page = pages(dest)[0]
    page.write_text(page.read_text("utf-8").replace("title: 在2023年", "title: 改过的标题 在2023年"), "utf-8")
    src.write_text(src.read_text("utf-8") + "\n补充的一段话。\n", "utf-8")
    kept = run_import(src, dest=dest)
    assert "已被手工修改" in kept.stdout and "--force" in kept.stdout
    assert "改过的标题" in page.read_text("utf-8")
    forced = run_import(src, "--force", dest=dest)
    assert forced.returncode == 0 and "已更新" in forced.stdout
    assert "改过的标题" not in page.read_text("utf-8") and "补充的一段话。" in page.read_text("utf-8")
    assert pages(dest) == [page]


BAD_FILES = {
    "empty.txt": (b"", "空"),
    "blank.txt": ("  \n\u3000\n\t\n".encode("utf-8"), "空白"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG"),
    "legacy.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".docx"),
    "broken.docx": (b"PK\x03\x04 this is not really a zip", "docx"),
    "garbled.txt": (bytes([0x81, 0x30, 0xfe, 0xff, 0xc0, 0x80]) * 40, "UTF-8"),
}


def test_bad_files_are_reported_and_the_rest_imported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    shutil.copy(SAMPLES / "000_76a3da3bb1879aab.txt", folder / "good.txt")
    dest = tmp_path / "speeches"
    result = run_import(folder, dest=dest)
    assert result.returncode == 1
    assert len(pages(dest)) == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert len(errors) == len(BAD_FILES), result.stderr
    for name, (_, hint) in BAD_FILES.items():
        line = next(l for l in errors if name in l)
        assert hint in line, line
    assert f"失败 {len(BAD_FILES)} 个文件" in result.stdout


def test_missing_path_is_an_error(tmp_path):
    result = run_import(tmp_path / "nope.txt", dest=tmp_path / "speeches")
    assert result.returncode == 1 and "不存在" in result.stderr


def test_docx_headings_and_title(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("在全面从严治党工作会议上的讲话", style="Title")
    document.add_paragraph("同志们：")
    document.add_heading("加强政治建设", level=1)
    document.add_paragraph("（一）落实一岗双责。各级党组织书记要履行第一责任人职责。")
    document.add_heading("锻造过硬队伍", level=2)
    document.add_paragraph("一是选优配强支部书记。二是抓好党员教育管理。")
    source = tmp_path / "讲话.docx"
    document.save(source)
    dest = tmp_path / "speeches"
    assert run_import(source, dest=dest).returncode == 0
    speech = parse_page(pages(dest)[0].read_text("utf-8"), "x")
    assert speech.meta.title == "在全面从严治党工作会议上的讲话"
    assert [(s.level, s.heading) for s in speech.sections] == [
        (0, ""), (2, "加强政治建设"), (3, "（一）落实一岗双责"), (3, "锻造过硬队伍")]
    assert speech.sections[2].paragraphs[0].text == "各级党组织书记要履行第一责任人职责。"
