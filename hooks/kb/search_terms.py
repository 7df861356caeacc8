"""Which strings search treats as one word, and how a query is mapped onto them.

Pure data, no MkDocs: the search hook feeds these to jieba (index side) and embeds them in the
patched search worker (query side, see kb.search_worker).

- `terms`: the glossary's terms; each must come out of jieba as one token.
- `aliases`: alias -> term (other spellings, traditional-script forms); a query alias is read as
  the term.
- `traditional_chars`: traditional character -> simplified character, for the characters of the
  corpus, so that a traditional-script query for any indexed word (not only glossary terms)
  finds the simplified text.
"""
from __future__ import annotations

import re
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
