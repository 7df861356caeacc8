"""Analysis results cached by content, in memory and across builds on disk (`.kb-cache/`).

    from kb.build import cache
    SPEECH_TOPICS = cache.Cache("topics", cache.code_version(__name__, "kb.model.speech"))
    result = SPEECH_TOPICS.get(lambda: classify(speech), repr(speech), taxonomy_key)

A value is stored under the sha256 of (namespace, version, key parts): the key parts must be
everything the value depends on, written deterministically (str, int, tuples/lists/dicts of
those, dataclasses without sets — `repr` is what is hashed). `code_version(*modules)` hashes the
source files of the modules that compute the value, so a code change is a cache miss, never a
stale hit. A cached value is the computed one, pickled: same input, same bytes out.

Two layers:
  * memory, per process: `mkdocs serve` rebuilds reuse the previous build's results. Entries
    not used during one whole build are dropped at the next `configure()` (one per build).
    Values a build reads once (`Cache(..., once=True)`: pages, kb.json items) are not kept in
    memory by a one-off `mkdocs build` (`keep_once(False)`, hooks/build_memory.py).
  * disk, under `<project>/.kb-cache/<namespace>/` once a hook has called `configure(root)`
    (hooks/reproducible_build.py does, first of all hooks, in on_config). A file that cannot be
    read back (truncated, another Python, another class layout) counts as a miss and is
    replaced. Writes are atomic (temporary file + rename), so parallel builds never see half a
    file. `KB_CACHE=off` in the environment turns the disk layer off; deleting `.kb-cache/` is
    always safe. Without `configure` (tests, scripts) only the memory layer is used.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import sys
from pathlib import Path

CACHE_DIR = ".kb-cache"
FORMAT = 1                       # bump to drop every cached value

_settings: dict = {"dir": None, "generation": 0, "keep_once": True}
_caches: list["Cache"] = []


def configure(project_root: str | os.PathLike | None) -> None:
    """Start a build: disk layer under `project_root`/.kb-cache (None: memory only); memory
    entries unused since the previous call are dropped."""
    off = os.environ.get("KB_CACHE", "").strip().lower() in ("0", "off", "no", "false")
    _settings["dir"] = None if project_root is None or off else Path(project_root) / CACHE_DIR
    _settings["generation"] += 1
    _MADE.clear()                # .kb-cache/ may have been deleted since the last build
    for item in _caches:
        item.trim()


def keep_once(keep: bool) -> None:
    """Whether the `once` caches keep their values in memory: for the rebuilds of `mkdocs serve`
    (True, also when nobody says); a one-off `mkdocs build` reads them no more (False), and
    kept they would hold a copy of the site's HTML through the steps that need the most memory
    (kb.json, the search index)."""
    _settings["keep_once"] = keep
    if not keep:
        for item in _caches:
            if item.once:
                item._memory = {}


def release_memory() -> None:
    """Empty every cache's memory layer (the disk layer stays). For a one-off build once every
    corpus-wide result has been made from the cached per-speech values (topics, slogan
    candidates, term counts, definitions): nothing reads those values again, and kept they are
    ~50 MB at 1,000 speeches through rendering, kb.json and the search index. Values asked for
    afterwards are computed (or read from disk) as usual; `mkdocs serve` does not call this."""
    for item in _caches:
        item._memory = {}


def keeps_once() -> bool:
    """Whether this process keeps what a build reads once (set by keep_once: `mkdocs serve`)."""
    return _settings["keep_once"]


def disk_dir() -> Path | None:
    return _settings["dir"]


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


_VERSIONS: dict[tuple, str] = {}


def code_version(*modules: str) -> str:
    """sha256 over the source files of `modules` (dotted names, e.g. "kb.topics.classify")."""
    if modules not in _VERSIONS:
        h = hashlib.sha256(f"{FORMAT}:{sys.version_info[:2]}".encode())
        for name in modules:
            module = sys.modules.get(name) or importlib.import_module(name)
            h.update(name.encode() + b"\0" + Path(module.__file__).read_bytes() + b"\0")
        _VERSIONS[modules] = h.hexdigest()
    return _VERSIONS[modules]


class Cache:
    """One kind of cached value (a namespace: one folder under .kb-cache/). `once`: a build
    reads each value once (a page's Markdown or HTML, a kb.json item), so the memory layer
    only serves the next rebuild of `mkdocs serve`; without one (`keep_once(False)`) these
    values are not kept in memory."""

    def __init__(self, namespace: str, version: str, once: bool = False):
        self.namespace, self.version, self.once = namespace, version, once
        self._memory: dict[str, tuple[int, object]] = {}
        self.hits = self.misses = 0
        _caches.append(self)

    def key(self, *parts) -> str:
        return digest(self.namespace, self.version, *parts)

    def get(self, compute, *parts):
        """The cached value for `parts`, or `compute()` (then stored)."""
        key = self.key(*parts)
        value = self._lookup(key)
        if value is _MISSING:
            self.misses += 1
            value = self._compute(key, compute)
        else:
            self.hits += 1
        if self._keeps():
            self._memory[key] = (_settings["generation"], value)
        return value

    def _keeps(self) -> bool:
        return not self.once or _settings["keep_once"]

    def get_many(self, jobs, min_items: int | None = None) -> list:
        """`[self.get(compute, *parts) for compute, parts in jobs]`, the misses computed on two
        cores (kb.build.parallel.fork_map; whoever computes a value stores it on disk)."""
        from kb.build.parallel import MIN_ITEMS, fork_map

        jobs = list(jobs)
        keys = [self.key(*parts) for _, parts in jobs]
        values = [self._lookup(key) for key in keys]
        missing = [i for i, value in enumerate(values) if value is _MISSING]
        self.hits += len(jobs) - len(missing)
        self.misses += len(missing)
        computed = fork_map(lambda i: self._compute(keys[i], jobs[i][0]), missing, min_items or MIN_ITEMS)
        for i, value in zip(missing, computed):
            values[i] = value
        generation = _settings["generation"]
        if self._keeps():
            for key, value in zip(keys, values):
                self._memory[key] = (generation, value)
        return values

    def _lookup(self, key: str):
        """The value in memory or on disk, or _MISSING."""
        found = self._memory.get(key)
        if found is not None:
            return found[1]
        path = self._path(key)
        return self._load(path) if path else _MISSING

    def _compute(self, key: str, compute):
        value = compute()
        path = self._path(key)
        if path:
            self._store(path, value)
        return value

    def trim(self) -> None:
        """Drop memory entries not used since the previous build started."""
        oldest = _settings["generation"] - 1
        self._memory = {k: v for k, v in self._memory.items() if v[0] >= oldest}

    def _path(self, key: str) -> Path | None:
        root = _settings["dir"]
        # 16 folders a namespace (a cold build made 256, one mkdir each): at 10,000 speeches still
        # only a few thousand files a folder
        return root / self.namespace / key[:1] / f"{key}.pickle" if root else None

    @staticmethod
    def _load(path: Path):
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return _MISSING
        except Exception:        # corrupt, truncated or from other code: recompute, replace
            return _MISSING

    @staticmethod
    def _store(path: Path, value) -> None:
        # A cold build stores thousands of values: the folder is made once per process, and the
        # temporary file is named by process and count rather than by tempfile's random names
        # (the same atomicity: written whole, then renamed; another process has another pid).
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            folder = path.parent
            if folder not in _MADE:
                folder.mkdir(parents=True, exist_ok=True)
                _MADE.add(folder)
            _COUNTER[0] += 1
            tmp = folder / f".tmp-{os.getpid()}-{_COUNTER[0]}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:          # read-only or full disk: the build goes on without caching
            _MADE.discard(path.parent)


_MISSING = object()
_MADE: set[Path] = set()          # cache folders this process has made (or found)
_COUNTER = [0]                    # temporary files this process has written
