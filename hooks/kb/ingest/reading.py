"""Stage 1 of the import: read a source file into a RawDocument of text lines.

Text files are decoded by trying strict decoders in a fixed order (byte-order marks, then UTF-8,
then GB18030 only if the result reads like Chinese); Word files are read with python-docx,
keeping heading levels and the title from paragraph styles, and the numbers Word's automatic
numbering shows; legacy office files (.doc, .wps, .rtf, .odt) are read as the .docx LibreOffice
converts them to (kb.ingest.office); PDFs through their text layer (kb.ingest.pdf). Anything that cannot be read
faithfully raises ReadError with a one-line message in Chinese saying what is wrong and what to
do, so that a wrong guess never turns a speech into mojibake silently.

Plain Python: no MkDocs imports.
"""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

import charset_normalizer

from kb.text.chinese_script import to_simplified
from kb.model.speech import RawDocument, RawLine
from kb.ingest import office

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf") + office.LEGACY_SUFFIXES

RESAVE_UTF8 = "请用记事本或 WPS 另存为 UTF-8 编码后重新导入"
RESAVE_DOCX = "请在 Word 或 WPS 中打开，另存为 .docx 后重新导入"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# UTF-32 before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# File signatures of things people drop into an import folder by mistake.
_SIGNATURES = (
    (OLE2_MAGIC, "ole2"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"%PDF-", "PDF 文件"),
    (b"{\\rtf", "RTF 文档"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)
# Kinds Word or WPS can open and save again as .docx.
_CONVERTIBLE = ("PDF 文件", "RTF 文档")

# Very frequent Chinese characters. Real text uses them constantly (about 60-70 % of its hanzi);
# Korean, Big5 or Shift-JIS bytes read as GB18030 give rather random hanzi, which rarely are.
_FREQUENT_HANZI = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之"
    "年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理"
    "心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高"
    "间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西月话合回特代内信表化老给"
    "世位次度门任常先海通教原东声提立及比员解水名真论处走义各入几口认条平系气题活更别打变四总何"
    "数安少报才结反受目量再感建务做接必场件计管期市直德资命金指许统区保至队形社便空决治展科五基"
    "书非则听却界达光放强即难且权思象完设式路记南品告类求据程北边该交规万取格望觉术领共确传观清"
    "今切院让识带导争运步改收根干造言联持组每济车亲极服快办议往元证近失转令准始存未具字流备连调"
    "深商算质团集百需价党华城级整府况请技际约示复息究线官断精满支视消越容照须增研写称企功包片史"
    "委查轻易除农找装广显标谈图念引历首局突专费号另较注语仅考落青随选列响推势参希众构半节投某案"
    "维革划致律态护兴验责营够章跟志底严例防族供效续施留讲型料终答紧绝察段依批群项故按围织害双境"
    "纪采举友止细愿值仍破网助育属限职速刻否刚状率独般普创久错承印试股预益若继送急素适省初卫源险"
    "待述习置居劳财环排福获模充负停层范策演简判担既宗积余检差富协角占配征修挥胜降阶审坚善免压执"
    "副抗追帮宣优控份艺阵概守顾互付换核介良序升监临永域括杂误减编测败困渐封救贵缺县尚移班智短固"
    "席秘遇康虑幸均损旧端探录附吸予礼归顺输补督泽材择培诚盟措"
)


class ReadError(Exception):
    """A source file that cannot be read; `message` is one line in Chinese for the editor."""

    def __init__(self, path, message: str):
        # One line: the import report prints one line per file.
        self.path = str(path)
        self.message = " ".join(str(message).split("\n")).replace("\r", " ")
        super().__init__(f"{self.path}：{self.message}")


