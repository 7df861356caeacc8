"""Glossary pages as Markdown: the index (grouped by category, sorted by pinyin, with counts), one
page per term (definition and source, parts, topics, per-year chart, every mention in context,
related terms), and the key-terms block of a topic page.

A term's mentions are listed MENTIONS_PER_PAGE sentences a page: the term page shows the first
ones, `glossary/<slug>/2/`, `3/`, … the rest, each with a pager and an index of where each year
starts — so every mention stays reachable and no page grows with the corpus.

Nothing from the speeches or data/glossary.yml becomes markup: Markdown contexts use
`literal_inline`, raw HTML uses `escape_with_redactions` / `escape`. The chart is inline SVG
with text labels; no script.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from kb.build import urls
from kb.glossary.assembly import Glossary, Term, index_url, pinyin_key
from kb.glossary.curated import CATEGORIES, EXTRACTED_CATEGORY
from kb.glossary.matching import fold
from kb.glossary.review import commands, pending_terms
from kb.pages.pager import pager_html
from kb.text.redaction import escape_with_redactions
from kb.pages.speech import escape, literal_inline

INDEX_URI = "glossary/index.md"
REVIEW_URI = "glossary/review.md"      # 提法审定: linked from the index, not in the navigation
REVIEW_URL = "glossary/review/"
MAX_REVIEW_REJECTED = 100              # candidates the rules turned down, listed on the review page
REVIEW_PER_PAGE = 50                   # 待审定 terms per review page
UNDATED = "未注明年份"
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?")
MAX_TOPIC_TERMS = 12
MENTIONS_PER_PAGE = 50     # sentences per page of a term's mentions: no page grows with the corpus


def term_uri(slug: str) -> str:
    return f"glossary/{slug}.md"


def category_order(category: str) -> tuple:
    order = (*CATEGORIES, EXTRACTED_CATEGORY)
    return (order.index(category) if category in order else len(CATEGORIES), category)


# --------------------------------------------------------------------------- index

def _index_item(term: Term, page_url: str, short: bool = True) -> str:
    link = urls.relative(page_url, term.url)
    short = f'<span class="kb-muted"> — {escape(term.short_definition(40))}</span>' if term.definition and short else ""
    return (f'<li><a href="{link}">{escape(term.term)}</a>'
            f' <span class="kb-count">{term.total} 次</span>{short}</li>')


def first_year(term: Term) -> str | None:
    date = term.first_used[2] if term.first_used else None
    return date[:4] if date and date[:4].isdigit() else None


def new_terms(glossary: Glossary, corpus) -> tuple[str | None, list[Term]]:
    """The newest year of the corpus and the terms first used in it (none when the corpus has no
    earlier year to compare with)."""
    years = sorted({str(s.meta.year) for s in corpus.speeches if s.meta.year}) if corpus is not None else []
    if len(years) < 2:
        return None, []
    newest = years[-1]
    return newest, sorted((t for t in glossary.terms if first_year(t) == newest), key=lambda t: pinyin_key(t.term))


def _first_use_html(term: Term, corpus, page_url: str) -> str:
    if not term.first_used:
        return ""
    speech_id, anchor, date = term.first_used
    speech = corpus.by_id().get(speech_id) if corpus is not None else None
    title = speech.meta.title if speech else speech_id
    link = urls.relative(page_url, urls.anchor_url(speech_id, anchor))
    return f'{escape(date or UNDATED)}，<a href="{link}">{escape_with_redactions(title)}</a>'


def index_markdown(glossary: Glossary, corpus=None) -> str:
    page_url = index_url()
    curated = sum(t.curated for t in glossary.terms)
    review = urls.relative(page_url, REVIEW_URL)
    lines = ["# 提法释义", "",
             f"共收录提法 {len(glossary.terms)} 个：经审定的标准提法 {curated} 个，"
             f"从讲话中识别的其他提法 {len(glossary.terms) - curated} 个。"
             "按类别分组、按拼音排序，“次”为在全部讲话中出现的次数。", "",
             f'<p class="kb-review-link">从讲话中识别、尚未审定的提法（待审定）及其识别依据，见'
             f'<a href="{review}">提法审定</a>。</p>', ""]
    year, fresh = new_terms(glossary, corpus)
    if year:
        lines += [f"## 新出现的提法（{year}年）", ""]
        if fresh:
            lines += [f'<p class="kb-muted">{year}年的讲话中第一次使用、此前各年没有用过的提法，按首次使用的讲话列出：</p>', ""]
            order = _corpus_facts(corpus)[0]
            by_speech: dict[str, list[Term]] = defaultdict(list)
            for term in fresh:
                by_speech[term.first_used[0]].append(term)
            for speech_id in sorted(by_speech, key=lambda sid: order.get(sid, 0)):
                speech = corpus.by_id().get(speech_id)
                title = speech.meta.title if speech else speech_id
                date = speech.meta.date if speech else ""
                link = urls.relative(page_url, urls.speech_url(speech_id))
                items = "".join(_index_item(t, page_url, short=False) for t in by_speech[speech_id])
                lines += [f'<p class="kb-new-terms-speech"><a href="{link}">{escape_with_redactions(title)}</a>'
                          f'<span class="kb-muted">（{escape(date or UNDATED)}）</span></p>', "",
                          f'<ul class="kb-glossary-index kb-new-terms">{items}</ul>', ""]
        else:
            lines += [f'<p class="kb-muted">{year}年的讲话没有用到此前没有用过的提法。</p>', ""]
    groups: dict[str, list[Term]] = defaultdict(list)
    for term in glossary.terms:
        groups[term.category].append(term)
    for category in sorted(groups, key=category_order):
        terms = sorted(groups[category], key=lambda t: pinyin_key(t.term))
        lines += [f"## {literal_inline(category)}（{len(terms)}）", ""]
        if category == EXTRACTED_CATEGORY:
            lines += ['<p class="kb-muted">以下提法由程序从讲话中识别，尚未审定；'
                      f'识别依据和审定、删除、合并的命令见<a href="{review}">提法审定</a>。</p>', ""]
        items = "".join(_index_item(t, page_url) for t in terms)
        lines += [f'<ul class="kb-glossary-index">{items}</ul>', ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- term page

def year_label(speech) -> str:
    return str(speech.meta.year) if speech and speech.meta.year else UNDATED


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def highlighted_sentences(text: str, slug: str, glossary: Glossary) -> list[str]:
    """The sentences of `text` that mention the term, as HTML with the term in <mark>."""
    matches = [m for m in glossary.matcher.finditer(text) if m.term_id == slug]
    out = []
    for start, end in sentence_spans(text):
        inside = [m for m in matches if start <= m.start < end]
        if not inside:
            continue
        parts, last = [], start
        for m in inside:
            parts += [escape_with_redactions(text[last:m.start]),
                      f"<mark>{escape_with_redactions(text[m.start:min(m.end, end)])}</mark>"]
            last = min(m.end, end)
        parts.append(escape_with_redactions(text[last:end]))
        out.append("".join(parts).strip())
    return out


def bar_chart_svg(counts: list[tuple[str, int]], title: str) -> str:
    """A small inline SVG bar chart with a text label per bar (year below, count above)."""
    bar, gap, height, top, bottom = 34, 22, 90, 18, 20
    peak = max([n for _, n in counts] + [1])
    width = len(counts) * (bar + gap) + gap
    shapes = []
    for i, (label, n) in enumerate(counts):
        x = gap + i * (bar + gap)
        h = round(height * n / peak) if n else 0
        y = top + height - h
        shapes.append(f'<rect class="kb-bar" x="{x}" y="{y}" width="{bar}" height="{max(h, 1)}" rx="2"'
                      f' fill="#c62828"><title>{escape(label)}：{n} 次</title></rect>'
                      f'<text x="{x + bar / 2:g}" y="{y - 4}" text-anchor="middle" class="kb-bar-value">{n}</text>'
                      f'<text x="{x + bar / 2:g}" y="{top + height + 15}" text-anchor="middle" class="kb-bar-label">'
                      f"{escape(label)}</text>")
    total_h = top + height + bottom
    return (f'<svg class="kb-chart-svg" role="img" aria-label="{escape(title)}" width="{width}" height="{total_h}"'
            f' viewBox="0 0 {width} {total_h}" xmlns="http://www.w3.org/2000/svg" font-size="12">'
            f"<title>{escape(title)}</title>"
            f'<line x1="0" y1="{top + height + 0.5}" x2="{width}" y2="{top + height + 0.5}" stroke="#999"/>'
            + "".join(shapes) + "</svg>")


_CORPUS_FACTS: list = []     # [(corpus, its speeches' order and year labels)]: one corpus at a time


def _corpus_facts(corpus) -> tuple[dict[str, int], frozenset]:
    """Each speech's position (newest first) and the set of year labels, once per corpus (every
    term page reads them; per term they cost terms x speeches)."""
    if _CORPUS_FACTS and _CORPUS_FACTS[0][0] is corpus and len(_CORPUS_FACTS[0][1][0]) == len(corpus.speeches):
        return _CORPUS_FACTS[0][1]
    facts = ({s.id: i for i, s in enumerate(corpus.speeches)}, frozenset(year_label(s) for s in corpus.speeches))
    _CORPUS_FACTS[:] = [(corpus, facts)]
    return facts


def year_counts(term: Term, corpus) -> list[tuple[str, int]]:
    """Mentions per year of the corpus, from the term's first year on (undated speeches last)."""
    speeches = corpus.by_id()
    counts = Counter()
    for mention in term.mentions:
        counts[year_label(speeches.get(mention.speech_id))] += mention.count
    start = first_year(term)
    years = sorted((y for y in _corpus_facts(corpus)[1] | set(counts)
                    if y == UNDATED or start is None or y >= start), key=lambda y: (y == UNDATED, y))
    return [(y, counts.get(y, 0)) for y in years]


