"""The slogan glossary: extraction, variants, definitions, term links, exact counts, the built
pages and the search dictionary."""
from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from kb.corpus.loading import Corpus, load_corpus  # noqa: E402
from kb.glossary.definitions import definition_after, find_definition  # noqa: E402
from kb.glossary.assembly import build_glossary, slugify  # noqa: E402
from kb.glossary.curated import GlossaryDataError, load_glossary_data, parse_glossary_data  # noqa: E402
from kb.pages import glossary as glossary_pages
from kb.pages.glossary import bar_chart_svg, highlighted_sentences  # noqa: E402
from kb.glossary.extraction import extract_slogans, find_candidates  # noqa: E402
from kb.ingest.speech_page import parse_page  # noqa: E402
from kb.glossary.linking import link_terms, tips_json  # noqa: E402
from kb.glossary.matching import TermMatcher, term_key  # noqa: E402

SAMPLES = Path("/work/shared/sample-speeches")


def keys(text: str) -> set[str]:
    return {c.key for c in find_candidates(text)[0]}


# --------------------------------------------------------------------------- extraction

POSITIVES = [
    ("numbered, quoted", "要增强“四个意识”、坚定“四个自信”、做到“两个维护”。", {"四个意识", "四个自信", "两个维护"}),
    ("compact unquoted", "认真落实三会一课制度，班子成员履行一岗双责。", {"三会一课", "一岗双责"}),
    ("local numbered slogan", "深入开展“五强创示范”活动，争创“双强六好”党支部。", {"五强创示范", "双强六好"}),
    ("number named by what follows", "实施“133”计划，健全“1+3”制度体系。", {"133计划", "1+3制度体系"}),
    ("named by head noun after", "建立“揭榜挂帅”机制，推出“书记项目”。", {"揭榜挂帅", "书记项目"}),
    ("ends with a head noun", "做深做细“新苗工程”，启动党建引领的“红色引擎”。", {"新苗工程", "红色引擎"}),
    ("traditional script, corner quotes", "堅決糾正「四風」，落實「一崗雙責」，防止黨建業務「兩張皮」。",
     {"四风", "一岗双责", "两张皮"}),
    ("hard-wrapped PDF text", "各支部要严格落实“三会\n一课”，推动党建\n与业务融合，防止“两张\n皮”。", {"三会一课", "两张皮"}),
    ("ASCII quotes", '坚持"第一议题"制度，开展"三亮三比"活动。', {"三亮三比"}),
    ("numeral-led metaphor", "把“两张皮”变成“一盘棋”，拧成“一股绳”。", {"两张皮", "一盘棋", "一股绳"}),
    ("X式 is the same as X", "集中整治“雁过拔毛式”腐败问题。", {"雁过拔毛"}),
]


@pytest.mark.parametrize("label,text,expected", POSITIVES, ids=[p[0] for p in POSITIVES])
def test_extraction_finds(label, text, expected):
    assert expected <= keys(text)


NEGATIVES = [
    ("single characters", "从“虚”到“实”、从“软”到“硬”，让队伍“活”起来，“学”与“干”。"),
    ("ordinary words", "不仅“坚持”，还要“加强”；不仅是党的“领导”，更是“全面领导”。"),
    ("redaction markers", "大力推行“**”工作新模式，打造“***”品牌，获评“XX”称号。"),
    ("long quoted sentence", "要“坚持党对一切工作的领导”，强调“党政军民学，东西南北中，党是领导一切的”。"),
    ("quoted words of a person", "习近平总书记强调：“不忘初心”。古人讲：“治大国若烹小鲜”。"),
    ("sentence shapes", "牢记“抓党建是最大政绩”的理念，树立“我是搞业务的”这种想法。"),
    ("idioms and common words", "不做“老好人”，不打“擦边球”，不当“惊弓之鸟”，发挥“火车头”作用。"),
    ("two-character metaphors", "发挥监督“探头”作用，让“拔毛”者知道痛。"),
    ("punctuated lists", "开展“比实干、比担当、比奉献”活动，坚持“马上就办、真抓实干”。"),
    ("idioms are not compact formulations", "五湖四海的同志一心一意、三心二意都不行，七上八下。"),
    ("counting phrases", "每年一次，一年一度，三年两年。"),
    ("bare numbers", "完成“100”个项目，达到“30%”以上。"),
]


@pytest.mark.parametrize("label,text", NEGATIVES, ids=[n[0] for n in NEGATIVES])
def test_extraction_rejects(label, text):
    assert keys(text) == set()


