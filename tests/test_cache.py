"""kb.build.cache: cached analysis is the computed analysis, on disk across builds and in memory; a
corrupt file or a code change is a miss, never a wrong value."""
from pathlib import Path

import pytest

from conftest import counting
from kb.build import cache
from kb.corpus.loading import load_corpus
from kb.topics.taxonomy import load_taxonomy, taxonomy_path
from kb.topics.classify import classify_speech

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEECH = load_corpus(REPO_ROOT / "docs" / "speeches").speeches[0]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_CACHE", raising=False)
    cache.configure(tmp_path)
    yield tmp_path
    cache.configure(None)


def test_disk_layer_survives_a_new_process(project):
    first = cache.Cache("t-disk", "v1")
    compute, calls = counting({"两学一做": 3})
    assert first.get(compute, "第一段") == {"两学一做": 3}
    assert list((project / ".kb-cache" / "t-disk").rglob("*.pickle"))
    again = cache.Cache("t-disk", "v1")          # a new build in a new process: empty memory
    assert again.get(compute, "第一段") == {"两学一做": 3}
    assert len(calls) == 1


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_corrupt_file_is_recomputed_and_replaced(project, damage):
    compute, calls = counting(["三会一课"])
    cache.Cache("t-corrupt", "v1").get(compute, "键")
    [path] = (project / ".kb-cache" / "t-corrupt").rglob("*.pickle")
    path.write_bytes(damage)
    assert cache.Cache("t-corrupt", "v1").get(compute, "键") == ["三会一课"]
    assert len(calls) == 2
    assert cache.Cache("t-corrupt", "v1").get(compute, "键") == ["三会一课"] and len(calls) == 2


def test_other_version_or_key_is_a_miss(project):
    compute, calls = counting("一岗双责")
    cache.Cache("t-version", "v1").get(compute, "键")
    cache.Cache("t-version", "v2").get(compute, "键")
    cache.Cache("t-version", "v2").get(compute, "另一个键")
    assert len(calls) == 3


def test_code_version_follows_the_source():
    assert cache.code_version("kb.topics.classify") != cache.code_version("kb.glossary.assembly")
    assert cache.code_version("kb.topics.classify") == cache.code_version("kb.topics.classify")


def test_off_switch_keeps_the_disk_clean(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_CACHE", "off")
    cache.configure(tmp_path)
    try:
        compute, calls = counting(1)
        item = cache.Cache("t-off", "v1")
        item.get(compute, "键")
        item.get(compute, "键")              # memory still serves one process
        assert len(calls) == 1 and not (tmp_path / ".kb-cache").exists()
    finally:
        cache.configure(None)


def test_memory_keeps_only_what_the_last_build_used():
    cache.configure(None)
    item = cache.Cache("t-trim", "v1")
    compute, calls = counting("x")
    item.get(compute, "旧")
    cache.configure(None)
    cache.configure(None)                     # two builds without "旧"
    item.get(compute, "旧")
    assert len(calls) == 2


# (once, keep_once, computations for three gets of one key, memory only): a `once` cache
# keeps nothing in memory in a one-off build (keep_once(False)); an ordinary one always keeps.
@pytest.mark.parametrize("once, keep, computed", [
    (True, False, 3), (True, True, 1), (False, False, 1), (False, True, 1)])
def test_once_caches_keep_nothing_in_memory_in_a_one_off_build(monkeypatch, once, keep, computed):
    monkeypatch.setitem(cache._settings, "keep_once", True)
    cache.configure(None)
    item = cache.Cache(f"t-once-{once}-{keep}", "v1", once=once)
    cache.keep_once(keep)
    compute, calls = counting("<p>提法页</p>")
    assert [item.get(compute, "页") for _ in range(2)] + item.get_many([(compute, ("页",))]) == ["<p>提法页</p>"] * 3
    assert len(calls) == computed
    cache.keep_once(True)


# (disk layer, computations for get, release_memory, get): release_memory empties the memory
# layer only; with the disk layer the value is read back, without it computed again.
@pytest.mark.parametrize("disk, computed", [(True, 1), (False, 2)])
def test_release_memory_drops_values_from_memory_not_from_disk(tmp_path, monkeypatch, disk, computed):
    monkeypatch.delenv("KB_CACHE", raising=False)
    cache.configure(tmp_path if disk else None)
    try:
        item = cache.Cache(f"t-release-{disk}", "v1")
        compute, calls = counting({"三会一课": 2})
        assert item.get(compute, "第一篇") == {"三会一课": 2}
        assert item._memory
        cache.release_memory()
        assert item._memory == {}
        assert item.get(compute, "第一篇") == {"三会一课": 2}
        assert len(calls) == computed
    finally:
        cache.configure(None)


def test_classification_from_disk_equals_fresh_classification(project):
    taxonomy = load_taxonomy(taxonomy_path(REPO_ROOT))
    fresh = classify_speech(SPEECH, taxonomy)
    # Drop the memory layer: the next call reads the pickled result back from disk.
    cache.configure(project)
    cache.configure(project)
    from_disk = classify_speech(SPEECH, taxonomy)
    assert from_disk is not fresh
    assert from_disk == fresh and from_disk.paragraph_topics


def test_kb_json_from_cached_items_is_json_dumps(project):
    import json

    from kb.export.kb_json import dumps, knowledge_base_record, slogans_record
    from kb.glossary.assembly import load_project_glossary
    from kb.topics.classify import classify_corpus

    corpus = load_corpus(REPO_ROOT / "docs" / "speeches")
    taxonomy = load_taxonomy(taxonomy_path(REPO_ROOT))
    record = knowledge_base_record(corpus, taxonomy, classify_corpus(corpus, taxonomy))
    record["slogans"] = slogans_record(load_project_glossary(REPO_ROOT, REPO_ROOT / "docs" / "speeches").glossary)
    want = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    assert dumps(record) == want
    cache.configure(project)
    cache.configure(project)                  # memory dropped: items come from disk
    assert dumps(record) == want


def test_release_empties_the_memoised_text_functions_and_they_give_the_same_results():
    from kb.build import memo, urls
    from kb.glossary.matching import fold
    from kb.topics.classify import normalize_for_matching
    cases = [(fold, ("一崗雙責「紅色代辦」１２",)), (normalize_for_matching, ("堅持 三會\n一課",)),
             (urls._relative_path, ("glossary/x/", "speeches/a/"))]
    before = [function(*args) for function, args in cases]
    assert all(function.cache_info().currsize for function, _ in cases)
    memo.release()
    assert [function.cache_info().currsize for function, _ in cases] == [0, 0, 0]
    assert [function(*args) for function, args in cases] == before == ["一岗双责“红色代办”12", "坚持三会一课", "../../speeches/a/"]


def test_last_call_remembers_by_the_identity_of_its_arguments():
    from kb.build import memo
    calls = []
    doubled = memo.last_call(lambda xs: calls.append(xs) or [x * 2 for x in xs])
    first, same = [1, 2], [1, 2]
    assert doubled(first) is doubled(first) and len(calls) == 1
    assert doubled(same) == [2, 4] and len(calls) == 2          # equal, but another object
    assert doubled(first) == [2, 4] and len(calls) == 3         # only the last call is kept
    memo.release()                                               # not emptied with the text memos
    assert doubled(first) is doubled(first) and len(calls) == 3
