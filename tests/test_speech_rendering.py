"""Speech pages: literal text, real headings, stable anchors, redactions as marks, kb.json."""
import json
import re

import pytest

from fixture_site import build_fixture_site
from kb.model.speech import Paragraph, Section, Speech, SpeechMeta
from kb.ingest.speech_page import is_edited_by_hand, parse_page, render_page
from kb.ingest.structure import paragraph_id

NASTY = [
    "# 不是标题，是正文里的井号",
    "表格符号 | 竖线 | 不成表格",
    "反引号 `code` 不是代码",
    "<script>alert('x')</script>脚本必须原样显示",
    "属性 {#evil} 与 {: .cls} 不生效",
    "[点我](javascript:alert(1)) 不是链接",
    "*强调* 与 _下划线_ 与 **加粗** 都是原文",
    "<!-- 注释 --> 也是正文",
    "&amp; 实体 &lt;b&gt; 原样",
]


def nasty_speech():
    sections = [Section("s-opening", "", 0, [Paragraph(paragraph_id(t), t) for t in NASTY]),
                Section("s-h1", "一、标题里也有<b>标签</b>与 *星号* 和 {#x} 和 XXX", 2,
                        [Paragraph("p-last", "纪检组长XXX同志、****党委和**事业部。")])]
    meta = SpeechMeta(title="在<i>测试</i>会上的讲话 *", date="2022-03-05", occasion="测试|会",
                      source="nasty.txt", content_hash="sha256:0")
    return Speech("2022-nasty", meta, sections)


def test_page_roundtrip_keeps_every_text_literally():
    speech = nasty_speech()
    text = render_page(speech)
    back = parse_page(text, speech.id)
    assert [(s.id, s.heading, s.level) for s in back.sections] == [
        (s.id, s.heading, s.level) for s in speech.sections]
    assert [[(p.id, p.text) for p in s.paragraphs] for s in back.sections] == [
        [(p.id, p.text) for p in s.paragraphs] for s in speech.sections]
    assert back.meta.title == speech.meta.title and back.meta.date == "2022-03-05"
    assert not is_edited_by_hand(text)
    assert is_edited_by_hand(text.replace("纪检组长", "纪检组长（改）"))


def test_hand_written_paragraphs_get_anchors_and_topic_overrides():
    page = ("---\ntitle: 手写讲话\ntopics: [integrity]\n---\n\n第一段没有锚点。\n\n"
            "## 一、标题\n<!-- 专题：组织建设、integrity -->\n\n第二段\n跨两行。 {#p-keep}\n")
    speech = parse_page(page, "x")
    assert speech.meta.topics_override == ["integrity"]
    opening, section = speech.sections
    assert opening.paragraphs[0].id == paragraph_id("第一段没有锚点。")
    assert section.topics_override == ["组织建设", "integrity"]
    assert [(p.id, p.text) for p in section.paragraphs] == [("p-keep", "第二段跨两行。")]


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory):
    proc, site = build_fixture_site(tmp_path_factory.mktemp("nasty"),
                                    {"2022-nasty.md": render_page(nasty_speech())})
    assert proc.returncode == 0, proc.stdout
    return site


def test_no_input_becomes_markup(nasty_site):
    html = (nasty_site / "speeches" / "2022-nasty" / "index.html").read_text("utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "<script>alert" not in article
    assert "&lt;script&gt;alert('x')&lt;/script&gt;脚本必须原样显示" in article
    assert 'href="javascript' not in article and "[点我](javascript:alert(1)) 不是链接" in article
    assert "<em>" not in article and "<strong>" not in article and "<table" not in article
    assert "<code>" not in article and "<b>" not in article and "<i>" not in article
    assert 'id="evil"' not in article and 'id="x"' not in article and "属性 {#evil} 与 {: .cls} 不生效" in article
    assert "&#60;b&#62;标签&#60;/b&#62;" in article and "&#123;&#35;x&#125;" in article
    for text in ("# 不是标题，是正文里的井号", "反引号 `code` 不是代码", "&amp;amp; 实体 &amp;lt;b&amp;gt; 原样",
                 "&lt;!-- 注释 --&gt; 也是正文", "表格符号 | 竖线 | 不成表格"):
        assert text in article, text


def test_headings_anchors_and_redactions(nasty_site):
    html = (nasty_site / "speeches" / "2022-nasty" / "index.html").read_text("utf-8")
    assert re.search(r'<h2 id="s-h1">一、标题里也有', html)
    assert '<p class="kb-para" id="p-last">' in html
    marks = re.findall(r'<span class="kb-redacted" title="原文已隐去">([^<]*)</span>', html)
    assert {"XXX", "****", "**"} <= set(marks)
    # the table of contents lists the real heading text
    assert re.search(r'class="md-nav__link">\s*<span class="md-ellipsis">\s*一、标题里也有', html)


def test_kb_json_has_every_paragraph_once(nasty_site):
    kb = json.loads((nasty_site / "kb.json").read_text("utf-8"))
    speech = kb["speeches"][0]
    assert speech["id"] == "2022-nasty" and speech["source"] == "nasty.txt"
    assert speech["url"] == "speeches/2022-nasty/"
    ids = [p["id"] for s in speech["sections"] for p in s["paragraphs"]]
    assert len(ids) == len(set(ids)) == len(NASTY) + 1
    last = speech["sections"][1]
    assert last["paragraphs"][0]["url"] == "speeches/2022-nasty/#p-last"
    assert last["level"] == 2 and last["url"] == "speeches/2022-nasty/#s-h1"