def read_source(path: str | Path, converted: Path | str | None = None) -> RawDocument:
    """Read one speech source file; raise ReadError if it cannot be read faithfully.

    `converted`: for a legacy office file, the .docx LibreOffice made of it (or the message why
    it could not); without it the file is converted on its own.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(path, _unsupported_message(suffix))
    data = _read_bytes(path)
    if not data:
        raise ReadError(path, "文件是空的（0 字节），请确认选对了文件、内容已经保存。")
    if suffix == ".docx":
        document = _read_docx(path, data)
    elif suffix == ".pdf":
        document = _read_pdf(path, data)
    elif suffix in office.LEGACY_SUFFIXES:
        document = _read_legacy(path, suffix, data, converted)
    else:
        document = _read_text(path, suffix, data)
    _require_body(path, document)
    return document


def _read_pdf(path: Path, data: bytes) -> RawDocument:
    from kb.ingest.pdf import PdfError, read_pdf

    if not data.lstrip()[:5].startswith(b"%PDF"):
        kind = _signature(data)
        raise ReadError(path, f"这不是真正的 PDF 文件{f'（实际是 {kind}）' if kind else ''}；"
                              f"请重新导出 PDF，或导入原始的 Word 文件。")
    try:
        return read_pdf(path)
    except PdfError as err:
        raise ReadError(path, str(err)) from None


def _read_legacy(path: Path, suffix: str, data: bytes, converted) -> RawDocument:
    kind = _signature(data)
    if kind and kind not in ("ole2", "zip", "RTF 文档", "PDF 文件"):
        raise ReadError(path, f"这是 {kind}，不是 {suffix} 文档；请导入讲话稿文件。")
    if kind == "PDF 文件":
        raise ReadError(path, f"这其实是 PDF 文件，请把扩展名改成 .pdf 后重新导入。")
    if converted is None:
        with office.convert_batch([path]) as batch:
            return _read_legacy(path, suffix, data, batch.results[path])
    if isinstance(converted, str):
        raise ReadError(path, converted)
    document = _read_docx(path, Path(converted).read_bytes(), converted=True)
    text = "".join(line.text for line in document.lines) + (document.title or "")
    if text.strip() and not reads_as_chinese(text):
        # LibreOffice imports a file it cannot parse as plain text: that is mojibake, not a speech.
        raise ReadError(path, office.failed_message(suffix))
    document.encoding = suffix.lstrip(".")
    return document


def _read_text(path: Path, suffix: str, data: bytes) -> RawDocument:
    text, encoding = decode_text(path, data)
    lines = split_lines(text)
    if suffix == ".md":
        return _markdown_document(path, encoding, lines)
    return RawDocument(str(path), encoding, lines)


# ---------------------------------------------------------------- files and suffixes

def _unsupported_message(suffix: str) -> str:
    supported = "、".join(SUPPORTED_SUFFIXES)
    if not suffix:
        return f"文件没有扩展名，无法判断格式；目前只支持 {supported} 文件，请改成其中一种后重新导入。"
    return f"不支持“{suffix}”格式，目前只支持 {supported} 文件；请先转换成其中一种后重新导入。"


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "找不到这个文件，请检查文件名和路径是否正确。") from None
    except IsADirectoryError:
        raise ReadError(path, "这是一个文件夹，不是文件，请选择具体的讲话稿文件。") from None
    except PermissionError:
        raise ReadError(path, "没有权限读取这个文件，请检查文件权限，"
                              "或先关闭正在使用它的程序。") from None
    except OSError as err:
        raise ReadError(path, f"读取文件失败（{err.strerror or err}），"
                              "请确认文件没有损坏或被占用后重试。") from None


def _signature(data: bytes) -> str | None:
    for magic, kind in _SIGNATURES:
        if kind and data.startswith(magic):
            return kind
    return None


def _require_body(path: Path, document: RawDocument) -> None:
    if any(line.text.strip() for line in document.lines):
        return
    if document.title:
        raise ReadError(path, "文件只有标题，没有正文，请确认讲话内容已经保存在文件里。")
    raise ReadError(path, "文件里只有空白（空格或空行），没有正文，请确认选对了文件、内容已经保存。")


# ---------------------------------------------------------------- text decoding

def decode_text(path: str | Path, data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return (text without BOM, encoding name)."""
    _reject_binary_signature(path, data)
    text, encoding = _decode_with_bom(path, data) or _decode_without_bom(path, data)
    if "\x00" in text:
        raise ReadError(path, _binary_message())
    return text.removeprefix("\ufeff"), encoding


