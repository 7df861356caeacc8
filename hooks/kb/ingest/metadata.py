"""Infer a speech's title, date, occasion, speaker and unit from its first and last lines.

Title: a title line such as 在…上的讲话 near the top (a main title with a subtitle `——在…上的讲话`
under it gives the main title); else the meeting named in the opening (今天，我们召开…会); else
the first clause. Date: a date line (`（2024年6月20日）`, `2024年6月20日`, `二〇二四年六月二十日`)
under the title or at the end gives the full date; else the latest year named in the title and
opening. Speaker: `XXX同志在…上的讲话`, or a name line under the title (`党委书记　王立军`).
Unit: a signature line at the end (`中共青山镇委员会`), else the unit that opens the meeting's
name. Title, subtitle, speaker, date and signature lines are not body text (`drop`). An editor
corrects any of them in the page's front matter; inference only runs at import.
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


_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
_CN_YEAR = "〇○零Ｏ一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
# A line that is only a date, maybe in parentheses: （2024年6月20日） 2024年6月20日 二〇二四年六月二十日
DATE_LINE = re.compile(
    rf"^[（(]?\s*(?:(?P<y>(?:19|20)\d{{2}})\s*年\s*(?:(?P<m>\d{{1,2}})\s*月\s*(?:(?P<d>\d{{1,2}})\s*日)?)?"
    rf"|(?P<cy>[{_CN_YEAR}]{{4}})年(?:(?P<cm>[{_CN_SMALL}]{{1,2}})月(?:(?P<cd>[{_CN_SMALL}]{{1,3}})日)?)?)"
    rf"\s*[）)]?$")
_FOOTNOTE = re.compile(r"^注\d+：")
_SUBTITLE = re.compile(r"^[—－-]{1,2}\s*(.{2,80})$")
_OCCASION_IN_TITLE = re.compile(r"在(.{2,80}?)(?:上|时|中)的(?:讲话|发言|报告|致辞|总结讲话|主持词)")
_REDACTED = r"(?:[*＊×Xx]{2,}|[□■○]{2,})"
_NAME = rf"(?:[\u4e00-\u9fff]{{2,4}}|{_REDACTED})"
_SPEAKER_IN_TITLE = re.compile(rf"^(?P<name>{_NAME})同志在")
_ROLE = (r"(?:书记|副书记|院长|校长|主任|局长|镇长|乡长|部长|董事长|总经理|经理|主席|厅长|处长|县长|市长"
         r"|区长|委员|组长|会长|负责人|政委|社长|行长|所长|馆长|站长|科长|队长|理事长|秘书长)")
_SPEAKER_LINE = re.compile(rf"^[（(]?(?:(?P<role>[\u4e00-\u9fff]{{0,16}}{_ROLE})[\s\u3000　]*)?(?P<name>{_NAME})"
                           rf"(?:同志)?[）)]?$")
_UNIT_END = (r"(?:委员会|党委|党组|党工委|纪委|总支部?|支部|公司|集团|医院|大学|学院|学校|局|政府|办公室"
             r"|中心|研究院|研究所|街道|社区|村委会|人民法院|人民检察院)")
_UNIT_LINE = re.compile(rf"^(?:中共|中国共产党)?[\u4e00-\u9fff（）()*＊]{{2,28}}{_UNIT_END}$")
_UNIT_IN_OCCASION = re.compile(rf"^((?:中共)?[\u4e00-\u9fff*＊]{{2,20}}?(?:学院|大学|医院|公司|集团|委员会|党委|局"
                               rf"|镇|乡|街道|县|市|区|厅|中心|学校|银行|研究院|研究所))(?=[\d一二〇全第党机系本年])")


def _cn_number(text: str) -> int:
    """一 .. 三十一 as an int."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return _CN_DIGIT.get(text, 0)


def date_of_line(text: str) -> str | None:
    """The date a date line states ("2024-06-20", "2024-06" or "2024"), else None."""
    m = DATE_LINE.match(text.strip())
    if not m:
        return None
    if m.group("y"):
        year, month, day = m.group("y"), m.group("m"), m.group("d")
        month, day = (int(month) if month else None), (int(day) if day else None)
    else:
        year = "".join(str(_CN_DIGIT[c]) for c in m.group("cy"))
        month = _cn_number(m.group("cm")) if m.group("cm") else None
        day = _cn_number(m.group("cd")) if m.group("cd") else None
        if not year.startswith(("19", "20")):
            return None
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    return year + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


def is_title_line(text: str) -> bool:
    text = to_simplified(text.strip())
    return len(text) <= 90 and not _NOT_TITLE.search(text) and bool(_TITLE_LINE.match(text))