def _definition_block(term: Term, corpus, page_url: str) -> list[str]:
    if not term.definition:
        return ['<p class="kb-term-def kb-muted">暂无释义：本提法由程序从讲话中识别，尚未审定。</p>']
    lines = [f'<p class="kb-term-def">{escape_with_redactions(term.definition)}</p>']
    if term.definition_place:
        speech_id, anchor = term.definition_place
        speech = corpus.by_id().get(speech_id)
        title = speech.meta.title if speech else speech_id
        link = urls.relative(page_url, urls.anchor_url(speech_id, anchor))
        lines.append(f'<p class="kb-term-source">释义摘自讲话原文：<a href="{link}">{escape_with_redactions(title)}</a></p>')
    elif term.definition_source:
        lines.append(f'<p class="kb-term-source">出处：{escape(term.definition_source)}</p>')
    return lines


def _facts(term: Term, corpus, topic_links: dict, page_url: str) -> str:
    rows = [("类别", escape(term.category))]
    if term.parts:
        rows.append(("组成", "、".join(escape(p) for p in term.parts)))
    if term.aliases:
        rows.append(("其他写法", "、".join(escape(a) for a in term.aliases)))
    if term.topics:
        badges = []
        for topic_id in term.topics:
            name, url = topic_links.get(topic_id, (topic_id, None))
            badges.append(f'<a class="kb-badge" href="{urls.relative(page_url, url)}">{escape(name)}</a>'
                          if url else f'<span class="kb-badge">{escape(name)}</span>')
        rows.append(("所属专题", "".join(badges)))
    speeches = len({m.speech_id for m in term.mentions})
    rows.append(("使用情况", f"在 {speeches} 篇讲话中出现 {term.total} 次"))
    if term.first_used:
        rows.append(("首次使用", _first_use_html(term, corpus, page_url)))
    if not term.curated:
        review = urls.relative(page_url, REVIEW_URL)
        rows.append(("审定状态", f'待审定（由程序从讲话中识别，见<a href="{review}">提法审定</a>）'))
        if term.evidence:
            rows.append(("识别依据", f'<span class="kb-review">{_evidence_text(term.evidence)}</span>'))
        rows.append(("审定命令", '<span class="kb-review">'
                     + "<br>".join(f"<code>{escape(c)}</code>" for c in commands(term.term)) + "</span>"))
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<div class="kb-speech-meta kb-term-facts"><dl>{items}</dl></div>'


