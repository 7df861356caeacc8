"""The 应知应会 handbook: one page with every glossary term, its definition and source, grouped
by topic and, within a topic, by category — laid out to print as an A4 booklet (kb-learning.css).

What is included: every term that has a definition — all curated entries of data/glossary.yml
and the extracted terms for which the speeches themselves give a definition. Each term appears
once, under its primary topic — the topic whose key terms (kb.glossary.topic_terms) list it
highest, else its first topic — and the others are named in the entry; a topic's other key
terms are listed at the head of its chapter as cross-references, so every topic with key terms
has a chapter. Terms without a topic come in a group of their own. Extracted terms without a definition are listed in an appendix with a
usage sentence (the APPENDIX_LIMIT most used; the rest are named on the glossary index).

Nothing from the speeches or the data files becomes markup: Markdown contexts use
`literal_inline`, raw HTML uses `escape` / `escape_with_redactions`.
"""
from __future__ import annotations

from collections import defaultdict

from kb.build import urls
from kb.glossary.assembly import Term, index_url, pinyin_key
from kb.pages.glossary import category_order, highlighted_sentences
from kb.pages.learning import LearningInputs
from kb.text.redaction import escape_with_redactions
from kb.pages.speech import escape, literal_inline

URI = "handbook/index.md"
URL = "handbook/"
TITLE = "应知应会手册"
NO_TOPIC = "其他提法"
APPENDIX = "附录：尚无释义的提法"
APPENDIX_LIMIT = 150     # unreviewed terms listed, the most used first: the page stays bounded


def included_terms(terms: list[Term]) -> tuple[list[Term], list[Term]]:
    """(terms with a definition, terms without one)."""
    return [t for t in terms if t.definition], [t for t in terms if not t.definition]


def entry_order(term: Term) -> tuple:
    return (-term.importance, pinyin_key(term.term), term.slug)


