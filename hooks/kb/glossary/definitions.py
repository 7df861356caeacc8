"""Definitions a speech gives itself, for terms the curated glossary does not define.

Recognised right after a mention of the term (quotes optional):
  “五个必由之路”即：……。        X即…… / X，即……   (not 即可、即将、即使 …)
  “红脸”，就是……。              X就是…… / X，就是……
  落实“四个更加自觉”。一是……；二是……。        an 一是/二是 list right after it
  主要表现在“三个持续增强”：   (paragraph end) followed by paragraphs 一是…… 二是……
The definition keeps the speech's words and points back to the passage it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.glossary.matching import fold

MAX_CHARS = 300
_ORDINALS = "一二三四五六七八九十"
_IS = re.compile(r"^”?\s*[，,]?\s*即(?![可使将便时刻])[：:，,]?\s*")
_MEANS = re.compile(r"^”?\s*[，,]?\s*就是\s*")
_LIST_AFTER = re.compile(r"^”?[^。；：:“”]{0,12}?[。：:]\s*(?=一是)")
_ENDS_WITH_COLON = re.compile(r"^”?\s*[：:]\s*$")
_ITEM = re.compile(rf"^([{_ORDINALS}]{{1,2}})是")


@dataclass
class TextDefinition:
    text: str
    speech_id: str
    anchor: str


def _sentence(rest: str) -> str:
    end = re.search(r"。", rest)
    text = rest[:end.start()] if end else rest
    return text.rstrip("）)；; ")


def _is_clause(rest: str) -> str:
    """X，即A、B、C，… keeps the enumeration; X，即…… keeps the sentence."""
    sentence = _sentence(rest)
    first = re.split(r"[，,]", sentence, maxsplit=1)[0]
    return first if "、" in first else sentence


def _list(rest: str) -> str:
    """一是……；二是……。 up to the full stop after which no further item follows."""
    pos = 0
    while True:
        stop = rest.find("。", pos)
        if stop < 0:
            text = rest.rstrip("；; ")
            break
        if not _ITEM.match(rest[stop + 1:].lstrip()):
            text = rest[:stop]
            break
        pos = stop + 1
    return text if "二是" in text else ""


def definition_after(rest: str) -> str:
    """The definition that `rest` (the text right after a mention) opens with, or ""."""
    for pattern, take in ((_IS, _is_clause), (_MEANS, _sentence)):
        m = pattern.match(rest)
        if m:
            return take(rest[m.end():])
    m = _LIST_AFTER.match(rest)
    if m:
        return _list(rest[m.end():])
    return ""


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1] + "…"


def _following_list(passages, index: int) -> str:
    items = []
    for _, _, text in passages[index + 1:index + 11]:
        m = _ITEM.match(text)
        if not m:
            break
        items.append(_sentence(text))
    return "；".join(items) if len(items) >= 2 else ""


class CharIndex:
    """Which passages hold a character, for the characters of some forms: a term's forms can
    only occur in the passages holding each of their characters, so find_definition looks at
    those passages only (same result as reading every passage; was most of a build's glossary
    time at 1,000 speeches)."""

    def __init__(self, folded_texts: list[str], forms=(), chars: set[str] | None = None):
        chars = chars if chars is not None else {c for form in forms for c in form}
        self.by_char: dict[str, list[int]] = {c: [] for c in chars}
        for index, text in enumerate(folded_texts):
            for c in chars.intersection(text):
                self.by_char[c].append(index)

    def candidates(self, folded_forms: list[str]) -> list[int] | None:
        """Passage indexes, in order, that may hold one of the forms; None: every passage."""
        found: set[int] = set()
        for form in folded_forms:
            if not form or any(c not in self.by_char for c in form):
                return None
            found.update(min((self.by_char[c] for c in set(form)), key=len))
        return sorted(found)


def find_definition(passages, forms: list[str], folded_texts: list[str] | None = None,
                    index: CharIndex | None = None) -> TextDefinition | None:
    """The first definition of a term written as any of `forms`, in `passages` — a list of
    (speech id, anchor, text) in reading order. `folded_texts`, when given, is
    [fold(text) for each passage], computed once by a caller that looks up many terms; `index`,
    when given, a CharIndex of those texts over (at least) these forms. Only the passages that
    `folded_texts` covers are searched (the ones after them are read for a list that follows)."""
    folded_forms = sorted({fold(f).strip("“”") for f in forms if f}, key=len, reverse=True)
    order = index.candidates(folded_forms) if index is not None and folded_texts is not None else None
    searched = len(folded_texts) if folded_texts is not None else len(passages)
    for position in (order if order is not None else range(searched)):
        speech_id, anchor, text = passages[position]
        folded = folded_texts[position] if folded_texts is not None else fold(text)
        for form in folded_forms:
            if form not in folded:      # cheap test before the regex scan
                continue
            for m in re.finditer(re.escape(form), folded):
                rest = text[m.end():]
                found = definition_after(rest)
                if not found and _ENDS_WITH_COLON.match(rest):
                    found = _following_list(passages, position)
                if len(found) >= 4:
                    return TextDefinition(_clip(found), speech_id, anchor)
    return None
