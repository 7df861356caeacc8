"""Normalization: spaces, half-width punctuation, hard wraps re-joined without gluing paragraphs."""
import pytest

from kb.model.speech import RawLine
from kb.ingest.normalizing import clean_text, detect_wrap_width, normalize_lines

CLEAN = [
    ("同志们:", "同志们："),
    ("今天我们分三个阶段,集中召开会议", "今天我们分三个阶段，集中召开会议"),
    ("　　过去一年,在局党组领导下", "过去一年，在局党组领导下"),
    ("我们汇聚 “民心”，激发了服务活力", "我们汇聚“民心”，激发了服务活力"),
    ("谢谢大家！　", "谢谢大家！"),
    ("完成投资1,000万元，8:30开会", "完成投资1,000万元，8:30开会"),
    ("落实(一岗双责)要求", "落实（一岗双责）要求"),
    ("“1+3”制度体系", "“1+3”制度体系"),
    ("纪检组长XXX同志对工作作了安排", "纪检组长XXX同志对工作作了安排"),
    ("召开****党2022年工作会", "召开****党2022年工作会"),
    ("Party building 与 PDCA 循环", "Party building与PDCA循环"),
]


@pytest.mark.parametrize("raw,expected", CLEAN)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def _norm(*texts):
    return [l.text for l in normalize_lines([RawLine(t, i + 1) for i, t in enumerate(texts)])]


def test_one_paragraph_per_line_is_left_alone():
    lines = ["同志们：", "今天，我们召开党建工作会议，主要任务是部署工作。", "一、回顾过去一年",
             "过去的一年，我们坚持党的领导。"]
    assert _norm(*lines) == lines


def test_slogan_split_by_wrap_is_rejoined_without_known_width():
    assert _norm("各级党组织书记要切实履行第一责任人职责，认真落实一岗",
                 "双责，把党风廉政建设抓在手上。", "二、下一步工作") == [
        "各级党组织书记要切实履行第一责任人职责，认真落实一岗双责，把党风廉政建设抓在手上。", "二、下一步工作"]


PDF = """　　过去一年，在局党组和机关党委统一领导下，各支部紧紧围
绕服务中心、建设队伍这一核心任务，精心策划，周密部署，全面
加强党的思想、组织、作风、反腐倡廉和制度建设，党建工作取得
了较好成绩。
　　一是主体责任有效落实。从机关党委层面看，严格落实一岗
双责，研究制定了《党建工作考评办法》，将六个方面主要任务量
化到岗、责任到人、具体到事。
二、下一步工作安排
　　各支部要持续深化党建与业务融合，坚决防止“两张皮”问题。"""


def test_pdf_hard_wraps():
    lines = PDF.splitlines()
    assert detect_wrap_width(lines) is not None
    out = _norm(*lines)
    assert out[0].startswith("过去一年") and out[0].endswith("党建工作取得了较好成绩。")
    assert "一岗双责" in out[1] and out[1].endswith("具体到事。")
    assert out[2:] == ["二、下一步工作安排", "各支部要持续深化党建与业务融合，坚决防止“两张皮”问题。"]


def test_sample_speeches_have_no_wrap_width(repo_root):
    for path in sorted((repo_root / "../shared/sample-speeches").iterdir()):
        assert detect_wrap_width(path.read_text("utf-8").splitlines()) is None, path.name


def test_short_last_line_ends_paragraph_in_wrapped_text():
    lines = ["各级党组织要深入学习贯彻党的二十大精神，把学习成果转化",
             "为推动高质量发展的强大动力，切实增强“四个意识”、坚定",
             "“四个自信”、做到“两个维护”。",
             "要持续加强作风建设，坚决纠治“四风”问题，巩固拓展落实中",
             "央八项规定精神成果，营造风清气正的政治生态和发展环境。",
             "各支部要按照部署抓好落实。"]
    out = _norm(*lines)
    assert out == ["各级党组织要深入学习贯彻党的二十大精神，把学习成果转化为推动高质量发展的强大动力，"
                   "切实增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
                   "要持续加强作风建设，坚决纠治“四风”问题，巩固拓展落实中央八项规定精神成果，"
                   "营造风清气正的政治生态和发展环境。",
                   "各支部要按照部署抓好落实。"]
