"""Flat page weight: pages carry no per-link copies of explanations, no template indentation,
and stay bounded as the corpus grows — with every behaviour still there in a real browser
(term tooltips on hover, keyboard focus and tap; paragraph links)."""
from __future__ import annotations

import json
import posixpath
import re

import pytest

from conftest import assert_no_external_requests
from kb.build.compact_html import compact_html
from kb.corpus.loading import load_corpus

COMPACT = [
    ("indentation becomes one line break", "<ul>\n    <li>一</li>\n\n    <li>二</li>\n</ul>",
     "<ul>\n<li>一</li>\n<li>二</li>\n</ul>"),
    ("spaces between words stay", "<p>全面 从严  治党</p>", "<p>全面 从严  治党</p>"),
    ("text across lines keeps a separator", "<span>\n          党建知识库\n        </span>", "<span>\n党建知识库\n</span>"),
    ("pre kept byte for byte", "<div>\n  <pre>\n  一\n    二\n</pre>\n  </div>", "<div>\n<pre>\n  一\n    二\n</pre>\n</div>"),
    ("script and textarea kept", "<script>\n  var a = `\n  x`;\n</script>\n  <textarea>\n  两张皮</textarea>",
     "<script>\n  var a = `\n  x`;\n</script>\n<textarea>\n  两张皮</textarea>"),
    ("nothing to do", "<p>四个意识</p>", "<p>四个意识</p>"),
]


@pytest.mark.parametrize("label,html,expected", COMPACT, ids=[c[0] for c in COMPACT])
def test_compact_html(label, html, expected):
    assert compact_html(html) == expected


def test_built_pages_are_compact_and_carry_no_tooltip_copies(built_site):
    page = (built_site / "speeches" / "2022-124e03" / "index.html").read_text("utf-8")
    assert "\n " not in re.sub(r"<(pre|script|textarea)\b.*?</\1>", "", page, flags=re.S)
    links = re.findall(r'<a class="kb-term"([^>]*)>', page)
    assert len(links) > 10 and not any("title=" in attrs for attrs in links)
    assert "kb-para-anchor" not in page                # added by assets/kb.js
    tips = json.loads((built_site / "assets" / "kb-tips.json").read_text("utf-8"))
    assert tips["yi-gang-shuang-ze"].startswith("一岗双责：")
    assert '<script src="../../assets/kb.js"></script>' in page




def _speech(repo_root, source: str):
    corpus = load_corpus(repo_root / "docs" / "speeches")
    return next(s for s in corpus.speeches if s.meta.source == source)


@pytest.mark.browser
def test_term_tooltip_on_hover_focus_and_escape(served_site, page, repo_root):
    page.goto(f"{served_site}speeches/2022-124e03/")
    page.wait_for_load_state("networkidle")
    tip = page.locator("#kb-tip")
    term = page.locator('a.kb-term[href$="/glossary/yi-gang-shuang-ze/"]').first
    term.scroll_into_view_if_needed()
    term.hover()
    tip.wait_for(state="visible")
    assert tip.inner_text().startswith("一岗双责：") and tip.get_attribute("role") == "tooltip"
    assert term.get_attribute("aria-describedby") == "kb-tip"
    box, link_box = tip.bounding_box(), term.bounding_box()
    assert box["y"] >= link_box["y"] + link_box["height"] - 1       # below the term, not over it
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden")
    assert term.get_attribute("aria-describedby") is None
    # keyboard: focusing a term shows its explanation, Escape hides it
    undefined = page.locator("a.kb-term").filter(has_not_text="一岗双责").first
    undefined.focus()
    tip.wait_for(state="visible")
    assert tip.inner_text() and tip.inner_text() != "一岗双责"
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    assert not page.kb_errors, page.kb_errors
    assert_no_external_requests(page)


