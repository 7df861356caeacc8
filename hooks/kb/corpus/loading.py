"""All speech pages of the site, parsed once per content and shared by every hook.

`load_corpus(dir)` is memoised by the files' size and mtime: several hooks ask for the same
corpus in one build and get the same object; `mkdocs serve` re-parses only changed pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kb.model.speech import Speech
from kb.ingest.speech_page import PageError, parse_page

_PAGE_CACHE: dict[Path, tuple[tuple, Speech]] = {}
_CORPUS_CACHE: dict[tuple, "Corpus"] = {}


@dataclass
class Corpus:
    speeches: list[Speech]                                  # newest first, then by id
    errors: list[str] = field(default_factory=list)         # Chinese messages naming the file
    _by_id: dict | None = field(default=None, init=False, repr=False, compare=False)

    def by_id(self) -> dict[str, Speech]:
        """Speeches by id. Built once per corpus (hooks call it for every page); read-only."""
        if self._by_id is None or len(self._by_id) != len(self.speeches):
            self._by_id = {speech.id: speech for speech in self.speeches}
        return self._by_id


def speech_page_paths(speeches_dir: Path) -> list[Path]:
    # Sorted by name (one directory): comparing Path objects was ~9 s per build at 1,000
    # speeches, as hooks load the corpus for every page.
    return sorted((p for p in speeches_dir.glob("*.md") if p.name != "index.md"), key=lambda p: p.name)


def sort_key(speech: Speech):
    # Newest first; undated speeches last; ties by id for a deterministic order.
    return (-(int(speech.meta.date.replace("-", "").ljust(8, "0")) if speech.meta.date
              and speech.meta.date.replace("-", "").isdigit() else 0), speech.id)


def _parse(path: Path, stat_key: tuple) -> Speech:
    cached = _PAGE_CACHE.get(path)
    if cached and cached[0] == stat_key:
        return cached[1]
    speech = parse_page(path.read_text("utf-8"), path.stem)
    _PAGE_CACHE[path] = (stat_key, speech)
    return speech


def load_corpus(speeches_dir: Path) -> Corpus:
    paths = speech_page_paths(Path(speeches_dir))
    stats = tuple((p, st.st_size, st.st_mtime_ns) for p, st in ((p, p.stat()) for p in paths))
    if stats in _CORPUS_CACHE:
        return _CORPUS_CACHE[stats]
    speeches, errors = [], []
    for path, size, mtime in stats:
        try:
            speeches.append(_parse(path, (size, mtime)))
        except (PageError, UnicodeDecodeError) as err:
            errors.append(f"{path}：{err}")
    corpus = Corpus(sorted(speeches, key=sort_key), errors)
    _CORPUS_CACHE.clear()
    _CORPUS_CACHE[stats] = corpus
    return corpus