@dataclass
class _Item:
    """One sentence that mentions the term, in page order."""
    year: str
    speech_id: str
    anchor: str
    sentence_html: str


def mention_items(term: Term, glossary: Glossary, corpus) -> list[_Item]:
    """Every sentence mentioning the term: years newest first, speeches newest first, each in
    reading order."""
    speeches = corpus.by_id()
    order = _corpus_facts(corpus)[0]      # newest first
    by_year: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for mention in sorted(term.mentions, key=lambda m: order.get(m.speech_id, 0)):
        by_year[year_label(speeches.get(mention.speech_id))][mention.speech_id].append(mention)
    items = []
    for year in sorted(by_year, key=lambda y: (y == UNDATED, [-ord(c) for c in y])):
        for speech_id, mentions in by_year[year].items():
            for mention in mentions:
                items += [_Item(year, speech_id, mention.anchor, sentence)
                          for sentence in highlighted_sentences(mention.text, term.slug, glossary)]
    return items


def mention_page_uri(slug: str, number: int) -> str:
    """Page 1 is the term page itself; pages 2, 3, … hold the further mentions."""
    return term_uri(slug) if number == 1 else f"glossary/{slug}/{number}.md"


def mention_page_url(slug: str, number: int) -> str:
    return f"glossary/{slug}/" + ("" if number == 1 else f"{number}/")


