"""Unit tests of the pure search helpers (kb.search_*), table-driven."""
from __future__ import annotations

import json
from pathlib import Path

import material
import pytest

from kb.search_compact import (ZWSP, compact_index, drop_blocks, dumps, duplicate_test,
                               exclude_from_search, snippet_blocks, strip_anchor_marks)
import re

from kb.search_segment import segment
from kb.search_terms import search_key, search_terms, special_pattern, traditional_char_map
from kb.search_worker import (MARKER, WorkerPatchError, apply_patches, patch_worker, worker_data,
                              worker_name)

MATERIAL = Path(material.__file__).resolve().parent   # the installed package
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


@pytest.mark.parametrize("text, words, expected", [
    ("落实两个维护", {"落实", "两个维护"}, f"落实{Z}两个维护"),
    (f"<p>{Z}旧{Z}分词</p>", {"旧分词"}, f"<p>{Z}旧分词{Z}</p>"),
    ("abc 2022", set(), "abc 2022"),
])
def test_segment(text, words, expected):
    def cut(run):   # longest-match cut over `words`, single characters otherwise
        out, i = [], 0
        while i < len(run):
            n = max([len(w) for w in words if run.startswith(w, i)] or [1])
            out.append(run[i:i + n])
            i += n
        return out
    assert segment(text, cut) == expected


# Glossary words that are not plain Han: each is one token in the text, whatever quotes,
# full-width characters or enumeration marks it is written with.
SPECIAL_WORDS = ["“1+3”制度体系", "“133”计划", "20字", "不敢腐、不能腐、不想腐", "监督执纪“四种形态”",
                 "“十四五”规划", "两个维护"]


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


@pytest.mark.parametrize("text, tokens", [
    ("全面从严治党“1+3”制度体系和", ["全面", "从严治党", "“1+3”制度体系", "和"]),
    ('落实"1+3"制度体系要求', ["落实", '"1+3"制度体系', "要求"]),
    ("落实1+3制度体系", ["落实", "1+3制度体系"]),
    ("实施“133”计划，即", ["实施", "“133”计划", "，", "即"]),
    ("一体推进不敢腐、不能腐、不想腐", ["一体", "推进", "不敢腐、不能腐、不想腐"]),
    ("坚持“20字”好干部标准", ["坚持", "“20字", "”", "好", "干部", "标准"]),
    ("运用监督执纪“四种形态”", ["运用", "监督执纪“四种形态", "”"]),
    ("做到“两个维护”", ["做到", "“", "两个维护", "”"]),
    ("<p>“133”计划</p>", ["<p>", "“133”计划", "</p>"]),
])
def test_special_words_are_one_token(text, tokens):
    words = {"全面", "从严治党", "落实", "要求", "实施", "即", "一体", "推进", "坚持", "好", "干部",
             "标准", "运用", "做到", "两个维护", "和"}

    def cut(run):   # longest match over `words`, single characters otherwise
        out, i = [], 0
        while i < len(run):
            n = max([len(w) for w in words if run.startswith(w, i)] or [1])
            out.append(run[i:i + n])
            i += n
        return out
    out = segment(text, cut, re.compile(special_pattern(SPECIAL_WORDS)))
    assert [t for t in re.split(f"{Z}|(?=<)|(?<=>)", out) if t] == tokens


@pytest.mark.parametrize("paragraph, limit, expected", [
    ("甲。乙！", 40, ["甲。", "乙！"]),
    (f"甲{Z}。{Z}”乙", 40, [f"甲{Z}。{Z}", "”乙"]),
    ("一二三，四五六，七八九。", 8, ["一二三，四五六，", "七八九。"]),
    ("短句", 40, ["短句"]),
])
def test_snippet_blocks(paragraph, limit, expected):
    assert snippet_blocks(paragraph, limit) == expected


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


def test_compact_index_and_dumps():
    index = {"config": {}, "docs": [
        {"location": "speeches/a/", "title": "在某会议上的讲话标题", "text": ""},
        {"location": "speeches/a/#s-1", "title": "一", "text": f"<p>原文第一句。原文第二句。{Z}¶</p>"},
        {"location": "topics/x/#a", "title": "在某会议上的讲话标题", "text": ""},
        {"location": "glossary/t/", "title": "术语", "text": "<p>释义。</p>"},
    ]}
    out = compact_index(index, lambda loc: loc.startswith("speeches/"), {"glossary/t/": 4.0})
    assert [d["location"] for d in out["docs"]] == ["speeches/a/", "speeches/a/#s-1", "glossary/t/"]
    assert out["docs"][1]["text"] == "<p>原文第一句。</p><p>原文第二句。</p>"
    assert out["docs"][2]["boost"] == 4.0
    text = dumps(out)
    assert "\\u" not in text and json.loads(text) == out


def _worker() -> str:
    return next((MATERIAL / "templates/assets/javascripts/workers").glob("search.*.min.js")).read_text("utf-8")


def test_worker_patch_applies_to_the_installed_material():
    patched = patch_worker(_worker())
    assert patched.startswith(MARKER)
    assert "kbSearch.segment(" in patched and "kbSearch.runs()" in patched
    assert "kbSearch.pipeline(this)" in patched and "sourceMappingURL" not in patched


def test_worker_data_maps_every_form_to_the_term_key():
    data = worker_data(search_terms([("一岗双责", ["一崗雙責"]), ("“1+3”制度体系", []),
                                     ("十四五", ["“十四五”规划"])]), {"崗": "岗"})
    assert data["aliases"] == {"一岗双责": "一岗双责", "一崗雙責": "一岗双责",
                               "1+3制度体系": "1+3制度体系", "十四五": "十四五", "十四五规划": "十四五"}
    assert data["chars"] == {"崗": "岗"}
    assert re.fullmatch(data["special"], "“1+3”制度体系") and not re.fullmatch(data["special"], "十四五")


def test_worker_name_is_the_content_hash():
    js = patch_worker(_worker())
    assert re.fullmatch(r"search\.[0-9a-f]{12}\.min\.js", worker_name(js))
    assert worker_name(js) == worker_name(patch_worker(_worker()))
    assert worker_name(js) != worker_name(js + "\n")


@pytest.mark.parametrize("js", ["", "function(){}", "already " + MARKER])
def test_worker_patch_fails_loudly_on_unknown_code(js):
    with pytest.raises(WorkerPatchError):
        patch_worker(js)


def test_each_patch_matches_exactly_once():
    js = _worker()
    assert apply_patches(js) != js
    with pytest.raises(WorkerPatchError, match="matched 2 times"):
        apply_patches(js + js)
