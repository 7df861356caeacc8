"""Taxonomy validation and topic classification (kb.topics.taxonomy, kb.topics.classify), table-driven."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb.corpus.loading import Corpus
from kb.ingest.speech_page import parse_page
from kb.topics.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy
from kb.topics.classify import classify_corpus, classify_passage

REPO = Path(__file__).resolve().parent.parent
TAXONOMY_FILE = REPO / "data" / "topics.yml"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(TAXONOMY_FILE)


def base_data() -> dict:
    return yaml.safe_load(TAXONOMY_FILE.read_text("utf-8"))


def topic(data, topic_id):
    return next(t for t in data["topics"] if t["id"] == topic_id)


# --------------------------------------------------------------------------- taxonomy validation

def _drop_topic(d):
    d["topics"] = [t for t in d["topics"] if t["id"] != "branding"]


def _unknown_topic(d):
    topic(d, "branding")["id"] = "culture"


def _missing_description(d):
    del topic(d, "talent")["description"]


def _bad_weight(d):
    topic(d, "integrity")["cues"]["廉洁从政"] = 9


def _text_weight(d):
    topic(d, "integrity")["cues"]["廉洁从政"] = "高"


def _empty_cues(d):
    topic(d, "ideology")["subtopics"][0]["cues"] = {}


def _duplicate_cue(d):
    topic(d, "talent")["cues"]["八项规定"] = 2


def _bad_subtopic_id(d):
    topic(d, "integrity")["subtopics"][0]["id"] = "主体责任"


def _duplicate_subtopic(d):
    subs = topic(d, "integrity")["subtopics"]
    subs[1]["id"] = subs[0]["id"]


def _no_subtopics(d):
    topic(d, "branding")["subtopics"] = []


def _unknown_key(d):
    topic(d, "organization")["cue"] = {"支部": 1}


def _ignored_cue(d):
    d["ignore"].append("八项规定")


def _duplicate_topic(d):
    d["topics"].append(dict(topic(d, "talent")))


@pytest.mark.parametrize("break_it, expected", [
    (_drop_topic, "缺少专题 branding"),
    (_unknown_topic, "不是固定的五个专题之一"),
    (_missing_description, "缺少 description"),
    (_bad_weight, "权重“9”无效"),
    (_text_weight, "权重“高”无效"),
    (_empty_cues, "cues 应为"),
    (_duplicate_cue, "线索词“八项规定”同时出现在"),
    (_bad_subtopic_id, "id“主体责任”无效"),
    (_duplicate_subtopic, "子专题 id“responsibility”重复"),
    (_no_subtopics, "缺少 subtopics"),
    (_unknown_key, "不认识的字段“cue”"),
    (_ignored_cue, "既在 ignore 中又是"),
    (_duplicate_topic, "专题 talent 出现了 2 次"),
])
def test_taxonomy_errors_name_file_entry_and_example(break_it, expected):
    data = base_data()
    break_it(data)
    with pytest.raises(TaxonomyError) as err:
        parse_taxonomy(yaml.safe_dump(data, allow_unicode=True), "data/topics.yml")
    message = str(err.value)
    assert "data/topics.yml" in message
    assert expected in message, message


@pytest.mark.parametrize("text, expected", [
    ("topics: [\n  - id: x", "不是合法的 YAML"),
    ("- just a list", "文件应包含 topics 列表"),
    ("topics: {}", "文件应包含 topics 列表"),
])
def test_taxonomy_file_shape_errors_show_an_example(text, expected):
    with pytest.raises(TaxonomyError) as err:
        parse_taxonomy(text, "data/topics.yml")
    assert expected in str(err.value) and "正确示例" in str(err.value)


def test_missing_taxonomy_file(tmp_path):
    with pytest.raises(TaxonomyError, match="找不到文件"):
        load_taxonomy(tmp_path / "topics.yml")


def test_errors_in_entries_carry_a_correct_example():
    data = base_data()
    _missing_description(data)
    with pytest.raises(TaxonomyError) as err:
        parse_taxonomy(yaml.safe_dump(data, allow_unicode=True))
    assert "专题 talent（人才队伍）" in str(err.value) and "正确示例" in str(err.value)


def test_the_shipped_taxonomy_has_the_five_fixed_topics(taxonomy):
    assert [(t.id, t.name) for t in taxonomy.topics] == [
        ("ideology", "思想建设"), ("organization", "组织建设"), ("talent", "人才队伍"),
        ("integrity", "党风廉政"), ("branding", "党建品牌")]
    assert all(t.description and t.subtopics for t in taxonomy.topics)


# --------------------------------------------------------------------------- classification

@pytest.mark.parametrize("heading, text, expected", [
    # heading cues decide when the body is neutral
    ("（四）强化监督执纪问责", "要抓早抓小，发现问题及时处理。", ["integrity"]),
    ("三、加强干部人才队伍建设", "今年要组织好相关工作，按时完成任务。", ["talent"]),
    ("（一）深化理论武装", "各单位要认真组织，确保取得实效。", ["ideology"]),
    # body cues alone
    ("", "严格落实“三会一课”和组织生活会制度，加强党员教育管理。", ["organization"]),
    ("", "充分利用新媒体开展宣传报道，打造党建品牌示范点。", ["branding"]),
    # traditional script and broken lines
    ("", "嚴格執行中央八項規定精神，\n持續糾治「四風」。", ["integrity"]),
    ("", "落实三会\n一课制度", ["organization"]),
    # none of the five
    ("", "今年公司完成供水量1.2亿立方米，同比增长5%。", []),
    ("六、聚焦民生为本", "推进管网改造，提升供水服务水平。", []),
])
def test_classify_passage(taxonomy, heading, text, expected):
    assert classify_passage(text, taxonomy, heading=heading).topics == expected


def test_heading_outweighs_body(taxonomy):
    text = "要加强宣传，讲好故事。"   # a weak branding cue in the body
    result = classify_passage(text, taxonomy, heading="五、持续加强作风建设")
    assert result.dominant == "integrity"


def test_several_topics_allowed(taxonomy):
    text = "严格落实“三会一课”和主题党日制度，同时严格执行中央八项规定精神。"
    assert set(classify_passage(text, taxonomy).topics) == {"organization", "integrity"}


def test_hits_explain_the_verdict(taxonomy):
    result = classify_passage("严格执行中央八项规定精神。", taxonomy, heading="（二）作风建设")
    words = {(h.word, h.place) for h in result.hits_for("integrity")}
    assert ("中央八项规定", "正文") in words and ("作风建设", "标题") in words


def corpus_of(page_text: str, speech_id: str = "2024-test") -> Corpus:
    return Corpus([parse_page(page_text, speech_id)])


MIXED_PAGE = """---
title: 测试讲话
date: '2024'
---

