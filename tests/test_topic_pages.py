"""Topic pages: rendering (kb.pages.topics), and the strict build of the real site where every
excerpt link on every topic page must land on an existing paragraph anchor."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from kb.pages import topics as topic_pages
from kb.corpus.loading import Corpus
from kb.ingest.speech_page import parse_page
from kb.topics.taxonomy import load_taxonomy
from kb.topics.classify import classify_corpus

REPO = Path(__file__).resolve().parent.parent
TOPIC_IDS = ["ideology", "organization", "talent", "integrity", "branding"]


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(REPO / "data" / "topics.yml")


def speech_page(speech_id: str, year: int, paragraphs: list[str]) -> str:
    body = "\n\n".join(f"{text} {{#p-{speech_id[-4:]}{n:02d}}}" for n, text in enumerate(paragraphs))
    return f"---\ntitle: 讲话{speech_id}<b>\ndate: '{year}'\n---\n\n## 一、从严治党 {{#s-a}}\n\n{body}\n"


def pages_for(corpus: Corpus, taxonomy, topic_id: str):
    topics = classify_corpus(corpus, taxonomy)
    by_topic = topic_pages.collect_passages(corpus, taxonomy, topics)
    return topic_pages.topic_pages(taxonomy.topic(topic_id), by_topic[topic_id])


def test_speech_text_never_becomes_markup(taxonomy):
    text = "严格执行中央八项规定精神，<script>alert(1)</script> **不是强调** [链接](x) XXX同志要带头。"
    corpus = Corpus([parse_page(speech_page("2024-aaaa", 2024, [text]), "2024-aaaa")])
    page = pages_for(corpus, taxonomy, "integrity")[0]
    assert "<script>" not in page.markdown and "&lt;script&gt;" in page.markdown
    assert "<b>" not in page.markdown          # the title is literal too
    assert '<span class="kb-redacted"' in page.markdown
    assert topic_pages.terms_marker("integrity") in page.markdown


def test_long_passages_are_folded(taxonomy):
    text = "严格执行中央八项规定精神，" + "持续纠治四风问题，" * 40
    corpus = Corpus([parse_page(speech_page("2024-bbbb", 2024, [text]), "2024-bbbb")])
    page = pages_for(corpus, taxonomy, "integrity")[0]
    assert '<p class="kb-passage-text kb-clamp">' in page.markdown and f"展开全文（{len(text)} 字）" in page.markdown
    assert page.markdown.count("持续纠治四风问题，" * 40) == 1          # the text is written once


def test_big_topics_are_split_by_subtopic_then_year(taxonomy, monkeypatch):
    monkeypatch.setattr(topic_pages, "PAGE_LIMIT", 3)
    speeches = [parse_page(speech_page(f"{year}-{n:04d}", year, ["严格执行中央八项规定精神，驰而不息纠治四风问题。"] * 2),
                           f"{year}-{n:04d}") for n, year in enumerate([2024, 2024, 2023, 2022])]
    pages = pages_for(Corpus(speeches), taxonomy, "integrity")
    uris = [p.src_uri for p in pages]
    assert uris[0] == "topics/integrity.md"
    assert "topics/integrity/conduct.md" in uris
    assert {"topics/integrity/conduct-2024.md", "topics/integrity/conduct-2023.md",
            "topics/integrity/conduct-2022.md"} <= set(uris)
    assert "(integrity/conduct.md)" in pages[0].markdown
    year_page = next(p for p in pages if p.src_uri == "topics/integrity/conduct-2024.md")
    assert "../../../speeches/2024-0000/#p-" in year_page.markdown


def test_a_big_year_continues_on_numbered_pages(taxonomy, monkeypatch):
    monkeypatch.setattr(topic_pages, "PAGE_LIMIT", 3)
    monkeypatch.setattr(topic_pages, "PASSAGES_PER_PAGE", 3)
    years = [2024] * 5 + [2023]
    speeches = [parse_page(speech_page(f"{year}-{n:04d}", year, ["严格执行中央八项规定精神，驰而不息纠治四风问题。"] * 2),
                           f"{year}-{n:04d}") for n, year in enumerate(years)]
    pages = {p.src_uri: p for p in pages_for(Corpus(speeches), taxonomy, "integrity")}
    year_uris = ["topics/integrity/conduct-2024.md", "topics/integrity/conduct-2024/2.md",
                 "topics/integrity/conduct-2024/3.md", "topics/integrity/conduct-2024/4.md",
                 "topics/integrity/conduct-2024/5.md"]
    assert [u for u in pages if u.startswith("topics/integrity/conduct-2024")] == year_uris
    assert "topics/integrity/conduct-2023.md" in pages and "topics/integrity/conduct-2023/2.md" not in pages
    reached, urls_ = [], {topic_pages.uri_to_url(u) for u in pages}
    for uri in year_uris:
        page, url = pages[uri], topic_pages.uri_to_url(uri)
        links = re.findall(r'class="kb-passage-link" href="([^"]+)"', page.markdown)
        assert 0 < len(links) <= 3 and len({l.split("#")[0] for l in links}) == 1   # one whole speech a page
        reached += [urljoin("http://x/" + url, link) for link in links]
        pager = re.search(r'<nav class="kb-pager".*?</nav>', page.markdown).group(0)
        for href in re.findall(r'href="([^"]+)"', pager):
            assert urlsplit(urljoin("http://x/" + url, href)).path.lstrip("/") in urls_, (uri, href)
        back = re.search(r"\[← 返回“[^”]+”\]\(([^)]+)\)", page.markdown).group(1)
        assert urljoin("http://x/" + uri, back) == "http://x/topics/integrity/conduct.md"
    assert len(reached) == len(set(reached)) == 10
    assert {urlsplit(r).path for r in reached} == {f"/speeches/2024-{n:04d}/" for n in range(5)}
    assert "（第 3 页）" in pages["topics/integrity/conduct-2024/3.md"].markdown


# --------------------------------------------------------------------------- built site

class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.passage_links: list[str] = []
        self.badge_links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "kb-passage-link" in classes:
            self.passage_links.append(attrs["href"])
        if tag == "a" and "kb-badge" in classes:
            self.badge_links.append(attrs["href"])


def parse_html(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text("utf-8"))
    return parser


def topic_html_pages(site: Path) -> list[Path]:
    return sorted((site / "topics").rglob("index.html"))


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    page_url = "/" + page.parent.relative_to(site).as_posix() + "/"
    target = urlsplit(urljoin(page_url, href))
    return site / target.path.lstrip("/") / "index.html", target.fragment


def test_every_topic_page_exists(built_site):
    for topic_id in TOPIC_IDS:
        assert (built_site / "topics" / topic_id / "index.html").is_file()
    assert (built_site / "topics" / "index.html").is_file()


def test_every_excerpt_link_resolves_to_a_paragraph(built_site):
    checked = 0
    anchors_of: dict[Path, set[str]] = {}
    for page in topic_html_pages(built_site):
        for href in parse_html(page).passage_links:
            target, fragment = resolve(built_site, page, href)
            assert target.is_file(), f"{page}: {href} -> missing {target}"
            ids = anchors_of.setdefault(target, parse_html(target).ids)
            assert fragment.startswith("p-") and fragment in ids, f"{page}: {href} -> no #{fragment}"
            checked += 1
    assert checked > 50


def test_speech_pages_link_their_topics(built_site):
    speech = next(p for p in (built_site / "speeches").glob("*/index.html"))
    html = speech.read_text("utf-8")
    assert 'class="kb-topic-mix"' in html
    for href in parse_html(speech).badge_links:
        target, _ = resolve(built_site, speech, href)
        assert target.is_file() and target.parent.parent.name == "topics", href


def test_kb_json_has_topics(built_site):
    record = json.loads((built_site / "kb.json").read_text("utf-8"))
    assert [t["id"] for t in record["topics"]] == TOPIC_IDS
    sections = {f"{s['id']}#{sec['id']}": sec for s in record["speeches"] for sec in s["sections"]}
    for topic in record["topics"]:
        assert topic["url"] == f"topics/{topic['id']}/" and topic["sections"]
        for ref in topic["sections"]:
            assert topic["id"] in sections[ref]["topics"]
    assert any("topics" in p for sec in sections.values() for p in sec["paragraphs"])


@pytest.mark.browser
@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_topic_page_screenshot(served_site, page, topic_id):
    page.goto(f"{served_site}topics/{topic_id}/")
    page.wait_for_selector(".kb-passage")
    assert not page.kb_errors
    assert page.locator("h1").inner_text() != ""
    page.screenshot(path=f"/tmp/kb-topic-{topic_id}.png", full_page=True)
    # a long passage shows its first lines; its button unfolds all of it, and folds it again
    clamp = page.locator("p.kb-clamp").first
    if clamp.count():
        button = clamp.locator("xpath=following-sibling::button[1]")
        folded = clamp.bounding_box()["height"]
        assert clamp.evaluate("p => p.scrollHeight > p.clientHeight + 2")
        button.click()
        assert button.get_attribute("aria-expanded") == "true" and button.inner_text() == "收起"
        assert clamp.bounding_box()["height"] > folded + 10
        button.click()
        assert button.inner_text().startswith("展开全文") and abs(clamp.bounding_box()["height"] - folded) < 1
