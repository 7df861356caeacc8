"""Unit tests of the pure search helpers (kb.search_*), table-driven."""
from __future__ import annotations

import json
from pathlib import Path

import material
import pytest

from kb.search_compact import (ZWSP, compact_index, drop_blocks, dumps, duplicate_test,
                               exclude_from_search, snippet_blocks, strip_anchor_marks)
from kb.search_segment import segment
from kb.search_terms import search_terms, traditional_char_map
from kb.search_worker import MARKER, WorkerPatchError, apply_patches, patch_worker

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
    patched = patch_worker(_worker(), search_terms([("一岗双责", ["一崗雙責"])]), {"崗": "岗"})
    assert patched.startswith(MARKER)
    assert "kbSearch.segment(" in patched and ".length;" in patched and "<=" in patched
    assert '"一崗雙責":"一岗双责"' in patched and '"一岗双责":"一岗双责"' in patched


@pytest.mark.parametrize("js", ["", "function(){}", "already " + MARKER])
def test_worker_patch_fails_loudly_on_unknown_code(js):
    with pytest.raises(WorkerPatchError):
        patch_worker(js, search_terms([]), {})


def test_each_patch_matches_exactly_once():
    js = _worker()
    assert apply_patches(js) != js
    with pytest.raises(WorkerPatchError, match="matched 2 times"):
        apply_patches(js + js)