## 一、工作部署 {#s-a}

严格落实“三会一课”、主题党日和组织生活会制度，加强党员教育管理，发展党员要严把质量关。 {#p-1}

驰而不息纠治“四风”，严格执行中央八项规定精神，深化警示教育和廉洁文化建设。 {#p-2}

要按时完成各项任务。 {#p-3}

## 二、加强党风廉政建设 {#s-b}

落实好各项工作要求。 {#p-4}
"""


def test_mixed_section_gets_paragraph_topics(taxonomy):
    result = classify_corpus(corpus_of(MIXED_PAGE), taxonomy)
    assert set(result.section_topics[("2024-test", "s-a")]) == {"organization", "integrity"}
    assert result.paragraph_topics[("2024-test", "p-1")] == ["organization"]
    assert result.paragraph_topics[("2024-test", "p-2")] == ["integrity"]
    # no own cues: inherits the section's topics
    assert set(result.paragraph_topics[("2024-test", "p-3")]) == {"organization", "integrity"}
    assert not result.has_own_topics("2024-test", "p-3")
    assert result.section_topics[("2024-test", "s-b")] == ["integrity"]
    assert result.paragraph_topics[("2024-test", "p-4")] == ["integrity"]


@pytest.mark.parametrize("front, comment, expected_a, expected_b", [
    ("", "<!-- topics: talent -->", ["talent"], ["integrity"]),
    ("", "<!-- 专题：人才队伍、党建品牌 -->", ["talent", "branding"], ["integrity"]),
    ("topics: [ideology]\n", "", ["ideology"], ["ideology"]),
    ("topics: 思想建设\n", "<!-- topics: organization -->", ["organization"], ["ideology"]),
])
def test_overrides_win(taxonomy, front, comment, expected_a, expected_b):
    page = MIXED_PAGE.replace("date: '2024'\n", "date: '2024'\n" + front)
    page = page.replace("## 一、工作部署 {#s-a}\n", "## 一、工作部署 {#s-a}\n" + comment + "\n")
    result = classify_corpus(corpus_of(page), taxonomy)
    assert not result.errors
    assert result.section_topics[("2024-test", "s-a")] == expected_a
    assert result.section_topics[("2024-test", "s-b")] == expected_b
    assert result.paragraph_topics[("2024-test", "p-1")] == expected_a
    assert "人工指定" in result.why("2024-test", "s-a", "p-1", expected_a[0])


def test_unknown_override_is_an_error_naming_the_file(taxonomy):
    page = MIXED_PAGE.replace("## 一、工作部署 {#s-a}\n", "## 一、工作部署 {#s-a}\n<!-- topics: 宣传工作 -->\n")
    result = classify_corpus(corpus_of(page), taxonomy)
    assert len(result.errors) == 1
    assert "docs/speeches/2024-test.md" in result.errors[0] and "宣传工作" in result.errors[0]


def test_classify_corpus_is_memoised_and_covers_every_paragraph(taxonomy):
    corpus = corpus_of(MIXED_PAGE)
    first = classify_corpus(corpus, taxonomy)
    assert classify_corpus(corpus, taxonomy) is first
    ids = {("2024-test", p.id) for _, p in corpus.speeches[0].paragraphs()}
    assert set(first.paragraph_topics) == ids


def test_empty_override_removes_all_topics(taxonomy):
    page = MIXED_PAGE.replace("## 一、工作部署 {#s-a}\n", "## 一、工作部署 {#s-a}\n<!-- topics: -->\n")
    result = classify_corpus(corpus_of(page), taxonomy)
    assert result.section_topics[("2024-test", "s-a")] == []
    assert result.paragraph_topics[("2024-test", "p-1")] == []


def test_the_kept_reasons_say_what_the_full_verdict_says_on_the_sample_speeches(taxonomy):
    """A corpus keeps Reasons, not hits: for every section of the bundled speeches the
    explanation, sub-topics and heading cues are the full verdict's own."""
    from kb.corpus.loading import load_corpus
    from kb.topics.classify import PLACE_BODY, Reasons, _section_verdict, heading_paths, matcher_for
    matcher = matcher_for(taxonomy)
    compared = cued = with_subtopic = 0
    for speech in load_corpus(REPO / "docs" / "speeches").speeches:
        parents = heading_paths(speech)
        for section in speech.sections:
            verdict = _section_verdict(section, parents[section.id], matcher)
            reasons = Reasons.of(verdict)
            assert reasons.topics == verdict.topics
            for topic_id in verdict.topics:
                assert reasons.why(topic_id) == verdict.why(topic_id) != ""
            for topic_id in matcher.order:
                assert reasons.subtopic(topic_id) == verdict.assessment.best_subtopic(topic_id)
                in_heading = any(h.place != PLACE_BODY for h in verdict.assessment.hits_for(topic_id))
                assert (topic_id in reasons.cued_in_heading) == in_heading
                cued += in_heading
                with_subtopic += reasons.subtopic(topic_id) is not None
            compared += 1
    assert compared > 50 and cued > 30 and with_subtopic > 100
