"""Text of the home page: counts, years, and where to start reading."""
from __future__ import annotations

from dataclasses import dataclass

from kb.build import urls
from kb.corpus.loading import Corpus
from kb.pages.speech import literal_inline


@dataclass(frozen=True)
class StartPoint:
    src_uri: str     # the page's source path, e.g. "topics/index.md"
    url: str         # its site URL
    label: str
    blurb: str


START_POINTS = [
    StartPoint("onboarding/index.md", "onboarding/", "新同志入门", "第一次使用？从这里开始：阅读顺序、按岗位的学习路径。"),
    StartPoint("speeches/index.md", "speeches/", "讲话", "全部领导讲话，按年份排列，每段都有固定链接。"),
    StartPoint("topics/index.md", "topics/", "专题", "思想建设、组织建设、人才队伍、党风廉政、党建品牌五个专题的相关论述。"),
    StartPoint("glossary/index.md", "glossary/", "提法释义", "一岗双责、三会一课、两个维护……每个提法的含义、出处和用法。"),
    StartPoint("handbook/index.md", "handbook/", "应知应会", "可打印的应知应会手册。"),
    StartPoint("quiz/index.md", "quiz/", "自测", "检验自己对提法和专题的掌握。"),
    StartPoint("overview/index.md", "overview/", "概览", "各年份最常用的提法、每篇讲话的专题构成。"),
]


def stats_markdown(corpus: Corpus) -> str:
    speeches = corpus.speeches
    paragraphs = sum(len(s.paragraphs) for sp in speeches for s in sp.sections)
    chars = sum(len(p.text) for sp in speeches for s in sp.sections for p in s.paragraphs)
    years = sorted({sp.meta.year for sp in speeches if sp.meta.year})
    span = f"{years[0]}—{years[-1]} 年" if len(years) > 1 else (f"{years[0]} 年" if years else "未注明年份")
    size = f"{chars / 10000:.1f} 万字" if chars >= 10000 else f"{chars} 字"
    return (f"知识库现收录 **{len(speeches)}** 篇讲话（{span}），"
            f"共 **{paragraphs}** 段、约 **{size}**。")


def home_markdown(corpus: Corpus, present: list[StartPoint]) -> str:
    lines = ["# 党建知识库", "", stats_markdown(corpus), "", "## 从哪里开始", ""]
    for point in present:
        lines.append(f"- [{point.label}]({point.src_uri}): {point.blurb}")
    newest = corpus.speeches[:5]
    if newest:
        lines += ["", "## 最新讲话", ""]
        for speech in newest:
            lines.append(f'- <a href="{urls.speech_url(speech.id)}">{literal_inline(speech.meta.title)}</a>'
                         f' <span class="kb-muted">{literal_inline(speech.meta.date or "")}</span>')
    return "\n".join(lines) + "\n"
