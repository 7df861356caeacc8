"""The search index kept across `mkdocs serve` builds (kb.search.update, kb.search.documents.PageDocs,
kb.search.compact.DuplicateIndex) gives, after any sequence of changes, exactly what the
from-scratch functions give on the new documents."""
from __future__ import annotations

import random

import pytest

from kb.search import shards as search_shards
from kb.search.compact import DuplicateIndex, duplicate_test
from kb.search.documents import PageDocs, SearchDoc, order_docs, page_docs
from kb.search.shards import DocStats, index_files, postings
from kb.search.terms import han_chars
from kb.search.update import IndexFiles, ScoredIndex, TokenChars

VOCAB = [f"词{i}" for i in range(40)] + ["两个维护", "维护", 'a"b', "1+3制度体系"]


def _stats(rng: random.Random) -> DocStats:
    text = {t: rng.randint(1, 6) * 0.5 for t in rng.sample(VOCAB, rng.randint(0, 12))}
    title = {t: rng.randint(1, 2) * 0.5 for t in rng.sample(VOCAB, rng.randint(0, 2))}
    key = rng.choice([*title, "x"]) if title else "x"
    return DocStats(title, text, int(sum(text.values())) + rng.randint(0, 3), key)


def _edit(rng: random.Random, docs: list[SearchDoc], stats: list[DocStats], step: int) -> None:
    """One build's worth of changes: small edits of a document's counts (most scores keep
    their rounding), new counts, a new token, a boost or page text change, a new document."""
    kind = rng.random()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(docs))
        s = stats[i]
        if kind < 0.5:
            text = dict(s.text)
            if text and rng.random() < 0.7:
                text[rng.choice(list(text))] += 0.5
            else:
                text[rng.choice(VOCAB)] = 1.0
            stats[i] = DocStats(s.title, text, s.length + rng.randint(0, 2), s.title_key)
        elif kind < 0.8:
            stats[i] = _stats(rng)
        elif kind < 0.9:
            text = {**s.text, f"新词{step}": 1.0}
            stats[i] = DocStats(s.title, text, s.length + 1, s.title_key)
        else:
            d = docs[i]
            boost = rng.choice([0.5, 1.0, 4.0])
            docs[i] = SearchDoc(d.page, d.anchor, d.title, [f"改{step}"], boost)
    if rng.random() < 0.05:
        docs.append(SearchDoc(f"new{step}/", "", "新页面", [], 1.0))
        stats.append(_stats(rng))


@pytest.mark.parametrize("seed", range(40))
def test_kept_index_equals_a_fresh_one_after_every_change(seed, monkeypatch):
    rng = random.Random(seed)
    # Short posting lists and small shards, so that lists are cut, refilled and shards dealt
    # out again; every update is incremental (unless the documents change).
    monkeypatch.setattr(search_shards, "MAX_POSTINGS", rng.choice([2, 5, 300]))
    monkeypatch.setattr(search_shards, "SHARD_TARGET", rng.choice([40, 200, 24_000]))
    monkeypatch.setattr(ScoredIndex, "redo_share", 2.0)
    n = rng.randint(1, 60)
    docs = [SearchDoc(f"p{i // 3}/", "" if i % 3 == 0 else f"s-{i}", f"标题{i}", [f"块{i}"],
                      rng.choice([0.5, 1.0, 4.0])) for i in range(n)]
    stats = [_stats(rng) for _ in docs]
    scored = ScoredIndex([(d.page, d.anchor) for d in docs], stats, [d.boost for d in docs])
    files = IndexFiles(docs, scored.lists)
    chars = TokenChars(scored.lists)
    for step in range(25):
        before = dict(files.data)
        _edit(rng, docs, stats, step)
        keys, boosts = [(d.page, d.anchor) for d in docs], [d.boost for d in docs]
        changes = scored.update(keys, list(stats), boosts)
        changed = files.update(docs, scored.lists, changes)
        lists = postings(docs, stats)
        assert scored.lists == lists, step
        texts, manifest = index_files(docs, lists)
        data = {name: text.encode("utf-8") for name, text in texts.items()}
        assert files.data == data and files.manifest == manifest, step
        assert changed == {name for name in data if before.get(name) != data[name]}
        if changes is None:
            chars = TokenChars(scored.lists)
        else:
            chars.update(changes.added, changes.removed)
        assert chars.chars() == han_chars(lists)


