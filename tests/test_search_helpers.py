"""Unit tests of the pure search helpers (kb.search_*), table-driven."""
from __future__ import annotations

import json
import re

import pytest

from kb.search.compact import (ZWSP, drop_blocks, duplicate_test, exclude_from_search,
                               snippet_blocks, strip_anchor_marks)
from kb.glossary.assembly import JIEBA_FREQ
from kb.search.documents import OTHER_PAGE_BOOST, SearchDoc, html_sections, order_docs, page_docs
from kb.search.segment import tokenizer
from kb.search.shards import (SUBWORD_WEIGHT, Analyzer, doc_stats, doc_text, first_search_files, fnv1a,
                              index_files, postings, shard_of)
from kb.search.terms import (alias_keys, search_key, search_terms, special_pattern, special_starts,
                             traditional_char_map)

Z = ZWSP


@pytest.mark.parametrize("entries, terms, aliases", [
    ([("一岗双责", ["一崗雙責"])], ("一岗双责",), {"一崗雙責": "一岗双责"}),
    ([("两个维护", ["两个维护", " "])], ("两个维护",), {}),                 # alias = term, blank
    ([("甲乙", ["丙"]), ("丁戊", ["丙"])], ("甲乙", "丁戊"), {"丙": "甲乙"}),  # first claim wins
    ([("甲乙", ["丁戊"]), ("丁戊", [])], ("甲乙", "丁戊"), {}),              # a term is never redirected
])
def test_search_terms(entries, terms, aliases):
    result = search_terms(entries)
    assert result.terms == terms and result.aliases == aliases


@pytest.mark.parametrize("chars, convert, expected", [
    ("岗双", {"岗": "崗", "双": "雙"}.get, {"崗": "岗", "雙": "双"}),
    ("党", lambda c: c, {}),                          # same in both scripts
    ("后後", {"后": "後", "後": "後"}.get, {}),       # 後 is used in the corpus: left alone
])
def test_traditional_char_map(chars, convert, expected):
    assert traditional_char_map(chars, convert) == expected


@pytest.mark.parametrize("form, key", [
    ("“1+3”制度体系", "1+3制度体系"),
    ('"1+3"制度体系', "1+3制度体系"),
    ("１＋３制度体系", "1+3制度体系"),          # full-width
    ("不敢腐、不能腐、不想腐", "不敢腐不能腐不想腐"),
    ("「第一议题」制度", "第一议题制度"),
    ("ABC", "abc"),
    ("两个维护", "两个维护"),
])
def test_search_key(form, key):
    assert search_key(form) == key


@pytest.fixture(scope="module")
def analyzer():
    terms = search_terms([("“1+3”制度体系", []), ("“133”计划", []), ("20字", []),
                          ("不敢腐不能腐不想腐", ["不敢腐、不能腐、不想腐"]), ("两个维护", []),
                          ("学史明理、学史增信、学史崇德、学史力行", []),
                          ("一岗双责", ["一崗雙責"]), ("三会一课", []),
                          ("四种形态", ["监督执纪“四种形态”"]), ("十四五", ["“十四五”规划"])])
    tok = tokenizer(terms.words(), JIEBA_FREQ)
    return Analyzer(terms, special_pattern(terms.words()), tok.cut,
                    lambda w: list(tok.cut_for_search(w)), special_starts(terms.words()))


@pytest.mark.parametrize("text, tokens", [
    ("全面从严治党“1+3”制度体系和", ["全面", "从严治党", "1+3制度体系", "和"]),
    ('落实"1+3"制度体系要求', ["落实", "1+3制度体系", "要求"]),
    ("落实１＋３制度体系", ["落实", "1+3制度体系"]),
    ("实施“133”计划，即", ["实施", "133计划", "即"]),
    ("一体推进不敢腐、不能腐、不想腐", ["一体", "推进", "不敢腐不能腐不想腐"]),
    ("坚持“20字”好干部标准", ["坚持", "20字", "好", "干部", "标准"]),
    ("运用监督执纪“四种形态”", ["运用", "四种形态"]),          # an alias is indexed as its term
    ("编制“十四五”规划", ["编制", "十四五"]),
    ("做到“两个维护”", ["做到", "两个维护"]),
    ("落实一岗双责和三会一课", ["落实", "一岗双责", "和", "三会一课"]),
    ("2022年Party建设", ["2022", "年", "party", "建设"]),
])
def test_glossary_words_are_one_token(analyzer, text, tokens):
    assert analyzer.words(text) == tokens
    # The same tokens when the whole pattern is tried at every position.
    plain_scan = Analyzer(search_terms([]), analyzer.special.pattern, analyzer.cut, analyzer.cut_for_search)
    plain_scan.aliases = analyzer.aliases
    assert plain_scan.words(text) == tokens


