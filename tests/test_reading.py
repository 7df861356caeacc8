"""Reading sources: text encodings, line endings, Markdown, Word styles, and clear errors."""
from __future__ import annotations

import codecs
import io
import random
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kb.ingest.reading import SUPPORTED_SUFFIXES, ReadError, read_source

FIXTURES = Path(__file__).parent / "fixtures" / "reading"
EXCERPT = (FIXTURES / "speech_excerpt.txt").read_text("utf-8").rstrip("\n")
EXCERPT_LINES = EXCERPT.split("\n")  # lines copied from the sample speeches, one blank among them
SAMPLES_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "sample-speeches"
SAMPLES = sorted(SAMPLES_DIR.glob("*.txt")) if SAMPLES_DIR.is_dir() else []
CJK = re.compile(r"[\u4e00-\u9fff]")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def texts(document) -> list[str]:
    return [line.text for line in document.lines]


def assert_clear_error(err: ReadError, path: Path, fragment: str) -> None:
    message = str(err)
    assert message.startswith(f"{path}："), message
    assert err.path == str(path)
    assert "\n" not in message and "\r" not in message
    assert CJK.search(err.message), message
    assert fragment in message, message


# ---------------------------------------------------------------- encodings

ENCODINGS = [
    # (how the bytes are made, expected RawDocument.encoding)
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    (lambda t: t.encode("gb18030"), "gb18030"),
    (lambda t: t.encode("gbk"), "gb18030"),
    (lambda t: t.encode("utf-16"), "utf-16"),
    (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16"),
    (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
    (lambda t: t.encode("utf-16-le"), "utf-16-le"),
    (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    (lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"), "utf-32"),
]
ENCODING_IDS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le-bom",
                "utf-16-be-bom", "utf-16-le-nobom", "utf-16-be-nobom", "utf-32-le-bom"]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize(("encode", "encoding"), ENCODINGS, ids=ENCODING_IDS)
def test_excerpt_decodes_in_every_supported_encoding(tmp_path, encode, encoding, suffix):
    document = read_source(write(tmp_path, "speech" + suffix, encode(EXCERPT)))
    assert document.encoding == encoding
    assert texts(document) == EXCERPT_LINES
    assert [line.lineno for line in document.lines] == list(range(1, len(EXCERPT_LINES) + 1))
    assert document.lines[2].text == "同志们："
    assert document.path == str(tmp_path / ("speech" + suffix))
    assert document.title is None


@pytest.mark.skipif(not SAMPLES, reason="sample speeches not available")
@pytest.mark.parametrize(("encode", "encoding"), ENCODINGS, ids=ENCODING_IDS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_whole_sample_speeches_decode(tmp_path, sample, encode, encoding):
    text = sample.read_text("utf-8")
    document = read_source(write(tmp_path, "speech.txt", encode(text)))
    assert document.encoding == encoding
    expected = text.split("\n")
    if expected[-1] == "":
        expected.pop()  # a final line break ends the last line, it does not start a new one
    assert texts(document) == expected


def test_gb18030_only_characters_survive(tmp_path):
    text = EXCERPT + "\n会上，张喆、李堃和𠮷野同志作了交流发言。"
    document = read_source(write(tmp_path, "speech.txt", text.encode("gb18030")))
    assert document.encoding == "gb18030"
    assert texts(document)[-1] == "会上，张喆、李堃和𠮷野同志作了交流发言。"


@pytest.mark.skipif(not SAMPLES, reason="sample speeches not available")
def test_short_gbk_lines_decode_exactly_or_fail_clearly(tmp_path):
    # Few characters give the statistics little to go on: a wrong guess is never allowed.
    path = tmp_path / "line.txt"
    decoded = 0
    for sample in SAMPLES:
        for line in filter(str.strip, sample.read_text("utf-8").split("\n")):
            path.write_bytes(line.encode("gbk"))
            try:
                document = read_source(path)
            except ReadError as err:
                assert_clear_error(err, path, "UTF-8")
                continue
            assert texts(document) == [line]
            decoded += 1
    assert decoded >= 100  # and real lines of a speech are long enough to be recognised


FOREIGN_TEXTS = [
    ("shift_jis", "皆さん、こんにちは。今日は党の建設について話します。新しい時代の課題に取り組みます。"),
    ("euc_jp", "皆さん、こんにちは。今日は党の建設について話します。新しい時代の課題に取り組みます。"),
    ("euc_kr", "여러분 안녕하십니까. 오늘 우리는 당의 건설과 반부패 사업을 논의하기 위하여 모였습니다."),
    ("latin-1", "Camarades, aujourd'hui nous réunissons la conférence annuelle. Très bien."),
    ("cp1251", "Товарищи, сегодня мы проводим ежегодное совещание по партийному строительству."),
]


@pytest.mark.parametrize(("encoding", "text"), FOREIGN_TEXTS, ids=[e for e, _ in FOREIGN_TEXTS])
def test_other_encodings_give_a_clear_error_not_mojibake(tmp_path, encoding, text):
    path = write(tmp_path, "speech.txt", ((text + "\n") * 3).encode(encoding))
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert_clear_error(caught.value, path, "另存为 UTF-8")


@pytest.mark.parametrize("text", ["우리는 당의", "경제 대표", "계속 위원회", "오늘 우리는"])
def test_short_korean_that_reads_like_common_hanzi_is_an_error(tmp_path, text):
    # EUC-KR hangul bytes are GB2312 common hanzi (우리는 -> 快府绰); in a few characters even
    # frequent ones, so short texts also need charset-normalizer to agree before GB18030 is taken.
    path = write(tmp_path, "short.txt", text.encode("euc_kr"))
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert_clear_error(caught.value, path, "另存为 UTF-8")


@pytest.mark.skipif(not SAMPLES, reason="sample speeches not available")
@pytest.mark.parametrize("encoding", ["shift_jis", "euc_jp", "euc_kr"])
def test_sample_lines_in_other_cjk_encodings_are_never_misread(tmp_path, encoding):
    # Simplified text squeezed into Big5/Shift-JIS/EUC (dropping what does not fit) is exactly
    # the byte soup that GB18030 would happily decode into nonsense.
    path = tmp_path / "line.txt"
    for sample in SAMPLES:
        for line in filter(str.strip, sample.read_text("utf-8").split("\n")):
            data = line.encode(encoding, errors="ignore")
            if data.isascii():
                continue
            path.write_bytes(data)
            with pytest.raises(ReadError):
                read_source(path)


TRADITIONAL = "同志們：今天我們召開黨建工作會議，總結過去一年的工作，部署新一年的任務。要落實一崗雙責。"


@pytest.mark.parametrize("encoding,expected", [("big5", "big5"), ("gb18030", "gb18030"),
                                                ("utf-16-le", "utf-16-le"), ("utf-8", "utf-8")])
def test_traditional_script_is_read_in_each_encoding(tmp_path, encoding, expected):
    path = write(tmp_path, "trad.txt", ((TRADITIONAL + "\n") * 3).encode(encoding))
    document = read_source(path)
    assert document.encoding == expected
    assert [line.text for line in document.lines] == [TRADITIONAL] * 3


def test_random_bytes_are_an_error(tmp_path):
    rng = random.Random(20240501)
    for size in (16, 300, 5000):
        data = bytes(rng.randrange(1, 256) for _ in range(size))  # no NUL bytes
        path = write(tmp_path, f"random{size}.txt", data)
        with pytest.raises(ReadError) as caught:
            read_source(path)
        assert_clear_error(caught.value, path, "编码")


def test_utf8_file_with_one_gbk_line_names_the_line(tmp_path):
    data = ("同志们：\n今天，我们召开党建工作会议。\n".encode("utf-8")
            + "一、坚持政治统领、培根塑魂，提升党建工作引领力\n".encode("gbk")
            + "谢谢大家！\n".encode("utf-8"))
    path = write(tmp_path, "mixed.txt", data)
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert_clear_error(caught.value, path, "第 3 行")


def test_utf16_bom_with_broken_body_is_an_error(tmp_path):
    data = codecs.BOM_UTF16_LE + "同志们：".encode("utf-16-le") + b"\x00\xd8\x41"  # lone surrogate
    path = write(tmp_path, "broken.txt", data)
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert_clear_error(caught.value, path, "UTF-16")


# ---------------------------------------------------------------- lines

@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings(tmp_path, newline, suffix):
    data = (newline.join(EXCERPT_LINES) + newline).encode("utf-8")
    document = read_source(write(tmp_path, "speech" + suffix, data))
    assert texts(document) == EXCERPT_LINES  # the final line break adds no empty line
    assert not any("\r" in t or "\n" in t for t in texts(document))


def test_mixed_line_endings_and_blank_lines_keep_numbers(tmp_path):
    data = "同志们：\r\n\r\n今天召开会议。\r下面讲三点意见。\n\n谢谢大家！".encode("utf-8")
    document = read_source(write(tmp_path, "speech.txt", data))
    assert [(line.lineno, line.text) for line in document.lines] == [
        (1, "同志们："), (2, ""), (3, "今天召开会议。"), (4, "下面讲三点意见。"), (5, ""),
        (6, "谢谢大家！")]


def test_content_is_kept_as_is_except_the_bom(tmp_path):
    lines = ["同志们:", "　　过去一年,在局党组领导下  ", "\t纪检组长XXX同志对工作作了安排。"]
    data = "\n".join(lines).encode("utf-8-sig")
    document = read_source(write(tmp_path, "speech.txt", data))
    assert texts(document) == lines
    assert all(line.heading_level is None for line in document.lines)


def test_suffix_is_case_insensitive(tmp_path):
    document = read_source(write(tmp_path, "SPEECH.TXT", EXCERPT.encode("gbk")))
    assert texts(document) == EXCERPT_LINES


# ---------------------------------------------------------------- Markdown

MD_LINES = [
    ("## 一、坚持政治统领、培根塑魂", "一、坚持政治统领、培根塑魂", 2),
    ("### （一）筑牢“主阵地”，让思想教育“实”起来", "（一）筑牢“主阵地”，让思想教育“实”起来", 3),
    ("#### 1.推进思想理论武装", "1.推进思想理论武装", 4),
    ("##一、没有空格也是标题", "一、没有空格也是标题", 2),
    ("## 二、结尾的井号会去掉 ##", "二、结尾的井号会去掉", 2),
    ("# 三、正文中的一级标题算作第二级", "三、正文中的一级标题算作第二级", 2),
    ("##### 五级标题", "五级标题", 5),
    ("同志们：", "同志们：", None),
    ("　　过去一年,在局党组领导下 ", "　　过去一年,在局党组领导下 ", None),
    ("####### 七个井号不是标题", "####### 七个井号不是标题", None),
    ("##", "##", None),
]


@pytest.mark.parametrize(("source", "text", "level"), MD_LINES, ids=[s for s, _, _ in MD_LINES])
def test_markdown_line(tmp_path, source, text, level):
    data = f"同志们：\n{source}\n谢谢大家！\n".encode("utf-8")
    document = read_source(write(tmp_path, "speech.md", data))
    line = document.lines[1]
    assert (line.text, line.heading_level, line.lineno) == (text, level, 2)


def test_markdown_front_matter_title(tmp_path):
    data = ("---\ntitle: \"在2023年党建工作述职评议会上的讲话\"\ndate: 2023-01-10\n---\n"
            "同志们：\n## 一、坚持政治统领、培根塑魂\n").encode("utf-8-sig")
    document = read_source(write(tmp_path, "speech.md", data))
    assert document.title == "在2023年党建工作述职评议会上的讲话"
    assert [(line.lineno, line.text, line.heading_level) for line in document.lines] == [
        (5, "同志们：", None), (6, "一、坚持政治统领、培根塑魂", 2)]


def test_markdown_title_heading(tmp_path):
    data = "\n# 在2023年企业党组织书记抓基层党建工作述职评议会上的讲话\n\n同志们：\n".encode("utf-8")
    document = read_source(write(tmp_path, "speech.md", data))
    assert document.title == "在2023年企业党组织书记抓基层党建工作述职评议会上的讲话"
    assert [(line.lineno, line.text) for line in document.lines] == [(1, ""), (3, ""), (4, "同志们：")]


def test_markdown_front_matter_title_wins_and_heading_is_dropped(tmp_path):
    data = "---\ntitle: 党建工作会议讲话\n---\n# 讲话稿\n同志们：\n".encode("utf-8")
    document = read_source(write(tmp_path, "speech.md", data))
    assert document.title == "党建工作会议讲话"
    assert texts(document) == ["同志们："]


def test_markdown_front_matter_without_title(tmp_path):
    data = "---\ndate: 2022-03-05\n---\n同志们：\n".encode("utf-8")
    document = read_source(write(tmp_path, "speech.md", data))
    assert (document.title, texts(document)) == (None, ["同志们："])


def test_markdown_unclosed_front_matter_is_text(tmp_path):
    data = "---\n同志们：\n今天召开会议。\n".encode("utf-8")
    document = read_source(write(tmp_path, "speech.md", data))
    assert texts(document) == ["---", "同志们：", "今天召开会议。"]


def test_markdown_in_gb18030(tmp_path):
    data = "# 党建工作会议讲话\r\n同志们：\r\n## 一、回望来时路\r\n".encode("gb18030")
    document = read_source(write(tmp_path, "speech.md", data))
    assert document.encoding == "gb18030"
    assert document.title == "党建工作会议讲话"
    assert [(line.text, line.heading_level) for line in document.lines] == [
        ("同志们：", None), ("一、回望来时路", 2)]


# ---------------------------------------------------------------- Word

def save(document, tmp_path: Path, name: str = "speech.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def add_styled(document, text: str, style_name: str, based_on: str | None = None):
    styles = document.styles
    if style_name not in [s.name for s in styles]:
        style = styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
        if based_on:
            style.base_style = styles[based_on]
    return document.add_paragraph(text, style=style_name)


def set_outline_level(element, value: int) -> None:
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(value))
    element.get_or_add_pPr().append(outline)


def test_docx_title_headings_and_paragraph_numbers(tmp_path):
    document = docx.Document()
    document.add_heading("在2023年企业党组织书记抓基层党建工作述职评议会上的讲话", 0)   # 1: Title
    document.add_paragraph("")                                                          # 2: empty
    document.add_paragraph("同志们：")                                                  # 3
    document.add_heading("一、坚持政治统领、培根塑魂，提升党建工作引领力", 1)          # 4
    document.add_heading("（一）筑牢“主阵地”，让思想教育“实”起来", 2)                  # 5
    document.add_heading("1.推进思想理论武装", 3)                                       # 6
    document.add_paragraph("　　把深入学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务。")  # 7
    document.add_paragraph("   ")                                                       # 8: blank
    document.add_paragraph("谢谢大家！")                                                # 9
    result = read_source(save(document, tmp_path))
    assert result.encoding == "docx"
    assert result.title == "在2023年企业党组织书记抓基层党建工作述职评议会上的讲话"
    assert [(line.lineno, line.text, line.heading_level) for line in result.lines] == [
        (3, "同志们：", None),
        (4, "一、坚持政治统领、培根塑魂，提升党建工作引领力", 2),
        (5, "（一）筑牢“主阵地”，让思想教育“实”起来", 3),
        (6, "1.推进思想理论武装", 4),
        (7, "　　把深入学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务。", None),
        (9, "谢谢大家！", None),
    ]


def chinese_named(document, text):
    return add_styled(document, text, "标题 2")


def based_on_heading(document, text):
    return add_styled(document, text, "讲话小标题", based_on="Heading 2")


def numeric_style_id(document, text):
    # Chinese Word stores its heading styles under ids "1", "2", ... ; WPS may rename them.
    style = document.styles.add_style("自定义样式", WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), "2")
    return document.add_paragraph(text, style=style)


def unknown_numeric_style_id(document, text):
    paragraph = document.add_paragraph(text)
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), "2")
    paragraph._p.get_or_add_pPr().insert(0, style)
    return paragraph


def style_outline_level(document, text):
    paragraph = add_styled(document, text, "大纲样式")
    set_outline_level(document.styles["大纲样式"].element, 1)
    return paragraph


def direct_outline_level(document, text):
    paragraph = document.add_paragraph(text)
    set_outline_level(paragraph._p, 1)
    return paragraph


@pytest.mark.parametrize("make", [chinese_named, based_on_heading, numeric_style_id,
                                  unknown_numeric_style_id, style_outline_level,
                                  direct_outline_level])
def test_docx_heading_styles_of_chinese_word(tmp_path, make):
    document = docx.Document()
    document.add_paragraph("同志们：")
    make(document, "（二）畅通“主动脉”，让战斗堡垒“强”起来")
    result = read_source(save(document, tmp_path))
    assert [(line.text, line.heading_level) for line in result.lines] == [
        ("同志们：", None), ("（二）畅通“主动脉”，让战斗堡垒“强”起来", 3)]


def test_docx_chinese_title_style_and_split_title(tmp_path):
    document = docx.Document()
    add_styled(document, "在2022年党建工作会议", "标题")
    add_styled(document, "上的讲话", "标题")
    document.add_paragraph("同志们：")
    add_styled(document, "后面的标题样式段落算正文", "标题")
    result = read_source(save(document, tmp_path))
    assert result.title == "在2022年党建工作会议上的讲话"
    assert texts(result) == ["同志们：", "后面的标题样式段落算正文"]


def test_docx_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("2022年党建工作任务分解如下：")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "任务"
    table.cell(0, 1).text = "责任部门"
    table.cell(1, 0).text = "推进思想理论武装"
    table.cell(1, 1).text = "党委办公室"
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格只出现一次"
    document.add_paragraph("谢谢大家！")
    result = read_source(save(document, tmp_path))
    assert texts(result) == ["2022年党建工作任务分解如下：", "任务", "责任部门", "推进思想理论武装",
                             "党委办公室", "合并单元格只出现一次", "谢谢大家！"]
    assert [line.lineno for line in result.lines] == sorted({line.lineno for line in result.lines})


def test_docx_soft_breaks_tabs_and_tracked_changes(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("同志们：").add_break()
    paragraph.add_run("今天，我们召开党建工作会议。\t会期一天。")
    tracked = document.add_paragraph("下面，我讲")
    inserted = OxmlElement("w:ins")
    inserted.append(tracked.add_run("三")._r)        # run moves into the insertion
    tracked._p.append(inserted)
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = "两"
    run.append(deleted_text)
    deleted.append(run)
    tracked._p.append(deleted)
    tracked.add_run("点意见。")
    result = read_source(save(document, tmp_path))
    assert [(line.lineno, line.text) for line in result.lines] == [
        (1, "同志们："), (1, "今天，我们召开党建工作会议。\t会期一天。"), (2, "下面，我讲三点意见。")]


def test_docx_table_of_contents_is_skipped(tmp_path):
    document = docx.Document()
    document.add_paragraph("目录", style="TOC Heading")
    add_styled(document, "一、坚持政治统领\t1", "toc 1")
    document.add_heading("一、坚持政治统领", 1)
    result = read_source(save(document, tmp_path))
    assert [(line.text, line.heading_level) for line in result.lines] == [("一、坚持政治统领", 2)]


# ---------------------------------------------------------------- bad files

def zip_bytes(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(*paragraphs: str, title: str | None = None) -> bytes:
    document = docx.Document()
    if title:
        document.add_heading(title, 0)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

BAD_FILES = [
    # (file name, content, fragment of the message)
    ("empty.txt", b"", "0 字节"),
    ("empty.docx", b"", "0 字节"),
    ("blank.txt", " \r\n\t\n\u3000\u3000\n".encode("utf-8"), "只有空白"),
    ("blank-utf16.txt", "  \r\n \r\n".encode("utf-16"), "只有空白"),
    ("blank.md", "---\ntitle: \n---\n\n".encode("utf-8"), "只有空白"),
    ("title-only.md", "# 党建工作会议讲话\n\n".encode("utf-8"), "只有标题"),
    ("blank.docx", docx_bytes("", "   "), "只有空白"),
    ("title-only.docx", docx_bytes(title="党建工作会议讲话"), "只有标题"),
    ("image.txt", PNG, "PNG 图片"),
    ("scan.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF 文件"),
    ("archive.txt", zip_bytes({"a.txt": "同志们"}), "压缩包"),
    ("binary.txt", bytes(random.Random(7).randrange(256) for _ in range(2000)) + b"\x00\x00",
     "二进制"),
    # Legacy office files without LibreOffice (KB_SOFFICE=""): how to install it, or save as .docx.
    ("old.doc", OLE2, "libreoffice-writer-nogui"),
    ("old.wps", OLE2, "另存为 .docx"),
    ("image.doc", PNG, "PNG 图片"),
    ("renamed-doc.txt", OLE2, "另存为 .docx"),
    ("renamed-doc.docx", OLE2, "旧版 Word（.doc）"),
    ("not-a-zip.docx", "同志们：今天召开会议。".encode("utf-8"), "已损坏"),
    ("truncated.docx", docx_bytes("同志们：")[:3000], "已损坏"),
    ("image.docx", PNG, "PNG 图片"),
    ("sheet.docx", zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
     "word/document.xml"),
    ("bad-xml.docx",
     zip_bytes({"[Content_Types].xml": "<Types", "word/document.xml": "<w:document"}), "无法解析"),
    ("speech.pdf", b"%PDF-1.7", "PDF 文件已损坏"),
    ("not-a.pdf", "同志们：今天召开会议。".encode("utf-8"), "不是真正的 PDF"),
    ("speech.rtf", b"{\\rtf1 ...}", "需要 LibreOffice"),
    ("speech.xls", b"\xd0\xcf\x11\xe0", "不支持“.xls”格式"),
    ("README", "同志们".encode("utf-8"), "没有扩展名"),
]


@pytest.mark.parametrize(("name", "data", "fragment"), BAD_FILES, ids=[n for n, _, _ in BAD_FILES])
def test_bad_files_give_one_clear_chinese_line(tmp_path, monkeypatch, name, data, fragment):
    monkeypatch.setenv("KB_SOFFICE", "")
    path = write(tmp_path, name, data)
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert_clear_error(caught.value, path, fragment)


def test_missing_file_and_folder(tmp_path):
    missing = tmp_path / "没有这个文件.txt"
    with pytest.raises(ReadError) as caught:
        read_source(missing)
    assert_clear_error(caught.value, missing, "找不到")
    folder = tmp_path / "讲话稿.txt"
    folder.mkdir()
    with pytest.raises(ReadError) as caught:
        read_source(str(folder))
    assert_clear_error(caught.value, folder, "文件夹")


def test_read_error_is_one_line_path_then_message():
    err = ReadError(Path("稿件/讲话.txt"), "无法识别文件编码；\n请另存为 UTF-8")
    assert str(err) == "稿件/讲话.txt：无法识别文件编码； 请另存为 UTF-8"
    assert (err.path, err.message) == ("稿件/讲话.txt", "无法识别文件编码； 请另存为 UTF-8")
    assert isinstance(err, Exception)


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".docx", ".pdf", ".doc", ".wps", ".rtf", ".odt")
