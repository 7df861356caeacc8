"""Shared fixtures: a strict build of the site, a local static server for it, and a headless
browser (the system chromium driven by Playwright) whose pages record network requests and errors.

Browser tests use the `browser` marker. Without /usr/bin/chromium they are skipped locally and
fail when the CI environment variable is set.
"""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ARTIFACTS = REPO_ROOT / "test-artifacts"


def counting(value):
    """(compute, calls): a compute function returning `value` and the list it appends to on
    every call, for tests of what is computed once (kb.build.cache, kb.build.library_tables)."""
    calls = []

    def compute():
        calls.append(1)
        return value
    return compute, calls


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def venv_python() -> str:
    """The project's virtualenv python if there is one, else the interpreter running pytest."""
    candidate = REPO_ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def is_external(url: str) -> bool:
    """True for a URL that would leave the machine (anything but localhost, data: and blob:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return False
    if parts.scheme in ("http", "https", "ws", "wss", "ftp", "") and parts.netloc:
        return (parts.hostname or "") not in LOCAL_HOSTS
    return False


def assert_no_external_requests(page) -> None:
    """Fail listing every request the page made to a host other than 127.0.0.1/localhost."""
    external = sorted({url for url in page.kb_requests if is_external(url)})
    assert not external, "page requested external URLs:\n  " + "\n  ".join(external)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def built_site(repo_root: Path, tmp_path_factory) -> Path:
    """`mkdocs build --strict` of the repository into a temporary directory; returns that site."""
    site = tmp_path_factory.mktemp("build") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [venv_python(), "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=repo_root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed (exit {proc.returncode}):\n{proc.stdout}",
                    pytrace=False)
    assert (site / "index.html").is_file(), f"build produced no index.html:\n{proc.stdout}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="session")
def served_site(built_site: Path):
    """The built site over HTTP on 127.0.0.1 (free port); yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="kb-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _require_chromium() -> None:
    if os.access(CHROMIUM, os.X_OK):
        return
    message = (f"{CHROMIUM} not found; install it with: "
               "sudo apt-get install -y chromium fonts-noto-cjk")
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so `page` can tell whether the test failed.
    report = yield
    setattr(item, f"kb_report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    """A fresh browser page. `page.kb_requests` lists every requested URL, `page.kb_errors` every
    console error and uncaught page error. Requests to external hosts are recorded, then aborted,
    so an offline machine fails fast instead of waiting for a timeout. On a test failure a
    screenshot is saved under test-artifacts/."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)

    def block_external(route):
        if is_external(route.request.url):
            route.abort()
        else:
            route.continue_()

    context.route("**/*", block_external)
    pg = context.new_page()
    pg.kb_requests = []
    pg.kb_errors = []
    pg.on("request", lambda req: pg.kb_requests.append(req.url))
    pg.on("console", lambda msg: msg.type == "error" and pg.kb_errors.append(
        f"console: {msg.text} ({msg.location.get('url', '')})"))
    pg.on("pageerror", lambda exc: pg.kb_errors.append(f"pageerror: {exc}"))
    try:
        yield pg
    finally:
        report = getattr(request.node, "kb_report_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.name)
            try:
                pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception:  # a broken page must not hide the real failure
                pass
        context.close()