def _year_heading(year: str, level: int = 3) -> str:
    return f"{'#' * level} {year}" + ("年" if year.isdigit() else "")


def _speech_counts(term: Term) -> Counter:
    counts = Counter()
    for mention in term.mentions:
        counts[mention.speech_id] += mention.count
    return counts


def _render_items(items: list[_Item], counts: Counter, corpus, page_url: str, continued: bool,
                  level: int = 3) -> list[str]:
    """Year headings (of `level`: 3 under the term page's "讲话中的用法", 2 on a continuation
    page right under its title), one block per speech (title, count, its sentences with links to
    the paragraphs; `counts`: the term's count per speech). `continued`: the first speech block
    began on the page before."""
    speeches = corpus.by_id()
    lines, year, i = [], None, 0
    while i < len(items):
        j = i
        while j < len(items) and items[j].speech_id == items[i].speech_id and items[j].year == items[i].year:
            j += 1
        first = items[i]
        if first.year != year:
            year = first.year
            lines += [_year_heading(year, level), ""]
        speech = speeches.get(first.speech_id)
        title = speech.meta.title if speech else first.speech_id
        more = "（续）" if continued and i == 0 else ""
        head = (f'<p class="kb-mention-speech"><a href="{urls.relative(page_url, urls.speech_url(first.speech_id))}">'
                f'{escape_with_redactions(title)}</a>{more} <span class="kb-muted">{counts[first.speech_id]} 次</span></p>')
        lis = "".join(f'<li>{it.sentence_html} <a class="kb-mention-link" href="'
                      f'{urls.relative(page_url, urls.anchor_url(it.speech_id, it.anchor))}"'
                      f'>原文</a></li>' for it in items[i:j])
        lines += [head, "", f'<ul class="kb-mentions">{lis}</ul>', ""]
        i = j
    return lines


def _chunks(items: list[_Item]) -> list[list[_Item]]:
    return [items[i:i + MENTIONS_PER_PAGE] for i in range(0, len(items), MENTIONS_PER_PAGE)] or [[]]


@dataclass
class _Pages:
    """A term's sentences cut into pages, with what every page shows about all of them, computed
    once per term (per page it cost pages x mentions: quadratic in a frequent term's mentions)."""
    chunks: list[list[_Item]]
    total: int                  # term.total
    speech_counts: Counter      # the term's count per speech
    year_starts: dict[str, int]     # year -> number of the page its sentences start on
    year_sizes: Counter         # year -> its number of sentences


def _pages(term: Term, items: list[_Item]) -> _Pages:
    chunks = _chunks(items)
    starts: dict[str, int] = {}
    sizes: Counter = Counter()
    for n, chunk in enumerate(chunks, 1):
        for it in chunk:
            starts.setdefault(it.year, n)
            sizes[it.year] += 1
    return _Pages(chunks, term.total, _speech_counts(term), starts, sizes)


