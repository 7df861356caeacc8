"""Use the second core: `fork_map(fn, items)` is `[fn(x) for x in items]`, with every other item
computed in a forked child process while this process computes the rest.

Why fork and not a process pool: the work (classifying speeches, finding slogans, rendering term
pages) reads the whole parsed corpus and glossary. A forked child sees them as they are, for free
(copy-on-write); a pool would pickle them to every worker, which cost more than it saved. Only the
results travel back, pickled through a pipe.

Same results as the serial loop, in the same order, whoever computed them: `fn` must be a pure
function of its item (what the analysis cache, kb.build.cache, already requires). When the child fails
for any reason (an exception, killed for memory, fork unavailable), this process computes its
share itself, so an error surfaces here with its normal traceback.

Serial when there is one core, on a platform without fork, for fewer than `min_items` items, or
with `KB_PARALLEL=off` in the environment (tests compare both ways). `KB_PARALLEL_DEBUG=1`
prints each split's timing to stderr.
"""
from __future__ import annotations

import gc
import os
import pickle
import sys
import time

MIN_ITEMS = 8           # below this a fork (~10-50 ms for a large build process) does not pay
# The template that hooks/parallel_render.py gives, in this process, the pages a forked child
# renders: empty, so MkDocs writes nothing for them here. Per-page work done while rendering
# (term links) skips such pages here: the child does it (`rendered_elsewhere`).
RENDERED_ELSEWHERE_TEMPLATE = "kb-rendered-by-child.html"
_FAILED = object()


def enabled() -> bool:
    if os.environ.get("KB_PARALLEL", "").strip().lower() in ("0", "off", "no", "false"):
        return False
    if not hasattr(os, "fork") or sys.platform == "win32":
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return cores >= 2


def fork_map(fn, items, min_items: int = MIN_ITEMS) -> list:
    items = list(items)
    if len(items) < min_items or not enabled():
        return [fn(x) for x in items]
    # Interleaved, not halves: neighbouring items cost about the same (speeches of one year,
    # terms of one letter), so each process gets a fair share of cheap and expensive ones.
    theirs = items[1::2]
    started = time.perf_counter()
    child = _start(fn, theirs)
    ours = [fn(x) for x in items[0::2]]
    done = time.perf_counter()
    results = _collect(child) if child else _FAILED
    if os.environ.get("KB_PARALLEL_DEBUG"):     # where the time goes: bench and tests read it
        print(f"kb.build.parallel: {len(items)} items, this process {done - started:.2f} s, then waited "
              f"{time.perf_counter() - done:.2f} s for the child"
              f"{'' if results is not _FAILED else ' (failed: recomputed here)'}", file=sys.stderr)
    if results is _FAILED or len(results) != len(theirs):
        results = [fn(x) for x in theirs]
    out = [None] * len(items)
    out[0::2], out[1::2] = ours, results
    return out


def in_child(fn, items) -> list:
    """`[fn(x) for x in items]`, all computed in a forked child: for work that loads something
    large that this process never reads again (pypinyin's phrase dictionary, kb.glossary.
    assembly), which then never enters this process's memory. Computed here when the child
    fails, or where fork_map would be serial."""
    items = list(items)
    child = _start(fn, items) if items and enabled() else None
    results = _collect(child) if child else _FAILED
    if results is _FAILED or len(results) != len(items):
        results = [fn(x) for x in items]
    return results


def rendered_elsewhere(page) -> bool:
    """Whether a page is being rendered by a forked child (hooks/parallel_render.py), not here."""
    return page.meta.get("template") == RENDERED_ELSEWHERE_TEMPLATE


def spawn(work) -> int | None:
    """Fork a child process that runs `work()` and exits with its return value as status (an
    exception: 1), with no atexit handlers and no flushing of output buffers copied from this
    process. The child's pid, or None when the system cannot fork."""
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        # The collector leaves the inherited heap alone (touching it would copy it) but still
        # frees the child's own cyclic garbage (disabled, a child rendering pages grew by
        # ~0.7 GB at 1,000 speeches).
        gc.freeze()
        status = 1
        try:
            status = work()
        except BaseException:                       # the parent recomputes and reports it
            pass
        finally:
            os._exit(status)
    return pid


def _start(fn, items):
    """Fork a child that computes `fn` over `items` and writes the pickled list to a pipe."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None

    def work() -> int:
        os.close(read_end)
        payload = pickle.dumps([fn(x) for x in items], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        return 0

    pid = spawn(work)
    os.close(write_end)
    if pid is None:
        os.close(read_end)
        return None
    return pid, read_end


def _collect(child):
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return _FAILED
    try:
        return pickle.loads(data)
    except Exception:
        return _FAILED