@pytest.mark.parametrize("words, starts", [
    (["“1+3”制度体系", "两个维护"], "1１"),                 # plain Han words need no start
    (["ABC计划"], "aＡAａ"),                                # either case, half- or full-width
    (["不敢腐、不能腐、不想腐"], "不"),
])
def test_special_starts_hold_every_first_character(words, starts):
    start = re.compile(special_starts(words))
    assert all(start.fullmatch(ch) for ch in starts + "“‘\"'「『")
    assert not start.fullmatch("两") and not start.fullmatch("、")
    assert special_starts(["两个维护"]) is None


@pytest.mark.parametrize("token, subwords", [
    ("两个维护", ("两个", "维护")),
    ("1+3制度体系", ("1", "3", "制度", "制度体系", "体系")),
    ("党建", ()),
])
def test_subwords(analyzer, token, subwords):
    assert set(analyzer.subwords(token)) == set(subwords)


def test_counts_give_subwords_less_weight(analyzer):
    counts, length = analyzer.counts("坚决做到两个维护，维护党中央权威")
    assert counts["两个维护"] == 1 and counts["维护"] == 1 + SUBWORD_WEIGHT and length == 6


@pytest.mark.parametrize("paragraph, limit, expected", [
    ("甲。乙！", 40, ["甲。", "乙！"]),
    (f"甲{Z}。{Z}”乙", 40, [f"甲{Z}。{Z}", "”乙"]),
    ("一二三，四五六，七八九。", 8, ["一二三，四五六，", "七八九。"]),
    ("短句", 40, ["短句"]),
    ("。。”甲！”。乙", 40, ["。", "。”", "甲！”", "。", "乙"]),       # marks in a row, closing quotes
    ("他说：“要落实！”随后，我们", 4, ["他说：", "“要落实！”", "随后，", "我们"]),
])
def test_snippet_blocks(paragraph, limit, expected):
    assert snippet_blocks(paragraph, limit) == expected


LONG = ("以迎接党的二十大胜利召开为重点，深入推进党史学习教育，进一步做到学史明理、学史增信、"
        "学史崇德、学史力行，教育引导全体党员同志学党史、悟思想、办实事、开新局。")


@pytest.mark.parametrize("blocks, text", [
    (["甲，", "乙。"], "甲，乙。"),               # one sentence cut at a comma: joined again
    (["甲、", "”乙"], "甲、”乙"),
    (["甲，”", "乙"], "甲，”乙"),                # closing quotes after the mark
    (["甲。", "乙"], "甲。\n乙"),                # sentences: a line each
    (["标题", "正文"], "标题\n正文"),
    ([], ""),
])
def test_doc_text_joins_the_clauses_of_a_cut_sentence(blocks, text):
    assert doc_text(blocks) == text


def test_a_term_with_enumeration_marks_is_counted_across_a_snippet_cut(analyzer):
    blocks = snippet_blocks(LONG)
    term = "学史明理学史增信学史崇德学史力行"
    assert not any(term in search_key(b) for b in blocks), "the cut must fall inside the term"
    stats = doc_stats(SearchDoc("speeches/x/", "s-1", "标题", blocks), analyzer)
    assert stats.text[term] == 1
    assert stats.text["党史"] >= 1 and "学党史悟思想" not in stats.text


def test_snippet_cuts_match_the_look_behind_rule_on_the_sample_speeches():
    """Sentences and clauses end where a look-behind at the mark says (the rule as first
    written), on every paragraph of the bundled speeches."""
    from pathlib import Path

    from kb.corpus.loading import load_corpus
    from kb.search.compact import _CLAUSE_END, _SENTENCE_END, _cut
    rules = [(_SENTENCE_END, re.compile(r"(?<=[。！？；!?;…])[”’」』）)\"']*" + Z + "?")),
             (_CLAUSE_END, re.compile(r"(?<=[，、：,:])[”’」』）)]*" + Z + "?"))]
    corpus = load_corpus(Path(__file__).resolve().parents[1] / "docs" / "speeches")
    texts = [p.text for s in corpus.speeches for sec in s.sections for p in sec.paragraphs]
    assert len(texts) > 50
    for text in texts:
        for pattern, look_behind in rules:
            assert _cut(text, pattern) == _cut(text, look_behind)


