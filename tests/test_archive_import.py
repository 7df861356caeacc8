"""An office archive goes in (issue 15): .docx with Word numbering and a table, .doc and .odt made
from it by LibreOffice, PDFs printed by LibreOffice and by Chromium, a scan, an encrypted PDF, a
broken .doc, a .wps LibreOffice cannot read; near-duplicates, --update and --force; the report.
Title and date lines (issue 13) on .txt and .docx.

All files are made in the test by the real tools, once per module (one LibreOffice process per
kind of conversion). Without LibreOffice/Chromium the tests skip locally and fail in CI.
"""
from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import archive_speeches as A
from kb.ingest import office
from kb.ingest.importing import speech_from_source
from kb.ingest.reading import format_number
from kb.ingest.speech_page import parse_page
from test_import import SAMPLES, pages, run_import


def expected_paragraphs(speech: A.ArchiveSpeech, table: bool = False) -> list[str]:
    out = list(speech.opening)
    for index, (_, paragraphs) in enumerate(speech.sections):
        out.extend(paragraphs)
        if table and index == 0:
            out.extend(A.TABLE_CELLS)
    return out


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """{name: path} of the real files, in one folder tree."""
    root = tmp_path_factory.mktemp("archive")
    src = root / "src"
    src.mkdir()
    files = {}
    files["hospital.txt"] = src / "hospital.txt"
    files["hospital.txt"].write_text(A.HOSPITAL.text(), "utf-8")
    files["hospital.docx"] = A.write_docx(A.HOSPITAL, src / "hospital.docx", numbered=True, office_layout=True)
    files["university.docx"] = A.write_docx(A.UNIVERSITY, src / "university.docx", table=True)
    files["township.docx"] = A.write_docx(A.TOWNSHIP, src / "township.docx")
    made = root / "made"
    doc = A.convert_with_soffice([files["hospital.docx"], files["university.docx"]], "doc", made / "doc")
    odt = A.convert_with_soffice([files["university.docx"]], "odt", made / "odt")
    files["township.rtf"] = A.convert_with_soffice([files["township.docx"]], "rtf", made / "rtf")[0]
    pdf = A.convert_with_soffice([files["hospital.docx"], files["township.docx"]], "pdf", made / "pdf")
    files["hospital.doc"], files["university.doc"] = doc
    files["university.odt"] = odt[0]
    files["hospital-lo.pdf"], files["township-lo.pdf"] = pdf
    html = made / "university.html"
    html.write_text(A.speech_html(A.UNIVERSITY), "utf-8")
    files["university-chromium.pdf"] = A.print_with_chromium(html, made / "university-chromium.pdf",
                                                             header_footer=True)
    # A scan: the LibreOffice PDF's first page as a picture, printed to PDF by Chromium.
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf[0]), str(made / "page")],
                   check=True)
    picture = next(made.glob("page*.png"))
    (made / "scan.html").write_text(A.speech_html(A.HOSPITAL, image=picture.name), "utf-8")
    files["scan.pdf"] = A.print_with_chromium(made / "scan.html", made / "scan.pdf")
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(pdf[1]))
    writer.encrypt(user_password="1234", owner_password="5678", algorithm="AES-128")
    files["encrypted.pdf"] = made / "encrypted.pdf"
    with open(files["encrypted.pdf"], "wb") as handle:
        writer.write(handle)
    files["broken.doc"] = made / "broken.doc"
    files["broken.doc"].write_bytes(doc[0].read_bytes()[:4096])
    rng = random.Random(15)
    files["unreadable.wps"] = made / "unreadable.wps"
    files["unreadable.wps"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(3000)))
    return files


@pytest.fixture(scope="module")
def converted(archive):
    legacy = [p for p in archive.values() if p.suffix in office.LEGACY_SUFFIXES]
    with office.convert_batch(legacy) as batch:
        yield dict(batch.results)


