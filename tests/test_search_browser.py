"""Search in a real browser (issue 5): every glossary term of the bundled corpus, typed into
Material's search box, puts its glossary page first and only sections containing it in the top
five; partial and traditional-script queries; no request leaves the site."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import assert_no_external_requests
from kb.build import urls
from kb.glossary.assembly import load_project_glossary
from kb.search.shards import MAX_PAGES, first_search_files, shard_of
from kb.search.terms import search_key

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent

# Text of the section an URL points at: its heading and the following siblings up to the next
# heading (Material indexes a page the same way); no anchor = the page's h1 section.
SECTION_TEXT = """async (url) => {
  const html = await (await fetch(url)).text();
  const doc = new DOMParser().parseFromString(html, "text/html");
  const id = decodeURIComponent(new URL(url).hash.slice(1));
  let el = id ? doc.getElementById(id) : doc.querySelector("article h1");
  if (!el) return null;
  const parts = [el.textContent];
  for (let n = el.nextElementSibling; n && !/^H[1-6]$/.test(n.tagName); n = n.nextElementSibling)
    parts.push(n.textContent);
  return parts.join("\\n");
}"""


def glossary_terms():
    """Every term used in the speeches, including those with digits, quotes or 、."""
    proj = load_project_glossary(REPO, REPO / "docs" / urls.SPEECHES_DIR)
    return [t for t in proj.glossary.terms if t.mentions]


def search(page, base: str, query: str) -> list[dict]:
    """Type `query` into the search box; the scored result links in display order."""
    if not page.url.startswith(base):
        page.goto(base)
    box = page.locator(".md-search__input")
    # Clear first: results are fetched asynchronously, so the list must not still show the
    # previous query's results when we read it.
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "!/结果/.test((document.querySelector('.md-search-result__meta') || {}).textContent || '')")
    box.fill(query)
    box.press("End")   # Material reads the query on keyup, which fill() does not send
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q && "
        "/结果/.test((document.querySelector('.md-search-result__meta') || {}).textContent || '')",
        arg=query)
    page.wait_for_timeout(150)   # let the result list for this exact query render
    return page.eval_on_selector_all(".md-search-result__link", """els => els.map(e => ({
        href: e.href, score: parseFloat(e.querySelector('article').dataset.mdScore),
        text: e.querySelector('article').textContent}))""")


def scored(results: list[dict]) -> list[dict]:
    # Material also lists a zero-score page header above the sections it found on that page.
    return [r for r in results if r["score"] > 0]


def section_text(page, url: str, cache: dict) -> str:
    clean = url.split("?")[0] + ("#" + urlsplit(url).fragment if urlsplit(url).fragment else "")
    if clean not in cache:
        cache[clean] = page.evaluate(SECTION_TEXT, clean) or ""
    return cache[clean].replace("\u200b", "")


def test_every_glossary_term_finds_its_page_then_sections_containing_it(page, served_site):
    terms = glossary_terms()
    assert len(terms) >= 20, "the bundled corpus should have glossary terms"
    cache, failures = {}, []
    for term in terms:
        results = scored(search(page, served_site, term.term))
        if not results:
            failures.append(f"{term.term}: no result")
            continue
        first = urlsplit(results[0]["href"]).path
        if first != urlsplit(urljoin(served_site, term.url)).path:
            failures.append(f"{term.term}: first result {first}, not {term.url}")
        forms = {term.term, *term.aliases}
        # Every term here is used in a speech: a speech section is found, and its excerpt shows
        # the term (even where a long sentence's excerpt blocks are cut inside it).
        speech_hits = [r for r in results if "/speeches/" in r["href"] and "#" in r["href"]]
        if not speech_hits:
            failures.append(f"{term.term}: no speech section found")
        elif not any(search_key(form) in search_key(r["text"]) for r in speech_hits for form in forms):
            failures.append(f"{term.term}: no speech excerpt shows the term")
        for r in results[:5]:
            text = section_text(page, r["href"], cache)
            if not any(form in text for form in forms):
                failures.append(f"{term.term}: top-five result {r['href']} lacks the term")
    assert not failures, "\n".join(failures)
    assert_no_external_requests(page)
    assert not page.kb_errors, page.kb_errors


@pytest.mark.parametrize("query, term, expected_in_results", [
    ("维护", "两个维护", "两个维护"),        # a part of a term finds the sections with the term
    ("双责", "一岗双责", "一岗双责"),
])
def test_partial_query_finds_sections_with_the_whole_term(page, served_site, query, term,
                                                          expected_in_results):
    results = scored(search(page, served_site, query))
    cache = {}
    sections = [r for r in results if "/speeches/" in r["href"]]
    assert any(expected_in_results in section_text(page, r["href"], cache) for r in sections), \
        f"{query}: no speech section with {expected_in_results} among {[r['href'] for r in results]}"
    assert_no_external_requests(page)


@pytest.mark.parametrize("query, term", [
    ("一崗雙責", "一岗双责"),     # a glossary alias
    ("兩個維護", "两个维护"),
    ("四風", "四风"),             # traditional characters mapped to the simplified text
])
def test_traditional_query_finds_the_simplified_term(page, served_site, query, term):
    traditional = scored(search(page, served_site, query))
    simplified = scored(search(page, served_site, term))
    assert traditional, f"{query}: no result"
    assert [r["href"].split("?")[0] for r in traditional][:5] == \
        [r["href"].split("?")[0] for r in simplified][:5]
    assert_no_external_requests(page)


@pytest.mark.parametrize("query, url", [
    # A term with digits and quotes, typed the way a user might: curly, straight or no quotes,
    # full-width digits.
    ("“1+3”制度体系", "glossary/1-3-zhi-du-ti-xi/"),
    ('"1+3"制度体系', "glossary/1-3-zhi-du-ti-xi/"),
    ("1+3制度体系", "glossary/1-3-zhi-du-ti-xi/"),
    ("１＋３制度体系", "glossary/1-3-zhi-du-ti-xi/"),
    ("133计划", "glossary/133-ji-hua/"),
    ("不敢腐、不能腐、不想腐", "glossary/bu-gan-fu-bu-neng-fu-bu-xiang-fu/"),
    ("不敢腐不能腐不想腐", "glossary/bu-gan-fu-bu-neng-fu-bu-xiang-fu/"),
    ("十四五规划", "glossary/shi-si-wu/"),
])
def test_term_with_digits_or_quotes_is_found_however_typed(page, served_site, query, url):
    results = scored(search(page, served_site, query))
    assert results, f"{query}: no result"
    assert urlsplit(results[0]["href"]).path == urlsplit(urljoin(served_site, url)).path, \
        f"{query}: first result {results[0]['href']}"
    assert_no_external_requests(page)


def test_snippet_shows_the_term_in_context(page, served_site):
    results = scored(search(page, served_site, "三会一课"))
    sections = [r for r in results if "/speeches/" in r["href"] and "三会一课" in r["text"]]
    assert sections, "no speech section shows the term in its snippet"
    assert all(len(r["text"]) < 400 for r in sections), "snippets should be sentences, not whole sections"


@pytest.mark.parametrize("term", ["两个维护", "“1+3”制度体系"])
def test_a_search_fetches_only_the_shard_and_the_pages_it_shows(page, served_site, built_site, term):
    """The first search downloads the worker, the small search_index.json, the script reading
    the query (search/query-<hash>.js, kb/search/query.js), the query's postings shard and the
    files of the pages shown; nothing else of the index."""
    kb = json.loads((built_site / "search/search_index.json").read_text("utf-8"))["config"]["kb"]
    token = search_key(term)
    shard = json.loads((built_site / "search" / kb["dir"] / f"s{shard_of(token, kb['shards'])}.json")
                       .read_text("utf-8"))
    expected = first_search_files(kb, {token: list(zip(shard[token][0::2], shard[token][1::2]))}, token)
    page.goto(served_site)
    results = scored(search(page, served_site, term))
    assert len({urlsplit(r["href"]).path for r in results}) == len(expected) - 1
    fetched = [urlsplit(u).path for u in page.kb_requests if "/search/" in u]
    assert sorted(set(fetched)) == sorted(["/search/search_index.json", "/search/" + kb["query"]] +
                                          [f"/search/{kb['dir']}/{name}" for name in expected])
    assert len(fetched) == len(set(fetched)), "a file was fetched twice"
    assert_no_external_requests(page)


@pytest.mark.parametrize("query, capped", [
    ("工作", True),         # in nearly every section of every page: more pages than the worker lists
    ("三会一课", False),    # a few pages: Material's own count, unchanged
])
def test_result_count_says_when_only_the_most_relevant_pages_are_listed(page, served_site, query,
                                                                        capped):
    search(page, served_site, query)
    meta = page.text_content(".md-search-result__meta")
    if capped:
        assert meta == f"最相关的 {MAX_PAGES} 个页面（结果较多，可输入更多词缩小范围）", meta
    else:
        count = re.fullmatch(r"(\d+) 个符合条件的结果", meta)
        assert count and 1 < int(count.group(1)) < MAX_PAGES, meta
    assert not page.kb_errors, page.kb_errors