@pytest.mark.parametrize("text, expected", [
    (f"<p>段落{Z}¶</p>", "<p>段落</p>"),
    ("<p>段落¶</p>", "<p>段落</p>"),
    ("<p>¶ 在中间</p>", "<p>¶ 在中间</p>"),
])
def test_strip_anchor_marks(text, expected):
    assert strip_anchor_marks(text) == expected


def test_drop_blocks_removes_copies_and_empty_lists():
    is_dup = duplicate_test(["<p>这是讲话里的一整段原文内容。</p>"], ["在某会议上的讲话标题"])
    text = ("<p>这是讲话里的一整段原文内容。</p><ul><li>在某会议上的讲话标题 2022</li></ul>"
            "<p>释义文字不在讲话里出现过。</p>这是讲话里的一整段原文内容。")
    assert drop_blocks(text, is_dup) == "<p>释义文字不在讲话里出现过。</p>"


@pytest.mark.parametrize("html, expected", [
    ('<div class="kb-passage x">t</div>', '<div class="kb-passage x" data-search-exclude="kb">t</div>'),
    ('<p class="kb-para">t</p>', '<p class="kb-para">t</p>'),
    ('<a class="kb-para-anchor" href="#p">¶</a>', '<a class="kb-para-anchor" href="#p" data-search-exclude="kb">¶</a>'),
])
def test_exclude_from_search(html, expected):
    assert exclude_from_search(html, frozenset({"kb-passage", "kb-para-anchor"})) == expected


def test_page_docs_drop_speech_text_and_title_copies():
    entries = [
        {"location": "topics/x/", "title": "专题", "text": "<p>这是讲话里的一整段原文内容。</p><p>专题说明文字。</p>"},
        {"location": "topics/x/#a", "title": "在某会议上的讲话标题", "text": ""},
        {"location": "glossary/t/", "title": "术语", "text": "<p>释义。</p>"},
    ]
    docs = page_docs(entries, ["这是讲话里的一整段原文内容。"], ["在某会议上的讲话标题"], {"glossary/t/": 4.0})
    assert [(d.location, d.blocks, d.boost) for d in docs] == [
        ("topics/x/", ["专题说明文字。"], OTHER_PAGE_BOOST), ("glossary/t/", ["释义。"], 4.0)]


@pytest.mark.parametrize("content, sections", [
    ('<h1 id="t">两个维护<a class="headerlink" href="#t">¶</a></h1><p>释义：坚决&amp;维护。</p>'
     '<div class="kb-mentions" data-search-exclude="kb"><div><p>引文</p></div><p>更多</p></div>'
     '<h2 id="s-1">出处</h2><ul><li>一<b>二</b></li><li>三</li></ul><script>var a="<p>";</script>尾',
     [("", "两个维护", ["释义：坚决&维护。"]), ("s-1", "出处", ["一二", "三", "尾"])]),
    ("<p>没有标题的页面</p>", [("", "", ["没有标题的页面"])]),
    ('<h2 id="a">甲</h2><p>一</p><h3 id="b">乙</h3><p>二</p>', [("", "", []), ("a", "甲", ["一"]), ("b", "乙", ["二"])]),
])
def test_html_sections(content, sections):
    assert html_sections(content) == sections


_EXCLUDED = frozenset({"kb-passage", "kb-para-anchor", "kb-mentions"})


@pytest.mark.parametrize("content, sections", [
    ('<h1 id="t">两个维护</h1><p>释义：做到两个维护。</p><div class="kb-mentions x"><p>引文</p></div>'
     '<p class="kb-para">正文<a class="kb-para-anchor" href="#p-1">¶</a></p><br class="kb-passage"/>尾',
     [("", "两个维护", ["释义：做到两个维护。", "正文", "尾"])]),
    ('<h2 id="s-1">出处</h2><blockquote class="kb-passage"><p>讲话原文<span>一句</span></p></blockquote>'
     '<p data-class="kb-passage">留下</p>',
     [("", "", []), ("s-1", "出处", [])]),
])
def test_html_sections_skip_excluded_classes_as_marked(content, sections):
    """Excluding by class gives the sections of the same HTML marked by exclude_from_search."""
    assert html_sections(content, _EXCLUDED) == sections
    assert html_sections(exclude_from_search(content, _EXCLUDED)) == sections


