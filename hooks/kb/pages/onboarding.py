"""The 新同志入门 page: what the knowledge base is and how to use it, a reading order of the
formulations (importance × usage), the five topics, the newest speeches, and a short path per
role (data/roles.yml). Everything below the intro is generated from the glossary and topics, so it
follows the speeches; a hand-written docs/onboarding/index.md replaces the intro.

Nothing from the speeches or the data files becomes markup: raw HTML uses `escape`.
"""
from __future__ import annotations


from kb.build import urls
from kb.glossary.assembly import Term
from kb.pages.glossary import topic_terms
from kb.pages.home import stats_markdown
from kb.pages.learning import LearningInputs, reading_order
from kb.text.redaction import escape_with_redactions
from kb.pages.roles import ResolvedRole
from kb.pages.speech import escape, literal_inline

URI = "onboarding/index.md"
URL = "onboarding/"
TITLE = "新同志入门"
MARKER = "<!-- kb:onboarding -->"
FIRST_TERMS = 15
NEWEST = 3
TOPIC_TERMS = 5

HANDBOOK_URL, QUIZ_URL, OVERVIEW_URL = "handbook/", "quiz/", "overview/"


def default_intro(inputs: LearningInputs) -> str:
    return "\n".join([
        f"# {TITLE}", "",
        "欢迎加入党务工作队伍。本知识库把本单位的领导讲话整理成可检索、可按段落引用的网站，"
        "并把讲话中的重要提法、五个专题和新同志应知应会的内容汇集在一起。"
        + stats_markdown(inputs.corpus), "",
        "怎样使用：",
        "",
        "- **讲话**：每篇讲话的原文，每一段都有固定链接，引用时可以直接发链接。",
        "- **专题**：按思想建设、组织建设等五个专题汇集的论述。",
        "- **提法释义**：每个提法的含义、出处，以及在讲话中怎样使用。讲话正文中带虚线的词，鼠标移上去就能看到释义。",
        "- **搜索**：页面顶部的搜索框，可以搜提法、人名以外的任意词语。",
        "- **应知应会**、**自测**：学完之后打印手册复习，再做题检验。",
        "",
        "建议按下面的顺序学习。",
        "",
    ])


def _term_item(term: Term, page_url: str, with_count: bool = True) -> str:
    must = '<span class="kb-must" title="重要程度 3：新同志必知">必知</span>' if term.importance >= 3 else ""
    short = f'<span class="kb-muted"> — {escape(term.short_definition(60))}</span>' if term.definition else ""
    count = (f' <span class="kb-count" title="在全部讲话中出现的次数">{term.total} 次</span>'
             if with_count else "")
    return f'<li><a href="{urls.relative(page_url, term.url)}">{escape(term.term)}</a>{must}{count}{short}</li>'


def _topic_link(topic_id: str, topic_links: dict, page_url: str) -> str:
    name, url = topic_links.get(topic_id, (topic_id, None))
    return (f'<a class="kb-badge" href="{urls.relative(page_url, url)}">{escape(name)}</a>'
            if url else f'<span class="kb-badge">{escape(name)}</span>')


def _reading_section(inputs: LearningInputs, page_url: str, pages: set[str]) -> list[str]:
    ordered = reading_order(inputs.glossary.terms)
    if not ordered:
        return []
    first = ordered[:FIRST_TERMS]
    rest = len(ordered) - len(first)
    more = ""
    if rest > 0 and HANDBOOK_URL in pages:
        more = (f'<p>其余 {rest} 个提法见<a href="{urls.relative(page_url, HANDBOOK_URL)}">应知应会手册</a>，'
                "可以打印出来随时翻阅。</p>")
    return ["## 第一步：先掌握这些提法", "",
            '<p class="kb-muted">按“重要程度 × 使用频次”排序：重要程度由编辑在提法表中审定（3 = 新同志必知），'
            "使用频次为在全部讲话中出现的次数。</p>", "",
            f'<ol class="kb-reading-order">{"".join(_term_item(t, page_url) for t in first)}</ol>', "",
            more, ""]