GOOD = [
    # file, speech, table cells among the paragraphs
    ("hospital.txt", A.HOSPITAL, False),
    ("hospital.docx", A.HOSPITAL, False),
    ("university.docx", A.UNIVERSITY, True),
    ("township.docx", A.TOWNSHIP, False),
    ("hospital.doc", A.HOSPITAL, False),
    ("university.doc", A.UNIVERSITY, True),
    ("university.odt", A.UNIVERSITY, True),
    ("township.rtf", A.TOWNSHIP, False),
    ("hospital-lo.pdf", A.HOSPITAL, False),
    ("township-lo.pdf", A.TOWNSHIP, False),
    ("university-chromium.pdf", A.UNIVERSITY, True),
]


@pytest.mark.parametrize("name,speech,table", GOOD, ids=[g[0] for g in GOOD])
def test_each_good_file_arrives_intact(archive, converted, name, speech, table):
    path = archive[name]
    result = speech_from_source(path, converted.get(path))
    # Chromium prints the HTML, which has no table; PDFs keep what was printed.
    want = expected_paragraphs(speech, table and not name.endswith("chromium.pdf"))
    assert [p.text for _, p in result.paragraphs()] == want
    assert [s.heading for s in result.sections if s.level] == speech.headings()
    assert all(s.level == 2 for s in result.sections if s.level)
    assert result.meta.title == speech.title
    for key, value in speech.expected.items():
        assert getattr(result.meta, key) == value, key
    # Date, subtitle and name lines are metadata, never body text.
    body = "".join(p.text for _, p in result.paragraphs())
    for line in speech.lines_under_title + speech.closing_lines:
        assert line.replace("\u3000", "").replace(" ", "") not in body


def test_running_heads_page_numbers_and_footnotes_left_out(archive):
    # The LibreOffice PDF of the hospital speech has a running title and `- N -` on every page.
    from kb.ingest.pdf import read_pdf

    document = read_pdf(archive["hospital-lo.pdf"])
    text = "".join(line.text for line in document.lines)
    assert A.RUNNING_TITLE not in text and "- 2 -" not in text
    document = read_pdf(archive["university-chromium.pdf"])
    assert not any(line.text.strip().endswith(("/2", "/3")) or "file:" in line.text for line in document.lines)


BAD = {
    "scan.pdf": "扫描件，没有可提取的文字，请先做文字识别（OCR）后再导入",
    "encrypted.pdf": "设置了打开密码",
    "broken.doc": "已损坏",
    "unreadable.wps": "WPS 文件",
}


def test_archive_batch_one_page_per_speech_and_report(archive, tmp_path):
    folder = tmp_path / "共享文件夹"
    for index, (name, path) in enumerate(sorted(archive.items())):
        # Nested folders and odd names: spaces, brackets, a leading dash, Chinese.
        sub = folder / f"{2020 + index % 3}年" / ("定稿" if index % 2 else "讨论稿 (旧)")
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, sub / f"-{index} 讲话 {name}")
    dest, report = tmp_path / "speeches", tmp_path / "import-report.csv"
    result = run_import(folder, dest=dest, report=report)
    assert result.returncode == 1, result.stdout + result.stderr
    imported = [parse_page(p.read_text("utf-8"), p.stem) for p in pages(dest)]
    # hospital ×5, university ×4, township ×2 formats: one page each.
    assert sorted(s.meta.title.replace(" ", "") for s in imported) == \
        sorted(s.title.replace(" ", "") for s in A.ALL.values())
    assert f"新导入 3 篇，跳过（重复）{len(GOOD) - 3} 篇，更新 0 篇，失败 {len(BAD)} 个文件" in result.stdout
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["文件", "结果", "讲话页面", "说明"] and len(rows) == 1 + len(archive)
    by_name = {Path(r[0]).name.split(" 讲话 ", 1)[1]: r for r in rows[1:]}
    for name, fragment in BAD.items():
        assert by_name[name][1] == "失败" and fragment in by_name[name][3], by_name[name]
        assert any(name in line and fragment in line for line in result.stderr.splitlines())
    duplicates = [r for r in rows[1:] if r[1] == "跳过（重复）"]
    assert len(duplicates) == len(GOOD) - 3
    assert all("相似度" in r[3] or "相同" in r[3] for r in duplicates)
    assert {r[2] for r in rows[1:] if r[1] in ("导入", "跳过（重复）")} == \
        {str(p.resolve().relative_to(Path.cwd().resolve())) if p.resolve().is_relative_to(Path.cwd().resolve())
         else str(p) for p in pages(dest)}
    speaker = {s.meta.title.replace(" ", ""): (s.meta.speaker, s.meta.unit) for s in imported}
    assert speaker[A.UNIVERSITY.title.replace(" ", "")] == ("王立军", "机械工程学院")
    assert speaker[A.TOWNSHIP.title] == ("***", "中共青山镇委员会")


