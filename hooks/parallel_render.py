"""MkDocs hook: render the page templates on two cores (build time; same site).

MkDocs renders pages one after another after on_env: Material's template, the post_page hooks,
the write — about a fifth of a cold build at 1,000 speeches. Here, at the end of on_env, a
forked child process renders every other page (it has the whole prepared build: pages, nav,
Jinja environment, plugins) while MkDocs renders the rest in this process. The child's pages get
an empty template here, so this process skips them (MkDocs writes no file for empty output); on
post_build this process waits for the child and, if the child failed, renders its pages itself,
so an error is reported with its usual message. Output is byte-identical: each page is rendered
by the same code from the same state, whichever process does it.

The split is only done when it pays (MIN_PAGES pages to render) and where it is safe: not when
kb.build.parallel is off (one core, no fork, `KB_PARALLEL=off`), and in a --dirty build only among
the pages MkDocs would render anyway. The child must not change shared state that this process
reads later: it only renders and writes its pages (post_page hooks here are pure functions of
the output). This uses MkDocs' internal `_build_page`, the function its own loop calls; with an
MkDocs that lacks it, everything is rendered here as usual.
"""
from __future__ import annotations

import logging
import os
import sys
import time

from jinja2 import ChoiceLoader, DictLoader

from kb.build import parallel

try:
    from mkdocs.commands.build import _build_page
except ImportError:              # another MkDocs: render serially
    _build_page = None

MIN_PAGES = 200                  # fewer pages: a fork costs more than it saves
SKIP_TEMPLATE = parallel.RENDERED_ELSEWHERE_TEMPLATE
_BUILD_LOG = logging.getLogger("mkdocs.commands.build")
# Survives `mkdocs serve` rebuilds (the module is kept): on_startup runs once per process.
_startup: dict = {}
_state: dict = {}


def on_startup(command, dirty):
    _startup["dirty"] = dirty


def on_config(config):
    _state.clear()   # `mkdocs serve` keeps the module: start every build clean


def on_nav(nav, config, files):
    _state["nav"] = nav
    return nav


class _SkippedPages(logging.Filter):
    """Drops MkDocs' "Page skipped … empty output" notes for the pages the child renders."""

    def __init__(self, uris):
        super().__init__()
        self.notes = {f"Page skipped: '{uri}'. Generated empty output." for uri in uris}

    def filter(self, record):
        return record.getMessage() not in self.notes


def _pages_to_split(files) -> list:
    dirty = _startup.get("dirty", True)      # unknown: only pages a dirty build renders
    return [f.page for f in files.documentation_pages()
            if f.page is not None and (not dirty or f.page.file.is_modified())]


# Priority -2000: last of on_env, after gc_freeze.py has frozen the pages' HTML; MkDocs renders
# right after this event (term links are added per page while rendering: hooks/term_links.py).
def on_env(env, config, files):
    pages = _pages_to_split(files)
    if _build_page is None or len(pages) < MIN_PAGES or not parallel.enabled() or "nav" not in _state:
        return env
    theirs = pages[1::2]
    doc_files = files.documentation_pages()
    pid = parallel.spawn(lambda: _render(theirs, config, doc_files, _state["nav"], env))
    if pid is None:
        return env
    env.loader = ChoiceLoader([DictLoader({SKIP_TEMPLATE: ""}), env.loader])
    templates = [page.meta.get("template") for page in theirs]
    for page in theirs:
        page.meta["template"] = SKIP_TEMPLATE
    log_filter = _SkippedPages(page.file.src_uri for page in theirs)
    _BUILD_LOG.addFilter(log_filter)
    _state.update(child=pid, theirs=list(zip(theirs, templates)), env=env, doc_files=doc_files,
                  log_filter=log_filter)
    return env


on_env.mkdocs_priority = -2000


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _render(pages, config, doc_files, nav, env) -> int:
    """The child's work; its exit status: 0, or 2 when a page logged a warning."""
    # The child says nothing: a page that warns or fails is rendered again by the parent, whose
    # messages (and `--strict` count) are the ones that matter.
    mkdocs_log = logging.getLogger("mkdocs")
    for handler in list(mkdocs_log.handlers):
        mkdocs_log.removeHandler(handler)
    warnings = _Warnings()
    mkdocs_log.addHandler(warnings)
    for page in pages:
        _build_page(page, config, doc_files, nav, env)
    return 0 if warnings.count == 0 else 2


def _join_child() -> bool:
    pid = _state.pop("child", None)
    if pid is None:
        return True
    _BUILD_LOG.removeFilter(_state["log_filter"])
    started = time.perf_counter()
    _, status = os.waitpid(pid, 0)
    if os.environ.get("KB_PARALLEL_DEBUG"):
        print(f"kb.parallel_render: {len(_state['theirs'])} pages rendered by the child, waited "
              f"{time.perf_counter() - started:.2f} s for it, exit status {status}", file=sys.stderr)
    return status == 0


# Priority 1000: first of on_post_build, before any step that reads the written site.
def on_post_build(config):
    if _join_child():
        return
    for page, template in _state["theirs"]:    # the child failed or warned: render them here
        if template is None:
            del page.meta["template"]
        else:
            page.meta["template"] = template
        _build_page(page, config, _state["doc_files"], _state["nav"], _state["env"])


on_post_build.mkdocs_priority = 1000


def on_build_error(error):
    _join_child()
