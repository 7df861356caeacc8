"""Topic pages as Markdown: the topic index, one page per topic, and for big topics one page per
sub-topic (and per sub-topic and year), plus the topic badges shown on speech pages.

Splitting, so that a page stays readable at 1,000 speeches: a topic with at most PAGE_LIMIT
passages is one page. A bigger topic's page shows the overview and links one page per sub-topic
(`topics/<topic>/<subtopic>.md`); a sub-topic with more than PAGE_LIMIT passages is split again
by year (`topics/<topic>/<subtopic>-<year>.md`) and its page lists the years; a year with more
than PASSAGES_PER_PAGE passages continues on numbered pages (`…/<subtopic>-<year>/2.md`, …), so no
page grows with the corpus.

Nothing from speeches or the taxonomy becomes markup: Markdown contexts use `literal_inline`,
raw HTML uses `escape_with_redactions` / `escape`.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from kb.build import urls
from kb.corpus.loading import Corpus
from kb.model.speech import Paragraph, Section, Speech
from kb.pages.pager import pager_html
from kb.text.redaction import escape_with_redactions
from kb.pages.speech import OPENING_HEADING, escape, literal_inline
from kb.topics.taxonomy import Taxonomy, Topic
from kb.topics.classify import CorpusTopics, heading_paths

TOPICS_DIR = "topics"
INDEX_URI = f"{TOPICS_DIR}/index.md"
PAGE_LIMIT = 80          # passages on one page before it is split by sub-topic, then by year
PASSAGES_PER_PAGE = 20   # a year of a sub-topic above PAGE_LIMIT is read in pages of this many
FOLD_CHARS = 220         # longer passages show their first three lines until unfolded
GENERAL_ID, GENERAL_NAME = "general", "综合论述"
UNDATED = "undated"


def terms_marker(topic_id: str) -> str:
    """Where the glossary stage puts the topic's key slogans."""
    return f"<!-- kb:topic-terms:{topic_id} -->"


def topic_page_uri(topic_id: str) -> str:
    return f"{TOPICS_DIR}/{topic_id}.md"


def topic_page_url(topic_id: str) -> str:
    return f"{TOPICS_DIR}/{topic_id}/"


def uri_to_url(src_uri: str) -> str:
    stem = src_uri[:-len(".md")]
    return stem[:-len("index")] if stem.endswith("/index") or stem == "index" else stem + "/"


# --------------------------------------------------------------------------- passages

@dataclass
class Passage:
    """One paragraph listed on a topic page."""
    speech: Speech
    section: Section
    paragraph: Paragraph
    heading_path: list[str]
    subtopic_id: str
    why: str

    @property
    def year_key(self) -> str:
        return str(self.speech.meta.year) if self.speech.meta.year else UNDATED


def _heading_path(section: Section, parents: list[Section]) -> list[str]:
    return [p.heading for p in parents] + [section.heading or OPENING_HEADING]


def collect_passages(corpus: Corpus, taxonomy: Taxonomy, topics: CorpusTopics) -> dict[str, list[Passage]]:
    """Topic id -> its passages, speeches newest first, each speech in reading order."""
    by_topic: dict[str, list[Passage]] = {t.id: [] for t in taxonomy.topics}
    for speech in corpus.speeches:
        parents = heading_paths(speech)
        for section, paragraph in speech.paragraphs():
            for topic_id in topics.listed_topics(speech.id, section, paragraph):
                sub = topics.subtopic_of(speech.id, section.id, paragraph.id, topic_id) or GENERAL_ID
                by_topic[topic_id].append(Passage(
                    speech, section, paragraph, _heading_path(section, parents[section.id]), sub,
                    topics.why(speech.id, section.id, paragraph.id, topic_id)))
    return by_topic


def subtopic_groups(topic: Topic, passages: list[Passage]) -> list[tuple[str, str, list[Passage]]]:
    """[(sub-topic id, name, passages)] in taxonomy order, the unassigned group last; empty
    groups kept so the overview shows every sub-topic."""
    groups = [(s.id, s.name, [p for p in passages if p.subtopic_id == s.id]) for s in topic.subtopics]
    general = [p for p in passages if p.subtopic_id == GENERAL_ID]
    if general:
        groups.append((GENERAL_ID, GENERAL_NAME, general))
    return groups


