"""The word segmenter of the search index: jieba with the glossary as one-token words.

A private jieba tokenizer that knows every glossary term and alias (jieba-rs through rjieba
when installed: the same words, much faster); kb.search.shards cuts the text with it.
Private, not `jieba.load_userdict` on the global one (which is what the search plugin's
`jieba_dict_user` option does): the glossary's slogan extraction reads jieba's global word
frequencies, and with the user dictionary loaded every extracted term looks like a common word
and is dropped from the glossary.
"""
from __future__ import annotations

from typing import Iterable

_TOKENIZERS: dict[frozenset, object] = {}


def _jieba_tokenizer(words: list[str], freq: int):
    import jieba
    jieba.dt.check_initialized()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    for word in words:
        tok.add_word(word, freq)
    return tok


def _rust_tokenizer(words: list[str], freq: int):
    """jieba-rs (rjieba): the same dictionary and algorithm, the same words, ~9x faster."""
    import rjieba
    tok = rjieba.Jieba()
    for word in words:
        tok.add_word(word, freq, None)
    return tok


def tokenizer(words: Iterable[str], freq: int):
    """A tokenizer (an object with `cut(text)` and `cut_for_search(word)`) with jieba's own dictionary plus `words`:
    rjieba when installed, else a jieba one (the global dictionary copied, not re-read).
    Memoised by the word set."""
    key = frozenset(words)
    if key not in _TOKENIZERS:
        try:
            tok = _rust_tokenizer(sorted(key), freq)
        except ImportError:
            tok = _jieba_tokenizer(sorted(key), freq)
        _TOKENIZERS.clear()
        _TOKENIZERS[key] = tok
    return _TOKENIZERS[key]