def _pager(slug: str, number: int, total: int) -> str:
    here = mention_page_url(slug, number)
    return pager_html(number, total, lambda n: urls.relative(here, mention_page_url(slug, n)), "用法分页")


def _year_index(slug: str, pages: _Pages, number: int) -> str:
    """Where each year's mentions start, with their number. On page 1 a year that starts on a
    later page keeps its old anchor (`#2019`) here, so links made before paging still land."""
    here = mention_page_url(slug, number)
    starts, sizes = pages.year_starts, pages.year_sizes
    on_page = {it.year for it in pages.chunks[number - 1]}
    links = []
    for year, n in starts.items():
        label = f"{year}年" if year.isdigit() else year
        target = urls.relative(here, mention_page_url(slug, n)) if n != number else ""
        anchor = f' id="{year}"' if number == 1 and year.isdigit() and year not in on_page else ""
        href = f"{target}#{year}" if year.isdigit() else target
        name = f'<a{anchor} href="{escape(href)}">{escape(label)}</a>' if href else escape(label)
        links.append(f'{name}<span class="kb-muted">（{sizes[year]} 句）</span>')
    return f'<p class="kb-mention-years">按年份：{" ".join(links)}</p>'


def _mentions_block(term: Term, pages: _Pages, corpus, number: int) -> list[str]:
    if not term.mentions:
        return ["暂未在收录的讲话中出现。", ""]
    page_url = mention_page_url(term.slug, number)
    chunks = pages.chunks
    lines = []
    if len(chunks) > 1:
        lines += [f'<p class="kb-muted">每页列出 {MENTIONS_PER_PAGE} 句，新的讲话在前。</p>', "",
                  _year_index(term.slug, pages, number), ""]
    lines += _render_items(chunks[number - 1], pages.speech_counts, corpus, page_url,
                           continued=number > 1 and chunks[number - 2][-1].speech_id == chunks[number - 1][0].speech_id,
                           level=3 if number == 1 else 2)
    pager = _pager(term.slug, number, len(chunks))
    return lines + ([pager, ""] if pager else [])


def _related_block(term: Term, glossary: Glossary, page_url: str) -> list[str]:
    related = glossary.related(term.slug)
    if not related:
        return []
    links = "".join(f'<a class="kb-badge" href="{urls.relative(page_url, other.url)}"'
                    f' title="在同一段落中共同出现 {n} 次">{escape(other.term)}</a>' for other, n in related)
    return ["## 相关提法", "", '<p class="kb-muted">在同一段落中经常一起出现的提法：</p>', "",
            f'<p class="kb-related">{links}</p>', ""]


def term_sections(term: Term, glossary: Glossary, corpus, topic_links: dict | None = None,
                  pages: _Pages | None = None) -> str:
    """Everything of a term page below its title (also appended to a hand-written page)."""
    page_url = term.url
    topic_links = topic_links or {}
    pages = pages if pages is not None else _pages(term, mention_items(term, glossary, corpus))
    counts = year_counts(term, corpus)
    lines = [*_definition_block(term, corpus, page_url), "", _facts(term, corpus, topic_links, page_url), ""]
    lines += ["## 使用频次", "",
              f'<div class="kb-chart">{bar_chart_svg(counts, f"{term.term}：各年份讲话中的使用次数")}</div>', ""]
    lines += [f"## 讲话中的用法（{pages.total} 处）", ""] + _mentions_block(term, pages, corpus, 1)
    lines += _related_block(term, glossary, page_url)
    back = urls.relative(page_url, index_url())
    lines += [f'<p class="kb-muted"><a href="{back}">← 返回提法释义</a></p>', ""]
    return "\n".join(lines)


def term_markdown(term: Term, glossary: Glossary, corpus, topic_links: dict | None = None) -> str:
    return f"# {literal_inline(term.term)}\n\n" + term_sections(term, glossary, corpus, topic_links)


