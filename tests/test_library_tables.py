"""Tables computed from libraries alone, kept per machine (kb.build.library_tables): computed
once, then loaded; another version, a damaged file or KB_TABLE_CACHE=off computes again; the
values used by a build are the ones computed (jieba's word table, the pinyin reading table)."""
from __future__ import annotations

import pytest

from conftest import counting
from kb.build import library_tables
from kb.build.library_tables import library_table


@pytest.fixture
def table_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_TABLE_CACHE", str(tmp_path / "tables"))
    return tmp_path / "tables"


@pytest.mark.parametrize("value", [
    {"两个维护": (3, "n"), "三会一课": (3, "n")},
    {"dang": ("党", "當"), "ze": ("则", "责")},
    [1, "二", (3,)],
])
def test_computed_once_then_loaded(table_dir, value):
    compute, calls = counting(value)
    assert library_table("t", ("lib", "1.0"), compute) == value
    assert library_table("t", ("lib", "1.0"), compute) == value
    assert len(calls) == 1
    assert len(list(table_dir.glob("t-*.marshal"))) == 1


def test_another_version_is_another_table(table_dir):
    compute, calls = counting({"a": 1})
    library_table("t", ("lib", "1.0"), compute)
    library_table("t", ("lib", "1.1"), compute)
    assert len(calls) == 2 and len(list(table_dir.glob("t-*.marshal"))) == 2


def test_a_damaged_file_is_computed_again_and_replaced(table_dir):
    compute, calls = counting({"a": (1, "n")})
    library_table("t", ("v",), compute)
    (path,) = table_dir.glob("t-*.marshal")
    path.write_bytes(path.read_bytes()[:5])
    assert library_table("t", ("v",), compute) == {"a": (1, "n")}
    assert library_table("t", ("v",), compute) == {"a": (1, "n")}
    assert len(calls) == 2


def test_off_computes_every_time_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_TABLE_CACHE", "off")
    compute, calls = counting({"a": 1})
    library_table("t", ("v",), compute)
    library_table("t", ("v",), compute)
    assert len(calls) == 2 and library_tables.folder() is None


def test_an_unwritable_folder_still_gives_the_value(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KB_TABLE_CACHE", str(blocker / "tables"))     # under a file: cannot be made
    compute, calls = counting({"a": 1})
    assert library_table("t", ("v",), compute) == {"a": 1}


def test_shared_values_stay_shared_when_loaded(table_dir):
    pair = (5, "n")
    library_table("t", ("v",), lambda: {"甲": pair, "乙": pair})
    loaded = library_table("t", ("v",), lambda: pytest.fail("computed again"))
    assert loaded["甲"] is loaded["乙"]


def test_the_build_tables_equal_their_computation(table_dir):
    from kb.glossary import extraction
    from kb.search import suggest
    from kb.search.terms import opencc_s2t
    extraction._jieba_words.cache_clear()
    first = extraction._jieba_words()            # computed, written
    extraction._jieba_words.cache_clear()
    assert extraction._jieba_words() == first == extraction._read_jieba_words(extraction._jieba_dictionary())
    assert first["一岗双责"][0] > 0 and "两个维护" not in first
    s2t = opencc_s2t()
    kept = suggest.reading_table(s2t, ("opencc", "test", "s2t"))
    assert suggest.reading_table(s2t, ("opencc", "test", "s2t")) == kept == suggest._reading_table(s2t)
    assert "责" in kept["ze"] and "責" in kept["ze"]
    extraction._jieba_words.cache_clear()