def test_weak_quotes_need_more_than_repetition():
    once = [("s1", "p1", "还存在机关党建“灯下黑”的问题。")]
    twice = once + [("s2", "p2", "防止出现“灯下黑”。")]
    assert not extract_slogans(once) and not extract_slogans(twice)
    defined = twice + [("s3", "p3", "所谓“灯下黑”，就是离监督最近的地方反而最容易出问题。")]
    assert [s.key for s in extract_slogans(defined)] == ["灯下黑"]


def test_ordinal_needs_repetition():
    assert not extract_slogans([("s", "p", "打响疫情防控“第一枪”。")])
    found = extract_slogans([("s", "p1", "落实“第一议题”制度。"), ("t", "p2", "把学习作为“第一议题”。")])
    assert [s.key for s in found] == ["第一议题"]


# --------------------------------------------------------------------------- variants

@pytest.mark.parametrize("a,b", [
    ("“两张皮”", "两张皮"), ("一崗雙責", "一岗双责"), ("「四風」", "四风"), ("“133”计划", "133计划"),
    ("三會一課", "三会一课"), ("“1＋3”", "1+3"),
])
def test_variants_share_a_key(a, b):
    assert term_key(a) == term_key(b)


def corpus_of(*bodies: str) -> Corpus:
    speeches = [parse_page(f"---\ntitle: 讲话{i}\ndate: '202{i}'\n---\n\n{body}\n", f"202{i}-s{i}")
                for i, body in enumerate(bodies, 1)]
    return Corpus(speeches)


DATA = {
    "terms": [
        {"term": "中央八项规定精神", "aliases": ["中央八项规定", "八项规定"], "category": "作风纪律",
         "definition": "改进工作作风、密切联系群众的八项规定及其精神。", "definition_source": "2012年"},
        {"term": "四个意识", "category": "政治要求", "definition": "政治意识、大局意识、核心意识、看齐意识。"},
        {"term": "意识", "category": "工作方法", "definition": "测试用：四个意识的一部分。"},
        {"term": "两张皮", "category": "工作方法", "definition": "党建与业务脱节。"},
    ],
    "suppress": ["一盘棋"],
    "merge": {"四个更加自觉上": "四个更加自觉"},
}


@pytest.fixture(scope="module")
def small():
    corpus = corpus_of(
        "要落实中央八项规定精神，严守八项规定，增强“四个意识”和责任意识，防止“两张皮”。 {#p-a}\n\n"
        "黨建業務「兩張皮」要解决，把“两张皮”变成“一盘棋”。 {#p-b}",
        "落实“四个更加自觉上”。一是更加自觉扛起政治责任；二是更加自觉转变作风。 {#p-c}\n\n"
        "实施“133”计划，即在全系统建立100名年轻优秀人才库。 {#p-d}",
    )
    data = parse_glossary_data(DATA, "test.yml")
    return corpus, build_glossary(corpus, data)


def test_full_and_short_forms_and_scripts_are_one_term(small):
    _, glossary = small
    terms = {t.term: t for t in glossary.terms}
    assert terms["中央八项规定精神"].total == 2
    assert terms["两张皮"].total == 3            # quoted, unquoted and traditional
    assert "兩張皮" in terms["两张皮"].aliases


def test_longest_match_first_and_exact_counts(small):
    _, glossary = small
    terms = {t.term: t for t in glossary.terms}
    assert terms["四个意识"].total == 1
    assert terms["意识"].total == 1              # 责任意识 only, not the one inside 四个意识


def test_suppress_and_merge(small):
    _, glossary = small
    names = {t.term for t in glossary.terms}
    assert "一盘棋" not in names
    assert "四个更加自觉" in names and "四个更加自觉上" not in names


def test_slugs_are_pinyin_and_unique(small):
    _, glossary = small
    slugs = [t.slug for t in glossary.terms]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    assert slugify("一岗双责") == "yi-gang-shuang-ze"
    assert slugify("“133”计划") == "133-ji-hua"


# --------------------------------------------------------------------------- definitions