def _reject_binary_signature(path, data: bytes) -> None:
    kind = _signature(data)
    if kind == "ole2":
        raise ReadError(path, _ole2_message())
    if kind == "zip":
        raise ReadError(path, "这不是纯文本，而是压缩包或 Office 文档；"
                              "如果是 Word 文档，请把扩展名改成 .docx 后重新导入。")
    if kind == "PDF 文件":
        raise ReadError(path, "这是 PDF 文件，不是纯文本；请把扩展名改成 .pdf 后重新导入。")
    if kind in _CONVERTIBLE:
        raise ReadError(path, f"这是 {kind}，不是纯文本；请把扩展名改成 .rtf 后重新导入，或{RESAVE_DOCX}。")
    if kind:
        raise ReadError(path, f"这是 {kind}，不是讲话稿文本；"
                              f"请导入 .txt、.md、.docx、.doc、.pdf 等格式的讲话稿。")


def _binary_message() -> str:
    return "这是二进制文件（如图片、压缩包），不是文本；请导入 .txt、.md、.docx、.doc、.pdf 等格式的讲话稿。"


def _ole2_message() -> str:
    return (f"这其实是旧版 Word（.doc）文件或加了密码的 Word 文档，不能按这个扩展名读取；"
            f"请把扩展名改成 .doc 后重新导入，或{RESAVE_DOCX}（有密码请先取消）。")


def _decode_with_bom(path, data: bytes) -> tuple[str, str] | None:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(codec), name
            except UnicodeDecodeError as err:
                line = _line_at(body, err.start, codec)
                raise ReadError(path, f"文件开头标明是 {name.upper()} 编码，"
                                      f"但第 {line} 行起内容已损坏；{RESAVE_UTF8}。") from None
    return None


def _decode_without_bom(path, data: bytes) -> tuple[str, str]:
    # NUL bytes never occur in UTF-8 or GB18030 text; they mean UTF-16 without a mark, or binary.
    if b"\x00" in data:
        decoded = _guess_utf16(data)
        if decoded is None:
            raise ReadError(path, _binary_message())
        return decoded
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    text = _try_gb18030(data)
    if text is not None:
        return text, "gb18030"
    text = _try_big5(data)
    if text is not None:
        return text, "big5"
    raise ReadError(path, _undecodable_message(data, utf8_error))


def _guess_utf16(data: bytes) -> tuple[str, str] | None:
    # ASCII characters (line breaks, digits) put their NUL in the high byte, so the side with
    # more NULs tells the byte order; the other order is still tried, judged by its text.
    little_first = data[1::2].count(0) >= data[0::2].count(0)
    for codec in ("utf-16-le", "utf-16-be") if little_first else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and reads_as_chinese(text):
            return text, codec
    return None


def _try_gb18030(data: bytes) -> str | None:
    # GB18030 accepts most byte soups, so a strict decode proves little: accept it only when
    # the result reads like Chinese.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if not reads_as_chinese(text):
        return None
    # Too few characters for the statistics to be sure: ask charset-normalizer as well.
    if _hanzi_count(text) < 50 and not _charset_normalizer_says_gb(data):
        return None
    return text


def _try_big5(data: bytes) -> str | None:
    # Traditional-script speeches from Taiwan/Hong Kong offices arrive in Big5. Tried after
    # GB18030, and judged like it: by reading the text converted to simplified script.
    try:
        text = data.decode("cp950")
    except UnicodeDecodeError:
        return None
    if not looks_like_chinese(to_simplified(text)):
        return None
    if _hanzi_count(text) < 50:
        best = charset_normalizer.from_bytes(data).best()
        if best is None or best.encoding.replace("_", "").lower() not in ("big5", "cp950", "big5hkscs"):
            return None
    return text


