"""What a reader sees on phones and in general: a table of contents reachable on long speech and
topic pages at 390 px, nothing clipped (the ¶ mark), overview charts on one scale and readable at
390 px, no editor details on reader pages, a Chinese 404 with ways back."""
from __future__ import annotations

import re

import pytest

from conftest import assert_no_external_requests
from kb.pages.overview import hbar_chart_svg, stacked_bar_svg

# The editor's pages (提法审定: glossary/review/, and each term's review evidence) are where
# these details belong.
EDITOR_PAGE = re.compile(r"(^|/)review/")
LONG_PAGES = ["speeches/2022-90c17d/", "speeches/2022-b59e62/", "topics/integrity/", "topics/organization/"]


def _bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect class="kb-bar" x="\d+" y="[\d.]+" width="([\d.]+)"', svg)]


def test_bars_of_several_charts_share_one_scale():
    big = hbar_chart_svg([("主体责任", 16), ("二十大", 8)], "2022", peak=16)
    small = hbar_chart_svg([("第一责任人", 3), ("四风", 1)], "2023", peak=16)
    (w16, w8), (w3, w1) = _bar_widths(big), _bar_widths(small)
    assert w8 == pytest.approx(w16 / 2, abs=1) and w3 == pytest.approx(w16 * 3 / 16, abs=1)
    assert w1 == pytest.approx(w16 / 16, abs=1)
    # on its own (no shared peak) a chart is scaled to its largest bar
    assert _bar_widths(hbar_chart_svg([("四风", 3)], "x"))[0] == w16


def test_topic_mix_bars_share_one_scale():
    index = {"思想建设": 0, "党风廉政": 1}
    long_ = stacked_bar_svg([("思想建设", 10), ("党风廉政", 10)], "甲", "a", index, peak=20)
    short = stacked_bar_svg([("思想建设", 2), ("党风廉政", 3)], "乙", "b", index, peak=20)
    width = lambda svg: sum(float(w) for w in re.findall(r'<rect x="[\d.]+" y="0" width="([\d.]+)"', svg))  # noqa: E731
    assert width(short) == pytest.approx(width(long_) / 4, rel=0.02)


def test_overview_uses_one_scale_for_every_year(built_site):
    html = (built_site / "overview" / "index.html").read_text("utf-8")
    charts = re.findall(r'<svg class="kb-chart-svg" role="img" aria-label="\d+ 年讲话中使用最多的提法".*?</svg>', html)
    assert len(charts) >= 2
    scales = set()
    for svg in charts:
        for w, n in re.findall(r'<rect class="kb-bar" x="\d+" y="[\d.]+" width="([\d.]+)"[^>]*><title>[^<]*：(\d+) 次', svg):
            scales.add(round(float(w) / int(n), 0))
    assert len(scales) == 1, scales      # px per use: the same in every year's chart


def test_no_editor_details_on_reader_pages(built_site):
    """Source file names, data file names and classification reasons are for editors (README,
    the pages' front matter, badge hover); no reader page shows them as text."""
    found = []
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text("utf-8")
        if "<article" not in html or EDITOR_PAGE.search(path.relative_to(built_site).as_posix()):
            continue
        text = re.sub(r"<[^>]+>", " ", html[html.index("<article"):html.index("</article>")])
        for pattern in (r"data/\w+\.yml", r"来源文件", r"归类依据", r"\b\d{3}_[0-9a-f]{8,}\.(txt|docx|md)"):
            if re.search(pattern, text):
                found.append((path.relative_to(built_site).as_posix(), pattern))
    assert not found, found


def test_the_404_page_is_chinese_with_ways_back(built_site):
    html = (built_site / "404.html").read_text("utf-8")
    assert "<title>页面不存在 - 党建知识库</title>" in html and "Not found" not in html
    article = html[html.index("<article"):html.index("</article>")]
    assert "页面不存在（404）" in article
    assert re.search(r'<a class="md-button md-button--primary" href="/\.?">返回首页</a>', article)
    assert 'class="md-button kb-404-search"' in article and "搜索本站" in article
    for url in ("/speeches/", "/topics/", "/glossary/"):
        assert f'href="{url}"' in article