DEFINITIONS = [
    ("即：", "即：坚持党的全面领导是必由之路；团结奋斗是必由之路。），全力以赴。", "坚持党的全面领导是必由之路；团结奋斗是必由之路"),
    ("，即 with list", "，即处分决定宣布会、专题民主生活会、警示教育大会，以身边事教育身边人。",
     "处分决定宣布会、专题民主生活会、警示教育大会"),
    ("就是", "”，就是要在党内政治生活中立起是非标准。然后", "要在党内政治生活中立起是非标准"),
    ("一是二是 list", "”用劲用力。一是把政治责任扛起来；二是把严实作风竖起来。下面讲", "一是把政治责任扛起来；二是把严实作风竖起来"),
    ("即可 is not a definition", "即可完成。", ""),
    ("no list without 二是", "。一是要加强学习。", ""),
]


@pytest.mark.parametrize("label,rest,expected", DEFINITIONS, ids=[d[0] for d in DEFINITIONS])
def test_definition_patterns(label, rest, expected):
    assert definition_after(rest) == expected


def test_definition_from_list_in_following_paragraphs():
    passages = [("s", "p1", "主要表现在“三个持续增强”："), ("s", "p2", "一是企业活力持续增强。详细……"),
                ("s", "p3", "二是社会责任持续增强。"), ("s", "p4", "同志们")]
    found = find_definition(passages, ["三个持续增强"])
    assert found.text == "一是企业活力持续增强；二是社会责任持续增强" and found.anchor == "p1"


def test_text_definitions_link_to_their_paragraph(small):
    _, glossary = small
    terms = {t.term: t for t in glossary.terms}
    assert terms["“133”计划"].definition.startswith("在全系统建立")
    assert terms["“133”计划"].definition_place == ("2022-s2", "p-d")
    assert terms["四个更加自觉"].definition.startswith("一是更加自觉扛起政治责任")
    assert terms["中央八项规定精神"].definition_place is None   # curated wins


# --------------------------------------------------------------------------- link injection

def linked(html: str, glossary, exclude=None) -> list[str]:
    out = link_terms(html, glossary, "speeches/x/", exclude)
    return re.findall(r'<a class="kb-term"[^>]*>(.*?)</a>', out)


LINKS = [
    ("first mention per section", "<p>四个意识，四个意识</p><h2>二</h2><p>又讲四个意识</p>", ["四个意识", "四个意识"]),
    ("longest match first", "<p>增强四个意识和责任意识</p>", ["四个意识", "意识"]),
    ("inside running text", "<p>坚决落实中央八项规定精神要求</p>", ["中央八项规定精神"]),
    ("traditional script kept", "<p>防止黨建業務「兩張皮」</p>", ["兩張皮"]),
    ("not in headings", "<h2>四个意识</h2><p>正文</p>", []),
    ("not in links", '<p><a href="x">四个意识</a></p>', []),
    ("not in code", "<p><code>四个意识</code></p><pre>两张皮</pre>", []),
    ("not in the meta box", '<div class="kb-speech-meta"><dd>两张皮</dd></div><p>两张皮</p>', ["两张皮"]),
    ("entities untouched", "<p>&quot;两张皮&quot; &amp; 四个意识</p>", ["两张皮", "四个意识"]),
]


@pytest.mark.parametrize("label,html,expected", LINKS, ids=[x[0] for x in LINKS])
def test_link_injection(small, label, html, expected):
    assert linked(html, small[1]) == expected


def test_no_link_on_own_page_and_tooltip(small):
    glossary = small[1]
    slug = next(t.slug for t in glossary.terms if t.term == "两张皮")
    assert linked("<p>两张皮和四个意识</p>", glossary, exclude=slug) == ["四个意识"]
    out = link_terms("<p>两张皮</p>", glossary, "speeches/x/")
    assert out == f'<p><a class="kb-term" href="../../glossary/{slug}/">两张皮</a></p>'
    # the tooltip text is not in the page: one site-wide file holds it, as data
    tips = json.loads(tips_json(glossary))
    assert tips[slug] == "两张皮：党建与业务脱节。"
    assert all(t.slug in tips for t in glossary.terms if t.definition)
    assert not any(t.slug in tips for t in glossary.terms if not t.definition)
    assert list(tips) == sorted(tips)


def test_mentions_are_highlighted_and_escaped(small):
    glossary = small[1]
    slug = next(t.slug for t in glossary.terms if t.term == "两张皮")
    sentences = highlighted_sentences("<b>防止“两张皮”。</b>另一句。", slug, glossary)
    assert sentences == ["&lt;b&gt;防止“<mark>两张皮</mark>”。"]


def test_chart_is_inline_svg_with_labels():
    svg = bar_chart_svg([("2022", 6), ("2023", 0)], "一岗双责")
    assert svg.startswith("<svg") and ">2022</text>" in svg and ">6</text>" in svg and "<script" not in svg