def speech_count(passages: list[Passage]) -> int:
    return len({p.speech.id for p in passages})


# --------------------------------------------------------------------------- rendering

def passage_html(passage: Passage, page_url: str) -> str:
    text = passage.paragraph.text
    link = urls.relative(page_url, urls.anchor_url(passage.speech.id, passage.paragraph.id))
    path = " › ".join(escape_with_redactions(h) for h in passage.heading_path)
    body = f'<p class="kb-passage-text">{escape_with_redactions(text)}</p>'
    if len(text) > FOLD_CHARS:
        # Written once: CSS shows the first lines, the button (docs/assets/kb.js) the rest.
        # Without script the whole text shows and the button is hidden.
        body = (f'<p class="kb-passage-text kb-clamp">{escape_with_redactions(text)}</p>'
                f'<button type="button" class="kb-fold-more" aria-expanded="false">展开全文（{len(text)} 字）</button>')
    return (f'<div class="kb-passage">\n<p class="kb-passage-path">{path}</p>\n{body}\n'
            f'<p class="kb-passage-foot"><a class="kb-passage-link" href="{escape(link)}">查看原文 ›</a>'
            '</p>\n</div>')


def speech_group_markdown(anchor: str, passages: list[Passage], page_url: str, level: int = 3) -> list[str]:
    """One speech's passages under its title, a heading of `level` (3 under a sub-topic's
    heading, 2 right under the page title: the outline never skips a level)."""
    speech = passages[0].speech
    meta = " · ".join(literal_inline(v) for v in (speech.meta.date, speech.meta.occasion) if v)
    lines = [f"{'#' * level} {literal_inline(speech.meta.title)} {{#{anchor}}}", ""]
    if meta:
        lines += [f'<p class="kb-muted kb-passage-meta">{meta}</p>', ""]
    for passage in passages:
        lines += [passage_html(passage, page_url), ""]
    return lines


def passages_markdown(anchor_prefix: str, passages: list[Passage], page_url: str, level: int = 3) -> list[str]:
    """Passages grouped by speech (in the given order: newest first), speech titles at `level`."""
    lines: list[str] = []
    for speech_id, group in groupby(passages, key=lambda p: p.speech.id):
        lines += speech_group_markdown(f"{anchor_prefix}-{speech_id}", list(group), page_url, level)
    return lines


def year_label(year_key: str) -> str:
    return "未注明年份" if year_key == UNDATED else f"{year_key} 年"


@dataclass
class GeneratedPage:
    src_uri: str
    markdown: str

    @property
    def url(self) -> str:
        return uri_to_url(self.src_uri)


def _intro_lines(topic: Topic, passages: list[Passage]) -> list[str]:
    return [f"# {literal_inline(topic.name)}", "",
            f'<p class="kb-topic-lead">{escape_with_redactions(topic.description)}</p>', "",
            f"共收录 **{len(passages)}** 段相关论述，来自 **{speech_count(passages)}** 篇讲话。"
            "每段论述注明出处，点“查看原文”可跳到讲话中的原段落。", ""]


def _overview_table(groups, link_of) -> list[str]:
    # kb-subtopic-table: a list of the sections below, not indexed for search.
    lines = ["## 子专题一览", "", '<div class="kb-subtopic-table" markdown>', "",
             "| 子专题 | 论述（段） | 讲话（篇） |", "| --- | ---: | ---: |"]
    for sub_id, name, passages in groups:
        label = f"[{literal_inline(name)}]({link_of(sub_id)})" if passages else literal_inline(name)
        lines.append(f"| {label} | {len(passages)} | {speech_count(passages)} |")
    return lines + ["", "</div>", ""]


def single_topic_page(topic: Topic, passages: list[Passage]) -> GeneratedPage:
    uri = topic_page_uri(topic.id)
    url = uri_to_url(uri)
    groups = subtopic_groups(topic, passages)
    lines = _intro_lines(topic, passages) + _overview_table(groups, lambda s: f"#sub-{s}")
    lines += [terms_marker(topic.id), ""]
    for sub_id, name, group in groups:
        if group:
            lines += [f"## {literal_inline(name)} {{#sub-{sub_id}}}", ""]
            lines += passages_markdown(f"{sub_id}", group, url)
    return GeneratedPage(uri, "\n".join(lines) + "\n")


