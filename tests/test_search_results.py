"""The files of the 搜索 results page (kb.search.results), from a real build of the bundled
speeches: every document of every token (not only the worker's best 300), the same doc ids and
scores as the worker's shards, per-document speech / section / topics that agree with kb.json,
the speech text for snippets and citations, a folder named by the content; and the page
skeletons (kb.pages.search) hold nothing from a query."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from kb.corpus.loading import load_corpus  # noqa: E402
from kb.pages.search import materials_markdown, search_markdown  # noqa: E402
from kb.search.documents import speech_docs  # noqa: E402
from kb.search.results import (ResultsFiles, _speech_doc_sections, results_meta, speech_text,  # noqa: E402
                               text_name, write_fresh_results, write_results)
from kb.search.shards import PackedPostings, shard_of  # noqa: E402
from kb.build import urls  # noqa: E402


def load(site: Path):
    kb = json.loads((site / "search/search_index.json").read_text("utf-8"))["config"]["kb"]
    full = site / "search" / kb["results"]["dir"]
    return kb, full


def decode(flat: list[int]) -> list[tuple[int, int]]:
    return list(zip(flat[0::2], flat[1::2]))


def test_full_postings_hold_every_worker_posting_with_the_same_score(built_site):
    kb, full = load(built_site)
    assert sorted(p.name for p in (built_site / "search").glob("full-*")) == [kb["results"]["dir"]]
    shards = kb["results"]["shards"]
    fulls = [json.loads((full / f"f{n}.json").read_text("utf-8")) for n in range(shards)]
    capped = [json.loads((built_site / "search" / kb["dir"] / f"s{n}.json").read_text("utf-8"))
              for n in range(kb["shards"])]
    tokens = [t for shard in capped for t in shard]
    assert len(tokens) > 1000
    for n, shard in enumerate(capped):
        for token, flat in shard.items():
            entries = decode(fulls[shard_of(token, shards)][token])
            docs = [d for d, _ in entries]
            assert docs == sorted(set(docs)), token
            # A worker shard marks the token's own page by a negative score (issue 17).
            worker = {flat[i]: abs(flat[i + 1]) for i in range(0, len(flat), 2)}
            assert worker.items() <= dict(entries).items(), token


def test_document_metadata_agrees_with_kb_json(built_site):
    kb, full = load(built_site)
    meta = json.loads((full / "m.json").read_text("utf-8"))
    record = json.loads((built_site / "kb.json").read_text("utf-8"))
    assert [s[0] for s in meta["speeches"]] == [s["id"] for s in record["speeches"]]
    assert [s[2] for s in meta["speeches"]] == [s["date"] or "" for s in record["speeches"]]
    assert [t[0] for t in meta["topics"]] == [t["id"] for t in record["topics"]]
    topic_sections = {t["id"]: set(t["sections"]) for t in record["topics"]}
    page_of_doc = {}
    for n, start in enumerate(kb["starts"]):
        page_of_doc[start] = json.loads((built_site / "search" / kb["dir"] / f"p{n}.json").read_text("utf-8"))
    # Each speech's documents are consecutive: the page document, then one per section (or
    # only one document).
    sps = [i for i, n in enumerate(meta["n"]) for _ in range(n)]
    secs = [0 if n == 1 else k - 1 for n in meta["n"] for k in range(n)]
    assert len(sps) == len(meta["tm"]) and meta["first"] + len(sps) == kb["starts"][-1] + len(
        json.loads((built_site / "search" / kb["dir"] / f"p{len(kb['starts']) - 1}.json").read_text("utf-8"))["d"])
    checked = 0
    for i, (sp, sec, mask) in enumerate(zip(sps, secs, meta["tm"])):
        speech = record["speeches"][sp]
        if sec < 0:
            continue
        section = speech["sections"][sec]
        ref = f"{speech['id']}#{section['id']}"
        want = {t for t, refs in topic_sections.items() if ref in refs}
        got = {meta["topics"][b][0] for b in range(len(meta["topics"])) if mask >> b & 1}
        assert got == want, ref
        checked += 1
    assert checked == sum(len(s["sections"]) for s in record["speeches"] if len(s["sections"]) > 1)
    # The doc ids are the worker's: the first speech document is that speech's page.
    first = meta["first"]
    page = page_of_doc[first]
    assert page["u"] == record["speeches"][0]["url"] and page["d"][0][0] == ""


def test_speech_text_files_hold_every_paragraph_with_its_heading_path(built_site):
    kb, full = load(built_site)
    meta = json.loads((full / "m.json").read_text("utf-8"))
    record = json.loads((built_site / "kb.json").read_text("utf-8"))
    assert len(list(full.glob("t-*.json"))) == len(record["speeches"])
    for n, speech in enumerate(record["speeches"]):
        text = json.loads((full / text_name(speech["id"])).read_text("utf-8"))
        assert text["u"] == speech["url"]
        assert [[p[0] for p in s[2]] for s in text["s"]] == [[p["id"] for p in sec["paragraphs"]]
                                                              for sec in speech["sections"]]
        assert [p[1] for s in text["s"] for p in s[2]] == [p["text"] for sec in speech["sections"]
                                                            for p in sec["paragraphs"]]
        for s, sec in zip(text["s"], speech["sections"]):
            assert s[1][-1] == (sec["heading"] or "开篇")
            assert len(s[1]) == 1 or sec["level"] > 2    # sub-sections carry their parents


def test_speech_doc_sections_follow_the_search_documents(repo_root):
    corpus = load_corpus(repo_root / "docs" / "speeches")
    for speech in corpus.speeches:
        docs = speech_docs(speech, urls.speech_url(speech.id))
        kinds = _speech_doc_sections(speech)
        assert len(kinds) == len(docs)
        for doc, k in zip(docs, kinds):
            assert (doc.anchor == "") == (k < 0 or len(docs) == 1)
            if doc.anchor:
                assert doc.anchor == speech.sections[k].id


def _bundled(repo_root):
    corpus = load_corpus(repo_root / "docs" / "speeches")
    docs = [d for s in corpus.speeches for d in speech_docs(s, urls.speech_url(s.id))]
    return corpus, docs


def test_results_files_are_deterministic_and_named_by_content(repo_root):
    corpus, docs = _bundled(repo_root)
    every = {"党建": [(i, 10 + i % 7) for i in range(0, len(docs), 3)][::-1]}
    meta = results_meta(docs, corpus.speeches, [("x", "一")], None)
    a = ResultsFiles(every, meta, corpus.speeches)
    b = ResultsFiles({"党建": sorted(every["党建"])}, meta, corpus.speeches)
    assert a.data == b.data and a.manifest == b.manifest
    changed = ResultsFiles(every, results_meta(docs, corpus.speeches, [("x", "二")], None), corpus.speeches)
    assert changed.manifest["dir"] != a.manifest["dir"]
    first = corpus.speeches[0]
    assert json.loads(a.data[text_name(first.id)]) == speech_text(first)
    assert json.loads(a.data["f0.json"]) == {"党建": [x for pair in sorted(every["党建"]) for x in pair]}


def _packed(every: dict[str, list[tuple[int, int]]]) -> PackedPostings:
    """`every` as kb.search.shards.postings(capped=False) holds it: best first, ties by doc."""
    from array import array
    return PackedPostings({t: array("q", sorted(-s << 32 | d for d, s in e)) for t, e in every.items()})


# Postings of a one-off build: (label, token -> [(doc, score)]).
STREAMED = [
    ("one token", {"党建": [(0, 5)]}),
    ("two tokens, one shard", {"党建": [(i, 10 + i % 7) for i in range(0, 40, 3)], "从严治党": [(1, 20), (6, 20)]}),
    ("ties by doc id", {"两个维护": [(9, 3), (2, 3), (5, 3)]}),
    ("many tokens (several shards)", {f"词{i}": [(d, i + 1) for d in range(0, 60, 2)] for i in range(400)}),
]


@pytest.mark.parametrize("label,every", STREAMED, ids=[e[0] for e in STREAMED])
def test_streamed_results_folder_equals_the_held_files(repo_root, tmp_path, label, every):
    """A one-off build writes search/full-<hash>/ file by file (write_fresh_results): the same
    folder name, shards and bytes as ResultsFiles, no other full-* folder and nothing left of
    the folder it wrote into."""
    corpus, docs = _bundled(repo_root)
    meta = results_meta(docs, corpus.speeches, [("x", "一")], None)
    held = ResultsFiles(every, meta, corpus.speeches)
    site = tmp_path / "site"
    (site / "search" / "full-0123456789ab").mkdir(parents=True)   # an older build's
    manifest = write_fresh_results(site, _packed(every), meta, corpus.speeches)
    assert manifest == held.manifest
    assert sorted(p.name for p in (site / "search").iterdir()) == [manifest["dir"]]
    target = site / "search" / manifest["dir"]
    assert {p.name: p.read_bytes() for p in target.iterdir()} == held.data
    assert write_fresh_results(site, _packed(every), meta, corpus.speeches) == manifest   # again: same


# Edits of one serve build to the next: (tokens whose lists change, how).
EDITS = [
    ("nothing", {}),
    ("one score", {"党建": lambda e: [(d, s + 1 if d == e[0][0] else s) for d, s in e]}),
    ("a document leaves a list", {"党建": lambda e: e[1:]}),
    ("a new token", {"两个维护": lambda e: [(1, 7), (4, 9)]}),
    ("a token gone", {"从严治党": lambda e: []}),
    ("many new tokens (more shards)", {f"词{i}": (lambda e, i=i: [(d, i + 1) for d in range(0, 60, 2)])
                                        for i in range(400)}),
]


@pytest.mark.parametrize("label,edit", EDITS, ids=[e[0] for e in EDITS])
def test_updated_results_files_equal_a_fresh_build(repo_root, tmp_path, label, edit):
    """A serve rebuild encodes again only the changed tokens, shards and speech texts, and
    writes only the changed files (the others hard-linked): the same bytes as from scratch."""
    corpus, docs = _bundled(repo_root)
    every = {"党建": [(i, 10 + i % 7) for i in range(0, len(docs), 3)],
             "从严治党": [(i, 20) for i in range(1, len(docs), 5)]}
    meta = results_meta(docs, corpus.speeches, [("x", "一")], None)
    kept = ResultsFiles(every, meta, corpus.speeches)
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    before = write_results(site, kept, None, None)
    after = {t: list(every.get(t, [])) for t in every}
    for token, change in edit.items():
        after[token] = change(after.get(token, []))
    after = {t: e for t, e in after.items() if e}
    # An edited speech: a new object with other text (the corpus re-parses a changed file).
    import copy
    speeches = list(corpus.speeches)
    if label == "one score":
        edited = copy.deepcopy(speeches[1])
        edited.sections[0].paragraphs[0].text += "又改了一句。"
        speeches[1] = edited
    changed = kept.update({t: after[t] for t in edit if t in after}, set(edit), meta, speeches)
    fresh = ResultsFiles(after, meta, speeches)
    assert kept.data == fresh.data and kept.manifest == fresh.manifest and kept.shards == fresh.shards
    assert changed == {n for n in fresh.data if ResultsFiles(every, meta, corpus.speeches).data.get(n) != fresh.data[n]}
    if label == "nothing":
        assert changed == set()
    if label == "one score":
        assert changed == {"f" + str(_shard_name(kept, "党建")) + ".json", text_name(speeches[1].id)}
    inodes = {p.name: p.stat().st_ino for p in before.iterdir()}
    target = write_results(site, kept, before, changed)
    assert sorted(p.name for p in (site / "search").iterdir()) == [target.name]
    assert {p.name: p.read_bytes() for p in target.iterdir()} == fresh.data
    # Unchanged files are the previous folder's (hard links), changed ones written anew.
    linked = {p.name for p in target.iterdir() if inodes.get(p.name) == p.stat().st_ino}
    assert linked == (set(fresh.data) - changed if changed else set(fresh.data)) or target == before


def _shard_name(files: ResultsFiles, token: str) -> int:
    return shard_of(token, files.shards)


@pytest.mark.parametrize("markdown", [search_markdown(), materials_markdown()])
def test_page_skeletons_are_labelled_and_excluded_from_search(markdown):
    assert "data-search-exclude" in markdown
    import re
    for control in re.findall(r'<(?:input|select)[^>]*id="([^"]+)"', markdown):
        assert f'<label for="{control}">' in markdown, control
