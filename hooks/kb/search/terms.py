"""Which strings search treats as one word, and how a query is mapped onto them.

Pure data, no MkDocs: the search hook feeds these to jieba (index side) and embeds them in the
search worker (query side: config.kb of search_index.json, see hooks/search_index.py).

- `terms`: the glossary's terms; each must come out of jieba as one token.
- `aliases`: alias -> term (other spellings, traditional-script forms); a query alias is read as
  the term.
- `traditional_chars`: traditional character -> simplified character, for the characters of the
  corpus, so that a traditional-script query for any indexed word (not only glossary terms)
  finds the simplified text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# jieba frequency for glossary words: high enough that a term always wins over its parts.
TERM_FREQ = 10_000_000


@dataclass(frozen=True)
class SearchTerms:
    terms: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)

    def words(self) -> list[str]:
        """Every string that must be one token: the terms, then the aliases."""
        return list(dict.fromkeys([*self.terms, *self.aliases]))


def search_terms(entries: Iterable[tuple[str, Iterable[str]]]) -> SearchTerms:
    """SearchTerms from (term, aliases) pairs. Blank strings are dropped; an alias equal to a
    term is dropped (a term is never redirected); the first term claiming an alias keeps it."""
    entries = [(term.strip(), [a.strip() for a in aliases]) for term, aliases in entries]
    terms = tuple(dict.fromkeys(term for term, _ in entries if term))
    known = set(terms)
    aliases: dict[str, str] = {}
    for term, names in entries:
        for alias in names:
            if term and alias and alias not in known and alias not in aliases:
                aliases[alias] = term
    return SearchTerms(terms, aliases)


def jieba_user_dict(terms: SearchTerms, freq: int = TERM_FREQ) -> str:
    """The words in jieba's user-dictionary format (`word freq` per line)."""
    return "".join(f"{word} {freq}\n" for word in terms.words() if " " not in word)


def han_chars(texts: Iterable[str]) -> set[str]:
    return {ch for text in texts for ch in _HAN.findall(text)}


def traditional_char_map(simplified: Iterable[str], to_traditional) -> dict[str, str]:
    """traditional -> simplified for each given character whose traditional form differs.

    `to_traditional` converts a string (e.g. OpenCC s2t). A traditional form that is itself one
    of the given characters is skipped: the corpus uses it, so it must not be rewritten."""
    chars = set(simplified)
    mapping: dict[str, str] = {}
    for ch in sorted(chars):
        trad = to_traditional(ch)
        if len(trad) == 1 and trad != ch and trad not in chars:
            mapping.setdefault(trad, ch)
    return mapping


def opencc_s2t():
    """OpenCC's simplified -> traditional converter as a function of a string."""
    import opencc
    return opencc.OpenCC("s2t").convert


# --------------------------------------------------------------------------- one-token keys
# Characters a term may carry or drop without changing which term it is: quotes around a part
# (“1+3”制度体系 / "1+3"制度体系 / 1+3制度体系) and enumeration marks (不敢腐、不能腐、不想腐).
IGNORED = "“”‘’\"'「」『』、·・"
_IGNORED_RE = re.compile("[" + re.escape(IGNORED) + "]")
_OPENING = "“‘\"'「『"
_CLOSING = "”’\"'」』"
_JS_SPECIAL = set("\\^$.|?*+()[]{}/-")


def search_key(text: str) -> str:
    """The form a token is indexed and queried under: NFKC (full-width digits and letters to
    ASCII), lower case, without the IGNORED characters. The worker does the same in JS
    (`String.normalize("NFKC")`), so both sides agree."""
    return _IGNORED_RE.sub("", unicodedata.normalize("NFKC", text).lower())


def is_plain_han(word: str) -> bool:
    return bool(word) and all(_HAN.fullmatch(ch) for ch in word)


def _esc(ch: str) -> str:
    # Escapes valid both in Python `re` and in a JS regex with the `u` flag.
    return "\\" + ch if ch in _JS_SPECIAL else ch


def _char_class(ch: str) -> str:
    """`ch` of a key as it may appear in text: either case, half- or full-width."""
    forms = dict.fromkeys([ch, ch.upper()])
    for form in list(forms):
        if "!" <= form <= "~":
            forms[chr(ord(form) + 0xFEE0)] = None
    forms = [f for f in forms if unicodedata.normalize("NFKC", f).lower() == ch]
    return _esc(forms[0]) if len(forms) == 1 else "[" + "".join(_esc(f) for f in forms) + "]"


def special_pattern(words: Iterable[str]) -> str | None:
    """One regex source (valid in Python and in JS with the `u` flag) matching, in text or in a
    query, any of `words` that jieba cannot keep whole: words with characters other than Han
    (digits, Latin letters, quotes, `+`, 、). Between the characters of its key any IGNORED
    characters may appear, and it may start with opening quotes, so “1+3”制度体系, "1+3"制度体系
    and 1+3制度体系 all match. Longest keys first. None when there is no such word."""
    keys = sorted({search_key(w) for w in words if not is_plain_han(w)} - {""},
                  key=lambda k: (-len(k), k))
    if not keys:
        return None
    gap = "[" + "".join(_esc(c) for c in IGNORED) + "]*"
    opening = "[" + "".join(_esc(c) for c in _OPENING) + "]*"
    alternatives = [opening + gap.join(_char_class(ch) for ch in key) for key in keys]
    return "(?:" + "|".join(alternatives) + ")"


def special_starts(words: Iterable[str]) -> str | None:
    """A regex character class holding every character a match of `special_pattern(words)` can
    start with (opening quotes, any form of a key's first character), for the index side to
    find where a match may start faster than the whole pattern can (Python's `re` tries every
    alternative at every position). None when there is no such word."""
    keys = {search_key(w) for w in words if not is_plain_han(w)} - {""}
    if not keys:
        return None
    chars = dict.fromkeys(_OPENING)
    for key in sorted(keys):
        ch = key[0]
        for form in (ch, ch.upper()):
            chars[form] = None
            if "!" <= form <= "~":
                chars[chr(ord(form) + 0xFEE0)] = None
    return "[" + "".join(_esc(c) for c in chars) + "]"


def alias_keys(terms: SearchTerms) -> dict[str, str]:
    """search key -> the term's search key, for every term and alias. Terms map to themselves
    so that the longest match wins when a query is read (中央八项规定精神 must not be read as
    its alias 中央八项规定 followed by 精神)."""
    keys = {search_key(term): search_key(term) for term in terms.terms}
    for alias, term in terms.aliases.items():
        keys.setdefault(search_key(alias), search_key(term))
    return dict(sorted(keys.items()))
