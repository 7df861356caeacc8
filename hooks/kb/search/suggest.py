"""What the worker needs, offline, to answer a query that finds little or nothing: the
glossary's terms and aliases, and the readings (pinyin without tones) of their characters.

The worker loads it, with the functions using it (kb/search/suggest.js), as one script
(`search/suggest-<hash>.js`, kb.search.site_index.suggest_script, named in the manifest as
`suggest`) only when a query is not wholly an indexed word, so a search for a term downloads
nothing more.
With it the worker offers "您要找的是不是：一岗双责" for 一岗双则 (a character of the same reading,
the usual pinyin-IME slip), 三会一棵, 两个维户, a missing or extra character; and, when nothing
is found, the terms closest to the query.

    {"t": [[term as shown, its search key, alias key, ...], ...],   most important first
     "r": {reading: "characters", ...}}

`r` lists, for each reading of a character of a term or alias, the characters an IME offers for
it: the common characters (GB 2312) and their traditional forms, so a query character of the
same reading as a term's is recognised whichever script it was typed in.
"""
from __future__ import annotations

import functools
from typing import Callable, Iterable

from kb.build import parallel
from kb.build.cache import code_version
from kb.build.library_tables import library_table, library_version
from kb.search.terms import han_chars, search_key


@functools.lru_cache(maxsize=1)
def _common_chars() -> tuple[str, ...]:
    """The Han characters of GB 2312 (levels 1 and 2), in code order."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return tuple(sorted(set(out)))


def readings(char: str) -> tuple[str, ...]:
    """Every toneless pinyin reading pypinyin knows for `char` (none for a non-Han one)."""
    from pypinyin import Style, pinyin
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(sorted({r for group in found for r in group if r.isascii() and r.isalpha()}))


@functools.lru_cache(maxsize=4)
def _reading_table(to_traditional: Callable[[str], str] | None) -> dict[str, tuple[str, ...]]:
    """_read_table(to_traditional), computed in a forked child: pypinyin (~55 MB with its
    phrase dictionary) stays out of the build's memory."""
    return parallel.in_child(lambda _: _read_table(to_traditional), [None])[0]


def _read_table(to_traditional: Callable[[str], str] | None) -> dict[str, tuple[str, ...]]:
    """reading -> the common characters read so (and their traditional forms), sorted."""
    table: dict[str, set[str]] = {}
    for ch in _common_chars():
        forms = {ch}
        if to_traditional is not None:
            trad = to_traditional(ch)
            if len(trad) == 1:
                forms.add(trad)
        for reading in readings(ch):
            table.setdefault(reading, set()).update(forms)
    return {r: tuple(sorted(chars)) for r, chars in table.items()}


def reading_table(to_traditional: Callable[[str], str] | None, converter: tuple | None = None
                  ) -> dict[str, tuple[str, ...]]:
    """_reading_table(to_traditional); kept per machine (kb.build.library_tables: 6,763
    characters read by pypinyin, a fixed cost of every build) when `converter` names what
    `to_traditional` is (e.g. ("opencc", "1.4.2", "s2t")): the table depends on nothing else."""
    if converter is None:
        return _reading_table(to_traditional)
    version = (library_version("pypinyin"), code_version(__name__), *converter)
    return library_table("pinyin-readings", version, lambda: _reading_table(to_traditional))


def suggest_data(entries: Iterable[tuple[str, Iterable[str]]],
                 to_traditional: Callable[[str], str] | None = None, converter: tuple | None = None) -> dict:
    """The file's content from (term, aliases) pairs in the order to offer them (most important
    first). An alias whose key is the term's own is left out; a key claimed by an earlier term
    is not repeated. `converter`: see reading_table."""
    terms, seen = [], set()
    for term, aliases in entries:
        key = search_key(term)
        if not key or key in seen:
            continue
        seen.add(key)
        alias_keys = [k for k in dict.fromkeys(search_key(a) for a in aliases)
                      if k and k not in seen]
        seen.update(alias_keys)
        terms.append([term, key, *alias_keys])
    table = reading_table(to_traditional, converter)
    wanted: dict[str, set[str]] = {}
    chars = sorted(han_chars(k for t in terms for k in t[1:]))
    for ch, found in zip(chars, parallel.in_child(readings, chars)):   # pypinyin: see reading_table
        for reading in found:     # a rare term character is listed under its readings too
            wanted.setdefault(reading, set(table.get(reading, ()))).add(ch)
    return {"t": terms, "r": {r: "".join(sorted(wanted[r])) for r in sorted(wanted)}}
