"""The list of standard formulations (data/standard_terms.yml): a listed name is a formulation
wherever it is written — unquoted, in traditional script, across a hard wrap — unless it is cut
out of a longer word; it stays 待审定 with the evidence 见于标准提法表; curated entries, suppress
and merge in data/glossary.yml win; a wrong list is one clear error naming the file. Passages
written for these tests, not taken from docs/speeches."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from kb.corpus.loading import Corpus  # noqa: E402
from kb.glossary.assembly import build_glossary  # noqa: E402
from kb.glossary.curated import GlossaryDataError, load_glossary_data, parse_glossary_data  # noqa: E402
from kb.glossary.extraction import LISTED_REASON, extract_slogans  # noqa: E402
from kb.glossary.standard import STANDARD_FILE, parse_standard_terms  # noqa: E402
from kb.model.speech import Paragraph, Section, Speech, SpeechMeta  # noqa: E402

LIST = frozenset({"民主生活会", "主题党日", "双创", "八项规定", "中央八项规定精神", "林长制",
                  "不忘初心、牢记使命", "主题教育"})


def accepted(texts, listed=LIST) -> set[str]:
    """Keys accepted from passages, one speech each."""
    return {s.key for s in extract_slogans(((f"s{i}", "p", t) for i, t in enumerate(texts)), listed)}


CASES = [
    # label, passages, found with the list, never found
    ("unquoted, no numeral", ["各党支部要认真开好年度民主生活会，开展主题党日。"], {"民主生活会", "主题党日"}, set()),
    ("traditional script", ["各黨支部要認真開好民主生活會。"], {"民主生活会"}, set()),
    ("split by a hard wrap", ["全面推行林\n长制，守护好一山一水。"], {"林长制"}, set()),
    ("quoted, mismatched marks", ["扎实开展“主题教育\"，推动学习成果转化。"], {"主题教育"}, set()),
    ("the longest listed name wins", ["严格落实中央八项规定精神，驰而不息纠治“四风”。"],
     {"中央八项规定精神"}, {"八项规定"}),
    ("a pair kept whole", ["巩固拓展不忘初心、牢记使命主题教育成果。"], {"不忘初心、牢记使命", "主题教育"}, set()),
    ("a long name is not cut by the word after it", ["民主生活会议程由办公室拟定，巩固主题教育成果。"],
     {"民主生活会", "主题教育"}, set()),
    ("a short name cut from a longer word", ["要以双创新高为目标，推动业务发展。"], set(), {"双创"}),
    ("a short name standing alone", ["深入推进“双创”，服务科技企业。"], {"双创"}, set()),
    ("not on the list", ["开好组织生活会。"], set(), {"组织生活会"}),
]


@pytest.mark.parametrize("label,texts,present,absent", CASES, ids=[c[0] for c in CASES])
def test_listed_names(label, texts, present, absent):
    found = accepted(texts)
    assert present <= found, f"{label}: missing {present - found}"
    assert not (absent & found), f"{label}: wrongly found {absent & found}"


@pytest.mark.parametrize("label,texts,present,absent", [c for c in CASES if c[2]], ids=[c[0] for c in CASES if c[2]])
def test_the_list_is_what_finds_them(label, texts, present, absent):
    """Without the list the unquoted names are not found: the evidence is the list."""
    unquoted = {key for key in present if "“" not in texts[0] and '"' not in texts[0]}
    assert not (unquoted & accepted(texts, frozenset()))


def test_evidence_says_listed():
    slogan = next(s for s in extract_slogans([("s1", "p1", "认真开好民主生活会。")], LIST) if s.key == "民主生活会")
    assert slogan.listed and slogan.evidence()["listed"] is True
    assert LISTED_REASON in slogan.reasons and "见于标准提法表" in LISTED_REASON
    other = next(s for s in extract_slogans([("s1", "p1", "推行“红色代办”服务。")], LIST))
    assert other.evidence()["listed"] is False


def _corpus(*paragraphs: str) -> Corpus:
    sections = [Section("s-opening", "", 0, [Paragraph(f"p-{i}", t) for i, t in enumerate(paragraphs)])]
    return Corpus([Speech("2023-01", SpeechMeta("在某县林业局党建工作会议上的讲话", "2023-03"), sections)])


def _glossary(data: dict, *paragraphs: str):
    parsed = parse_glossary_data(data, "test.yml")
    parsed.listed = LIST
    return {t.term: t for t in build_glossary(_corpus(*paragraphs), parsed).terms}


def test_listed_terms_are_pending_and_curated_wins():
    text = "全面推行林长制。认真开好民主生活会，民主生活会前要谈心谈话。"
    terms = _glossary({"terms": [{"term": "民主生活会", "category": "组织制度", "definition": "党员领导干部的组织生活制度。"}]},
                      text)
    assert terms["民主生活会"].status == "curated" and terms["民主生活会"].evidence is None
    assert terms["民主生活会"].total == 2
    assert terms["林长制"].status == "extracted" and terms["林长制"].evidence["listed"] is True


def test_suppress_and_merge_apply_to_listed_terms():
    terms = _glossary({"suppress": ["林长制"], "merge": {"主题党日": "党员活动日"}},
                      "全面推行林长制。每月开展主题党日。")
    assert "林长制" not in terms
    assert "主题党日" not in terms and terms["党员活动日"].total == 1


BAD = [
    ("not a list", {"terms": "三会一课"}, "terms 应为列表"),
    ("unknown top-level key", {"terms": ["三会一课"], "names": []}, "只有一个顶层字段 terms"),
    ("an entry that is not text", {"terms": ["三会一课", {"term": "四风"}]}, "terms 第 2 条"),
    ("a number", {"terms": [1]}, "terms 第 1 条"),
    ("with quotes and a definition", {"terms": ["“三会一课”：支部党员大会……"]}, "不加引号和释义"),
    ("too long", {"terms": ["坚持和发展中国特色社会主义是当代中国发展进步的根本方向和必由之路"]}, "2–24 个字"),
    ("one character", {"terms": ["廉"]}, "2–24 个字"),
    ("a duplicate, in traditional script", {"terms": ["两个维护", "兩個維護"]}, "与第 1 条重复"),
]


@pytest.mark.parametrize("label,raw,message", BAD, ids=[b[0] for b in BAD])
def test_bad_lists_are_reported(label, raw, message):
    listed, problems = parse_standard_terms(raw)
    assert problems and any(message in p for p in problems), problems


def test_a_bad_list_names_its_file_and_a_good_one_loads(tmp_path):
    glossary = tmp_path / "glossary.yml"
    glossary.write_text("terms: []\n", "utf-8")
    standard = tmp_path / "standard_terms.yml"
    standard.write_text("terms:\n  # 组织制度\n  - 三会一课\n  - 民主生活會\n", "utf-8")
    assert load_glossary_data(glossary).listed == {"三会一课", "民主生活会"}
    standard.write_text("terms:\n  - 三会一课\n  - 廉\n", "utf-8")
    with pytest.raises(GlossaryDataError) as err:
        load_glossary_data(glossary)
    assert str(standard) in str(err.value) and "terms 第 2 条（廉）" in str(err.value)
    standard.write_text("terms: [三会一课\n", "utf-8")
    with pytest.raises(GlossaryDataError) as err:
        load_glossary_data(glossary)
    assert "不是合法的 YAML" in str(err.value) and "- 民主生活会" in str(err.value)


def test_the_bundled_list_is_valid():
    path = REPO / STANDARD_FILE
    listed, problems = parse_standard_terms(yaml.safe_load(path.read_text("utf-8")))
    assert not problems and len(listed) >= 200
    assert load_glossary_data(REPO / "data" / "glossary.yml").listed == listed
