"""Stage 2 of the import: clean decoded lines and re-join lines hard-wrapped by PDF/Word export.

What is noise: line endings, full-width/no-break spaces, indentation, trailing blanks, stray
spaces between Chinese characters, half-width punctuation inside Chinese text.
What is text: everything else, including redaction markers (`**`, `XXX`) and numbers like 1,000.
"""
from __future__ import annotations

import re
from collections import Counter

from kb.ingest.metadata import date_of_line, is_title_line
from kb.model.speech import RawLine

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation that may sit next to a space we want to drop.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】…—·「」『』"
_CJKP = CJK + re.escape(CJK_PUNCT)

# A line that ends with one of these closes a sentence, so the next line starts a new paragraph.
TERMINAL = tuple("。！？；：…”’）》」』!?;:")

_SPACES = re.compile(r"[\u3000\u00a0\u2002-\u200b\ufeff\t ]+")
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJKP}])\s+|\s+(?=[{_CJKP}])")
_HALF_PUNCT = {",": "，", ";": "；", "?": "？", "!": "！", ":": "："}
# Half-width punctuation touching Chinese on its left. Digits on both sides (8:30, 1,000) stay.
_HALF_AFTER_CJK = re.compile(rf"(?<=[{CJK}“”）》])([,;?!:])")
_HALF_PARENS = re.compile(rf"\(([^()]*[{CJK}][^()]*)\)")

# Heading markers that must never be glued to the line before them.
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[，、：:,]"
    r"|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、](?!\d)"
    r"|[一二三四五六七八九十]+(?:是|要|则)|同志们)"
)
_INDENT = re.compile(r"^[\u3000\u00a0 \t]{2,}")


def clean_text(text: str) -> str:
    """Normalize spaces and punctuation inside one line of Chinese text."""
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BETWEEN_CJK.sub("", text)
    text = _HALF_AFTER_CJK.sub(lambda m: _HALF_PUNCT[m.group(1)], text)
    text = _HALF_PARENS.sub(r"（\1）", text)
    return text


def _width(text: str) -> float:
    """Display width: a Chinese character counts 1, an ASCII character half."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def detect_wrap_width(lines: list[str]) -> float | None:
    """The column at which a PDF/Word export broke lines, or None if lines are paragraphs.

    A hard-wrapped file has many lines of (nearly) the same width; a file with one paragraph per
    line has widths all over the place.
    """
    widths = [round(_width(line.rstrip())) for line in lines if len(line.strip()) >= 8]
    if len(widths) < 4:
        return None
    counts = Counter(widths)
    best_width, near = 0, 0
    for width in counts:
        n = sum(c for w, c in counts.items() if width - 2 <= w <= width)
        if n > near or (n == near and width > best_width):
            best_width, near = width, n
    if near >= max(3, 0.4 * len(widths)) and best_width >= 12:
        return float(best_width)
    return None


def _joins_next(line: str, nxt: str, wrap_width: float | None, indented: bool) -> bool:
    """Whether `nxt` continues the paragraph of `line` (a hard wrap, not a new paragraph).

    `indented`: the file marks paragraph starts by indentation, so an unindented line after a
    full line is a continuation even after a full stop.
    """
    if not line.strip() or not nxt.strip() or _INDENT.match(nxt):
        return False
    body, following = line.strip(), nxt.strip()
    if (_HEADING_START.match(following) or following.startswith(("——", "--", "—"))
            or date_of_line(following) or date_of_line(body)):
        return False
    if wrap_width is not None:
        # A full line was broken by the exporter. Indentation counts: it takes room on the
        # exported line. Without indentation to go by, a full line ending a sentence is taken
        # as a paragraph end: splitting one paragraph is less harmful than gluing two.
        full = _width(line.rstrip()) >= wrap_width - 2.5
        return full and (indented or not body.endswith(("。", "！", "？", "!", "?")))
    if body.endswith(TERMINAL) or _HEADING_START.match(body):
        return False
    # Without a known wrap width only a long line that stops mid-sentence is a wrap;
    # short unpunctuated lines are titles or labels.
    return len(body) >= 16


def rejoin_wrapped(lines: list[RawLine]) -> list[RawLine]:
    """Merge lines that a hard wrap split, keeping the first line's number."""
    wrap_width = detect_wrap_width([line.text for line in lines if line.heading_level is None])
    n_indented = sum(1 for line in lines if _INDENT.match(line.text))
    indented = n_indented >= 2 and n_indented >= 0.1 * len(lines)
    out: list[RawLine] = []
    last_physical = ""   # the previous source line: a wrap is judged on it, not on the joined text
    for line in lines:
        prev = out[-1] if out else None
        # A title line at the top (在…上的讲话) is never the start of a wrapped paragraph.
        title_above = len(out) <= 3 and prev is not None and prev.text == last_physical \
            and is_title_line(clean_text(last_physical))
        if (prev is not None and prev.heading_level is None and line.heading_level is None
                and not title_above
                and _joins_next(last_physical, line.text, wrap_width, indented)):
            joiner = " " if prev.text.rstrip()[-1:].isascii() and line.text.lstrip()[:1].isascii() else ""
            prev.text = prev.text.rstrip() + joiner + line.text.strip()
        else:
            out.append(RawLine(line.text, line.lineno, line.heading_level))
        last_physical = line.text
    return out


def normalize_lines(lines: list[RawLine]) -> list[RawLine]:
    """Re-join hard wraps, clean every line, drop blank lines."""
    joined = rejoin_wrapped(lines)
    cleaned = []
    for line in joined:
        text = clean_text(line.text)
        if text:
            cleaned.append(RawLine(text, line.lineno, line.heading_level))
    return cleaned