def _continuation_markdown(term: Term, pages: _Pages, corpus, number: int) -> str:
    page_url = mention_page_url(term.slug, number)
    back = urls.relative(page_url, term.url)
    lines = [f"# {literal_inline(term.term)}：讲话中的用法（第 {number} 页）", "",
             f'<p class="kb-muted"><a href="{back}">← 返回“{escape(term.term)}”释义</a>'
             f" · 共 {pages.total} 处，分 {len(pages.chunks)} 页</p>", ""]
    if term.definition:
        lines += [f'<p class="kb-term-source">{escape_with_redactions(term.short_definition())}</p>', ""]
    lines += _mentions_block(term, pages, corpus, number)
    return "\n".join(lines) + "\n"


def term_pages(term: Term, glossary: Glossary, corpus, topic_links: dict | None = None) -> list[tuple[str, str]]:
    """[(src uri, Markdown)] of a term: its page, then one page per further MENTIONS_PER_PAGE
    sentences that mention it (`glossary/<slug>/2/`, …), so no page grows with the corpus."""
    pages = _pages(term, mention_items(term, glossary, corpus))
    first = f"# {literal_inline(term.term)}\n\n" + term_sections(term, glossary, corpus, topic_links, pages)
    return [(term_uri(term.slug), first)] + [
        (mention_page_uri(term.slug, n), _continuation_markdown(term, pages, corpus, n))
        for n in range(2, len(pages.chunks) + 1)]


# --------------------------------------------------------------------------- topic pages

def topic_terms(topic_id: str, glossary: Glossary, limit: int = MAX_TOPIC_TERMS) -> list[Term]:
    """A topic's key terms: by specificity, or as curated (kb.glossary.topic_terms)."""
    if glossary.topic_terms is not None:
        return glossary.topic_terms.terms(topic_id, limit)
    terms = [t for t in glossary.terms if topic_id in t.topics and t.mentions]
    return sorted(terms, key=lambda t: (-t.importance, -t.total, pinyin_key(t.term)))[:limit]


def topic_terms_html(topic_id: str, glossary: Glossary, page_url: str) -> str:
    """The block that replaces `<!-- kb:topic-terms:{topic_id} -->` on a topic page."""
    terms = topic_terms(topic_id, glossary)
    if not terms:
        return ""
    links = "".join(f'<a class="kb-badge" href="{urls.relative(page_url, t.url)}" title="{escape(t.short_definition())}">'
                    f"{escape(t.term)}</a>" for t in terms)
    return f'<div class="kb-topic-terms kb-nolink"><p><strong>本专题常用提法：</strong>{links}</p></div>'


# --------------------------------------------------------------------------- review page

def _marked(context: str, term: str) -> str:
    """A context line as HTML with the first occurrence of the term (folded, unquoted) marked."""
    form = fold(term).strip("“”")
    at = fold(context).find(form) if form else -1
    if at < 0:
        return escape_with_redactions(context)
    end = at + len(form)
    return (escape_with_redactions(context[:at]) + f"<mark>{escape_with_redactions(context[at:end])}</mark>"
            + escape_with_redactions(context[end:]))


def _evidence_text(evidence: dict) -> str:
    return "；".join(escape(r) for r in evidence.get("reasons", []))


def review_page_uri(number: int) -> str:
    return REVIEW_URI if number == 1 else f"glossary/review/{number}.md"


def review_page_url(number: int) -> str:
    return REVIEW_URL + ("" if number == 1 else f"{number}/")


def _review_item(p, corpus, page_url: str) -> str:
    term_link = urls.relative(page_url, f"glossary/{p.slug}/")
    source = urls.relative(page_url, urls.anchor_url(p.first_speech, p.first_anchor))
    speech = corpus.by_id().get(p.first_speech)
    title = speech.meta.title if speech else p.first_speech
    rows = [("识别依据", _evidence_text(p.evidence)),
            ("出现情况", f"在 {p.speeches} 篇讲话中出现 {p.total} 次"),
            ("首次使用", f'{escape(p.first_date or UNDATED)}，<a href="{source}">{escape_with_redactions(title)}</a>'),
            ("原文", _marked(p.context, p.term))]
    facts = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    cmds = "\n".join(escape(c) for c in commands(p.term))
    return (f'<section class="kb-review-item" aria-labelledby="review-{p.slug}">'
            f'<h2 id="review-{p.slug}"><a href="{term_link}">{escape(p.term)}</a></h2>'
            f'<div class="kb-speech-meta kb-term-facts"><dl>{facts}</dl></div>'
            f'<p class="kb-muted">审定、删除或合并（合并时把“规范提法”换成已有的提法）：</p>'
            f'<pre class="kb-review-commands"><code>{cmds}</code></pre></section>')