def subtopic_uri(topic_id: str, sub_id: str, year_key: str | None = None) -> str:
    return f"{TOPICS_DIR}/{topic_id}/{sub_id}" + (f"-{year_key}" if year_key else "") + ".md"


def subtopic_pages(topic: Topic, sub_id: str, name: str, passages: list[Passage]) -> list[GeneratedPage]:
    """The page of one sub-topic; split by year when it holds more than PAGE_LIMIT passages."""
    uri = subtopic_uri(topic.id, sub_id)
    head = [f"# {literal_inline(topic.name)}：{literal_inline(name)}", "",
            f"[← 返回“{literal_inline(topic.name)}”专题](../{topic.id}.md)", "",
            f"共 **{len(passages)}** 段论述，来自 **{speech_count(passages)}** 篇讲话。", ""]
    if len(passages) <= PAGE_LIMIT:
        return [GeneratedPage(uri, "\n".join(head + passages_markdown(sub_id, passages, uri_to_url(uri), 2)) + "\n")]
    pages, year_lines = [], ["## 按年份", ""]
    for year_key, group in groupby(passages, key=lambda p: p.year_key):
        group = list(group)
        year_uri = subtopic_uri(topic.id, sub_id, year_key)
        year_lines.append(f"- [{year_label(year_key)}]({year_uri.rsplit('/', 1)[1]})："
                          f"{len(group)} 段，{speech_count(group)} 篇讲话")
        title = f"{literal_inline(topic.name)}：{literal_inline(name)}（{year_label(year_key)}）"
        back = f"[← 返回“{literal_inline(name)}”](" + "{up}" + f"{uri.rsplit('/', 1)[1]})"
        summary = f"共 **{len(group)}** 段论述，来自 **{speech_count(group)}** 篇讲话。"
        pages += numbered_pages(year_uri, title, back, summary, sub_id, group)
    return [GeneratedPage(uri, "\n".join(head + year_lines) + "\n")] + pages


def speech_chunks(passages: list[Passage], limit: int) -> list[list[Passage]]:
    """Consecutive runs of at most `limit` passages that keep each speech's passages together
    (a speech with more than `limit` passages alone is one run)."""
    chunks: list[list[Passage]] = []
    for _, group in groupby(passages, key=lambda p: p.speech.id):
        group = list(group)
        if chunks and len(chunks[-1]) + len(group) <= limit:
            chunks[-1] += group
        else:
            chunks.append(group)
    return chunks or [[]]


def numbered_uri(uri: str, number: int) -> str:
    """Page 1 keeps the page's own address; page n is `<page>/<n>.md`."""
    return uri if number == 1 else f"{uri[:-len('.md')]}/{number}.md"


def topic_pager(uri: str, number: int, total: int) -> str:
    here = uri_to_url(numbered_uri(uri, number))
    return pager_html(number, total,
                      lambda n: urls.relative(here, uri_to_url(numbered_uri(uri, n))), "分页")


def numbered_pages(uri: str, title: str, back: str, summary: str, anchor_prefix: str,
                   passages: list[Passage]) -> list[GeneratedPage]:
    """A list of passages as one page, or — above PASSAGES_PER_PAGE passages — as pages of at
    most that many (whole speeches kept together): `uri` is page 1, `<uri>/2.md`, … the rest.
    `back` is a Markdown link written relative to page 1 with `{up}` where a later page,
    one folder deeper, needs "../"."""
    chunks = speech_chunks(passages, PASSAGES_PER_PAGE)
    pages = []
    for number, chunk in enumerate(chunks, 1):
        page_uri = numbered_uri(uri, number)
        pager = topic_pager(uri, number, len(chunks))
        lines = [f"# {title}" + (f"（第 {number} 页）" if number > 1 else ""), "",
                 back.replace("{up}", "../" if number > 1 else ""), "", summary, ""]
        if pager:
            lines += [f"每页约 {PASSAGES_PER_PAGE} 段，按讲话（新的在前）排列。", "", pager, ""]
        lines += passages_markdown(anchor_prefix, chunk, uri_to_url(page_uri), 2)
        if pager:
            lines += [pager, ""]
        pages.append(GeneratedPage(page_uri, "\n".join(lines) + "\n"))
    return pages


