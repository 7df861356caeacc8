"""A speech page in a real browser: headings in place, a paragraph anchor jumps, nothing external."""
import re

import pytest

from conftest import assert_no_external_requests
from kb.corpus.loading import load_corpus

pytestmark = pytest.mark.browser


def test_speech_page_headings_and_anchor(served_site, page, repo_root):
    corpus = load_corpus(repo_root / "docs" / "speeches")
    speech = next(s for s in corpus.speeches if s.meta.source == "002_ce92dc7b0f296d48.txt")
    target = speech.sections[-1].paragraphs[0]
    page.goto(f"{served_site}speeches/{speech.id}/#{target.id}")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().startswith(speech.meta.title)
    headings = [h.strip().rstrip("¶") for h in page.locator("article h2, article h3").all_inner_texts()]
    expected = [s.heading or "开篇" for s in speech.sections]
    assert headings == expected
    # table of contents lists the speaker's headings
    toc = page.locator("nav.md-nav--secondary").first.inner_text()
    assert "五、坚持严的主基调，进一步强化纪律约束" in toc
    # the anchored paragraph is the :target, visible in the viewport
    para = page.locator(f"#{target.id}")
    assert para.inner_text().startswith(target.text[:20])
    assert page.evaluate("location.hash") == f"#{target.id}"
    assert page.evaluate(f"document.querySelector(':target').id") == target.id
    box = para.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"]
    # redaction markers are visible marks with an explanation
    page.goto(f"{served_site}speeches/{next(s for s in corpus.speeches if s.meta.source.startswith('004')).id}/")
    mark = page.locator(".kb-redacted").first
    assert mark.inner_text() == "XXX" and mark.get_attribute("title") == "原文已隐去"
    assert not page.kb_errors, page.kb_errors
    assert_no_external_requests(page)


def test_speeches_index_by_year(served_site, page, repo_root):
    page.goto(f"{served_site}speeches/")
    text = page.locator("article").inner_text()
    assert re.search(r"2023年（1 篇）", text) and re.search(r"2022年（4 篇）", text)
    links = page.locator("article li a")
    assert links.count() >= 5
    links.first.click()
    page.wait_for_load_state()
    assert "/speeches/2023-" in page.url
    assert_no_external_requests(page)
