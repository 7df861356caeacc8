"""The files of the search results page (`search/`, kb.pages.search, docs/assets/kb-search.js).

The header box's worker (worker.js) keeps at most MAX_POSTINGS documents per token and shows
the best MAX_PAGES pages; the results page lists *every* matching section, with filters and
counts. It reads, under `search/full-<hash>/` (the hash of all these files, so a browser never
mixes an old and a new set):

- `f<N>.json`: every document of every token, {token: [doc, score, doc, score, ...]}, doc ids
  ascending (the same doc ids and BM25 scores as the worker's shards: kb.search.shards.postings
  without its cap in a build, the same scores from kb.search.update.ScoredIndex while serving). A token lives in
  shard `shard_of(token, shards)` (its first two characters), so the page cuts a query into
  indexed words by longest match exactly as the worker does.
- `m.json`: what the filters need for every document without any text: the topics
  ([id, name] in taxonomy order), the speeches ([id, title, date, occasion, speaker, unit],
  corpus order), `first` (doc id of the first speech document: speech documents come after the
  other pages' ones), and per speech document from `first` on: `sp` the speech's index, `sec`
  its section index (-1: the title-only page document of a speech with headings) and `tm` its
  topics as a bit mask over `topics`.
- `t<i>.json`: speech i's text for snippets, phrase checks and citations: {"u": page URL,
  "s": [[section id, heading path, [[paragraph id, text], ...]], ...]}.

Speaker and unit are the speech's `speaker` / `unit` (front matter, or found at import) where
known; the filter lists only those values that occur.
"""
from __future__ import annotations

import hashlib
import shutil
from itertools import chain
from pathlib import Path

from kb.build import urls
from kb.search.documents import SearchDoc
from kb.search.shards import dumps, shard_of, shards_for, token_size
from kb.topics.classify import CorpusTopics, heading_paths

DIR_PREFIX = "full-"
OPENING = "开篇"


def _meta_value(speech, key: str) -> str:
    value = getattr(speech.meta, key)
    return " ".join(str(value).split()) if value not in (None, "") else ""


def speech_text(speech) -> dict:
    """The `t<i>.json` record of one speech."""
    paths = heading_paths(speech)
    sections = []
    for section in speech.sections:
        own = section.heading if section.level else OPENING
        path = [s.heading for s in paths.get(section.id, [])] + [own]
        sections.append([section.id, path, [[p.id, p.text] for p in section.paragraphs]])
    return {"u": urls.speech_url(speech.id), "s": sections}


def _speech_doc_sections(speech) -> list[int]:
    """Section index of each of a speech's documents (kb.search.documents.speech_docs: the
    page document, then one per section when the speech has headings)."""
    sections = speech.sections
    if any(s.level for s in sections) or len(sections) > 1:
        return [-1] + list(range(len(sections)))
    return [0]


def results_files(docs: list[SearchDoc], every: dict[str, list[tuple[int, int]]], speeches: list,
                  topic_ids: list[tuple[str, str]], topics: CorpusTopics | None
                  ) -> tuple[dict[str, str], dict]:
    """({file name: text}, manifest part) for the results page. `docs` are the whole index's
    documents in doc id order (the worker's ids), `every` each token's (doc, score) pairs in
    any order; `speeches` the corpus in order."""
    by_page = {urls.speech_url(s.id): s for s in speeches}
    first = next((i for i, d in enumerate(docs) if d.page in by_page), len(docs))
    order = [t for t, _ in topic_ids]
    bit = {t: 1 << i for i, t in enumerate(order)}
    index_of = {s.id: i for i, s in enumerate(speeches)}
    sp, sec, tm = [], [], []
    i = first
    while i < len(docs):
        speech = by_page[docs[i].page]
        kinds = _speech_doc_sections(speech)
        union = 0
        masks = []
        for k in kinds:
            mask = 0
            if k >= 0 and topics is not None:
                for t in topics.section_topics.get((speech.id, speech.sections[k].id), []):
                    mask |= bit.get(t, 0)
            union |= mask
            masks.append(mask)
        masks = [union if k < 0 else m for k, m in zip(kinds, masks)]
        sp += [index_of[speech.id]] * len(kinds)
        sec += kinds
        tm += masks
        i += len(kinds)
    meta = {"topics": [list(t) for t in topic_ids],
            "speeches": [[s.id, s.meta.title, s.meta.date or "", s.meta.occasion or "",
                          *(_meta_value(s, k) for k in ("speaker", "unit"))] for s in speeches],
            "first": first, "sp": sp, "sec": sec, "tm": tm}

    shards = shards_for(sum(token_size(t, e) for t, e in every.items()))
    buckets: list[dict] = [{} for _ in range(shards)]
    for token, entries in every.items():
        buckets[shard_of(token, shards)][token] = list(chain.from_iterable(sorted(entries)))
    files = {f"f{n}.json": dumps(b) for n, b in enumerate(buckets)}
    files["m.json"] = dumps(meta)
    for n, speech in enumerate(speeches):
        files[f"t{n}.json"] = dumps(speech_text(speech))
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode("utf-8") + b"\0")
    return files, {"dir": DIR_PREFIX + digest.hexdigest()[:12], "shards": shards}


def write_results(site: Path, files: dict[str, str], manifest: dict) -> Path:
    """search/full-<hash>/ with `files` (unchanged files are left alone), and no other
    full-* folder."""
    target = site / "search" / manifest["dir"]
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        data = text.encode("utf-8")
        path = target / name
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        path.write_bytes(data)
    for stale in (site / "search").glob(DIR_PREFIX + "*"):
        if stale != target:
            shutil.rmtree(stale)
    return target
