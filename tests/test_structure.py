"""Structure parser: headings of every style, heading+body on one line, numbered sentences."""
import pytest

from kb.model.speech import RawLine
from kb.ingest.structure import match_heading, paragraph_id, parse_structure

SAMPLES = "../shared/sample-speeches"

HEADINGS = [
    # line -> (level, heading, rest) or None
    ("一、回望来时路，我们在非常之时勇担使命、砥砺前行，奋力开创党建与党风廉政建设工作新局面",
     (2, "一、回望来时路，我们在非常之时勇担使命、砥砺前行，奋力开创党建与党风廉政建设工作新局面", "")),
    ("三、迈步新征程，我们立非常之志提高站位", (2, "三、迈步新征程，我们立非常之志提高站位", "")),
    ("第一，聚力解决党建工作责任制落实不到位的问题，切实担负起从严治党的政治责任",
     (2, "第一，聚力解决党建工作责任制落实不到位的问题，切实担负起从严治党的政治责任", "")),
    ("第二部分 加强组织建设", (2, "第二部分 加强组织建设", "")),
    ("（一）筑牢“主阵地”，让思想教育“实”起来。一是要强化理论武装。围绕学习贯彻。",
     (3, "（一）筑牢“主阵地”，让思想教育“实”起来", "一是要强化理论武装。围绕学习贯彻。")),
    ("(二)抓调研，主动对接解难题。今年，局党委决定开展调研。",
     (3, "(二)抓调研，主动对接解难题", "今年，局党委决定开展调研。")),
    ("1.推进思想理论武装。把深入学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务。",
     (4, "1.推进思想理论武装", "把深入学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务。")),
    ("2、持续加强作风建设。认真贯彻落实中央八项规定精神。", (4, "2、持续加强作风建设", "认真贯彻落实中央八项规定精神。")),
    ("3．强化监督约束", (4, "3．强化监督约束", "")),
    # Not headings: numbered sentences, 一是 lists, dates and amounts.
    ("一是个别党组织在发挥党建引领作用上存在薄弱环节。", None),
    ("一要加强党的全面领导。要始终坚持以习近平新时代中国特色社会主义思想为指导。", None),
    ("一、二季度全局完成各项指标任务，党建工作有序推进。", None),
    ("1.5亿元专项资金全部到位。", None),
    ("2022年是党的二十大召开之年，也是落实十四五规划关键的一年。", None),
    ("1、2月份全局共开展警示教育12场次，覆盖党员干部600余人次。", None),
    ("（一）", None),
    ("一、" + "很长的句子" * 15 + "。后文。", None),
]


@pytest.mark.parametrize("line,expected", HEADINGS)
def test_match_heading(line, expected):
    got = match_heading(line)
    assert (None if got is None else (got.level, got.heading, got.rest)) == expected


def _lines(*texts, levels=None):
    return [RawLine(t, i + 1, (levels or {}).get(i)) for i, t in enumerate(texts)]


def test_opening_section_and_numbering_kept_as_spoken():
    sections = parse_structure(_lines(
        "同志们：", "今天，我们召开党建工作会议。",
        "一、回顾过去一年", "过去的一年，我们共守“初心”。",
        "三、迈步新征程", "（一）筑牢“主阵地”，让思想教育“实”起来。一是要强化理论武装。"))
    assert [(s.level, s.heading) for s in sections] == [
        (0, ""), (2, "一、回顾过去一年"), (2, "三、迈步新征程"), (3, "（一）筑牢“主阵地”，让思想教育“实”起来")]
    assert [p.text for p in sections[0].paragraphs] == ["同志们：", "今天，我们召开党建工作会议。"]
    assert [p.text for p in sections[3].paragraphs] == ["一是要强化理论武装。"]


def test_source_heading_levels_win():
    sections = parse_structure(_lines("总体要求", "坚持党建引领。", levels={0: 2}))
    assert [(s.level, s.heading, len(s.paragraphs)) for s in sections] == [(2, "总体要求", 1)]


def test_paragraph_ids_stable_and_unique():
    a = parse_structure(_lines("第一段。", "第二段。", "第一段。"))
    b = parse_structure(_lines("改过的第零段。", "第一段。", "第二段。"))
    ids_a = [p.id for s in a for p in s.paragraphs]
    ids_b = {p.text: p.id for s in b for p in s.paragraphs}
    assert len(set(ids_a)) == 3
    assert ids_a[0] == paragraph_id("第一段。") == ids_b["第一段。"]
    assert ids_a[1] == ids_b["第二段。"]


def test_sample_speech_structure(repo_root):
    from pathlib import Path
    from kb.ingest.normalizing import normalize_lines
    text = (repo_root / SAMPLES / "001_e27876e98c01cd5c.txt").read_text("utf-8")
    lines = normalize_lines([RawLine(t, i + 1) for i, t in enumerate(text.splitlines())])
    sections = parse_structure(lines)
    level2 = [s.heading[:2] for s in sections if s.level == 2]
    assert level2 == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    level4 = [s.heading for s in sections if s.level == 4]
    assert len(level4) == 25 and level4[0] == "1.推进思想理论武装"
    assert all(len(s.paragraphs) == 1 for s in sections if s.level == 4)
