"""The files of the search results page (`search/`, kb.pages.search, docs/assets/kb-search.js).

The header box's worker (worker.js) keeps at most MAX_POSTINGS documents per token and shows
the best MAX_PAGES pages; the results page lists *every* matching section, with filters and
counts. It reads, under `search/full-<hash>/` (named by all these files, so a browser never
mixes an old and a new set):

- `f<N>.json`: every document of every token, {token: [doc, score, doc, score, ...]}, doc ids
  ascending (the same doc ids and BM25 scores as the worker's shards: kb.search.shards.postings
  without its cap in a build, the same scores from kb.search.update.ScoredIndex while serving). A token lives in
  shard `shard_of(token, shards)` (its first two characters), so the page cuts a query into
  indexed words by longest match exactly as the worker does.
- `m.json`: what ranking and the filters need, without any text (fetched when the page opens,
  before a query is typed; about 20 KB gzip at 1,000 speeches): the topics ([id, name] in
  taxonomy order), the speeches ([id, title, date, occasion, speaker, unit, text key], corpus
  order), `first` (doc id of the first speech document: speech documents come after the other
  pages' ones), `n` the number of documents of each speech (its documents are consecutive: with
  headings, or more than one section, the title-only page document then one per section; else
  one), and `tm` per speech document from `first` on its topics as a bit mask over `topics`.
- `t-<speech id>.json`: one speech's text for snippets, phrase checks and citations: {"u": page
  URL, "s": [[section id, heading path, [[paragraph id, text], ...]], ...]}. Named by the speech
  id, not its place in the corpus (text_name), so adding a speech renames no other file.

Speaker and unit are the speech's `speaker` / `unit` (front matter, or found at import) where
known; the filter lists only those values that occur.

`ResultsFiles` keeps the files' bytes between `mkdocs serve` builds: an update encodes again
only the tokens whose lists changed, the shards holding them, the texts of speeches that
changed and m.json; the result is byte for byte what a fresh `ResultsFiles` gives.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from itertools import chain
from json.encoder import encode_basestring
from pathlib import Path

from kb.build import urls
from kb.search.documents import SearchDoc
from kb.search.shards import PackedPostings, TokenShards, deal_tokens, dumps, shards_for, token_size
from kb.topics.classify import CorpusTopics, heading_paths

DIR_PREFIX = "full-"
OPENING = "开篇"


def _meta_value(speech, key: str) -> str:
    value = getattr(speech.meta, key)
    return " ".join(str(value).split()) if value not in (None, "") else ""


def text_name(speech_id: str) -> str:
    """A speech's text file: named by its id (its page's name, so fit for a URL), not by its
    place in the corpus, so adding a speech renames no other file."""
    return f"t-{speech_id}.json"


def speech_text(speech) -> dict:
    """The `t-<speech id>.json` record of one speech."""
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


def results_meta(docs: list[SearchDoc], speeches: list, topic_ids: list[tuple[str, str]],
                 topics: CorpusTopics | None) -> dict:
    """m.json's content: `docs` are the whole index's documents in doc id order (the
    worker's ids), `speeches` the corpus in order."""
    by_page = {urls.speech_url(s.id): s for s in speeches}
    first = next((i for i, d in enumerate(docs) if d.page in by_page), len(docs))
    bit = {t: 1 << i for i, (t, _) in enumerate(topic_ids)}
    counts, tm = [], []
    i = first
    while i < len(docs):
        speech = by_page[docs[i].page]
        kinds = _speech_doc_sections(speech)
        masks = []
        for k in kinds:
            mask = 0
            if k >= 0 and topics is not None:
                for t in topics.section_topics.get((speech.id, speech.sections[k].id), []):
                    mask |= bit.get(t, 0)
            masks.append(mask)
        union = 0
        for m in masks:
            union |= m
        tm += [union if k < 0 else m for k, m in zip(kinds, masks)]
        counts.append(len(kinds))
        i += len(kinds)
    return {"topics": [list(t) for t in topic_ids],
            "speeches": [[s.id, s.meta.title, s.meta.date or "", s.meta.occasion or "",
                          *(_meta_value(s, k) for k in ("speaker", "unit"))]
                         for s in speeches],
            "first": first, "n": counts, "tm": tm}


def _part(token: str, entries) -> bytes:
    """The token's member of its shard's JSON object as dumps() writes it (UTF-8): its
    (doc, score) pairs by doc id."""
    return (encode_basestring(token) + ":["
            + ",".join(map(str, chain.from_iterable(sorted(entries)))) + "]").encode("utf-8")


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _encoded(token: str, entries) -> tuple[bytes, int]:
    entries = list(entries)
    return _part(token, entries), token_size(token, entries)


class ResultsFiles(TokenShards):
    """The files of search/full-<hash>/, kept: `data` {file name: bytes} and `manifest`
    ({"dir", "shards"}). `every` maps each token to its (doc, score) pairs in any order."""

    def __init__(self, every, meta: dict, speeches: list):
        self.sizes: dict[str, int] = {}
        self.parts: dict[str, bytes] = {}
        for token, entries in every.items():
            self._set_token(token, entries)
        self.size = sum(self.sizes.values())
        self._deal(shards_for(self.size))
        self.data: dict[str, bytes] = {f"f{k}.json": self._shard(k) for k in range(self.shards)}
        self.texts: dict[str, tuple] = {}      # speech id -> (speech, file name, bytes)
        self._texts(speeches)
        self.data["m.json"] = dumps(meta).encode("utf-8")
        self.digests = {name: _digest(data) for name, data in self.data.items()}
        self._name()

    def _set_token(self, token: str, entries) -> None:
        self.parts[token], self.sizes[token] = _encoded(token, entries)

    def _texts(self, speeches: list) -> set[str]:
        """Each speech's t<key>.json, encoded again only for a speech object not seen last
        time (the corpus keeps the objects of unchanged speech files); the names written."""
        held, self.texts, written = self.texts, {}, set()
        for speech in speeches:
            kept = held.get(speech.id)
            if kept is None or kept[0] is not speech:
                kept = (speech, text_name(speech.id), dumps(speech_text(speech)).encode("utf-8"))
                written.add(kept[1])
            self.texts[speech.id] = kept
            self.data[kept[1]] = kept[2]
        return written

    def _name(self) -> None:
        self.manifest = {"dir": _folder_name(self.digests), "shards": self.shards}

    def update(self, every, tokens: set[str] | None, meta: dict, speeches: list) -> set[str]:
        """Follow a new build: `tokens` are those whose lists may have changed (None: any;
        `every` then holds every token, else at least these), the rest as before. The names of
        the files whose bytes changed."""
        before = self.data
        if tokens is None:   # nothing kept: every token encoded and dealt out again
            self.parts, self.sizes, self.size, self.shards = {}, {}, 0, 0
            tokens = set(every)

        def encoded(token: str):
            entries = every.get(token)
            return _encoded(token, entries) if entries else None
        dirty = self._reencode(tokens, encoded)
        self.data = {}
        for k in range(self.shards):
            name = f"f{k}.json"
            self.data[name] = self._shard(k) if k in dirty else before[name]
        self._texts(speeches)
        self.data["m.json"] = dumps(meta).encode("utf-8")
        changed = {name for name, data in self.data.items()
                   if before.get(name) is not data and before.get(name) != data}
        self.digests = {name: (_digest(self.data[name]) if name in changed else self.digests[name])
                        for name in self.data}
        self._name()
        return changed


def _folder_name(digests: dict[str, bytes]) -> str:
    """full-<hash>: the hash of every file's name and digest, in name order."""
    digest = hashlib.sha256()
    for name in sorted(digests):
        digest.update(name.encode() + b"\0" + digests[name] + b"\0")
    return DIR_PREFIX + digest.hexdigest()[:12]


def write_fresh_results(site: Path, every: PackedPostings, meta: dict, speeches: list) -> dict:
    """A one-off build's search/full-<hash>/, the files of ResultsFiles(every, meta, speeches),
    each written as soon as it is made and then forgotten (held all at once, with each token's
    encoded part, they were the largest thing in a build's memory); their manifest part."""
    shards, members = deal_tokens((token, every.count(token)) for token in every)
    folder = new_folder(site / "search")
    digests: dict[str, bytes] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        digests[name] = _digest(data)
    for k, tokens in enumerate(members):
        put(f"f{k}.json", b"{" + b",".join(_part(t, every[t]) for t in tokens) + b"}")
    for speech in speeches:
        put(text_name(speech.id), dumps(speech_text(speech)).encode("utf-8"))
    put("m.json", dumps(meta).encode("utf-8"))
    manifest = {"dir": _folder_name(digests), "shards": shards}
    install_folder(folder, site / "search" / manifest["dir"], DIR_PREFIX)
    return manifest


_NEW_FOLDER = ".new"   # matches neither kb-* nor full-*: never taken for an index folder


def new_folder(search: Path) -> Path:
    """An empty folder under `search` to write an index folder into before its name (the hash
    of its files) is known."""
    folder = search / _NEW_FOLDER
    if folder.exists():
        shutil.rmtree(folder)          # left by a build that did not finish
    folder.mkdir(parents=True)
    return folder


def install_folder(folder: Path, target: Path, prefix: str) -> None:
    """`folder` (new_folder) renamed to `target`, and no other <prefix>* folder beside it. A
    folder already named `target` holds the same files (its name is their hash)."""
    if target.exists():
        shutil.rmtree(target)
    folder.rename(target)
    remove_other_folders(target, prefix)


def remove_other_folders(target: Path, prefix: str) -> None:
    """No <prefix>* folder beside `target` but itself (an older build's index)."""
    for stale in target.parent.glob(prefix + "*"):
        if stale != target:
            shutil.rmtree(stale)


def write_results(site: Path, files: ResultsFiles, previous: Path | None,
                  changed: set[str] | None) -> Path:
    """search/full-<hash>/ with `files`, and no other full-* folder. A folder of that name
    already there holds them (its name is their hash); a new one gets the files that
    `changed` written and the others hard-linked from `previous` (written when that fails),
    before the previous folder is removed: a browser reads a whole old set or a whole new one."""
    target = site / "search" / files.manifest["dir"]
    if target == previous and target.is_dir():
        return target
    linkable = changed is not None and previous is not None and previous.is_dir()
    if linkable and target.exists():
        shutil.rmtree(target)          # left by a build that did not finish
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.data.items():
        path = target / name
        if linkable and name not in changed:
            try:
                os.link(previous / name, path)
                continue
            except OSError:            # gone, another file system, no hard links: write it
                pass
        path.write_bytes(data)
    remove_other_folders(target, DIR_PREFIX)
    return target
