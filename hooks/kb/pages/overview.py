"""The 概览 page: which formulations leaders used most in each year, and the topic mix of every
speech. Charts are inline SVG (no script) with text labels on every bar and, for the topic mix,
a fill pattern per topic as well as a colour, so they read in greyscale print and without colour
vision; each chart is followed by the same numbers as a table.

One scale per chart: the bars of every year share one scale (the most used term of any year), so
a 3 is a fifth as long as a 16; the topic mix bars share one scale too (the speech with the most
classified paragraphs), so a short speech has a short bar. The SVGs are drawn about as wide as a
phone's screen (CHART_W) with 13 px text, so they are shown near their natural size at 390 px
instead of being shrunk to ~5 px text; the legend is HTML text.

Nothing from the speeches or the data files becomes markup: everything is escaped.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from kb.build import urls
from kb.glossary.assembly import Term, pinyin_key
from kb.pages.glossary import UNDATED, year_label
from kb.pages.learning import LearningInputs
from kb.text.redaction import escape_with_redactions
from kb.pages.speech import escape

URI = "overview/index.md"
URL = "overview/"
TITLE = "概览"
TOP_PER_YEAR = 8
MAX_MIX_ROWS = 50     # the per-speech topic mix lists the newest speeches only (page weight)
LABEL_W, BAR_W, VALUE_W, ROW_H = 118, 190, 42, 26
CHART_W = LABEL_W + BAR_W + VALUE_W      # 350: fits a 390 px screen without scaling
MIX_W, MIX_H = CHART_W, 26
LABEL_CHARS = 8                          # longer term labels are shortened (full text in <title>)
# (colour, pattern) per topic, in taxonomy order: a topic is told apart by its pattern alone.
PATTERNS = [
    ("#b71c1c", "solid"),
    ("#1565c0", "diagonal"),
    ("#2e7d32", "dots"),
    ("#ef6c00", "cross"),
    ("#6a1b9a", "vertical"),
    ("#546e7a", "horizontal"),
]


# --------------------------------------------------------------------------- data

def top_terms_by_year(terms: list[Term], corpus, limit: int = TOP_PER_YEAR) -> list[tuple[str, list[tuple[Term, int]]]]:
    """[(year, [(term, uses in that year)])], newest year first, undated last."""
    speeches = corpus.by_id()
    per_year: dict[str, Counter] = defaultdict(Counter)
    by_slug = {t.slug: t for t in terms}
    for term in terms:
        for mention in term.mentions:
            per_year[year_label(speeches.get(mention.speech_id))][term.slug] += mention.count
    years = sorted(per_year, key=lambda y: (y == UNDATED, [-ord(c) for c in y]))
    out = []
    for year in years:
        ranked = sorted(per_year[year].items(), key=lambda kv: (-kv[1], -by_slug[kv[0]].importance,
                                                                 pinyin_key(by_slug[kv[0]].term)))
        out.append((year, [(by_slug[slug], n) for slug, n in ranked[:limit]]))
    return out


def topic_mix(inputs: LearningInputs) -> list[tuple[object, list[tuple[str, int]]]]:
    """[(speech, [(topic id, paragraphs)])] newest first; topics in taxonomy order."""
    if inputs.topics is None:
        return []
    order = [tid for tid, _, _ in inputs.topic_list()]
    out = []
    for speech in inputs.corpus.speeches:
        mix = dict(inputs.topics.speech_mix(speech))
        out.append((speech, [(tid, mix.get(tid, 0)) for tid in order]))
    return out


# --------------------------------------------------------------------------- SVG

def _svg(width: int, height: int, title: str, body: str, defs: str = "") -> str:
    return (f'<svg class="kb-chart-svg" role="img" aria-label="{escape(title)}" width="{width}" height="{height}"'
            f' viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-size="13">'
            f"<title>{escape(title)}</title>{defs}{body}</svg>")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def hbar_chart_svg(rows: list[tuple[str, int]], title: str, peak: int | None = None) -> str:
    """Horizontal bars: the label left of each bar, the value at its end. `peak`: the value of a
    full-length bar, shared by every chart drawn on one scale (default: this chart's largest)."""
    peak = max([peak or 0] + [n for _, n in rows] + [1])
    height = len(rows) * ROW_H + 8
    width = CHART_W
    shapes = []
    for i, (label, n) in enumerate(rows):
        y = 4 + i * ROW_H
        w = max(round(BAR_W * n / peak), 1)
        shapes.append(
            f'<text x="{LABEL_W - 6}" y="{y + 17}" text-anchor="end" class="kb-bar-label">{escape(_short(label))}</text>'
            f'<rect class="kb-bar" x="{LABEL_W}" y="{y + 3}" width="{w}" height="{ROW_H - 8}" rx="2" fill="#c62828">'
            f"<title>{escape(label)}：{n} 次</title></rect>"
            f'<text x="{LABEL_W + w + 5}" y="{y + 17}" class="kb-bar-value">{n}</text>')
    return _svg(width, height, title, "".join(shapes))


def _pattern_defs(prefix: str, only: int | None = None) -> str:
    out = []
    for i, (colour, kind) in enumerate(PATTERNS):
        if only is not None and i != only:
            continue
        pid = f"{prefix}-{i}"
        base = f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.25"/>'
        marks = {
            "solid": f'<rect width="8" height="8" fill="{colour}"/>',
            "diagonal": base + f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" stroke-width="2"/>',
            "dots": base + f'<circle cx="4" cy="4" r="1.8" fill="{colour}"/>',
            "cross": base + f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{colour}" stroke-width="1.4"/>',
            "vertical": base + f'<path d="M2,0 V8 M6,0 V8" stroke="{colour}" stroke-width="1.6"/>',
            "horizontal": base + f'<path d="M0,2 H8 M0,6 H8" stroke="{colour}" stroke-width="1.6"/>',
        }[kind]
        out.append(f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">{marks}</pattern>')
    return "<defs>" + "".join(out) + "</defs>"


def legend_html(names: list[str], prefix: str) -> str:
    """The legend as HTML text (wraps on a phone), each topic with a swatch of its pattern."""
    items = []
    for i, name in enumerate(names):
        swatch = (f'<svg class="kb-legend-swatch" width="22" height="16" viewBox="0 0 22 16" aria-hidden="true"'
                  f' xmlns="http://www.w3.org/2000/svg">{_pattern_defs(prefix, i % len(PATTERNS))}'
                  f'<rect x="1" y="1" width="20" height="14" fill="url(#{prefix}-{i % len(PATTERNS)})"'
                  ' stroke="#333" stroke-width="0.6"/></svg>')
        items.append(f"<li>{swatch}{escape(name)}</li>")
    return f'<ul class="kb-legend" aria-label="图例：专题与填充图案">{"".join(items)}</ul>'


def stacked_bar_svg(segments: list[tuple[str, int]], title: str, prefix: str, index: dict[str, int],
                    peak: int | None = None) -> str:
    """One speech's topic mix as a bar of its listed paragraphs, on the scale of `peak` (the
    largest total of the chart; default this bar's own); each segment filled with its topic's
    pattern and, where wide enough, labelled with the topic name and count."""
    total = sum(n for _, n in segments)
    height = MIX_H
    width = MIX_W
    scale = width / max(peak or 0, total, 1)
    x, shapes = 0.0, []
    for name, n in segments:
        if not n:
            continue
        w = scale * n
        shapes.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="url(#{prefix}-{index[name]})"'
                      f' stroke="#fff" stroke-width="1"><title>{escape(name)}：{n} 段</title></rect>')
        label = f"{name} {n}" if w >= 14 * (len(name) + 2) else (str(n) if w >= 18 else "")
        if label:
            shapes.append(f'<text x="{x + w / 2:.1f}" y="17" text-anchor="middle" class="kb-mix-label"'
                          f' paint-order="stroke" stroke="#fff" stroke-width="3">{escape(label)}</text>')
        x += w
    if not total:
        shapes.append(f'<text x="4" y="17" class="kb-muted">未归入专题</text>')
    return _svg(width, height, title, "".join(shapes), _pattern_defs(prefix))


# --------------------------------------------------------------------------- page

def _terms_section(inputs: LearningInputs, page_url: str) -> list[str]:
    years = top_terms_by_year(inputs.glossary.terms, inputs.corpus)
    lines = ["## 各年份讲话中用得最多的提法", "",
             f'<p class="kb-muted">每年使用次数最多的 {TOP_PER_YEAR} 个提法（条形旁的数字为次数），'
             "各年的条形按同一比例绘制，可以直接比较；点提法看释义和全部用法。</p>", ""]
    if not years:
        return lines + ["<p>暂无数据。</p>", ""]
    peak = max((n for _, ranked in years for _, n in ranked), default=1)    # one scale for every year
    for year, ranked in years:
        heading = f"{year} 年" if year.isdigit() else year
        chart = hbar_chart_svg([(t.term, n) for t, n in ranked], f"{heading}讲话中使用最多的提法", peak)
        links = "、".join(f'<a href="{urls.relative(page_url, t.url)}">{escape(t.term)}</a>（{n}）' for t, n in ranked)
        lines += [f"### {escape(heading)}", "", f'<div class="kb-chart">{chart}</div>', "",
                  f'<p class="kb-chart-text">{links}</p>', ""]
    return lines


def _mix_section(inputs: LearningInputs, page_url: str) -> list[str]:
    rows = topic_mix(inputs)
    if not rows:
        return []
    total_rows = len(rows)
    rows = rows[:MAX_MIX_ROWS]          # newest first: one row per speech would grow without bound
    topics = inputs.topic_list()
    names = [name for _, name, _ in topics]
    index = {name: i % len(PATTERNS) for i, name in enumerate(names)}
    name_of = {tid: name for tid, name, _ in topics}
    lines = ["## 每篇讲话的专题构成", "",
             '<p class="kb-muted">每篇讲话中归入各专题的段落数（与专题页列出的段落相同；一段可以同时归入几个专题）。'
             "所有讲话的条形按同一比例绘制，条形越长，归入专题的段落越多；每个专题用不同的填充图案表示。</p>", ""]
    if total_rows > len(rows):
        speeches_url = urls.relative(page_url, f"{urls.SPEECHES_DIR}/")
        lines += [f'<p class="kb-muted">共 {total_rows} 篇讲话，这里只列出最新的 {len(rows)} 篇；'
                  f'全部讲话见<a href="{speeches_url}">讲话列表</a>，每篇讲话页面上有它的专题。</p>', ""]
    lines += [
             legend_html(names, "kb-mixlg"), ""]
    peak = max((sum(c for _, c in mix) for _, mix in rows), default=1)
    items = []
    for n, (speech, mix) in enumerate(rows):
        segments = [(name_of[tid], count) for tid, count in mix]
        prefix = f"kb-mix{n}"
        title = f"{speech.meta.title}：专题构成"
        date = f'<span class="kb-muted">{escape(speech.meta.date)}</span> ' if speech.meta.date else ""
        items.append(f'<div class="kb-mix-row"><p class="kb-mix-title">{date}'
                     f'<a href="{urls.relative(page_url, urls.speech_url(speech.id))}">{escape_with_redactions(speech.meta.title)}</a></p>'
                     f'<div class="kb-chart">{stacked_bar_svg(segments, title, prefix, index, peak)}</div></div>')
    lines += ["".join(items), ""]
    head = "".join(f"<th>{escape(name)}</th>" for name in names)
    body = "".join(
        f'<tr><td><a href="{urls.relative(page_url, urls.speech_url(speech.id))}">{escape_with_redactions(speech.meta.title)}</a></td>'
        + "".join(f"<td>{count}</td>" for _, count in mix) + "</tr>" for speech, mix in rows)
    # The totals are over every speech, the same count as the topic pages and 新同志入门.
    totals = inputs.topics.topic_totals(inputs.corpus.speeches)
    foot = "".join(f"<td>{totals.get(tid, (0, 0))[0]}</td>" for tid, _, _ in topics)
    label = "全部讲话合计" if total_rows == len(rows) else f"全部 {total_rows} 篇讲话合计"
    lines += ['<details class="kb-chart-table"><summary>以表格查看段落数</summary>',
              f"<table><thead><tr><th>讲话</th>{head}</tr></thead><tbody>{body}</tbody>"
              f'<tfoot><tr class="kb-mix-total"><th scope="row">{label}</th>{foot}</tr></tfoot></table></details>', ""]
    return lines


def overview_markdown(inputs: LearningInputs, page_url: str = URL) -> str:
    speeches = inputs.corpus.speeches
    years = sorted({s.meta.year for s in speeches if s.meta.year})
    span = f"{years[0]}—{years[-1]} 年" if len(years) > 1 else (f"{years[0]} 年" if years else "")
    used = [t for t in inputs.glossary.terms if t.total]
    intro = (f"<p>知识库收录 {len(speeches)} 篇讲话（{escape(span)}），其中使用了 {len(used)} 个提法。"
             "下面的图表由讲话、提法释义和专题分类自动生成。</p>") if speeches else "<p>尚未收录讲话。</p>"
    return "\n".join([f"# {TITLE}", "", intro, ""] + _terms_section(inputs, page_url) + _mix_section(inputs, page_url))
