"""Read the text layer of a PDF (pdfminer.six) into a RawDocument of physical lines.

Why pdfminer.six: it gives every character with its box, so lines are rebuilt by position (the
curly quotes LibreOffice draws in a Latin font come in their own text runs, which both pdfminer's
and pypdf's plain text put out of place), indentation marks paragraph starts, font size finds
the title, and page position finds running headers and footers. See README (PDF) for the
measurement against pypdf.

What is removed: lines in the top or bottom band of a page that are page numbers (`- 3 -`,
`第 3 页 共 10 页`, `3/10`, a lone number) or that repeat (digits aside) on most pages (running
titles, the date and file name Chromium prints). The remaining lines go to the usual hard-wrap
re-joining; a paragraph's first line is given its indentation back as two full-width spaces.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kb.model.speech import RawDocument, RawLine

SCAN_MESSAGE = "扫描件，没有可提取的文字，请先做文字识别（OCR）后再导入"
ENCRYPTED_MESSAGE = "PDF 文件设置了打开密码（已加密），无法读取文字；请在 PDF 阅读器中去掉密码（或另存一份不加密的）后重新导入"
BROKEN_MESSAGE = "PDF 文件已损坏，无法读取；请重新导出或下载一份完整的 PDF 后重新导入"

# Chromium (Skia) maps some hanzi to the Kangxi radicals / CJK radicals blocks in ToUnicode.
# Kangxi radicals have NFKC forms; the radical supplement's simplified forms are listed here.
_RADICALS = dict(zip("⻅⻉⻋⻓⻔⻙⻚⻛⻜⻢⻣⻤⻥⻦⻧⻪⻬⻮⻰⻳⻘⺠⻩⻨⻄⻝⻭",
                     "见贝车长门韦页风飞马骨鬼鱼鸟卤黾齐齿龙龟青民黄麦西食黑"))
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_·•\s]*\d{1,4}[-—–－_·•\s]*"                     # - 3 -   3
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"       # 第 3 页 共 10 页
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"                                  # 3/10
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$", re.IGNORECASE)
_BAND = 0.09          # top and bottom share of the page where running heads and feet live


class PdfError(Exception):
    """Why a PDF cannot be read; the message is Chinese."""


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float        # distance from the page top
    size: float       # median character height
    page: int
    page_height: float


def fix_radicals(text: str) -> str:
    out = []
    for char in text:
        if "\u2f00" <= char <= "\u2fdf":
            char = unicodedata.normalize("NFKC", char)
        out.append(_RADICALS.get(char, char))
    return "".join(out)


def read_pdf(path: Path) -> RawDocument:
    lines, page_count = _physical_lines(path)
    if sum(len(line.text.strip()) for line in lines) < 10:
        raise PdfError(SCAN_MESSAGE)
    lines = _drop_running_lines(lines, page_count)
    return _document(path, lines)


# ---------------------------------------------------------------- characters to lines

def _physical_lines(path: Path) -> tuple[list[_Line], int]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psexceptions import PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    lines: list[_Line] = []
    page_count = 0
    try:
        with open(path, "rb") as handle:
            document = PDFDocument(PDFParser(handle))   # an empty user password is tried
            manager = PDFResourceManager(caching=True)
            device = PDFPageAggregator(manager, laparams=None)
            interpreter = PDFPageInterpreter(manager, device)
            for number, page in enumerate(PDFPage.create_pages(document)):
                interpreter.process_page(page)
                layout = device.get_result()
                chars = [c for c in _walk(layout, LTChar) if c.get_text().strip()]
                lines.extend(_group_lines(chars, layout.height, number))
                page_count += 1
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError(ENCRYPTED_MESSAGE) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError,
            IndexError, EOFError, OSError):
        if page_count:
            return lines, page_count
        raise PdfError(BROKEN_MESSAGE) from None
    except Exception as err:  # pdfminer raises many kinds on malformed files
        if "password" in str(err).lower() or "encrypt" in type(err).__name__.lower():
            raise PdfError(ENCRYPTED_MESSAGE) from None
        raise PdfError(BROKEN_MESSAGE) from None
    return lines, page_count


def _walk(item, kind):
    if isinstance(item, kind):
        yield item
        return
    try:
        children = list(item)
    except TypeError:
        return
    for child in children:
        yield from _walk(child, kind)


def _group_lines(chars, page_height: float, page: int) -> list[_Line]:
    """Characters whose vertical middles fall in one band form a line, read left to right."""
    rows: list[list] = []
    for char in sorted(chars, key=lambda c: (-(c.y0 + c.y1) / 2, c.x0)):
        middle, height = (char.y0 + char.y1) / 2, max(char.y1 - char.y0, 1.0)
        row = next((r for r in reversed(rows[-3:])
                    if abs(r[0] - middle) <= 0.45 * max(r[1], height)), None)
        if row is None:
            rows.append([middle, height, [char]])
        else:
            row[2].append(char)
    out = []
    for middle, height, row in rows:
        row.sort(key=lambda c: c.x0)
        text, last = "", None
        for char in row:
            if last is not None and char.x0 - last.x1 > 0.2 * max(char.size, last.size):
                text += " "
            text += char.get_text()
            last = char
        sizes = sorted(c.size for c in row)
        tops = sorted(c.y1 for c in row)     # the median: a quote in a Latin font sits higher
        top = page_height - tops[len(tops) // 2]
        out.append(_Line(fix_radicals(text), row[0].x0, row[-1].x1, top, sizes[len(sizes) // 2], page, page_height))
    return out


# ---------------------------------------------------------------- running heads and feet

def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_running_lines(lines: list[_Line], page_count: int) -> list[_Line]:
    def in_band(line: _Line) -> bool:
        return line.top < _BAND * line.page_height or line.top + line.size > (1 - _BAND) * line.page_height

    repeated = Counter()
    for shape in {(line.page, _shape(line.text)) for line in lines if in_band(line)}:
        repeated[shape[1]] += 1
    need = max(2, (page_count + 1) // 2)
    kept = []
    for line in lines:
        if in_band(line) and (_PAGE_NUMBER.match(line.text.strip())
                              or (page_count >= 2 and repeated[_shape(line.text)] >= need)):
            continue
        kept.append(line)
    return kept


# ---------------------------------------------------------------- lines to a document

def _document(path: Path, lines: list[_Line]) -> RawDocument:
    sizes = Counter(round(line.size) for line in lines for _ in line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 12
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0] if lines else 0
    title_parts = []
    index = 0
    # Title: the first lines on page 1 set larger than the body text.
    while index < len(lines) and lines[index].page == 0 and lines[index].size >= 1.15 * body_size \
            and len(title_parts) < 3:
        title_parts.append(lines[index].text.strip())
        index += 1
    title = _join(title_parts) if title_parts else None
    # Line pitch: the usual distance from one line's top to the next one's on a page. A larger
    # gap is space between paragraphs (Word's "space after"), like an indented first line.
    body = lines[index:]
    pitches = sorted(b.top - a.top for a, b in zip(body, body[1:]) if a.page == b.page and b.top > a.top)
    pitch = pitches[len(pitches) // 2] if pitches else 0.0
    right = Counter(round(line.x1) for line in body).most_common(1)[0][0] if body else 0
    right = max([line.x1 for line in body if abs(line.x1 - right) <= body_size] or [right])
    out: list[RawLine] = []
    previous = None
    for number, line in enumerate(body, start=index + 1):
        text = line.text.strip()
        gap = line.top - previous.top if previous is not None and previous.page == line.page else 0.0
        starts = line.x0 - left >= 1.2 * body_size or bool(pitch and gap > 1.35 * pitch)
        # A wrap the geometry proves: the line above reached the right margin (give or take the
        # two or three characters line-breaking rules move down) and this one starts no
        # paragraph, heading or date line.
        wrapped = (previous is not None and out and not starts
                   and previous.x1 >= right - 3 * body_size
                   and not _starts_block(text))
        if wrapped:
            joiner = " " if out[-1].text[-1:].isascii() and text[:1].isascii() else ""
            out[-1].text += joiner + text
        else:
            out.append(RawLine(("\u3000\u3000" if starts else "") + text, number))
        previous = line
    return RawDocument(str(path), "pdf", out, title)


def _starts_block(text: str) -> bool:
    from kb.ingest.metadata import date_of_line
    from kb.ingest.structure import match_heading

    return bool(match_heading(text) or date_of_line(text) or text.startswith(("——", "—")))


def _join(parts: list[str]) -> str:
    joined = parts[0]
    for part in parts[1:]:
        edge = joined[-1:].isascii() and part[:1].isascii()
        joined += (" " if edge else "") + part
    # PDFs space out digits set in a Latin font (在 2024 年); a space between two hanzi is the
    # title's own (坚持党建引领 推动…).
    cjk = "\u3400-\u9fff"
    return re.sub(rf"(?<=[{cjk}])\s+(?=[\x21-\x7e])|(?<=[\x21-\x7e])\s+(?=[{cjk}])", "", joined)
