"""Infer a speech's title, date and occasion from its first lines.

Order of evidence: a title line such as 在…上的讲话 near the top; else the meeting named in the
opening (今天，我们召开…会); else the first clause. An editor corrects any of them in the page's
front matter; inference only runs at import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.text.chinese_script import to_simplified
from kb.model.speech import RawLine

_TITLE_LINE = re.compile(r"^(?:在.{2,80}(?:上|时|中)的(?:讲话|发言|报告|致辞|总结讲话|主持词)"
                         r"|.{2,60}(?:讲话|报告|发言|致辞|讲稿|讲话稿|工作要点|党课))$")
# 今天，我们召开…会 / 今天我们在这里召开…会 / 今天我们分三个阶段,集中召开…会议
_MEETING = re.compile(r"(?:召开|举行|开展)(?:了)?(?:这次|本次)?([^，。；：“”]{2,60}?"
                      r"(?:会议|大会|例会|座谈会|推进会|部署会|评议会|考核会|动员会|报告会|研讨会|会))"
                      r"(?=[，。；、]|$|，|\s)")
_DATE = re.compile(r"(20\d{2}|19\d{2})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?")
_NOT_TITLE = re.compile(r"[。！？；]")


@dataclass
class InferredMeta:
    title: str
    date: str | None
    occasion: str | None
    title_line: int | None   # index in the lines list of a title line to drop from the body


def _date_from(text: str) -> str | None:
    """The latest date named in `text`: a speech opening on last year's work is given this year."""
    best = None
    for m in _DATE.finditer(text):
        year, month, day = m.group(1), m.group(2), m.group(3)
        if month and day:
            date = f"{year}-{int(month):02d}-{int(day):02d}"
        elif month:
            date = f"{year}-{int(month):02d}"
        else:
            date = year
        if best is None or (date[:4], len(date)) > (best[:4], len(best)):
            best = date
    return best


def find_title_line(lines: list[RawLine], look: int = 3) -> int | None:
    for index, line in enumerate(lines[:look]):
        text = to_simplified(line.text.strip())
        if len(text) <= 90 and not _NOT_TITLE.search(text) and _TITLE_LINE.match(text):
            return index
    return None


def find_occasion(lines: list[RawLine], look: int = 4) -> str | None:
    for line in lines[:look]:
        simplified = to_simplified(line.text)
        m = _MEETING.search(simplified)
        if m:
            # Report the occasion in the speaker's own script when conversion kept the length.
            source = line.text if len(simplified) == len(line.text) else simplified
            return source[m.start(1):m.end(1)].strip()
    return None


def _first_clause(lines: list[RawLine]) -> str:
    for line in lines:
        text = line.text.strip().rstrip("：:")
        if text and text not in ("同志们", "各位领导、同志们", "各位同志"):
            clause = re.split(r"[，。；！？]", text, maxsplit=1)[0]
            return clause[:40]
    return "未命名讲话"


def infer_meta(lines: list[RawLine], explicit_title: str | None = None) -> InferredMeta:
    """Title, date and occasion of a speech from its normalized lines."""
    title_line = find_title_line(lines)
    occasion = find_occasion(lines)
    if explicit_title:
        title = explicit_title
    elif title_line is not None:
        title = lines[title_line].text.strip()
    elif occasion:
        speech = "讲话" if to_simplified(occasion) == occasion else "講話"   # the speaker's script
        title = f"在{occasion}上的{speech}"
    else:
        title = _first_clause(lines)
    date = _date_from(title) or _date_from(" ".join(line.text for line in lines[:3]))
    return InferredMeta(title, date, occasion, title_line)