def _docs(analyzer):
    docs = [SearchDoc("glossary/liang-ge-wei-hu/", "", "两个维护", ["增强四个意识，做到两个维护。"], 4.0),
            SearchDoc("speeches/a/", "", "在某会议上的讲话"),
            SearchDoc("speeches/a/", "s-1", "一、坚决做到两个维护", ["坚决做到两个维护。", "维护党中央权威。"]),
            SearchDoc("speeches/a/", "s-2", "二、其他", ["维护团结，两个方面都要抓。"]),
            SearchDoc("speeches/b/", "", "另一篇讲话", ["落实两个维护的要求。"])]
    return docs, [doc_stats(d, analyzer) for d in docs]


def test_postings_rank_the_term_page_first_and_whole_words_above_parts(analyzer):
    docs, stats = _docs(analyzer)
    lists = postings(docs, stats)
    assert [d for d, _ in lists["两个维护"]][:1] == [0]                 # the glossary page
    assert {d for d, _ in lists["两个维护"]} == {0, 2, 4}              # never s-2 (两个 … 维护 apart)
    assert {d for d, _ in lists["维护"]} >= {0, 2, 3, 4}               # partial query
    assert all(score > 0 for entries in lists.values() for _, score in entries)


def test_index_files_group_pages_and_name_the_directory_by_content(analyzer):
    docs, stats = _docs(analyzer)
    lists = postings(docs, stats)
    files, manifest = index_files(docs, lists)
    assert manifest["starts"] == [0, 1, 4]
    assert json.loads(files["p1.json"]) == {"u": "speeches/a/", "d": [
        ["", "在某会议上的讲话", []], ["s-1", "一、坚决做到两个维护", ["坚决做到两个维护。", "维护党中央权威。"]],
        ["s-2", "二、其他", ["维护团结，两个方面都要抓。"]]]}
    shard = json.loads(files[f"s{shard_of('两个维护', manifest['shards'])}.json"])
    assert shard["两个维护"][0::2] == [d for d, _ in lists["两个维护"]]
    assert all("\\u" not in text for text in files.values())
    again, manifest2 = index_files(docs, lists)
    assert again == files and manifest2 == manifest
    docs[1].title = "改过的标题"
    assert index_files(docs, postings(docs, [doc_stats(d, analyzer) for d in docs]))[1]["dir"] != manifest["dir"]
    assert first_search_files(manifest, lists, "两个维护") == [
        f"s{shard_of('两个维护', manifest['shards'])}.json", "p0.json", "p1.json", "p2.json"]


def test_a_one_off_build_writes_the_index_folder_file_by_file(analyzer, tmp_path):
    """site_index._fresh_index writes each file as it is made (iter_index_files): the folder
    index_files names, with its files' bytes, and no other kb-* folder."""
    from kb.search.site_index import _fresh_index
    from kb.search.shards import own_docs
    docs, stats = _docs(analyzer)
    own = own_docs(docs, stats)
    files, manifest = index_files(docs, postings(docs, stats), own)
    site = tmp_path / "site"
    (site / "search" / "kb-0123456789ab").mkdir(parents=True)   # an older build's
    written, tokens, _, every = _fresh_index(docs, list(stats), own, site)
    assert written == manifest and tokens == len(every) == len(postings(docs, stats))
    assert sorted(p.name for p in (site / "search").iterdir()) == [manifest["dir"]]
    assert {p.name: p.read_text("utf-8") for p in (site / "search" / manifest["dir"]).iterdir()} == files


@pytest.mark.parametrize("text, expected", [
    ("", 0x811C9DC5),
    ("a", 0xE40C292C),          # FNV-1a test vector
    ("两个", fnv1a("两个")),
])
def test_fnv1a(text, expected):
    assert fnv1a(text) == expected


@pytest.mark.parametrize("forms, expected", [
    ([("一岗双责", ["一崗雙責"])], {"一岗双责": "一岗双责", "一崗雙責": "一岗双责"}),
    ([("“1+3”制度体系", [])], {"1+3制度体系": "1+3制度体系"}),
    ([("十四五", ["“十四五”规划"])], {"十四五": "十四五", "十四五规划": "十四五"}),
    ([("中央八项规定精神", ["中央八项规定"])], {"中央八项规定精神": "中央八项规定精神", "中央八项规定": "中央八项规定精神"}),
])
def test_alias_keys(forms, expected):
    assert alias_keys(search_terms(forms)) == expected


