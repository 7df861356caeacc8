"""The 概览 page: which formulations leaders used most in each year, and the topic mix of every
speech. Charts are inline SVG (no script) with text labels on every bar and, for the topic mix,
a fill pattern per topic as well as a colour, so they read in greyscale print and without colour
vision; each chart is followed by the same numbers as a table.

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
LABEL_W, BAR_W, ROW_H = 150, 360, 24
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
            f' viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-size="12">'
            f"<title>{escape(title)}</title>{defs}{body}</svg>")


def hbar_chart_svg(rows: list[tuple[str, int]], title: str) -> str:
    """Horizontal bars: the label left of each bar, the value at its end."""
    peak = max([n for _, n in rows] + [1])
    height = len(rows) * ROW_H + 8
    width = LABEL_W + BAR_W + 40
    shapes = []
    for i, (label, n) in enumerate(rows):
        y = 4 + i * ROW_H
        w = max(round(BAR_W * n / peak), 1)
        shapes.append(
            f'<text x="{LABEL_W - 6}" y="{y + 16}" text-anchor="end" class="kb-bar-label">{escape(label)}</text>'
            f'<rect class="kb-bar" x="{LABEL_W}" y="{y + 3}" width="{w}" height="{ROW_H - 8}" rx="2" fill="#c62828">'
            f"<title>{escape(label)}：{n} 次</title></rect>"
            f'<text x="{LABEL_W + w + 5}" y="{y + 16}" class="kb-bar-value">{n}</text>')
    return _svg(width, height, title, "".join(shapes))


def _pattern_defs(prefix: str) -> str:
    out = []
    for i, (colour, kind) in enumerate(PATTERNS):
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


def legend_svg(names: list[str], prefix: str) -> str:
    width, item = 640, 124
    cells = []
    for i, name in enumerate(names):
        x = (i % 5) * item
        y = (i // 5) * 22
        cells.append(f'<rect x="{x}" y="{y + 2}" width="18" height="14" fill="url(#{prefix}-{i % len(PATTERNS)})"'
                     f' stroke="#333" stroke-width="0.6"/><text x="{x + 24}" y="{y + 14}">{escape(name)}</text>')
    height = ((len(names) - 1) // 5 + 1) * 22 if names else 0
    return _svg(width, height, "图例：专题与填充图案", "".join(cells), _pattern_defs(prefix))


def stacked_bar_svg(segments: list[tuple[str, int]], title: str, prefix: str, index: dict[str, int]) -> str:
    """One speech's topic mix as a 100% bar; each segment filled with its topic's pattern and,
    where wide enough, labelled with the topic name and count."""
    total = sum(n for _, n in segments)
    width, height = 640, 26
    x, shapes = 0.0, []
    for name, n in segments:
        if not n:
            continue
        w = width * n / total
        shapes.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="url(#{prefix}-{index[name]})"'
                      f' stroke="#fff" stroke-width="1"><title>{escape(name)}：{n} 段</title></rect>')
        label = f"{name} {n}" if w >= 16 * (len(name) + 1) else (str(n) if w >= 18 else "")
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
             f'<p class="kb-muted">每年使用次数最多的 {TOP_PER_YEAR} 个提法（条形旁的数字为次数），点提法看释义和全部用法。</p>', ""]
    if not years:
        return lines + ["<p>暂无数据。</p>", ""]
    for year, ranked in years:
        heading = f"{year} 年" if year.isdigit() else year
        chart = hbar_chart_svg([(t.term, n) for t, n in ranked], f"{heading}讲话中使用最多的提法")
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
             '<p class="kb-muted">每篇讲话中归入各专题的段落数（一段可以同时归入几个专题），'
             "条形按比例分段，每个专题用不同的填充图案表示。</p>", ""]
    if total_rows > len(rows):
        speeches_url = urls.relative(page_url, f"{urls.SPEECHES_DIR}/")
        lines += [f'<p class="kb-muted">共 {total_rows} 篇讲话，这里只列出最新的 {len(rows)} 篇；'
                  f'全部讲话见<a href="{speeches_url}">讲话列表</a>，每篇讲话页面上有它的专题。</p>', ""]
    lines += [
             f'<div class="kb-chart">{legend_svg(names, "kb-mixlg")}</div>', ""]
    items = []
    for n, (speech, mix) in enumerate(rows):
        segments = [(name_of[tid], count) for tid, count in mix]
        prefix = f"kb-mix{n}"
        title = f"{speech.meta.title}：专题构成"
        date = f'<span class="kb-muted">{escape(speech.meta.date)}</span> ' if speech.meta.date else ""
        items.append(f'<div class="kb-mix-row"><p class="kb-mix-title">{date}'
                     f'<a href="{urls.relative(page_url, urls.speech_url(speech.id))}">{escape_with_redactions(speech.meta.title)}</a></p>'
                     f'<div class="kb-chart">{stacked_bar_svg(segments, title, prefix, index)}</div></div>')
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