def _rejected_block(rejected: list) -> list[str]:
    shown = rejected[:MAX_REVIEW_REJECTED]
    more = (f"，这里列出首次使用最新的 {len(shown)} 个；完整清单用 <code>.venv/bin/python scripts/review_terms.py --rejected</code> 查看"
            if len(rejected) > len(shown) else "")
    rows = "".join(f'<tr><th scope="row">{escape(p.term)}</th><td>{p.total}</td><td>{_evidence_text(p.evidence)}</td>'
                   f"<td>{_marked(p.context, p.term)}</td></tr>"
                   for p in shown)
    example = escape(commands("说法")[0])
    return ["## 程序未收录的候选", "",
            f'<p class="kb-muted">加了引号或形似提法、但依据不足而没有收录的 {len(rejected)} 个说法{more}。'
            f"其中确是提法的，可以审定：<code>{example}</code>（把“说法”换成表中的写法；讲话中没有释义时加 "
            "<code>--definition \"……\"</code>）。</p>", "",
            '<div class="kb-review kb-mentions kb-table-wrap"><table class="kb-review-rejected">'
            '<caption>程序未收录的候选</caption><thead><tr><th scope="col">说法</th><th scope="col">次数</th>'
            '<th scope="col">未收录的原因</th><th scope="col">原文</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>", ""]


def review_pages(glossary: Glossary, corpus) -> list[tuple[str, str]]:
    """[(src uri, Markdown)] of 提法审定: every extracted term (待审定), newest first use first,
    with its evidence, mentions, first use, one line of context and the exact commands that
    accept, suppress or merge it, REVIEW_PER_PAGE a page (glossary/review/, review/2/, …: no page
    grows with the corpus); the first page ends with the candidates the rules turned down."""
    found = pending_terms(glossary, corpus, rejected=True)
    items = [p for p in found if p.accepted]
    rejected = [p for p in found if not p.accepted]
    chunks = [items[i:i + REVIEW_PER_PAGE] for i in range(0, len(items), REVIEW_PER_PAGE)] or [[]]
    out = []
    for number, chunk in enumerate(chunks, 1):
        page_url = review_page_url(number)
        back = urls.relative(page_url, index_url())
        title = "# 提法审定" + (f"（第 {number} 页）" if number > 1 else "")
        lines = [title, ""]
        if number == 1:
            lines += [f'<p>程序从讲话中识别出、尚未经编辑审定的提法 {len(items)} 个（待审定），首次使用较新的在前'
                      + (f"，每页 {REVIEW_PER_PAGE} 个" if len(chunks) > 1 else "") + "。"
                      "每个提法列出识别的依据、出现情况和一处原文。在项目目录中运行所列命令即可把它审定为正式提法"
                      "（写入 <code>data/glossary.yml</code>，讲话中给出的释义作为初稿）、不再收录，或合并到另一个提法；"
                      "重新构建网站后生效。终端中运行 <code>.venv/bin/python scripts/review_terms.py</code> 可看到同样的清单"
                      "（<code>--speech</code> 按讲话、<code>--year</code> 按年份筛选）。</p>", ""]
        lines += [f'<p class="kb-muted"><a href="{back}">← 返回提法释义</a></p>', ""]
        if chunk:
            lines += [f'<div class="kb-review kb-mentions">{"".join(_review_item(p, corpus, page_url) for p in chunk)}</div>', ""]
        else:
            lines += ["<p>目前没有待审定的提法。</p>", ""]
        pager = pager_html(number, len(chunks), lambda n, here=page_url: urls.relative(here, review_page_url(n)), "审定分页")
        lines += [pager, ""] if pager else []
        if number == 1 and rejected:
            lines += _rejected_block(rejected)
        out.append((review_page_uri(number), "\n".join(lines)))
    return out