def test_order_docs_puts_each_page_first():
    docs = order_docs([SearchDoc("a/", "x", "X"), SearchDoc("b/", "", "B"), SearchDoc("a/", "", "A")])
    assert [d.location for d in docs] == ["a/", "a/#x", "b/"]


# --------------------------------------------------------------------------- issue 17
from kb.search.shards import own_docs, result_tier, signed_entries  # noqa: E402
from kb.search.site_index import speech_pages  # noqa: E402
from kb.search.suggest import readings, suggest_data  # noqa: E402


def test_own_page_is_signed_in_its_tokens_list_only(analyzer):
    docs, stats = _docs(analyzer)
    docs[0].boost = 4.0                       # the glossary page of 两个维护
    own = own_docs(docs, stats)
    assert own == {"两个维护": 0}
    lists = postings(docs, stats)
    signed = signed_entries("两个维护", lists["两个维护"], own)
    assert signed[0::2] == [d for d, _ in lists["两个维护"]]
    assert signed[1] < 0 and all(s > 0 for s in signed[3::2])
    assert all(s > 0 for s in signed_entries("维护", lists["维护"], own)[1::2])
    files, manifest = index_files(docs, lists, own)
    shard = json.loads(files[f"s{shard_of('两个维护', manifest['shards'])}.json"])
    assert shard["两个维护"] == signed


@pytest.mark.parametrize("doc, score, tier", [(0, -5, 0), (0, 5, 2), (1, 5, 1), (4, 1, 1)])
def test_result_tier(doc, score, tier):
    assert result_tier({"starts": [0, 1, 4], "speeches": 1}, doc, score) == tier


def _speech(year):
    meta = type("Meta", (), {"year": year})()
    return type("Speech", (), {"meta": meta})()


def test_speech_pages_give_each_year_its_index_section_and_page_runs():
    groups = [[SearchDoc("glossary/", "", "提法释义")],
              [SearchDoc("speeches/", "", "讲话"), SearchDoc("speeches/", "2023", "2023年（1 篇）"),
               SearchDoc("speeches/", "20222", "2022年（2 篇）")],
              [SearchDoc("speeches/2021/", "", "讲话：2021 年")],
              [SearchDoc("speeches/a/", "", "甲")], [SearchDoc("speeches/b/", "", "乙")],
              [SearchDoc("speeches/c/", "", "丙")], [SearchDoc("speeches/d/", "", "丁")],
              [SearchDoc("speeches/e/", "", "戊")]]
    speeches = [_speech(2023), _speech(2022), _speech(2022), _speech(2021), _speech(None)]
    assert speech_pages(groups, 3, speeches) == {"speeches": 3, "years": {
        "2021": [4, 6, 7], "2022": [3, 4, 6], "2023": [2, 3, 4]}}
    # Years out of order: one run each stretch.
    speeches = [_speech(2022), _speech(2023), _speech(2022), _speech(2021), _speech(2021)]
    assert speech_pages(groups, 3, speeches)["years"]["2022"] == [3, 3, 4, 5, 6]


@pytest.mark.parametrize("char, reading", [("则", "ze"), ("责", "ze"), ("棵", "ke"), ("課", "ke"),
                                           ("戶", "hu"), ("行", "hang"), ("行", "xing")])
def test_readings_are_toneless_and_cover_both_scripts(char, reading):
    assert reading in readings(char)


def test_suggest_data_lists_terms_with_alias_keys_and_same_reading_characters():
    data = suggest_data([("一岗双责", ["一崗雙責", "一岗双责"]), ("“1+3”制度体系", []),
                         ("双责", ["一崗雙責"])], lambda c: {"则": "則"}.get(c, c))
    assert data["t"] == [["一岗双责", "一岗双责", "一崗雙責"], ["“1+3”制度体系", "1+3制度体系"],
                         ["双责", "双责"]]
    assert {"则", "則", "责", "泽"} <= set(data["r"]["ze"])   # IME candidates of ze, 則 from the map
    assert "責" in data["r"]["ze"]                          # a term character, whatever the table
    assert set(data["r"]) >= {"yi", "gang", "shuang", "ze", "zhi", "du", "ti", "xi"}