def group_terms(terms: list[Term], topic_ids: list[str], primary: dict[str, str] | None = None
                ) -> list[tuple[str | None, list[tuple[str, list[Term]]]]]:
    """[(topic id or None, [(category, terms)])] in taxonomy order, categories in glossary order.
    `primary`: slug -> topic for key terms (TopicTerms.primary())."""
    primary = primary or {}
    groups: dict[str | None, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for term in terms:
        topic = primary.get(term.slug) if primary.get(term.slug) in topic_ids else None
        topic = topic or next((t for t in term.topics if t in topic_ids), None)
        groups[topic][term.category].append(term)
    out = []
    for topic in [*topic_ids, None]:
        if topic in groups:
            cats = groups[topic]
            out.append((topic, [(c, sorted(cats[c], key=entry_order)) for c in sorted(cats, key=category_order)]))
    return out


def _source(term: Term, inputs: LearningInputs, page_url: str) -> str:
    if term.definition_place:
        speech_id, anchor = term.definition_place
        speech = inputs.corpus.by_id().get(speech_id)
        title = speech.meta.title if speech else speech_id
        link = urls.relative(page_url, urls.anchor_url(speech_id, anchor))
        return f'<p class="kb-hb-source">出处：讲话原文《<a href="{link}">{escape_with_redactions(title)}</a>》</p>'
    if term.definition_source:
        return f'<p class="kb-hb-source">出处：{escape(term.definition_source)}</p>'
    return ""


def entry_html(term: Term, inputs: LearningInputs, topic_names: dict, primary: str | None, page_url: str) -> str:
    must = '<span class="kb-must">必知</span>' if term.importance >= 3 else ""
    head = (f'<p class="kb-hb-term"><a href="{urls.relative(page_url, term.url)}">{escape(term.term)}</a>{must}'
            f'<span class="kb-hb-count">讲话中 {term.total} 次</span></p>')
    parts = [head, f'<p class="kb-hb-def">{escape_with_redactions(term.definition)}</p>']
    if term.parts:
        parts.append(f'<p class="kb-hb-parts"><span class="kb-hb-label">组成：</span>{"；".join(escape(p) for p in term.parts)}</p>')
    others = [topic_names.get(t, t) for t in term.topics if t != primary]
    if others:
        parts.append(f'<p class="kb-hb-also"><span class="kb-hb-label">也涉及：</span>{"、".join(escape(n) for n in others)}</p>')
    parts.append(_source(term, inputs, page_url))
    return f'<div class="kb-hb-entry" id="hb-{term.slug}">{"".join(parts)}</div>'


def _usage(term: Term, inputs: LearningInputs) -> str:
    for mention in term.mentions:
        sentences = highlighted_sentences(mention.text, term.slug, inputs.glossary)
        if sentences:
            return sentences[0]
    return ""


def appendix_html(term: Term, inputs: LearningInputs, page_url: str) -> str:
    usage = _usage(term, inputs)
    head = (f'<p class="kb-hb-term"><a href="{urls.relative(page_url, term.url)}">{escape(term.term)}</a>'
            f'<span class="kb-hb-count">讲话中 {term.total} 次</span></p>')
    body = f'<p class="kb-hb-usage"><span class="kb-hb-label">用例：</span>{usage}</p>' if usage else ""
    return f'<div class="kb-hb-entry kb-hb-appendix" id="hb-{term.slug}">{head}{body}</div>'


def handbook_markdown(inputs: LearningInputs, page_url: str = URL) -> str:
    topics = inputs.topic_list()
    topic_names = {tid: name for tid, name, _ in topics}
    descriptions = {tid: desc for tid, _, desc in topics}
    defined, undefined = included_terms(inputs.glossary.terms)
    curated = sum(t.curated for t in defined)
    newest = next((s.meta.date for s in inputs.corpus.speeches if s.meta.date), None)
    basis = f"截至 {escape(newest)}{'年' if newest.isdigit() else ''}的 " if newest else ""
    lines = [f"# {TITLE}", "",
             f'<div class="kb-hb-intro"><p>本手册收录有释义的提法 <strong>{len(defined)}</strong> 个：经审定的标准提法 {curated} 个，'
             f"讲话原文中给出了含义的提法 {len(defined) - curated} 个。按专题分组，专题内按类别编排，"
             "同一类别中“必知”的排在前面；涉及几个专题的提法只在第一个专题下出现一次。"
             + (f"讲话中识别出但尚无释义的 {len(undefined)} 个提法列在书末附录。" if undefined else "")
             + f"内容根据{basis}{len(inputs.corpus.speeches)} 篇讲话和提法释义自动生成，随讲话更新。</p></div>", "",
             '<div class="kb-hb-howto kb-noprint"><p><button type="button" class="md-button kb-hb-print"'
             ' onclick="window.print()">打印 / 另存为 PDF</button></p>'
             "<p>打印时自动使用 A4 纸、去掉网站的导航和页眉页脚，每个专题另起一页。"
             "在浏览器的打印窗口中把“目标打印机”选为“另存为 PDF”即可得到电子版小册子；"
             "如有页眉页脚（网址、日期），可在打印窗口的“更多设置”中取消“页眉和页脚”。</p></div>", ""]
    key_terms = inputs.glossary.topic_terms
    primary = key_terms.primary() if key_terms is not None else {}
    grouped = dict(group_terms(defined, list(topic_names), primary))
    # A topic's key terms whose full entry is in another chapter: named at the head of its own.
    refs = {tid: [t for t in key_terms.terms(tid) if t.definition and primary.get(t.slug) != tid
                  and t.slug in {d.slug for _, ts in grouped.get(primary.get(t.slug), []) for d in ts}]
            for tid in topic_names} if key_terms is not None else {}
    groups = [(tid, grouped.get(tid, [])) for tid in [*topic_names, None]
              if grouped.get(tid) or refs.get(tid)]
    contents = [(f"hb-topic-{topic_id or 'none'}", topic_names.get(topic_id, NO_TOPIC) if topic_id else NO_TOPIC,
                 sum(len(ts) for _, ts in categories) + len(refs.get(topic_id, [])))
                for topic_id, categories in groups]
    if undefined:
        contents.append(("hb-appendix", APPENDIX, len(undefined)))
    items = "".join(f'<li><a href="#{anchor}">{escape(name)}</a><span class="kb-hb-count">{n} 个提法</span></li>'
                    for anchor, name, n in contents)
    lines += [f'<div class="kb-hb-toc"><p><strong>目录</strong></p><ol>{items}</ol></div>', ""]
    for topic_id, categories in groups:
        name = topic_names.get(topic_id, NO_TOPIC) if topic_id else NO_TOPIC
        count = sum(len(ts) for _, ts in categories) + len(refs.get(topic_id, []))
        anchor = f"hb-topic-{topic_id or 'none'}"
        lines += [f"## {literal_inline(name)}（{count}） {{: #{anchor} .kb-hb-group }}", ""]
        if topic_id and descriptions.get(topic_id):
            lines += [f'<p class="kb-hb-topic-desc">{escape(descriptions[topic_id])}</p>', ""]
        elif not topic_id:
            lines += ['<p class="kb-hb-topic-desc">在讲话中出现不多、尚未归入专题的提法。</p>', ""]
        if refs.get(topic_id):
            items = "、".join(f'<a href="#hb-{t.slug}">{escape(t.term)}</a>'
                             f'（见“{escape(topic_names.get(primary[t.slug], NO_TOPIC))}”）' for t in refs[topic_id])
            lines += [f'<p class="kb-hb-also kb-hb-refs"><span class="kb-hb-label">本专题常用提法，释义在别的专题下：</span>{items}</p>', ""]
        for category, terms in categories:
            lines += [f"### {literal_inline(category)} {{: .kb-hb-category }}", "",
                      "".join(entry_html(t, inputs, topic_names, topic_id, page_url) for t in terms), ""]
    if undefined:
        # The extracted terms grow with the corpus: list the APPENDIX_LIMIT most used ones.
        listed = sorted(undefined, key=lambda t: (-t.total, t.slug))[:APPENDIX_LIMIT]
        rest = len(undefined) - len(listed)
        more = (f"这里列出讲话中出现最多的 {len(listed)} 个，其余 {rest} 个见"
                f'<a href="{urls.relative(page_url, index_url())}">提法释义</a>。' if rest else "")
        lines += [f"## {APPENDIX}（{len(undefined)}） {{: #hb-appendix .kb-hb-group }}", "",
                  '<p class="kb-hb-topic-desc">以下提法由程序从讲话中识别，尚无审定的释义，列出讲话中的一处用法供参考。'
                  f"{more}</p>", "",
                  "".join(appendix_html(t, inputs, page_url) for t in sorted(listed, key=entry_order)), ""]
    return "\n".join(lines)
