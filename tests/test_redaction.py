"""Redaction markers: one function renders them for every output (kb.text.redaction), and no raw
marker reaches a reader anywhere in a built site (only kb.json keeps them, as data)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixture_site import build_fixture_site
from kb.ingest.speech_page import render_page
from kb.model.speech import Paragraph, Section, Speech, SpeechMeta
from kb.ingest.structure import paragraph_id
from kb.text.redaction import (PLAIN, attribute_with_redactions, escape_with_redactions,
                               plain_redactions, redaction_js_pattern, render_redactions)
from redaction_walk import raw_markers

MARK = '<span class="kb-redacted" title="原文已隐去">'


@pytest.mark.parametrize("text, marked, plain, attribute", [
    ("纪检组长XXX同志", f"纪检组长{MARK}XXX</span>同志", "纪检组长□□同志", "纪检组长□□同志"),
    ("在****党委<会>上", f"在{MARK}****</span>党委&lt;会&gt;上", "在□□党委<会>上", "在□□党委&lt;会&gt;上"),
    ("“**”品牌与＊＊医院", f"“{MARK}**</span>”品牌与{MARK}＊＊</span>医院", "“□□”品牌与□□医院",
     "“□□”品牌与□□医院"),
    ('XL号"工作服"', 'XL号"工作服"', 'XL号"工作服"', "XL号&quot;工作服&quot;"),   # not a marker
    ("Windows XP 系统", "Windows XP 系统", "Windows XP 系统", "Windows XP 系统"),
    ("新购X光机和X射线检查设备", "新购X光机和X射线检查设备", "新购X光机和X射线检查设备",
     "新购X光机和X射线检查设备"),                                           # X-ray, not a marker
    ("XX光明社区", f"{MARK}XX</span>光明社区", "□□光明社区", "□□光明社区"),     # a run of two is a marker
    ("X县X镇", f"{MARK}X</span>县{MARK}X</span>镇", "□□县□□镇", "□□县□□镇"),
])
def test_every_form_of_a_marker(text, marked, plain, attribute):
    assert escape_with_redactions(text) == marked
    assert plain_redactions(text) == plain
    assert attribute_with_redactions(text) == attribute
    assert render_redactions(text) == marked


def test_plain_form_has_no_marker_left():
    assert plain_redactions(PLAIN) == PLAIN
    assert "*" not in plain_redactions("*" * 9 + "与" + "X" * 3 + "同志")


def hospital_speech() -> Speech:
    """A redacted hospital speech: markers in the title, the occasion, headings and text."""
    sections = [
        Section("s-opening", "", 0, [Paragraph(paragraph_id(t), t) for t in [
            "同志们：今天召开XXX医院2024年党风廉政建设工作会议，院党委书记***同志作了工作报告。",
        ]]),
        Section("s-a1b2c3", "一、压实***科室全面从严治党主体责任", 2, [Paragraph(paragraph_id(t), t) for t in [
            "各党支部要落实全面从严治党主体责任，支部书记是第一责任人，****科室要带头落实一岗双责。",
            "要严格执行中央八项规定精神，坚决纠治四风，对XX同志反映的问题要逐条整改，廉洁行医。",
        ]]),
        Section("s-d4e5f6", "二、加强**院区基层党组织建设", 2, [Paragraph(paragraph_id(t), t) for t in [
            "坚持三会一课制度，规范组织生活会，**院区各党支部要把党建工作和业务工作深度融合，防止两张皮。",
        ]]),
    ]
    meta = SpeechMeta(title="在XXX医院2024年党风廉政建设工作会议上的讲话", date="2024-03-15",
                      occasion="XXX医院党风廉政建设工作会议", source="hospital.txt",
                      content_hash="sha256:1")
    return Speech("2024-hosp01", meta, sections)


@pytest.fixture(scope="module")
def hospital_site(tmp_path_factory):
    proc, site = build_fixture_site(tmp_path_factory.mktemp("redacted"),
                                    {"2024-hosp01.md": render_page(hospital_speech())})
    assert proc.returncode == 0, proc.stdout
    return site


def _report(found) -> str:
    return f"{len(found)} raw markers, e.g.:\n" + "\n".join(map(str, found[:15]))


def test_bundled_site_shows_no_raw_marker(built_site):
    found = raw_markers(built_site)
    assert not found, _report(found)


def test_fixture_site_shows_no_raw_marker(hospital_site):
    found = raw_markers(hospital_site)
    assert not found, _report(found)


def test_walk_finds_a_raw_marker(hospital_site, tmp_path):
    """The walk itself must catch what it is meant to catch."""
    page = tmp_path / "x" / "index.html"
    page.parent.mkdir()
    page.write_text('<html><head><title>在XXX医院</title></head><body><a title="****党委">a</a>'
                    f'<p>{MARK}***</span>可以</p><script type="application/json">{{"q":"**院区"}}</script>'
                    "</body></html>", "utf-8")
    (tmp_path / "tips.json").write_text(json.dumps({"a": "XX同志"}, ensure_ascii=False), "utf-8")
    (tmp_path / "kb.json").write_text(json.dumps({"a": "XX同志"}, ensure_ascii=False), "utf-8")
    where = sorted((f, w) for f, w, _ in raw_markers(tmp_path))
    assert where == [("tips.json", "a"), ("x/index.html", "<a title>"), ("x/index.html", "html/head/title"),
                     ("x/index.html <script json>", "q")]


def test_titles_toc_and_tooltips_use_the_plain_form(hospital_site):
    html = (hospital_site / "speeches" / "2024-hosp01" / "index.html").read_text("utf-8")
    assert "<title>在□□医院2024年党风廉政建设工作会议上的讲话 - 党建知识库</title>" in html
    assert "压实□□科室全面从严治党主体责任" in html[html.index('class="md-nav md-nav--secondary"'):]
    # the page itself shows the visible mark
    assert f"在{MARK}XXX</span>医院" in html
    integrity = (hospital_site / "topics" / "integrity" / "index.html").read_text("utf-8")
    toc = integrity[integrity.index('class="md-nav md-nav--secondary"'):]
    assert "在□□医院2024年党风廉政建设工作会议上的讲话" in toc


def test_kb_json_keeps_markers_as_written(hospital_site):
    data = json.loads((hospital_site / "kb.json").read_text("utf-8"))
    speech = data["speeches"][0]
    assert speech["title"] == "在XXX医院2024年党风廉政建设工作会议上的讲话"
    assert speech["sections"][1]["heading"] == "一、压实***科室全面从严治党主体责任"


def test_the_search_page_script_renders_the_same_markers():
    """kb-search.js shows the markers the index files keep: it must use this very pattern."""
    script = (Path(__file__).resolve().parent.parent / "docs/assets/kb-search.js").read_text("utf-8")
    assert f"var REDACTION = /{redaction_js_pattern()}/g;" in script