@pytest.mark.browser
def test_term_tooltip_on_touch_first_tap_explains_second_follows(served_site, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    pg = context.new_page()
    try:
        pg.goto(f"{served_site}speeches/2022-124e03/")
        pg.wait_for_load_state("networkidle")
        term = pg.locator('a.kb-term[href$="/glossary/yi-gang-shuang-ze/"]').first
        term.scroll_into_view_if_needed()
        term.tap()
        pg.locator("#kb-tip").wait_for(state="visible")
        assert pg.locator("#kb-tip").inner_text().startswith("一岗双责：")
        assert pg.url.endswith("/speeches/2022-124e03/")
        tip = pg.locator("#kb-tip").bounding_box()
        assert tip["x"] >= 0 and tip["x"] + tip["width"] <= 390          # inside a narrow screen
        term.tap()
        pg.wait_for_url("**/glossary/yi-gang-shuang-ze/")
    finally:
        context.close()


@pytest.mark.browser
def test_paragraph_links_are_added(served_site, page, repo_root):
    speech = _speech(repo_root, "002_ce92dc7b0f296d48.txt")
    target = speech.sections[-1].paragraphs[0]
    page.goto(f"{served_site}speeches/{speech.id}/")
    anchors = page.locator("p.kb-para > a.kb-para-anchor")
    assert anchors.count() == sum(len(s.paragraphs) for s in speech.sections)
    anchor = page.locator(f"#{target.id} > a.kb-para-anchor")
    assert anchor.get_attribute("href") == f"#{target.id}" and anchor.get_attribute("title") == "本段链接"
    page.locator(f"#{target.id}").hover()
    anchor.click()
    assert page.evaluate("location.hash") == f"#{target.id}"
    assert not page.kb_errors, page.kb_errors


def test_speeches_index_splits_by_year_when_large(repo_root, monkeypatch):
    from kb.pages import speech as speech_html
    speeches = load_corpus(repo_root / "docs" / "speeches").speeches
    small = speech_html.speeches_index_pages(speeches)
    assert [uri for uri, _ in small] == ["speeches/index.md"]
    assert all(f"({s.id}/)" in small[0][1] or f'"{s.id}/"' in small[0][1] for s in speeches)
    monkeypatch.setattr(speech_html, "INDEX_LIMIT", 3)
    monkeypatch.setattr(speech_html, "INDEX_YEAR_PREVIEW", 2)
    pages = dict(speech_html.speeches_index_pages(speeches))
    assert list(pages) == ["speeches/index.md", "speeches/2023.md", "speeches/2022.md"]
    index = pages["speeches/index.md"]
    assert "## 2022年（4 篇）" in index and "[查看2022 年的全部 4 篇讲话 ›](2022.md)" in index
    assert index.count('<a href="') == 3                        # 1 of 2023, the newest 2 of 2022
    year = pages["speeches/2022.md"]
    assert year.startswith("# 讲话：2022 年") and "kb-nolink" in year and "[← 全部讲话](index.md)" in year
    listed = re.findall(r'<a href="\.\./([^"/]+)/">', year)
    assert listed == [s.id for s in speeches if s.meta.year == 2022]


# --------------------------------------------------------------------------- a generated corpus

@pytest.fixture(scope="module")
def generated_site(tmp_path_factory, repo_root):
    """A strict build over 80 speeches generated like scripts/bench.py does."""
    import sys
    sys.path.insert(0, str(repo_root / "scripts"))
    import bench
    from fixture_site import build_fixture_site
    from kb.ingest.speech_page import render_page
    speeches = bench.generate(80, repo_root / "docs" / "speeches")
    proc, site = build_fixture_site(tmp_path_factory.mktemp("weight"),
                                    {f"{s.id}.md": render_page(s) for s in speeches})
    assert proc.returncode == 0, proc.stdout
    return site


def _links(html: str, cls: str) -> list[str]:
    return re.findall(rf'<a class="{cls}" href="([^"]+)"', html)


def test_generated_corpus_pages_stay_bounded(generated_site):
    sizes = {p.relative_to(generated_site).as_posix(): p.stat().st_size
             for p in generated_site.rglob("*.html")}
    assert max(sizes.values()) <= 300_000, max(sizes, key=sizes.get)
    # term pages (the 提法审定 page is the editor's list of every pending term: the 300 KB bound)
    terms = [p for p in sizes if p.startswith("glossary/") and p.count("/") == 2 and p != "glossary/review/index.html"]
    continued = [p for p in sizes if re.fullmatch(r"glossary/[^/]+/\d+/index\.html", p)]
    topic_continued = [p for p in sizes if re.fullmatch(r"topics/[^/]+/[^/]+/\d+/index\.html", p)]
    assert continued and topic_continued
    biggest = max(terms + continued, key=sizes.get)
    assert sizes[biggest] <= 90_000, biggest
    assert max(sizes[p] for p in topic_continued) <= 90_000


def test_generated_corpus_every_mention_reachable(generated_site):
    record = json.loads((generated_site / "kb.json").read_text("utf-8"))
    slogan = max(record["slogans"], key=lambda s: len(s["mentions"]))
    base = generated_site / slogan["url"]
    pages = [base / "index.html"] + sorted(base.glob("*/index.html"), key=lambda p: int(p.parent.name))
    assert len(pages) > 2
    reached = set()
    for page in pages:
        html = page.read_text("utf-8")
        url = page.parent.relative_to(generated_site).as_posix() + "/"
        for href in _links(html, "kb-mention-link"):
            reached.add(posixpath.normpath(posixpath.join(url, href.split("#")[0])) + "/#" + href.split("#")[1])
        pager = re.search(r'<nav class="kb-pager".*?</nav>', html, re.S).group(0)
        for href in re.findall(r'href="([^"]+)"', pager):
            assert (page.parent / href / "index.html").resolve().is_file(), (page, href)
    assert reached == {m["url"] for m in slogan["mentions"]}


def test_generated_corpus_topic_pages_reach_every_passage(generated_site):
    for first in generated_site.glob("topics/*/*/index.html"):
        more = sorted(first.parent.glob("*/index.html"), key=lambda p: int(p.parent.name))
        if not more:
            continue
        seen = []
        for page in [first] + more:
            html = page.read_text("utf-8")
            seen += _links(html, "kb-passage-link")
            assert len(set(h.split("#")[0] for h in _links(html, "kb-passage-link"))) <= 20
        assert len(seen) == len(set(seen))
        total = int(re.search(r"共 <strong>(\d+)</strong> 段论述", first.read_text("utf-8")).group(1))
        assert len(seen) == total, first
        return
    pytest.fail("no topic page continued on numbered pages")