def test_matcher_does_not_match_after_a_numeral():
    matcher = TermMatcher({"四风": "si-feng"})
    assert [m.term_id for m in matcher.finditer("纠正四风，十四风")] == ["si-feng"]


# --------------------------------------------------------------------------- curated data

BAD_DATA = [
    ({"terms": [{"term": "四风", "category": "作风纪律"}]}, "缺少 definition"),
    ({"terms": [{"term": "四风", "category": "纪律", "definition": "x"}]}, "不在分类表中"),
    ({"terms": [{"term": "四风", "category": "作风纪律", "definition": "x", "importance": 5}]}, "importance"),
    ({"terms": [{"term": "四风", "category": "作风纪律", "definition": "x", "defintion": "x"}]}, "不认识的字段"),
    ({"terms": [{"term": "四风", "category": "作风纪律", "definition": "x"},
                {"term": "四風", "category": "作风纪律", "definition": "y"}]}, "只能属于一个提法"),
    ({"merge": ["四风"]}, "merge"),
]


@pytest.mark.parametrize("raw,needle", BAD_DATA)
def test_invalid_data_is_explained(raw, needle):
    with pytest.raises(GlossaryDataError) as err:
        parse_glossary_data(raw, "data/glossary.yml")
    message = str(err.value)
    assert "data/glossary.yml" in message and needle in message
    assert "- term:" in message or "merge:" in message      # shows a correct example


def test_bundled_glossary_is_valid_and_complete():
    data = load_glossary_data(REPO / "data" / "glossary.yml")
    names = {t.term for t in data.terms}
    for term in ["一岗双责", "三会一课", "两个维护", "四个意识", "四个自信", "两个确立", "四风", "四种形态",
                 "第一议题", "中央八项规定精神", "两张皮", "主体责任", "两个责任", "第一责任人", "党史学习教育",
                 "全面从严治党", "五个必由之路"]:
        assert term in names
    assert all(t.definition and t.definition_source for t in data.terms)


# --------------------------------------------------------------------------- bundled speeches

@pytest.fixture(scope="module")
def bundled():
    return build_glossary(load_corpus(REPO / "docs" / "speeches"), load_glossary_data(REPO / "data" / "glossary.yml"))


@pytest.mark.parametrize("term", ["一岗双责", "四风", "两张皮", "三会一课", "两个维护", "四个意识", "主体责任",
                                  "第一责任人", "党史学习教育", "全面从严治党", "四种形态", "书记项目"])
def test_exact_counts_on_bundled_speeches(bundled, term):
    if not SAMPLES.is_dir():
        pytest.skip(f"{SAMPLES} not available")
    raw = "".join(p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    found = next(t for t in bundled.terms if t.term == term)
    assert found.total == raw.count(term)
    assert len({(m.speech_id, m.anchor) for m in found.mentions}) == len(found.mentions)   # one per paragraph


def test_bundled_key_terms_have_definitions(bundled):
    terms = {t.term: t for t in bundled.terms}
    for term in ["五个必由之路", "一岗双责", "四风", "“133”计划", "三个持续增强", "四个更加自觉"]:
        assert terms[term].definition, term
    assert "看齐意识" in terms["四个意识"].parts


def test_no_junk_on_bundled_speeches(bundled):
    names = {t.term for t in bundled.terms}
    for junk in ["虚", "实", "领导", "坚持", "**", "***", "拔毛", "探头", "党是领导一切的", "第一枪", "四个更加自觉上"]:
        assert junk not in names


# --------------------------------------------------------------------------- search dictionary

def test_search_dictionary_keeps_terms_whole(bundled, tmp_path):
    import jieba
    from kb.search.terms import jieba_user_dict, search_terms
    text = jieba_user_dict(search_terms((t.term, t.aliases) for t in bundled.terms))
    assert "三会一课 " in text and "一崗雙責 " in text
    path = tmp_path / "dict.txt"
    path.write_text(text, encoding="utf-8")
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    words = list(tokenizer.cut("严格落实三会一课制度和一岗双责要求，纠治四风"))
    assert {"三会一课", "一岗双责", "四风"} <= set(words)


# --------------------------------------------------------------------------- the built site

def test_built_glossary_pages_and_links_resolve(built_site):
    record = json.loads((built_site / "kb.json").read_text("utf-8"))
    assert record["slogans"]
    for slogan in record["slogans"]:
        assert (built_site / slogan["url"] / "index.html").is_file(), slogan["url"]
        assert all(m["count"] >= 1 for m in slogan["mentions"])
    assert (built_site / "glossary" / "index.html").is_file()
    pages = list((built_site / "speeches").glob("*/index.html")) + list((built_site / "glossary").glob("*/index.html"))
    linked_terms = 0
    for page in pages:
        html = page.read_text("utf-8")
        for href in re.findall(r'<a class="kb-term" href="([^"#]+)', html):
            linked_terms += 1
            assert (page.parent / href / "index.html").resolve().is_file(), (page, href)
        for href in re.findall(r'href="([^"#:]+)#(p-[\w-]+)"', html):
            target = (page.parent / href[0] / "index.html").resolve()
            assert target.is_file() and f'id="{href[1]}"' in target.read_text("utf-8"), (page, href)
    assert linked_terms > 20


def test_built_term_page_content(built_site):
    html = (built_site / "glossary" / "yi-gang-shuang-ze" / "index.html").read_text("utf-8")
    assert "《关于实行党风廉政建设责任制的规定》" in html
    assert "<mark>一岗双责</mark>" in html and "<svg" in html and "相关提法" in html
    index = (built_site / "glossary" / "index.html").read_text("utf-8")
    assert index.index("政治要求") < index.index("作风纪律") < index.index("讲话中的其他提法")


# --------------------------------------------------------------------------- mention paging

def _resolve(page_url: str, href: str) -> str:
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(page_url, path)) + "/" if path else page_url
    return target.lstrip("/") + (f"#{fragment}" if fragment else "")