def test_revised_version_update_keeps_anchors_force_adds(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    draft = src / "讨论稿.txt"
    draft.write_text(A.HOSPITAL.text(), "utf-8")
    final = A.write_docx(A.HOSPITAL_REVISED, src / "定稿.docx")
    dest = tmp_path / "speeches"
    assert run_import(draft, dest=dest).returncode == 0
    [page] = pages(dest)
    before = parse_page(page.read_text("utf-8"), page.stem)
    skipped = run_import(final, dest=dest)
    assert skipped.returncode == 0 and pages(dest) == [page]
    assert page.name in skipped.stdout and "相似度" in skipped.stdout and "--update" in skipped.stdout
    updated = run_import(final, "--update", dest=dest)
    assert updated.returncode == 0 and "更新 1 篇" in updated.stdout and pages(dest) == [page]
    after = parse_page(page.read_text("utf-8"), page.stem)
    old_ids = {p.text: p.id for _, p in before.paragraphs()}
    new_ids = {p.text: p.id for _, p in after.paragraphs()}
    unchanged = set(old_ids) & set(new_ids)
    assert len(unchanged) == len(old_ids) - 1
    assert all(old_ids[t] == new_ids[t] for t in unchanged)
    edited_old = next(t for t in old_ids if t not in new_ids)
    edited_new = next(t for t in new_ids if t.startswith(edited_old[:30]) and t != edited_old)
    assert new_ids[edited_new] == old_ids[edited_old]      # clearly the same paragraph
    added = A.HOSPITAL_REVISED.sections[2][1][-1]
    assert added in new_ids and new_ids[added] not in old_ids.values()
    shutil.copy(final, src / "定稿（另一篇）.docx")
    forced = run_import(src / "定稿（另一篇）.docx", "--force", dest=dest)
    assert forced.returncode == 0 and len(pages(dest)) == 2


def test_same_topic_different_speeches_are_not_duplicates(tmp_path):
    # The five bundled speeches are all on party building in one organisation; the hospital and
    # university ones on the same topics elsewhere.
    src = tmp_path / "src"
    src.mkdir()
    for name, speech in A.ALL.items():
        (src / f"{name}.txt").write_text(speech.text(), "utf-8")
    for sample in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(sample, src / sample.name)
    result = run_import(src, dest=tmp_path / "speeches")
    assert result.returncode == 0 and "相似度" not in result.stdout
    assert len(pages(tmp_path / "speeches")) == 3 + len(list(SAMPLES.glob("*.txt")))


def test_without_libreoffice_legacy_files_get_one_line_and_the_rest_imports(tmp_path, archive):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(archive["university.doc"], src / "旧文件.doc")
    shutil.copy(archive["township.docx"], src / "新文件.docx")
    env = dict(os.environ, KB_SOFFICE="")
    result = subprocess.run([sys.executable, str(Path(__file__).parent.parent / "scripts" / "import_speeches.py"),
                             "--dest", str(tmp_path / "speeches"), "--report", str(tmp_path / "r.csv"), str(src)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert result.returncode == 1 and len(pages(tmp_path / "speeches")) == 1
    [line] = [l for l in result.stderr.splitlines() if l.startswith("错误：")]
    assert "旧文件.doc" in line and office.INSTALL_COMMAND in line and ".docx" in line


FAKE_SOFFICE = textwrap.dedent('''\
    #!{python}
    # Converts like soffice --convert-to docx, but hangs on any file containing HANG.
    import shutil, sys, time
    args = sys.argv[1:]
    out = args[args.index("--outdir") + 1]
    files = [a for a in args[args.index("--outdir") + 2:]]
    for f in files:
        if b"HANG" in open(f, "rb").read():
            time.sleep(600)
        name = f.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        shutil.copy("{template}", out + "/" + name + ".docx")
        print("convert " + f + " -> " + out + "/" + name + ".docx", flush=True)
''')


def test_a_hung_file_is_skipped_after_the_time_limit(tmp_path, monkeypatch):
    template = A.write_docx(A.TOWNSHIP, tmp_path / "template.docx")
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, template=template))
    fake.chmod(0o755)
    files = [tmp_path / "a.doc", tmp_path / "b.doc", tmp_path / "c.rtf"]
    files[0].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 ok")
    files[1].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 HANG")
    files[2].write_bytes(b"{\\rtf1 ok}")
    monkeypatch.setenv("KB_SOFFICE", str(fake))
    monkeypatch.setattr(office, "STARTUP_ALLOWANCE", 0.0)
    with office.convert_batch(files, timeout=1.5) as batch:
        assert isinstance(batch.results[files[0]], Path) and batch.results[files[0]].is_file()
        assert "超过 1.5 秒" in batch.results[files[1]]
        assert isinstance(batch.results[files[2]], Path)   # carried on by a new process
        assert speech_from_source(files[2], batch.results[files[2]]).meta.title == A.TOWNSHIP.title


NUMBER_FORMATS = [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (20, "chineseCountingThousand", "二十"), (3, "decimal", "3"), (4, "decimalEnclosedCircle", "④"),
    (2, "ideographTraditional", "乙"), (3, "upperRoman", "III"), (2, "lowerLetter", "b"),
    (1, "bullet", None), (2, "decimalFullWidth", "２"), (3, "chineseLegalSimplified", "叁"),
]


@pytest.mark.parametrize("n,fmt,shown", NUMBER_FORMATS)
def test_word_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_word_numbering_levels_and_restart(tmp_path):
    """一、 (level 0), （一） (level 1) restarting under each 一、, typed numbers not doubled."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    num_id = A._add_chinese_numbering(document)

    def numbered(text, level, style=None):
        p = document.add_paragraph(text, style=style)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    document.add_paragraph("同志们：")
    numbered("加强党的政治建设", 0, "Heading 1")
    numbered("落实主体责任。各党支部要把责任扛在肩上。", 1)
    numbered("强化监督执纪。纪检委员要敢于较真碰硬。", 1)
    numbered("推进学科建设", 0, "Heading 1")
    numbered("培育重点学科。要集中力量打造优势学科。", 1)
    path = tmp_path / "n.docx"
    document.save(path)
    speech = speech_from_source(path)
    assert [(s.level, s.heading) for s in speech.sections] == [
        (0, ""), (2, "一、加强党的政治建设"), (3, "（一）落实主体责任"), (3, "（二）强化监督执纪"),
        (2, "二、推进学科建设"), (3, "（一）培育重点学科")]


def test_speaker_and_unit_in_front_matter_info_box_and_kb_json(tmp_path):
    from kb.export.kb_json import speech_record
    from kb.pages.speech import meta_html

    src = tmp_path / "镇党委讲话.txt"
    src.write_text(A.TOWNSHIP.text(), "utf-8")
    dest = tmp_path / "speeches"
    assert run_import(src, dest=dest).returncode == 0
    [page] = pages(dest)
    text = page.read_text("utf-8")
    assert "speaker: '***'" in text and "unit: 中共青山镇委员会" in text
    speech = parse_page(text, page.stem)
    box = meta_html(speech)
    assert "<dt>讲话人</dt>" in box and 'class="kb-redacted"' in box and "<dt>单位</dt><dd>中共青山镇委员会</dd>" in box
    record = speech_record(speech)
    assert (record["speaker"], record["unit"], record["date"]) == ("***", "中共青山镇委员会", "2022-09-08")
    # Edited by hand, the fields are read back as written.
    edited = parse_page(text.replace("unit: 中共青山镇委员会", "unit: 青山镇人民政府"), page.stem)
    assert edited.meta.unit == "青山镇人民政府"


HELD_OUT_FIRST_LINES = [
    # (lines, title, date, speaker, unit): openings not used while writing the rules
    (["在全院2023年度科研工作总结大会上的讲话", "院长　李明华", "（2024年1月12日）", "同志们："],
     "在全院2023年度科研工作总结大会上的讲话", "2024-01-12", "李明华", None),
    (["XXX同志在公司2022年党风廉政建设工作会议上的讲话", "同志们："],
     "XXX同志在公司2022年党风廉政建设工作会议上的讲话", "2022", "XXX", None),
    (["凝心聚力 开创街道工作新局面", "——在东湖街道2024年工作会议上的讲话", "2024年2月26日", "同志们："],
     "凝心聚力 开创街道工作新局面", "2024-02-26", None, "东湖街道"),
]


@pytest.mark.parametrize("lines,title,date,speaker,unit", HELD_OUT_FIRST_LINES)
def test_held_out_openings(lines, title, date, speaker, unit):
    from kb.ingest.metadata import infer_meta
    from kb.model.speech import RawLine

    body = lines + ["今天召开这次会议，主要任务是总结工作、部署任务。"]
    meta = infer_meta([RawLine(t, i + 1) for i, t in enumerate(body)])
    assert (meta.title, meta.date, meta.speaker, meta.unit) == (title, date, speaker, unit)
    kept = [t for i, t in enumerate(body) if i not in meta.drop]
    assert kept[0] == "同志们：" or kept[0].startswith("今天")


def test_md_title_and_date_lines(tmp_path):
    """Issue 13: the same title and date handling for Markdown as for .txt and .docx."""
    src = tmp_path / "讲话.md"
    body = "\n\n".join(expected_paragraphs(A.HOSPITAL)[:2])
    src.write_text(f"# {A.HOSPITAL.title}\n\n（2024年6月20日）\n\n{body}\n\n二〇二四年六月二十日\n", "utf-8")
    speech = speech_from_source(src)
    assert (speech.meta.title, speech.meta.date) == (A.HOSPITAL.title, "2024-06-20")
    assert [p.text for _, p in speech.paragraphs()] == expected_paragraphs(A.HOSPITAL)[:2]


def test_docx_footnotes_at_the_end_headers_and_comments_left_out(tmp_path):
    import io
    import zipfile

    path = A.write_docx(A.TOWNSHIP, tmp_path / "plain.docx", office_layout=True)
    document_xml_name, footnotes = "word/document.xml", (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>数据来源：镇党委组织办2022年统计。</w:t></w:r></w:p></w:footnote>'
        '</w:footnotes>')
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == document_xml_name:
                data = data.decode("utf-8").replace(
                    "两名。</w:t></w:r>", '两名。</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>', 1).encode()
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", footnotes)
    noted = tmp_path / "noted.docx"
    noted.write_bytes(out.getvalue())
    speech = speech_from_source(noted)
    texts = [p.text for _, p in speech.paragraphs()]
    assert texts[-1] == "注1：数据来源：镇党委组织办2022年统计。"
    assert texts[:-1] == expected_paragraphs(A.TOWNSHIP)
    assert A.RUNNING_TITLE not in "".join(texts)     # the header is not speech text
