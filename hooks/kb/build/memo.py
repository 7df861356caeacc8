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


def last_call(function):
    """`function` remembering the result of its last call, for the same argument objects (by
    identity, not equality): for corpus-wide results whose inputs are themselves memoised by
    their files, so that every hook of one build asks for the same objects and a changed input
    is a new object. Not emptied by `release()`: later steps read these results."""
    last: list = []

    @functools.wraps(function)
    def remembered(*args):
        if last and len(last[0]) == len(args) and all(a is b for a, b in zip(last[0], args)):
            return last[1]
        result = function(*args)
        last[:] = [args, result]
        return result
    return remembered
