"""Memoised text functions that a one-off build empties before its last steps (peak memory).

Folding, script conversion and relative links are memoised because several stages ask for the
same paragraph or link (slogans, counts, term links): at 1,000 speeches their tables hold about
40 MB of strings. The build's last steps (kb.json, the search index) need the most memory at
once and read little of them, so `release()` (hooks/build_memory.py, a one-off `mkdocs build`
only) empties them first; the memory goes back to the allocator and those steps reuse it.
A function asked again afterwards computes and memoises as before: the output is unchanged.
"""
from __future__ import annotations

import functools

_MEMOISED: list = []


def memoised(maxsize: int):
    """functools.lru_cache(maxsize), emptied by `release()`."""
    def wrap(function):
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _MEMOISED.append(cached)
        return cached
    return wrap


def release() -> None:
    for cached in _MEMOISED:
        cached.cache_clear()
