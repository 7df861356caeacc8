"""Near-duplicate speeches: the same speech from another file (.doc and .pdf, 讨论稿 and 定稿).

Text is compared after NFKC (full-width and half-width forms alike), conversion to simplified
script and removal of everything but letters and digits (whitespace, punctuation, line breaks),
as sets of 5-character shingles. similarity = (Jaccard + containment of the smaller set) / 2:
Jaccard alone punishes a revised version that gained a paragraph, containment alone would call
an excerpt the whole speech. Measured (README, 导入): the same speech as .docx / .doc / .pdf
0.99-1.00, a version with a few sentences reworded 0.93-0.98, different speeches on the same
topic at most 0.03. DUPLICATE_AT = 0.9.

Candidates are found through an inverted index of a deterministic sample of the shingles (those
whose CRC-32 is divisible by 8; an estimate of both measures), then scored exactly on the full
sets, so 1,000 imported speeches cost one dictionary lookup per sampled shingle, not 1,000 set
comparisons per file.

Anchors on --update: `carry_ids` gives the new version's paragraphs (and headings) the ids of
the old page's where the text is unchanged or still clearly the same paragraph.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kb.text.chinese_script import to_simplified
from kb.model.speech import Section
from kb.ingest.structure import IdAllocator

DUPLICATE_AT = 0.9
SHINGLE = 5
_SAMPLE = 8
_SAME_PARAGRAPH = 0.6      # difflib ratio above which an edited paragraph keeps its anchor
_NOT_WORD = re.compile(r"[\W_]+")


def comparable_text(texts) -> str:
    text = unicodedata.normalize("NFKC", "".join(texts))
    return _NOT_WORD.sub("", to_simplified(text)).lower()


def shingles(text: str) -> set[str]:
    if len(text) < SHINGLE:
        return {text} if text else set()
    return {text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def _sample(grams: set[str]) -> set[int]:
    hashes = (zlib.crc32(g.encode("utf-8")) for g in grams)
    return {h for h in hashes if h % _SAMPLE == 0}


def similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    jaccard = common / (len(a) + len(b) - common)
    containment = common / min(len(a), len(b))
    return (jaccard + containment) / 2


def speech_texts(sections: list[Section]) -> list[str]:
    out = []
    for section in sections:
        if section.heading:
            out.append(section.heading)
        out.extend(p.text for p in section.paragraphs)
    return out


@dataclass
class Match:
    page: Path
    similarity: float


class DuplicateIndex:
    """Speeches already imported, searchable for near-duplicates of a new one."""

    def __init__(self):
        self.texts: dict[Path, str] = {}
        self.samples: dict[Path, int] = {}
        self.sample_sets: dict[Path, set[int]] = {}
        self.postings: dict[int, list[Path]] = {}

    def add(self, page: Path, texts: list[str]) -> None:
        self.remove(page)
        text = comparable_text(texts)
        sample = _sample(shingles(text))
        self.texts[page] = text
        self.samples[page] = len(sample)
        self.sample_sets[page] = sample
        for h in sample:
            self.postings.setdefault(h, []).append(page)

    def remove(self, page: Path) -> None:
        if page not in self.texts:
            return
        self.texts.pop(page)
        for h in self.sample_sets.pop(page, ()):
            pages = self.postings.get(h)
            if pages and page in pages:
                pages.remove(page)
        self.samples.pop(page, None)

    def best(self, texts: list[str]) -> Match | None:
        """The most similar page at or above DUPLICATE_AT, else None."""
        text = comparable_text(texts)
        grams = shingles(text)
        sample = _sample(grams)
        hits = Counter()
        for h in sample:
            hits.update(self.postings.get(h, ()))
        best = None
        for page, common in sorted(hits.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            size = self.samples[page]
            estimate = (common / max(1, len(sample) + size - common)
                        + common / max(1, min(len(sample), size))) / 2
            if estimate < DUPLICATE_AT - 0.2:
                continue
            score = similarity(grams, shingles(self.texts[page]))
            if score >= DUPLICATE_AT and (best is None or score > best.similarity):
                best = Match(page, score)
        if best is None and len(text) < 40 * _SAMPLE:
            # Too short for the sample to be reliable: compare with every page.
            for page in sorted(self.texts):
                score = similarity(grams, shingles(self.texts[page]))
                if score >= DUPLICATE_AT and (best is None or score > best.similarity):
                    best = Match(page, score)
        return best


def carry_ids(old: list[Section], new: list[Section]) -> list[Section]:
    """`new` with the ids of `old` kept for unchanged and clearly-the-same paragraphs and headings."""
    ids = IdAllocator()
    old_paragraphs = [p for s in old for p in s.paragraphs]
    new_paragraphs = [p for s in new for p in s.paragraphs]
    paragraph_ids = _pair(old_paragraphs, new_paragraphs, lambda p: p.text)
    section_ids = _pair([s for s in old if s.level], [s for s in new if s.level], lambda s: s.heading)
    for section in new:
        if section.level == 0:
            ids.claim(section.id)
    for index, section in enumerate([s for s in new if s.level]):
        if index in section_ids:
            section.id = section_ids[index]
    for index, paragraph in enumerate(new_paragraphs):
        if index in paragraph_ids:
            paragraph.id = paragraph_ids[index]
    # Carried ids first, then the rest made unique around them.
    carried = {id(x) for i, x in enumerate(new_paragraphs) if i in paragraph_ids}
    carried |= {id(s) for i, s in enumerate([s for s in new if s.level]) if i in section_ids}
    for item in [s for s in new if s.level] + new_paragraphs:
        if id(item) in carried:
            item.id = ids.claim(item.id)
    for item in [s for s in new if s.level] + new_paragraphs:
        if id(item) not in carried:
            item.id = ids.claim(item.id)
    return new


def _pair(old, new, text_of) -> dict[int, str]:
    """new index -> old id, for items the same or clearly the same."""
    a, b = [text_of(x) for x in old], [text_of(x) for x in new]
    out: dict[int, str] = {}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                out[j1 + offset] = old[i1 + offset].id
        elif tag == "replace":
            used = set()
            for j in range(j1, j2):
                scored = [(difflib.SequenceMatcher(None, a[i], b[j], autojunk=False).ratio(), -i, i)
                          for i in range(i1, i2) if i not in used]
                if scored:
                    ratio, _, i = max(scored)
                    if ratio >= _SAME_PARAGRAPH:
                        out[j] = old[i].id
                        used.add(i)
    return out