def _page_url(uri: str) -> str:
    return uri[:-len(".md")] + "/"


@pytest.mark.parametrize("term_text,per_page", [("全面从严治党", 3), ("两个维护", 2), ("一岗双责", 1000)])
def test_every_mention_is_reachable_through_the_pages(bundled, monkeypatch, term_text, per_page):
    monkeypatch.setattr(glossary_pages, "MENTIONS_PER_PAGE", per_page)
    term = next(t for t in bundled.terms if t.term == term_text)
    corpus = load_corpus(REPO / "docs" / "speeches")
    pages = glossary_pages.term_pages(term, bundled, corpus)
    items = glossary_pages.mention_items(term, bundled, corpus)
    assert len(pages) == -(-len(items) // per_page)
    assert pages[0][0] == f"glossary/{term.slug}.md"
    assert [uri for uri, _ in pages[1:]] == [f"glossary/{term.slug}/{n}.md" for n in range(2, len(pages) + 1)]
    uris = {_page_url(uri) for uri, _ in pages}
    reached = set()
    for uri, markdown in pages:
        url = _page_url(uri)
        assert markdown.count("<li>") <= per_page
        for href in re.findall(r'class="kb-mention-link" href="([^"]+)"', markdown):
            reached.add(_resolve(url, href))
        for href in re.findall(r'<nav class="kb-pager".*?</nav>', markdown, re.S) and re.findall(
                r'href="([^"]+)"', re.search(r'<nav class="kb-pager".*?</nav>', markdown, re.S).group(0)):
            assert _resolve(url, href) in uris, (uri, href)
    assert reached == {f"speeches/{m.speech_id}/#{m.anchor}" for m in term.mentions}
    if len(pages) > 1:    # a link to a year made before paging (#2022) still lands on the term page
        assert 'id="2022"' in pages[0][1] or "### 2022年" in pages[0][1]
    else:
        assert "kb-pager" not in pages[0][1]


def test_term_pages_stay_bounded_as_the_corpus_grows(monkeypatch):
    data = load_glossary_data(REPO / "data" / "glossary.yml")
    pages_text = {p.name: p.read_text("utf-8") for p in sorted((REPO / "docs" / "speeches").glob("*.md"))}
    largest = {}
    for copies in (8, 32):
        speeches = [parse_page(text, f"{Path(name).stem[:4]}-{n:02d}{Path(name).stem[5:]}")
                    for n in range(copies) for name, text in pages_text.items()]
        corpus = Corpus(speeches)
        glossary = build_glossary(corpus, data)
        term = max(glossary.terms, key=lambda t: t.total)
        largest[copies] = max(len(md.encode()) for _, md in glossary_pages.term_pages(term, glossary, corpus))
        assert len(glossary_pages.term_pages(term, glossary, corpus)) >= copies // 8
    assert largest[32] < 1.2 * largest[8] < 150_000
