"""Word segmentation of the search index with the glossary as one-token words.

Material's search plugin cuts Chinese with the global jieba and joins the words with U+200B.
We re-cut the index with a private jieba tokenizer that knows every glossary term and alias.
Private, not `jieba.load_userdict` on the global one (which is what the search plugin's
`jieba_dict_user` option does): the glossary's slogan extraction reads jieba's global word
frequencies, and with the user dictionary loaded every extracted term looks like a common word
and is dropped from the glossary.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from .search_compact import ZWSP

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_TOKENIZERS: dict[frozenset, object] = {}


def tokenizer(words: Iterable[str], freq: int):
    """A jieba tokenizer with jieba's own dictionary plus `words` (memoised by the word set;
    the global dictionary is copied, not re-read)."""
    key = frozenset(words)
    if key not in _TOKENIZERS:
        import jieba
        jieba.dt.check_initialized()
        tok = jieba.Tokenizer()
        tok.FREQ, tok.total, tok.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
        for word in sorted(key):
            tok.add_word(word, freq)
        _TOKENIZERS.clear()
        _TOKENIZERS[key] = tok
    return _TOKENIZERS[key]


def segment(text: str, cut: Callable[[str], Iterable[str]]) -> str:
    """Material's `_segment_chinese` with our `cut`: each Han run becomes its words joined and
    surrounded by U+200B; existing U+200B are removed first."""
    def words(m: re.Match) -> str:
        return ZWSP + ZWSP.join(cut(m.group(0))) + ZWSP
    return _HAN.sub(words, text.replace(ZWSP, "")).strip(ZWSP)


def resegment_index(index: dict, cut: Callable[[str], Iterable[str]]) -> dict:
    docs = [{**doc, "title": segment(doc.get("title", ""), cut),
             "text": segment(doc.get("text", ""), cut)} for doc in index["docs"]]
    return {**index, "docs": docs}