def test_the_404_page_works_below_the_web_root(tmp_path, monkeypatch):
    """Deployed at http://host/djkb/, a mistyped URL at any depth shows the 404 page: its links
    and styles must name /djkb/, which KB_SITE_URL (mkdocs.yml site_url) gives."""
    from fixture_site import build_fixture_site
    from kb.ingest.speech_page import render_page
    from test_redaction import hospital_speech
    monkeypatch.setenv("KB_SITE_URL", "http://kb.example.internal/djkb/")
    proc, site = build_fixture_site(tmp_path, {"2024-hosp01.md": render_page(hospital_speech())})
    assert proc.returncode == 0, proc.stdout
    html = (site / "404.html").read_text("utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    for url in ("/djkb/speeches/", "/djkb/topics/", "/djkb/glossary/"):
        assert f'href="{url}"' in article
    assert re.search(r'<a class="md-button md-button--primary" href="/djkb/\.?">返回首页</a>', article)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets and all(href.startswith("/djkb/assets/") for href in stylesheets), stylesheets


# --------------------------------------------------------------------------- in the browser

@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.kb_requests = []
    page.on("request", lambda r: page.kb_requests.append(r.url))
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", LONG_PAGES)
def test_phone_toc_is_reachable_and_nothing_clipped(served_site, phone, url):
    phone.goto(served_site + url, wait_until="networkidle")
    height = phone.evaluate("document.documentElement.scrollHeight")
    toc = phone.locator("#kb-page-toc")
    assert toc.is_visible()
    links = phone.locator("#kb-page-toc nav a")
    assert links.count() >= 3
    # from far down the page, the floating 目录 link brings the TOC back, opened
    phone.evaluate(f"window.scrollTo(0, {height // 2})")
    fab = phone.locator(".kb-toc-fab")
    assert fab.is_visible()
    fab.click()
    phone.wait_for_timeout(300)
    assert phone.evaluate("document.getElementById('kb-page-toc').open")
    assert links.last.is_visible()
    # every TOC entry points at a heading of this page
    targets = phone.evaluate("[...document.querySelectorAll('#kb-page-toc nav a')].map(a => a.hash.slice(1))")
    assert all(phone.evaluate(f"!!document.getElementById({t!r})") for t in targets)
    links.last.click()
    phone.wait_for_timeout(300)
    assert not phone.evaluate("document.getElementById('kb-page-toc').open")
    # nothing sticks out of the screen: the ¶ marks and the page itself
    lefts = phone.evaluate("[...document.querySelectorAll('.kb-para-anchor')].map(a => a.getBoundingClientRect().left)")
    assert all(left >= 0 for left in lefts), min(lefts or [0])
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_external_requests(phone)


@pytest.mark.browser
def test_desktop_keeps_the_sidebar_toc_only(served_site, page):
    page.goto(served_site + LONG_PAGES[0], wait_until="networkidle")
    assert not page.locator("#kb-page-toc").is_visible() and not page.locator(".kb-toc-fab").is_visible()
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() >= 3


@pytest.mark.browser
def test_overview_text_is_readable_at_390px(served_site, phone):
    phone.goto(served_site + "overview/", wait_until="networkidle")
    sizes = phone.evaluate("""[...document.querySelectorAll('.kb-chart-svg text')]
        .map(t => t.getBoundingClientRect().height).filter(h => h > 0)""")
    assert sizes and min(sizes) >= 11, min(sizes)        # was ~5 px
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator(".kb-legend li").count() == 5


@pytest.mark.browser
def test_the_404_search_button_opens_search(served_site, page):
    page.goto(served_site + "404.html", wait_until="networkidle")
    page.locator(".kb-404-search").click()
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("两个维护")
    page.keyboard.press("End")    # Material reads the query on keyup
    page.wait_for_function("/结果/.test((document.querySelector('.md-search-result__meta') || {}).textContent || '')")
    assert page.locator(".md-search-result__link").count() > 0
    assert not page.kb_errors, "\n".join(page.kb_errors)