def test_a_small_edit_scores_few_documents_again():
    rng = random.Random(7)
    docs = [SearchDoc(f"p{i}/", "", f"标题{i}", [], 1.0) for i in range(400)]
    stats = [_stats(rng) for _ in docs]
    scored = ScoredIndex([(d.page, "") for d in docs], stats, [1.0] * len(docs))
    rescored = []
    original = scored._score_doc
    scored._score_doc = lambda i: (rescored.append(i), original(i))
    s = stats[5]
    text = {**s.text, "词1": s.text.get("词1", 0) + 0.5}
    stats[5] = DocStats(s.title, text, s.length + 1, s.title_key)
    changes = scored.update([(d.page, "") for d in docs], stats, [1.0] * len(docs))
    assert changes is not None and 5 in rescored and len(rescored) < len(docs) // 4
    assert scored.lists == postings(docs, stats)


def test_a_new_list_of_documents_is_indexed_from_scratch():
    rng = random.Random(3)
    docs = [SearchDoc(f"p{i}/", "", "t", [], 1.0) for i in range(5)]
    stats = [_stats(rng) for _ in docs]
    scored = ScoredIndex([(d.page, "") for d in docs], stats, [1.0] * 5)
    docs.insert(2, SearchDoc("new/", "", "t", [], 1.0))
    stats.insert(2, _stats(rng))
    assert scored.update([(d.page, "") for d in docs], stats, [1.0] * 6) is None
    assert scored.lists == postings(docs, stats)


# ------------------------------------------------------------------------- page documents
TEXTS = {
    "a": ["这是讲话甲里的一整段原文内容。", "讲话甲的第二段，深入推进全面从严治党。"],
    "b": ["这是讲话乙里的一整段原文内容。"],
}
TITLES = ["在某会议上的讲话标题", "在另一次会议上的讲话"]


def _entries(extra: str = "") -> dict[str, list[dict]]:
    return {
        "glossary/t/": [{"location": "glossary/t/", "title": "术语", "text": "<p>释义。</p>"}],
        "topics/x/": [
            {"location": "topics/x/", "title": "专题",
             "text": "<p>这是讲话甲里的一整段原文内容。</p><p>专题说明文字。</p>" + extra},
            {"location": "topics/x/#a", "title": "在某会议上的讲话标题", "text": ""}],
        "topics/y/": [{"location": "topics/y/", "title": "专题乙",
                       "text": "<p>这是讲话乙里的一整段原文内容。</p><p>另一段说明。</p>"}],
    }


def _fresh(entries, texts, titles, boosts):
    docs = order_docs(page_docs([e for page in entries.values() for e in page],
                                [t for group in texts.values() for t in group], titles, boosts))
    return [[d for d in docs if d.page == page] for page in dict.fromkeys(d.page for d in docs)]


def test_page_docs_kept_across_builds_equal_fresh_ones():
    boosts = {"glossary/t/": 4.0}
    kept = PageDocs()
    first = kept.groups(_entries(), TEXTS, TITLES, boosts)
    assert first == _fresh(_entries(), TEXTS, TITLES, boosts)
    steps = [
        (_entries(), TEXTS, TITLES),                                         # nothing changed
        (_entries(), {**TEXTS, "a": ["改写了讲话甲。", TEXTS["a"][1]]}, TITLES),  # text gone
        (_entries(), TEXTS, TITLES),                                         # and back
        (_entries(), TEXTS, ["在某会议上的讲话标题（修订）", TITLES[1]]),     # title changed
        (_entries("<p>新加的说明。</p>"), TEXTS, TITLES),                     # page changed
        (_entries(), {"a": TEXTS["a"]}, TITLES),                             # speech removed
    ]
    previous = first
    for entries, texts, titles in steps:
        groups = kept.groups(entries, texts, titles, boosts)
        assert groups == _fresh(entries, texts, titles, boosts)
        # glossary/t/ holds no speech text and no title: never made again
        assert groups[0] is previous[0]
        previous = groups
    assert kept.groups(_entries(), TEXTS, TITLES, {}) == _fresh(_entries(), TEXTS, TITLES, {})


