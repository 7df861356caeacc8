"""The 搜索 results page answers honestly too (issue 17), in Chromium on the bundled site:
- a query holding no indexed word (only single characters of it) lists no section and says
  "没有找到 “…”" with links to the closest glossary terms;
- a near miss of a glossary term (same reading, traditional script, a character missing or
  other) says "您要找的是不是：<term>" above the results, a link to search/?q=<term> whose
  results start with the term's glossary page.
The suggestions come from the header box's own code and data (search/suggest-<hash>.js)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from conftest import assert_no_external_requests
from kb.build import urls
from kb.glossary.assembly import load_project_glossary

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent


def _glossary():
    return {t.term: t for t in load_project_glossary(REPO, REPO / "docs" / urls.SPEECHES_DIR).glossary.terms}


def _tokens(site: Path) -> dict:
    kb = json.loads((site / "search/search_index.json").read_text("utf-8"))["config"]["kb"]
    tokens: dict = {}
    for shard in (site / "search" / kb["dir"]).glob("s*.json"):
        tokens.update(json.loads(shard.read_text("utf-8")))
    return tokens


def wait_done(page) -> None:
    page.wait_for_function("""() => {
        const s = document.getElementById('kb-sp-status');
        return s && s.dataset.state === 'done'; }""")


def open_search(page, base: str, query: str) -> dict:
    page.goto(base + "search/?" + urlencode({"q": query}))
    wait_done(page)
    return state(page)


def state(page) -> dict:
    return page.evaluate("""() => ({
      status: document.getElementById('kb-sp-status').textContent,
      suggest: document.getElementById('kb-sp-suggest').textContent,
      offers: Array.from(document.querySelectorAll('#kb-sp-suggest a.kb-sp-offer-link')).map(a => ({
        text: a.textContent, href: a.href, line: a.parentNode.textContent})),
      results: Array.from(document.querySelectorAll('#kb-sp-results > li')).map(li => li.dataset.section)})""")


@pytest.mark.parametrize("query", ["量子计算", "无人驾驶汽车", "人工智能大模型"])
def test_no_real_match_lists_nothing_and_offers_terms(page, served_site, built_site, query):
    tokens = _tokens(built_site)
    words = [query[i:j] for i in range(len(query)) for j in range(i + 2, len(query) + 1) if query[i:j] in tokens]
    assert not words, f"{query}: the index holds {words}; pick a query the corpus does not have"
    assert [c for c in query if c in tokens], f"{query}: no single character indexed, the test proves nothing"
    got = open_search(page, served_site, query)
    assert got["results"] == [], f"{query}: sections listed for single characters"
    assert got["status"].startswith(f"没有找到 “{query}”"), got["status"]
    terms = _glossary()
    assert got["offers"], got
    for offer in got["offers"]:
        assert offer["text"] in terms
        assert parse_qs(urlsplit(offer["href"]).query) == {"q": [offer["text"]]}
        assert urlsplit(offer["href"]).path == urlsplit(served_site).path + "search/"
    assert "相近的提法：" in got["suggest"]
    assert_no_external_requests(page)
    assert not page.kb_errors, page.kb_errors


@pytest.mark.parametrize("query, term", [
    ("一岗双则", "一岗双责"),     # same reading
    ("三会一棵", "三会一课"),     # same reading, other tone
    ("两个维户", "两个维护"),     # 两个 is found, the term still offered
    ("兩個維戶", "两个维护"),     # traditional script
])
def test_a_near_miss_offers_the_term_and_the_link_finds_its_page_first(page, served_site, query, term):
    glossary = _glossary()
    got = open_search(page, served_site, query)
    assert got["offers"], got
    first = got["offers"][0]
    assert first["text"] == term and first["line"].startswith("您要找的是不是："), got
    if not got["results"]:
        assert got["status"].startswith(f"没有找到 “{query}”"), got["status"]
    assert parse_qs(urlsplit(first["href"]).query) == {"q": [term]}
    page.click("#kb-sp-suggest a.kb-sp-offer-link >> nth=0")
    page.wait_for_function("t => new URL(location.href).searchParams.get('q') === t", arg=term)
    wait_done(page)
    after = state(page)
    own = glossary[term].url
    assert after["results"], after
    assert after["results"][0].split("#")[0] == own, after["results"][:3]
    assert not [o for o in after["offers"] if o["line"].startswith("您要找的是不是")], after
    assert page.input_value("#kb-sp-q") == term
    # The same link opened apart (a bookmark, a new tab) gives the same first result.
    page.goto(first["href"])
    wait_done(page)
    assert state(page)["results"][0].split("#")[0] == own
    assert_no_external_requests(page)
    assert not page.kb_errors, page.kb_errors


def test_a_query_is_never_written_as_html(page, served_site):
    query = "<img src=x onerror=window.kbInjected=1>一岗双则"
    got = open_search(page, served_site, query)
    assert page.evaluate("window.kbInjected") is None
    assert page.locator("#kb-sp img, #kb-sp-suggest script").count() == 0
    assert [o["text"] for o in got["offers"]][:1] == [query.replace("双则", "双责")], got
    assert got["status"].startswith(f"没有找到 “{query}”")


def test_did_you_mean_keeps_the_rest_of_the_query(page, served_site):
    got = open_search(page, served_site, '一岗双则 -"会议"')
    assert got["offers"] and got["offers"][0]["text"] == '一岗双责 -"会议"', got
    assert not page.kb_errors, page.kb_errors


@pytest.mark.parametrize("query", ["量子计算", "一岗双则"])
def test_no_result_and_suggestion_states_pass_axe(page, served_site, query, tmp_path):
    from test_accessibility import _axe, blocking_violations
    got = open_search(page, served_site, query)
    assert got["offers"]
    page.screenshot(path=str(tmp_path / "suggest.png"), full_page=False)
    assert not blocking_violations(page, _axe()), blocking_violations(page, _axe())
