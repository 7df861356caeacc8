"""Finding glossary terms in running Chinese text: variants folded, longest match first.

Chinese has no word boundaries, so a term is found wherever its characters occur, with one
guard: a term that starts with a numeral is not matched right after another numeral (十四风 is
not 四风). Text is compared in a *folded* form of the same length as the original — traditional
characters to simplified, corner brackets and full-width digits to their common forms — so a
match's offsets point into the original text and the original script is what gets shown.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kb.build import memo

NUMERALS = "〇零一二三四五六七八九十百千万两双"
DIGITS = "0123456789"
_NUM_BEFORE = set(NUMERALS + DIGITS + "第")
_NUMERAL_START = frozenset(NUMERALS + DIGITS)
MEMO_SIZE = 200_000       # texts whose matches a TermMatcher remembers
_QUOTE_FOLD = str.maketrans({"「": "“", "『": "“", "﹁": "“", "」": "”", "』": "”", "﹂": "”",
                             "＋": "+", "﹢": "+", **{chr(0xFF10 + i): str(i) for i in range(10)}})
QUOTES = "“”\"‘’「」『』"
_CJK = re.compile(r"[\u3400-\u9fff]")


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=20000)
def _simplified_char(char: str) -> str:
    out = _t2s().convert(char)
    return out if len(out) == 1 else char


def to_simplified(text: str) -> str:
    """Simplified script, same length as `text` (phrase conversion when it keeps the length)."""
    if not _CJK.search(text):
        return text
    whole = _t2s().convert(text)
    if len(whole) == len(text):
        return whole
    return "".join(_simplified_char(c) if _CJK.match(c) else c for c in text)


@memo.memoised(1 << 16)
def fold(text: str) -> str:
    """The comparison form of `text`: simplified, common quotes and digits; same length.
    Memoised: the same paragraph is folded by slogan extraction, counting and term links."""
    return to_simplified(text.translate(_QUOTE_FOLD))


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (PDF text) as the importer does: a line break becomes a space only
    between two characters of Latin script (“党建+⏎气象服务” is 党建+气象服务)."""
    return _LINE_BREAK.sub(_join_at_break, text)


_LINE_BREAK = re.compile(r"[ \t]*(?:\r?\n[ \t]*)+")


def _join_at_break(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    latin = 0 < start and end < len(text) and "\x21" <= text[start - 1] <= "\x7e" and "\x21" <= text[end] <= "\x7e"
    return " " if latin else ""


def term_key(text: str) -> str:
    """The canonical key of a formulation: folded, without quotes or spaces (“两张皮” = 两张皮,
    兩張皮 = 两张皮, “133”计划 = 133计划)."""
    return re.sub(rf"[{QUOTES}\s]", "", fold(text))


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term_id: str


class TermMatcher:
    """Surface forms (any script, quotes allowed) mapped to term ids."""

    def __init__(self, surfaces: dict[str, str], memo: bool = True):
        self.memo = memo        # off for a matcher that reads each text once (nothing to remember)
        self.forms: dict[str, str] = {}
        for surface, term_id in surfaces.items():
            folded = fold(surface)
            if len(folded) >= 2:
                self.forms.setdefault(folded, term_id)
        self.lengths = sorted({len(f) for f in self.forms}, reverse=True)
        # The lengths worth trying at a position, by the two characters there (longest first;
        # every form has two or more): most positions where a form's first character occurs
        # are ruled out by one lookup, and the rest try only the lengths of forms starting so.
        by_first: dict[str, set[int]] = {}
        for form in self.forms:
            by_first.setdefault(form[:2], set()).add(len(form))
        self._lengths_by_first = {c: sorted(ls, reverse=True) for c, ls in by_first.items()}
        # A match can only start where some form's first character occurs: jump between those.
        firsts = "".join(sorted({f[0] for f in self.forms}))
        self._starts = re.compile(f"[{re.escape(firsts)}]") if firsts else None
        self._memo: dict[str, tuple[TermMatch, ...]] = {}

    def _match_at(self, folded: str, i: int) -> str | None:
        for length in self._lengths_by_first.get(folded[i:i + 2], ()):
            form = folded[i:i + length]
            if len(form) == length and form in self.forms:
                if form[0] in _NUMERAL_START and i > 0 and folded[i - 1] in _NUM_BEFORE:
                    continue
                return form
        return None

    def finditer(self, text: str):
        """Non-overlapping matches, leftmost first, longest at each position. Memoised per text
        (a paragraph is matched for counting, for highlighting on each term page that quotes it
        and for links)."""
        if not self.memo:
            return self._scan(text)
        found = self._memo.get(text)
        if found is None:
            found = tuple(self._scan(text))
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = found
        return iter(found)

    def _scan(self, text: str):
        if self._starts is None:
            return
        folded, i = fold(text), 0
        lengths_by_first, forms = self._lengths_by_first, self.forms
        for start in self._starts.finditer(folded):
            j = start.start()
            if j < i:           # inside the previous match
                continue
            for length in lengths_by_first.get(folded[j:j + 2], ()):
                form = folded[j:j + length]
                if len(form) == length and form in forms:
                    if form[0] in _NUMERAL_START and j > 0 and folded[j - 1] in _NUM_BEFORE:
                        continue
                    yield TermMatch(j, j + length, forms[form])
                    i = j + length
                    break

    def counts(self, text: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for match in self.finditer(text):
            out[match.term_id] = out.get(match.term_id, 0) + 1
        return out