def reads_as_chinese(text: str) -> bool:
    """Chinese in simplified or traditional script (the latter judged after conversion)."""
    return looks_like_chinese(text) or looks_like_chinese(to_simplified(text))


def _charset_normalizer_says_gb(data: bytes) -> bool:
    best = charset_normalizer.from_bytes(data).best()
    encoding = best.encoding.replace("_", "").lower() if best is not None else ""
    return encoding in ("gb18030", "gbk", "gb2312")


def _undecodable_message(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    # A file that is valid UTF-8 Chinese up to some point has one bad passage (pasted from
    # elsewhere); naming its line is more useful than blaming the whole file.
    prefix = data[:utf8_error.start].decode("utf-8")
    if _hanzi_count(prefix) >= 4:
        line = _line_at(data, utf8_error.start, "utf-8")
        return (f"第 {line} 行有不是 UTF-8 编码的字符（文件其余部分是 UTF-8，"
                f"这一行可能是从别处粘贴的）；请改正这一行，保存为 UTF-8 编码后重新导入。")
    return f"无法识别文件编码（不是 UTF-8，也不像 GB18030/GBK 编码的简体中文）；{RESAVE_UTF8}。"


def _line_at(data: bytes, offset: int, codec: str) -> int:
    prefix = data[:offset].decode(codec, errors="replace")
    return len(_LINE_BREAK.findall(prefix)) + 1


# ---------------------------------------------------------------- is it Chinese?

@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """GB2312 level-1 hanzi (the 3755 common ones) plus its symbol and full-width rows."""
    chars = set("—–·•")
    for lead in [0xA1, 0xA2, 0xA3, *range(0xB0, 0xD8)]:
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # unassigned code points in the table
    return frozenset(chars)


def _is_hanzi(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _hanzi_count(text: str) -> int:
    return sum(1 for char in text if _is_hanzi(char))


def _has_control_chars(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v" for c in text)


def looks_like_chinese(text: str) -> bool:
    """True if `text` reads like (simplified) Chinese or plain ASCII rather than mojibake.

    Two tests: nearly all non-ASCII characters must be common ones (mojibake of Big5 or
    Shift-JIS yields rare hanzi and private-use characters), and a fair share of the hanzi
    must be very frequent ones (mojibake of Korean yields common but random hanzi).
    """
    if _has_control_chars(text):
        return False
    others = [c for c in text if ord(c) > 0x7F]
    if not others:
        return True
    common = _common_chars()
    if sum(c in common for c in others) < 0.9 * len(others):
        return False
    hanzi = [c for c in others if _is_hanzi(c)]
    return bool(hanzi) and sum(c in _FREQUENT_HANZI for c in hanzi) >= 0.3 * len(hanzi)


# ---------------------------------------------------------------- lines and Markdown

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[RawLine]:
    """One RawLine per line (CRLF, CR or LF), numbered from 1; a final line break adds no line."""
    parts = _LINE_BREAK.split(text)
    if parts and parts[-1] == "":
        parts.pop()
    return [RawLine(part, number) for number, part in enumerate(parts, start=1)]


_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?!#)[ \t]*(.*?)(?:[ \t]+#+)?[ \t]*$")
_FRONT_MATTER_TITLE = re.compile(r"^title\s*:\s*(.*?)\s*$", re.IGNORECASE)


def _markdown_document(path: Path, encoding: str, lines: list[RawLine]) -> RawDocument:
    meta_title, body = _strip_front_matter(lines)
    heading_title, body = _take_title_heading(body)
    return RawDocument(str(path), encoding, [_markdown_line(line) for line in body],
                       meta_title or heading_title)


def _strip_front_matter(lines: list[RawLine]) -> tuple[str | None, list[RawLine]]:
    """Drop a leading `---` ... `---` block; return its `title:` and the remaining lines."""
    if not lines or lines[0].text.strip() != "---":
        return None, lines
    for index in range(1, len(lines)):
        if lines[index].text.strip() in ("---", "..."):
            return _front_matter_title(lines[1:index]), lines[index + 1:]
    # No closing line: a lone `---` is a horizontal rule, not front matter.
    return None, lines


def _front_matter_title(lines: list[RawLine]) -> str | None:
    for line in lines:
        match = _FRONT_MATTER_TITLE.match(line.text)
        if match:
            value = match.group(1)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            return value.strip() or None
    return None


def _take_title_heading(lines: list[RawLine]) -> tuple[str | None, list[RawLine]]:
    """A first non-blank line `# Title` is the page title, not a line of the speech."""
    for index, line in enumerate(lines):
        if not line.text.strip():
            continue
        match = _MD_HEADING.match(line.text)
        if match and len(match.group(1)) == 1 and match.group(2):
            return match.group(2), lines[:index] + lines[index + 1:]
        break
    return None, lines


def _markdown_line(line: RawLine) -> RawLine:
    match = _MD_HEADING.match(line.text)
    if not match or not match.group(2):
        return line
    # Level 1 belongs to the page title; a later `#` heading is a top-level section (level 2).
    level = max(len(match.group(1)), 2)
    return RawLine(match.group(2), line.lineno, level)


# ---------------------------------------------------------------- Word (.docx)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Containers whose paragraphs belong to the body text, walked in document order.
_BLOCK_CONTAINERS = {_W + name for name in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml")}
# Text of runs, but not of text boxes (they float outside the reading order) nor of moved-away
# tracked text; deleted tracked text is stored as w:delText and so is left out anyway.
_RUN_TEXT = (".//w:r[not(ancestor::w:txbxContent) and not(ancestor::w:moveFrom)]"
             "/*[self::w:t or self::w:tab or self::w:br or self::w:cr]")
_RUN_SPECIAL_CHARS = {"tab": "\t", "br": "\n", "cr": "\n"}
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_HEADING_ID = re.compile(r"^(?:heading)?([1-9])$", re.IGNORECASE)
_TITLE_NAMES = ("title", "标题")
_TOC_PREFIXES = ("toc", "目录")


def _read_docx(path: Path, data: bytes, converted: bool = False) -> RawDocument:
    _check_docx_container(path, data)
    document = _open_docx(path, data)
    styles = _StyleIndex(document)
    numbering = _Numbering(document, styles)
    title, lines, previous_was_title = None, [], False
    number = 0
    for number, paragraph in enumerate(_iter_paragraphs(document.element.body), start=1):
        pieces = _paragraph_pieces(paragraph)
        label = numbering.label(paragraph)   # counted even for an empty numbered paragraph
        if not pieces:
            continue
        if label and not pieces[0].lstrip().startswith(label):
            pieces[0] = label + pieces[0].lstrip()
        kind, level = styles.kind_of(paragraph)
        if kind == "title" and (title is None or previous_was_title):
            # Long titles are often typed as two "Title" paragraphs: join them.
            title = _join_pieces(([title] if title else []) + pieces)
        elif kind == "heading":
            lines.append(RawLine(_join_pieces(pieces), number, level + 1))
        elif kind != "toc":
            # A soft line break (Shift+Enter) separates lines just like a paragraph does.
            lines.extend(RawLine(piece, number) for piece in pieces)
        previous_was_title = kind == "title"
    for index, note in enumerate(_footnotes(data, document.element.body), start=1):
        lines.append(RawLine(f"注{index}：{note}", number + index))
    return RawDocument(str(path), "docx", lines, title)


def _check_docx_container(path: Path, data: bytes) -> None:
    kind = _signature(data)
    if kind == "ole2":
        raise ReadError(path, _ole2_message())
    if kind not in (None, "zip"):
        raise ReadError(path, f"这不是真正的 .docx 文件（实际是 {kind}）；{RESAVE_DOCX}。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReadError(path, f"文件已损坏或不是真正的 .docx（不是有效的 Word 文档包）；"
                              f"{RESAVE_DOCX}。") from None
    # Word writes word/document.xml; some online editors number it (word/document2.xml).
    if not any(re.fullmatch(r"word/document\d*\.xml", name) for name in names):
        raise ReadError(path, f"不是 Word 文档（压缩包里没有 word/document.xml，可能是改了扩展名的"
                              f" Excel/PPT 文件或其他压缩包）；{RESAVE_DOCX}。")


def _open_docx(path: Path, data: bytes):
    import docx  # imported here so that reading text files does not need python-docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises many kinds for malformed packages
        raise ReadError(path, f"Word 文档内容已损坏，无法解析（{type(err).__name__}）；"
                              f"{RESAVE_DOCX}。") from None


def _iter_paragraphs(container):
    """Every w:p of the body in document order, including those inside table cells."""
    for child in container.iterchildren():
        if child.tag == _W + "p":
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _iter_paragraphs(child)


def _paragraph_pieces(paragraph) -> list[str]:
    """The paragraph's text split at soft line breaks, without empty pieces."""
    chunks = []
    for node in paragraph.xpath(_RUN_TEXT):
        tag = node.tag[len(_W):]
        chunks.append((node.text or "") if tag == "t" else _RUN_SPECIAL_CHARS[tag])
    return [piece for piece in "".join(chunks).split("\n") if piece.strip()]


def _join_pieces(pieces: list[str]) -> str:
    """Join the pieces of a title or heading: a space only between two words of Latin script."""
    joined = pieces[0]
    for piece in pieces[1:]:
        ascii_edge = joined[-1:].isascii() and piece[:1].isascii()
        joined += (" " if ascii_edge else "") + piece
    return joined


class _StyleIndex:
    """Paragraph styles by id, to tell title, heading, contents and text paragraphs apart."""

    def __init__(self, document):
        from docx.enum.style import WD_STYLE_TYPE

        self.by_id = {style.style_id: style for style in document.styles
                      if style.type == WD_STYLE_TYPE.PARAGRAPH}
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_id = default.style_id if default is not None else None

    def kind_of(self, paragraph) -> tuple[str, int | None]:
        """("title"|"heading"|"toc"|"text", heading number 1-9 or None)."""
        direct = _outline_level(paragraph)
        if direct is not None:
            return ("heading", direct) if direct <= 9 else ("text", None)
        style_id = paragraph.xpath("string(w:pPr/w:pStyle/@w:val)") or self.default_id
        for name, sid, element in self._chain(style_id):
            kind = _kind_of_style(name, sid, element)
            if kind is not None:
                return kind
        return "text", None

    def _chain(self, style_id):
        """The style and the styles it is based on, nearest first (cycles cut)."""
        seen = set()
        while style_id and style_id not in seen and len(seen) < 10:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                # Unknown id: Chinese Word gives heading styles the ids "1", "2", ... so the id
                # alone still says something.
                yield "", style_id, None
                return
            yield (style.name or "").strip().lower(), style_id, style.element
            base = style.base_style
            style_id = base.style_id if base is not None else None


def _kind_of_style(name: str, style_id: str, element) -> tuple[str, int | None] | None:
    if name.startswith(_TOC_PREFIXES):
        return "toc", None
    if name in _TITLE_NAMES:
        return "title", None
    match = _HEADING_NAME.match(name) or _HEADING_ID.match(style_id)
    if match:
        return "heading", int(match.group(1))
    level = _outline_level(element) if element is not None else None
    if level is not None and level <= 9:
        return "heading", level
    return None


def _outline_level(element) -> int | None:
    """w:outlineLvl of a paragraph or style as a heading number (1-9), 10 for body text."""
    value = element.xpath("string(w:pPr/w:outlineLvl/@w:val)")
    return int(value) + 1 if value.isdigit() else None


# ---------------------------------------------------------------- Word automatic numbering

_CHINESE_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese_number(n: int, digits: str = _CHINESE_DIGITS, ten: str = "十") -> str:
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    n = max(n, 1)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str | None:
    """A counter value in a w:numFmt style; None for bullets and unknown styles."""
    if fmt in ("decimal", "decimalHalfWidth", ""):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "japaneseDigitalTenThousand"):
        if fmt == "ideographDigital":
            return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))
        return _chinese_number(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese_number(n, _LEGAL_DIGITS, "拾")
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "none":
        return ""
    return None


@lru_cache(maxsize=None)
def _compiled(expression: str):
    from lxml import etree

    return etree.XPath(expression, namespaces={"w": _W[1:-1]})


def _xp(element, expression: str):
    """XPath with the w: prefix, for python-docx's elements and plain lxml ones alike."""
    return _compiled(expression)(element)


class _Numbering:
    """The visible numbers of paragraphs numbered by w:numbering definitions, counted in order."""

    def __init__(self, document, styles: "_StyleIndex"):
        self.styles = styles
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}   # abstractNumId -> ilvl -> (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}         # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, list[int | None]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for abstract in root.findall(_W + "abstractNum"):
            levels = {}
            for lvl in abstract.findall(_W + "lvl"):
                levels[int(lvl.get(_W + "ilvl", "0"))] = _level_of(lvl)
            self.levels[abstract.get(_W + "abstractNumId")] = levels
        for num in root.findall(_W + "num"):
            abstract_id = num.find(_W + "abstractNumId")
            overrides = {}
            for override in num.findall(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl", "0"))
                start = override.find(_W + "startOverride")
                if start is not None:
                    overrides[ilvl] = int(start.get(_W + "val", "1"))
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    overrides.setdefault(ilvl, _level_of(lvl)[0])
            if abstract_id is not None:
                self.nums[num.get(_W + "numId")] = (abstract_id.get(_W + "val"), overrides)

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _xp(num_pr, "string(w:numId/@w:val)") or None
            ilvl = _xp(num_pr, "string(w:ilvl/@w:val)") or None
        if num_id is None:
            style_id = _xp(paragraph, "string(w:pPr/w:pStyle/@w:val)") or self.styles.default_id
            for _, _, element in self.styles._chain(style_id):
                if element is None:
                    break
                style_num = element.find(f"{_W}pPr/{_W}numPr")
                if style_num is not None:
                    num_id = _xp(style_num, "string(w:numId/@w:val)") or None
                    ilvl = ilvl or _xp(style_num, "string(w:ilvl/@w:val)") or None
                    break
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0

    def label(self, paragraph) -> str:
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        # Lists sharing an abstract definition continue each other unless one restarts.
        key = num_id if overrides else abstract_id
        counters = self.counters.setdefault(key, [None] * 9)
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        text = levels[ilvl][2]

        def value(match):
            level = int(match.group(1)) - 1
            if level not in levels:
                return ""
            count = counters[level] if counters[level] is not None else overrides.get(level, levels[level][0])
            shown = format_number(count, levels[level][1])
            return shown if shown is not None else ""

        if format_number(1, levels[ilvl][1]) is None:
            return ""   # bullets and unknown styles: no visible number worth keeping
        return re.sub(r"%([1-9])", value, text).strip()


def _level_of(lvl) -> tuple[int, str, str]:
    start = _xp(lvl, "string(w:start/@w:val)")
    fmt = _xp(lvl, "string(w:numFmt/@w:val)")
    text = _xp(lvl, "string(w:lvlText/@w:val)")
    return (int(start) if start.lstrip("-").isdigit() else 1), fmt, text


# ---------------------------------------------------------------- footnotes

def _footnotes(data: bytes, body) -> list[str]:
    """Text of the footnotes the body refers to, in the order of reference."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/footnotes.xml" not in archive.namelist():
                return []
            xml = archive.read("word/footnotes.xml")
        from lxml import etree

        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except Exception:  # a broken footnotes part loses the notes, not the speech
        return []
    notes = {}
    for note in root.findall(_W + "footnote"):
        if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = "".join(note.xpath(".//w:t/text()", namespaces={"w": _W[1:-1]})).strip()
        if text:
            notes[note.get(_W + "id")] = text
    order = _xp(body, ".//w:footnoteReference/@w:id")
    return [notes[i] for i in dict.fromkeys(order) if i in notes]