def test_duplicate_index_by_group_answers_as_duplicate_test():
    index = DuplicateIndex()
    assert index.update(TEXTS) == {t for texts in TEXTS.values() for t in texts}
    index.set_names(TITLES)
    blocks = ["这是讲话甲里的一整段原文内容。", "讲话甲的第二段", "这是讲话乙里的一整段",
              "在某会议上的讲话标题之外", "深入推进全面从严治党。", "短句", "专题说明文字，没有出现过。"]
    test = duplicate_test([t for texts in TEXTS.values() for t in texts], TITLES)
    assert [index.is_duplicate(b) for b in blocks] == [test(b) for b in blocks]
    assert index.update(TEXTS) == set()                    # unchanged: nothing redone
    assert index.update({"b": TEXTS["b"]}) == set(TEXTS["a"])
    test = duplicate_test(TEXTS["b"], TITLES)
    assert [index.is_duplicate(b) for b in blocks] == [test(b) for b in blocks]


def _plain_answer(block: str, texts: list[str]) -> bool:
    return len(block) >= 7 and any(block in t for t in texts)


def _random_text(rng: random.Random, alphabet: str, low: int, high: int) -> str:
    return "".join(rng.choices(alphabet, k=rng.randint(low, high)))


# (hash mask, recent limit): real hashes; every gram in one of four hash values (each
# candidate is a collision to compare and reject); the sorted postings made again after every
# change, or hardly ever (recent postings found by hash).
@pytest.mark.parametrize("mask, limit", [(None, 4096), (3, 4096), (None, 1), (3, 10**9)])
def test_duplicate_index_finds_blocks_at_every_offset(monkeypatch, mask, limit):
    """A block is found wherever it starts in a text (each offset modulo the gram step) and
    not where it does not occur, through hash collisions and both kinds of postings."""
    from kb.search import compact
    if mask is not None:
        monkeypatch.setattr(compact, "_HASH_MASK", mask)
    monkeypatch.setattr(DuplicateIndex, "recent_limit", limit)
    rng = random.Random(7)
    alphabet = "全面从严治党纪律作风基层组织建设"
    speeches = {f"s{k}": [_random_text(rng, alphabet, 0, 60) for _ in range(3)]
                for k in range(12)}
    index = DuplicateIndex()
    answers = set()
    for step in range(6):
        if step:
            for key in rng.sample(sorted(speeches), 4):
                speeches[key] = [_random_text(rng, alphabet, 0, 60)
                                 for _ in range(rng.randint(0, 3))]
        index.update(speeches)
        texts = [t for ts in speeches.values() for t in ts]
        blocks = [t[i:i + n] for t in texts for i in range(9) for n in (7, 8, 13) if i + n <= len(t)]
        blocks += [_random_text(rng, alphabet, 7, 12) for _ in range(60)]
        blocks += ["党建工作会议上的讲话", "全面从严治党\n纪律作风"]
        expected = [_plain_answer(b, texts) for b in blocks]
        assert [index.in_texts(b) for b in blocks] == expected
        answers.update(expected)
    assert answers == {True, False}


@pytest.mark.parametrize("seed", range(5))
def test_duplicate_index_kept_across_many_changes(seed):
    """Chunks removed and added again (their numbers reused) answer as a fresh test."""
    rng = random.Random(seed)
    alphabet = "党建工作全面从严治党纪律作风基层组织"
    speeches = {f"s{k}": [_random_text(rng, alphabet, 5, 400) for _ in range(4)]
                for k in range(30)}
    index = DuplicateIndex()
    answers = set()
    for _ in range(20):
        for key in rng.sample(sorted(speeches), 3):
            speeches[key] = [_random_text(rng, alphabet, 5, 400)
                             for _ in range(rng.randint(0, 4))]
        shown = {k: v for k, v in speeches.items() if rng.random() < 0.9}
        index.update(shown)
        test = duplicate_test([t for texts in shown.values() for t in texts], [])
        blocks = [t[i:i + rng.randint(8, 20)] for texts in speeches.values() for t in texts
                  for i in range(0, len(t), 97)]
        expected = [test(b) for b in blocks]
        assert [index.is_duplicate(b) for b in blocks] == expected
        answers.update(expected)
    assert answers == {True, False}