def split_topic_pages(topic: Topic, passages: list[Passage]) -> list[GeneratedPage]:
    groups = subtopic_groups(topic, passages)
    uri = topic_page_uri(topic.id)
    lines = _intro_lines(topic, passages)
    lines += _overview_table(groups, lambda s: f"{topic.id}/{s}.md")
    lines += ["论述较多，按子专题分页阅读：点击上表中的子专题名称。", "", terms_marker(topic.id), ""]
    pages = [GeneratedPage(uri, "\n".join(lines) + "\n")]
    for sub_id, name, group in groups:
        if group:
            pages += subtopic_pages(topic, sub_id, name, group)
    return pages


def topic_pages(topic: Topic, passages: list[Passage]) -> list[GeneratedPage]:
    """Every generated page of one topic; the first one is `topics/<id>.md`."""
    if len(passages) <= PAGE_LIMIT:
        return [single_topic_page(topic, passages)]
    return split_topic_pages(topic, passages)


def index_markdown(taxonomy: Taxonomy, by_topic: dict[str, list[Passage]]) -> str:
    lines = ["# 专题", "",
             "讲话中的论述按五个专题归类，每个专题汇集历次讲话中的相关段落，"
             "按子专题和讲话（新的在前）排列，每段都可一键跳回原文。", ""]
    for topic in taxonomy.topics:
        passages = by_topic.get(topic.id, [])
        subs = "、".join(f"{literal_inline(name)}（{len(group)}）"
                        for _, name, group in subtopic_groups(topic, passages) if group)
        lines += [f"## [{literal_inline(topic.name)}]({topic.id}.md)", "",
                  literal_inline(topic.description), "",
                  f'<p class="kb-muted">{len(passages)} 段论述 · {speech_count(passages)} 篇讲话'
                  + (f" · 子专题：{subs}" if subs else "") + "</p>", ""]
    return "\n".join(lines)


def taxonomy_error_markdown(message: str) -> str:
    return ("# 专题\n\n!!! failure \"专题分类表有误，专题页暂不可用\"\n\n"
            + "\n".join("    " + literal_inline(line) + "<br>" for line in message.splitlines()) + "\n")


# --------------------------------------------------------------------------- speech pages

def badges_html(topic_ids: list[str], taxonomy: Taxonomy, page_url: str, titles: dict[str, str] | None = None,
                counts: dict[str, int] | None = None) -> str:
    titles, counts = titles or {}, counts or {}
    out = []
    for topic_id in topic_ids:
        name = taxonomy.topic(topic_id).name
        href = escape(urls.relative(page_url, topic_page_url(topic_id)))
        title = escape(titles.get(topic_id) or f"查看“{name}”专题")
        count = f' <span class="kb-badge-count">{counts[topic_id]}</span>' if topic_id in counts else ""
        out.append(f'<a class="kb-badge" href="{href}" title="{title}">{escape(name)}{count}</a>')
    return "".join(out)


def speech_topic_slots(speech: Speech, taxonomy: Taxonomy, topics: CorpusTopics) -> tuple[str, dict[str, str]]:
    """(after_meta, after_heading) for kb.pages.speech.speech_markdown: the speech's topic mix and
    each section's topic badges, linking to the topic pages."""
    page_url = urls.speech_url(speech.id)
    mix = topics.speech_mix(speech)
    after_meta = ""
    if mix:
        counts = dict(mix)
        titles = {t: f"本篇有 {n} 段论及“{taxonomy.topic(t).name}”" for t, n in mix}
        after_meta = (f'<div class="kb-topic-mix"><span class="kb-topic-mix-label">专题分布</span>'
                      f'{badges_html([t for t, _ in mix], taxonomy, page_url, titles, counts)}</div>')
    after_heading = {}
    for section in speech.sections:
        section_topics = topics.section_topics.get((speech.id, section.id), [])
        if section_topics:
            verdict = topics.section_verdicts[(speech.id, section.id)]
            titles = {t: f"归类依据：{verdict.why(t)}" for t in section_topics}
            after_heading[section.id] = (f'<div class="kb-topic-badges">'
                                         f'{badges_html(section_topics, taxonomy, page_url, titles)}</div>')
    return after_meta, after_heading
