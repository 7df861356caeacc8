"""Traditional -> simplified script, shared by every stage that matches Chinese patterns.

Speeches keep the script they were written in; matching (titles, topics, slogans, search)
works on a simplified copy so that 一崗雙責 and 一岗双责 are the same term.
"""
from __future__ import annotations

from functools import lru_cache

from kb.build import memo


@lru_cache(maxsize=1)
def _converter():
    import opencc   # imported lazily: loading the dictionaries costs ~0.1 s
    return opencc.OpenCC("t2s")


@memo.memoised(65536)
def to_simplified(text: str) -> str:
    return _converter().convert(text)
