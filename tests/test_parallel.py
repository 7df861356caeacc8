"""Two cores, same results: kb.build.parallel.fork_map is the serial loop, whoever computes an item, and a
build that splits its analysis between two processes writes the same bytes as a serial one."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.build import parallel
from kb.corpus.loading import load_corpus
from kb.glossary.extraction import find_candidates

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from bench import generate, write_ours  # noqa: E402

needs_two_cores = pytest.mark.skipif(not parallel.enabled(), reason="one core or no fork here")


def paragraphs() -> list[str]:
    corpus = load_corpus(REPO_ROOT / "docs" / "speeches")
    return [p.text for s in corpus.speeches for sec in s.sections for p in sec.paragraphs]


def candidates(text: str) -> list:
    return [(c.key, c.kind) for c in find_candidates(text)[0]]


@pytest.mark.parametrize("fn, items", [
    (candidates, "paragraphs"),                        # the real slogan finder on the samples
    (len, ["一岗双责", "两个维护", "", "四风", "三会一课"] * 3),
    (str.upper, []),                                  # nothing to do
    (str.strip, [" 全面从严治党 "]),                   # below MIN_ITEMS: serial
])
def test_fork_map_is_the_serial_loop(fn, items):
    items = paragraphs() if items == "paragraphs" else items
    assert parallel.fork_map(fn, items) == [fn(x) for x in items]


def _pid_of(_):
    return os.getpid()


@needs_two_cores
def test_every_other_item_is_computed_in_a_child_process():
    pids = parallel.fork_map(_pid_of, range(10))
    assert set(pids[0::2]) == {os.getpid()}
    assert len(set(pids[1::2])) == 1 and pids[1] != os.getpid()


@needs_two_cores
def test_a_failing_child_is_replaced_by_this_process():
    parent = os.getpid()

    def fragile(text):   # fails in any process but this one
        if os.getpid() != parent:
            raise MemoryError("child killed")
        return text[::-1]
    items = ["一岗双责", "三会一课", "四个意识", "两个维护", "四风", "主体责任", "第一议题", "两张皮"]
    assert parallel.fork_map(fragile, items) == [t[::-1] for t in items]


def test_an_error_surfaces_here_with_its_own_exception():
    def broken(text):
        raise ValueError(f"坏输入：{text}")
    with pytest.raises(ValueError, match="坏输入"):
        parallel.fork_map(broken, ["甲"] * 10)


@needs_two_cores
def test_in_child_computes_every_item_in_one_child_process():
    pids = parallel.in_child(_pid_of, range(5))
    assert len(set(pids)) == 1 and pids[0] != os.getpid()
    assert parallel.in_child(len, ["一岗双责", "四风", ""]) == [4, 2, 0]
    assert parallel.in_child(len, []) == []


@needs_two_cores
def test_in_child_falls_back_to_this_process_when_the_child_fails():
    parent = os.getpid()

    def fragile(text):
        if os.getpid() != parent:
            raise MemoryError("child killed")
        return text[::-1]
    assert parallel.in_child(fragile, ["两个维护", "三会一课"]) == ["护维个两", "课一会三"]


@needs_two_cores
def test_pypinyin_never_enters_the_build_process():
    """Slugs, pinyin order (of terms and of rejected candidates) and the suggest readings are
    read in a child (kb.glossary.assembly, kb.search.suggest): pypinyin's phrase dictionary
    (~55 MB) stays out of the build."""
    code = ("import sys; sys.path.insert(0, 'hooks')\n"
            "from kb.glossary.assembly import load_project_glossary, slugify\n"
            "from kb.search.suggest import suggest_data\n"
            "from pathlib import Path\n"
            "from kb.glossary.review import pending_terms\n"
            "project = load_project_glossary(Path('.'), Path('docs/speeches'))\n"
            "g = project.glossary\n"
            "assert pending_terms(g, project.corpus, rejected=True)\n"
            "data = suggest_data([(t.term, t.aliases) for t in g.terms])\n"
            "assert data['r'] and all(t.slug.startswith(slugify(t.term)) for t in g.terms), data\n"
            "print(sorted(m for m in sys.modules if m.startswith('pypinyin')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True,
                         env={**os.environ, "KB_TABLE_CACHE": "off"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_kb_parallel_off_computes_everything_here(monkeypatch):
    monkeypatch.setenv("KB_PARALLEL", "off")
    assert not parallel.enabled()
    assert parallel.fork_map(_pid_of, range(10)) == [os.getpid()] * 10
    assert parallel.in_child(_pid_of, range(3)) == [os.getpid()] * 3


def _digest_tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# A hook that makes every process but the main one fail while rendering a page: the child of
# hooks/parallel_render.py dies, and the main process must render its pages itself.
FAILING_CHILD_HOOK = """
import os
_main = {}
def on_config(config):
    _main.setdefault("pid", os.getpid())
def on_post_page(output, page, config):
    if os.getpid() != _main["pid"]:
        raise RuntimeError("child failed")
    return output
"""


def _build(project: Path, site: Path, **env_vars) -> str:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KB_CACHE="off", KB_PARALLEL_DEBUG="1", **env_vars)
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
                          cwd=project, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.returncode == 0, proc.stdout
    return proc.stdout


@needs_two_cores
def test_a_two_core_build_is_byte_identical_to_a_serial_one(tmp_path):
    # 40 generated speeches: enough for every per-speech and per-term step to fork, and more
    # pages than parallel_render.MIN_PAGES.
    project = tmp_path / "project"
    write_ours(project, generate(40, REPO_ROOT / "docs" / "speeches"))
    serial = _build(project, tmp_path / "serial", KB_PARALLEL="off")
    assert "kb.build.parallel" not in serial
    two_cores = _build(project, tmp_path / "two-cores", KB_PARALLEL="on")
    assert two_cores.count("kb.build.parallel:") >= 5, two_cores   # topics, slogans, terms, links, kb.json
    assert "kb.parallel_render:" in two_cores and "exit status 0" in two_cores, two_cores
    assert "recomputed here" not in two_cores

    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "failing_child.py").write_text(FAILING_CHILD_HOOK, encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("hooks:\n", "hooks:\n  - failing_child.py\n", 1), "utf-8")
    failed_child = _build(project, tmp_path / "failed-child", KB_PARALLEL="on")
    assert "kb.parallel_render:" in failed_child and "exit status 0" not in failed_child, failed_child
    assert "child failed" not in failed_child      # the child is silent; this process rendered fine

    expected = _digest_tree(tmp_path / "serial")
    assert len(expected) > 200
    for name in ("two-cores", "failed-child"):
        got = _digest_tree(tmp_path / name)
        assert got.keys() == expected.keys()
        assert [path for path in got if got[path] != expected[path]] == [], name