@dataclass
class InferredMeta:
    title: str
    date: str | None
    occasion: str | None
    title_line: int | None   # index in the lines list of a title line to drop from the body
    speaker: str | None = None
    unit: str | None = None
    drop: tuple[int, ...] = ()   # indexes of lines that are not body text (title, date, signature…)


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
        if is_title_line(line.text):
            return index
    return None


def find_occasion(lines: list[RawLine], look: int = 4) -> str | None:
    for line in lines[:look]:
        simplified = to_simplified(line.text)
        m = _MEETING.search(simplified)
        if m and not m.group(1).startswith("的"):   # 召开的一次重要会议 names no meeting
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
    """Title, date, occasion, speaker and unit of a speech from its normalized lines."""
    drop: list[int] = []
    title_line = find_title_line(lines)
    title = explicit_title
    subtitle = None
    if title_line is not None and _SUBTITLE.match(lines[title_line].text.strip()):
        # ——在…上的讲话 under a main title: the main title is the title.
        subtitle = _SUBTITLE.match(lines[title_line].text.strip()).group(1)
        if title_line > 0 and not explicit_title and not _is_front_line(lines[title_line - 1].text):
            title = lines[title_line - 1].text.strip()
            drop.append(title_line - 1)
        drop.append(title_line)
    elif title_line is not None:
        if not explicit_title:
            title = lines[title_line].text.strip()
        drop.append(title_line)
    # Lines under the title: subtitle, speaker, date, up to the first line of the speech itself.
    date = speaker = unit = None
    start = (max(drop) + 1) if drop else 0
    for index in range(start, min(start + 4, len(lines))):
        text = lines[index].text.strip()
        if lines[index].heading_level is not None:
            break
        if date is None and date_of_line(text):
            date = date_of_line(text)
        elif subtitle is None and _SUBTITLE.match(text) and _OCCASION_IN_TITLE.search(text):
            subtitle = _SUBTITLE.match(text).group(1)
        elif speaker is None and len(text) <= 24 and _SPEAKER_LINE.match(text) and not _is_opening(text):
            speaker = _SPEAKER_LINE.match(text).group("name")
        else:
            break
        drop.append(index)
    # The end: a signature (unit) and/or a date line.
    end = len(lines)
    while end > start and _FOOTNOTE.match(lines[end - 1].text):
        end -= 1   # footnotes (注1：…) come after the signature
    for index in range(end - 1, max(end - 4, start - 1, -1), -1):
        if index in drop or lines[index].heading_level is not None:
            break
        text = lines[index].text.strip()
        if date_of_line(text) and (date is None or date == date_of_line(text)):
            date = date_of_line(text)
        elif unit is None and len(text) <= 32 and _UNIT_LINE.match(text):
            unit = text
        elif speaker is None and len(text) <= 24 and _SPEAKER_LINE.match(text) and _SPEAKER_LINE.match(text).group("role"):
            speaker = _SPEAKER_LINE.match(text).group("name")
        else:
            break
        drop.append(index)
    body = [line for index, line in enumerate(lines) if index not in drop]
    occasion = find_occasion(body)
    occasion_of_title = None
    for text in (subtitle, title):
        m = _OCCASION_IN_TITLE.search(to_simplified(text or ""))
        if m:
            occasion_of_title = (text or "")[m.start(1):m.end(1)]
            break
    if title is None:
        if occasion:
            speech = "讲话" if to_simplified(occasion) == occasion else "講話"   # the speaker's script
            title = f"在{occasion}上的{speech}"
        else:
            title = _first_clause(body or lines)
    m = _SPEAKER_IN_TITLE.match(title)
    if speaker is None and m:
        speaker = m.group("name")
    if unit is None:
        for text in (occasion_of_title, occasion):
            m = _UNIT_IN_OCCASION.match(text or "")
            if m:
                unit = m.group(1)
                break
    if date is None:
        date = (_date_from(title) or _date_from(subtitle or "")
                or _date_from(" ".join(line.text for line in body[:3])))
    return InferredMeta(title, date, occasion, title_line, speaker, unit, tuple(sorted(drop)))


def _is_opening(text: str) -> bool:
    """A salutation (同志们： / 各位领导、同志们：), not a name."""
    text = to_simplified(text).rstrip("：:，, ")
    return text.endswith(("同志们", "朋友们", "同学们", "们")) or text.startswith("各位")


def _is_front_line(text: str) -> bool:
    return bool(date_of_line(text)) or _is_opening(text.strip())
