"""One source for every count: the paragraphs of a topic are the same number on the topics
index, the topic page (and the passages it lists), 新同志入门, 概览 and the speech pages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.topics.taxonomy import load_taxonomy, taxonomy_path

REPO = Path(__file__).resolve().parent.parent
TOPICS = [(t.id, t.name) for t in load_taxonomy(taxonomy_path(REPO)).topics]


def _html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def _article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def index_counts(site):
    html = _article(_html(site, "topics"))
    out = {}
    for tid, name in TOPICS:
        block = html[html.index(f'href="{tid}/"'):]
        m = re.search(r"(\d+) 段论述 · (\d+) 篇讲话", block)
        out[tid] = (int(m.group(1)), int(m.group(2)))
    return out


def topic_page_counts(site):
    out = {}
    for tid, _ in TOPICS:
        html = _article(_html(site, f"topics/{tid}"))
        m = re.search(r"共收录 <strong>(\d+)</strong> 段相关论述，来自 <strong>(\d+)</strong> 篇讲话", html)
        listed = html.count('<div class="kb-passage">')
        out[tid] = (int(m.group(1)), int(m.group(2)), listed)
    return out


def onboarding_counts(site):
    html = _article(_html(site, "onboarding"))
    return {tid: int(re.search(rf'href="../topics/{tid}/">[^<]*</a> <span class="kb-count">(\d+) 段论述', html).group(1))
            for tid, _ in TOPICS}


def overview_counts(site):
    html = _article(_html(site, "overview"))
    table = html[html.index('<details class="kb-chart-table">'):]
    names = re.findall(r"<th>([^<]*)</th>", table[:table.index("</thead>")])[1:]
    rows = re.findall(r"<tr><td>.*?</tr>", table[table.index("<tbody>"):table.index("</tbody>")])
    sums = [0] * len(names)
    for row in rows:
        for i, n in enumerate(re.findall(r"<td>(\d+)</td>", row)):
            sums[i] += int(n)
    total = [int(n) for n in re.findall(r"<td>(\d+)</td>", table[table.index("<tfoot>"):])]
    by_name = {name: tid for tid, name in TOPICS}
    return ({by_name[n]: s for n, s in zip(names, sums)}, {by_name[n]: s for n, s in zip(names, total)},
            len(rows))


def speech_page_counts(site):
    sums = {tid: 0 for tid, _ in TOPICS}
    pages = 0
    for page in sorted((site / "speeches").glob("*-*/index.html")):
        html = page.read_text("utf-8")
        mix = re.search(r'<div class="kb-topic-mix">(.*?)</div>', html)
        pages += 1
        for tid, n in re.findall(r'href="../../topics/(\w+)/"[^>]*>[^<]*<span class="kb-badge-count">(\d+)</span>',
                                 mix.group(1) if mix else ""):
            sums[tid] += int(n)
    return sums, pages


def check_counts_agree(site: Path) -> None:
    index, pages, onboarding = index_counts(site), topic_page_counts(site), onboarding_counts(site)
    overview_sums, overview_total, rows = overview_counts(site)
    speeches, n_speeches = speech_page_counts(site)
    assert any(n for n, _ in index.values()), "no topic has passages: the check would be empty"
    for tid, _ in TOPICS:
        paragraphs, with_speeches = index[tid]
        assert pages[tid] == (paragraphs, with_speeches, paragraphs), tid   # the page lists them all
        assert onboarding[tid] == paragraphs, tid
        assert overview_total[tid] == paragraphs, tid
        assert speeches[tid] == paragraphs, tid
        if rows == n_speeches:
            assert overview_sums[tid] == paragraphs, tid


def test_counts_agree_on_the_bundled_site(built_site):
    check_counts_agree(built_site)


def test_counts_agree_on_a_hospital_site(tmp_path):
    from fixture_site import build_fixture_site
    from kb.ingest.speech_page import render_page
    from test_redaction import hospital_speech
    proc, site = build_fixture_site(tmp_path, {"2024-hosp01.md": render_page(hospital_speech())})
    assert proc.returncode == 0, proc.stdout
    check_counts_agree(site)