def _topics_section(inputs: LearningInputs, topic_links: dict, page_url: str) -> list[str]:
    topics = inputs.topic_list()
    if not topics:
        return []
    # The same count as the topic pages and 概览 (CorpusTopics.listed_topics).
    totals = inputs.topics.topic_totals(inputs.corpus.speeches) if inputs.topics is not None else {}
    lines = ["## 第二步：了解五个专题", "",
             "<p>本单位的党建工作分为五个方面，每个专题页汇集了历次讲话中的相关论述。</p>", ""]
    items = []
    for topic_id, name, description in topics:
        terms = topic_terms(topic_id, inputs.glossary, TOPIC_TERMS)
        term_links = "、".join(f'<a href="{urls.relative(page_url, t.url)}">{escape(t.term)}</a>' for t in terms)
        items.append(
            f"<li>{_topic_link(topic_id, topic_links, page_url)}"
            f' <span class="kb-count">{totals.get(topic_id, (0, 0))[0]} 段论述</span>'
            + (f"<br>{escape(description)}" if description else "")
            + (f'<br><span class="kb-muted">常用提法：</span>{term_links}' if term_links else "")
            + "</li>")
    lines += [f'<ul class="kb-onboarding-topics">{"".join(items)}</ul>', ""]
    return lines


def _newest_section(inputs: LearningInputs, topic_links: dict, page_url: str) -> list[str]:
    speeches = inputs.corpus.speeches[:NEWEST]
    if not speeches:
        return []
    items = []
    for speech in speeches:
        mix = inputs.topics.speech_mix(speech)[:3] if inputs.topics is not None else []
        badges = "".join(_topic_link(tid, topic_links, page_url) for tid, _ in mix)
        date = f' <span class="kb-muted">{escape(speech.meta.date)}</span>' if speech.meta.date else ""
        items.append(f'<li><a href="{urls.relative(page_url, urls.speech_url(speech.id))}">'
                     f"{escape_with_redactions(speech.meta.title)}</a>{date}"
                     + (f'<br><span class="kb-muted">主要涉及：</span>{badges}' if badges else "") + "</li>")
    return ["## 第三步：读最新的讲话", "",
            "<p>了解领导当前强调什么，最好的办法是读最近的讲话原文：</p>", "",
            f'<ul class="kb-onboarding-speeches">{"".join(items)}</ul>', ""]


def _roles_section(roles: list[ResolvedRole], topic_links: dict, page_url: str) -> list[str]:
    if not roles:
        return []
    lines = ["## 按岗位学习", "",
             '<p class="kb-muted">各岗位先读的专题和要掌握的提法。</p>', ""]
    for role in roles:
        lines += [f"### {literal_inline(role.name)}", "", f'<div class="kb-role"><p>{escape(role.focus)}</p>']
        if role.topics:
            lines.append(f'<p><span class="kb-muted">先读专题：</span>'
                         f'{"".join(_topic_link(t, topic_links, page_url) for t in role.topics)}</p>')
        if role.terms:
            lines.append(f'<p class="kb-muted">要掌握的提法：</p><ol class="kb-role-terms">'
                         f'{"".join(_term_item(t, page_url, with_count=False) for t in role.terms)}</ol>')
        lines += ["</div>", ""]
    return lines


def _next_section(page_url: str, pages: set[str]) -> list[str]:
    links = [(HANDBOOK_URL, "应知应会手册", "全部提法的释义和出处，按专题、类别编排，可打印成册。"),
             (QUIZ_URL, "自测", "看提法选释义、看释义选提法、填数字、判断专题，答完立即看到正确答案和出处。"),
             (OVERVIEW_URL, "概览", "各年份讲话最常用的提法、每篇讲话的专题构成。")]
    items = [f'<li><a href="{urls.relative(page_url, url)}">{label}</a>：{blurb}</li>'
             for url, label, blurb in links if url in pages]
    if not items:
        return []
    return ["## 学完以后", "", f'<ul>{"".join(items)}</ul>', ""]


def onboarding_sections(inputs: LearningInputs, roles: list[ResolvedRole], topic_links: dict,
                        pages: set[str], page_url: str = URL) -> str:
    """Everything below the intro (also put at MARKER in, or appended to, a hand-written page).
    `pages`: site URLs of the other learning pages that exist in this build."""
    lines = (_reading_section(inputs, page_url, pages) + _topics_section(inputs, topic_links, page_url)
             + _newest_section(inputs, topic_links, page_url) + _roles_section(roles, topic_links, page_url)
             + _next_section(page_url, pages))
    return "\n".join(lines)


def onboarding_markdown(inputs: LearningInputs, roles: list[ResolvedRole], topic_links: dict,
                        pages: set[str]) -> str:
    return default_intro(inputs) + "\n" + onboarding_sections(inputs, roles, topic_links, pages)


def with_hand_written(markdown: str, sections: str) -> str:
    """A hand-written page keeps its text; the generated sections go at MARKER or at the end."""
    if MARKER in markdown:
        return markdown.replace(MARKER, sections)
    return markdown.rstrip() + "\n\n" + sections
