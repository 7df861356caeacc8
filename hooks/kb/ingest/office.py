"""Legacy office files (.doc, .wps, .rtf, .odt) converted to .docx by LibreOffice in headless mode.

One soffice process converts a whole batch (starting LibreOffice takes seconds, a file a fraction
of one), with its own temporary profile directory, so it neither touches the user's LibreOffice
settings nor collides with another running instance. soffice prints one line per file, in
order, when it has converted it (stdout) or failed to load it (stderr); a file that brings no
such line within the time limit is taken as hung: the process is killed, that file reported,
and a new process carries on with the files after it.

Inputs are copied to numbered names first: odd file names (spaces, leading dashes, the same name
in two folders) cannot confuse the command line or overwrite each other's output.
"""
from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

LEGACY_SUFFIXES = (".doc", ".wps", ".rtf", ".odt")
INSTALL_COMMAND = "sudo apt-get install -y libreoffice-writer-nogui"
DEFAULT_TIMEOUT = 60.0     # seconds per file
STARTUP_ALLOWANCE = 60.0   # extra for the first file of a process (LibreOffice starting up)


def find_soffice() -> str | None:
    """The LibreOffice binary; KB_SOFFICE overrides (empty = behave as if not installed)."""
    configured = os.environ.get("KB_SOFFICE")
    if configured is not None:
        return configured or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def not_installed_message(suffix: str) -> str:
    return (f"读取 {suffix} 文件需要 LibreOffice，本机没有安装；请执行 {INSTALL_COMMAND} 安装后重新导入，"
            f"或在 Word/WPS 中把它另存为 .docx")


def failed_message(suffix: str) -> str:
    if suffix == ".wps":
        return ("LibreOffice 无法读取这个 WPS 文件（可能是较新的 WPS 格式或文件已损坏）；"
                "请在 WPS 中打开，另存为 .docx 后重新导入")
    return (f"文件已损坏或不是真正的 {suffix} 文件，LibreOffice 也无法打开；"
            f"请在 Word/WPS 中打开确认，另存为 .docx 后重新导入")


def hung_message(seconds: float) -> str:
    return (f"LibreOffice 转换超过 {seconds:g} 秒仍未完成（文件可能已损坏），已跳过；"
            f"请在 Word/WPS 中打开，另存为 .docx 后重新导入")


def timeout_per_file() -> float:
    try:
        return float(os.environ.get("KB_SOFFICE_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


class ConversionBatch:
    """Converted .docx files of a batch, in a temporary directory removed by close()."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="kb-soffice-"))
        self.results: dict[Path, Path | str] = {}    # source -> .docx, or a Chinese message

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def convert_batch(sources: list[Path], on_progress: Callable[[int], None] | None = None,
                  timeout: float | None = None) -> ConversionBatch:
    """Convert every file of `sources` to .docx with as few LibreOffice processes as possible."""
    batch = ConversionBatch()
    sources = list(dict.fromkeys(sources))
    if not sources:
        return batch
    binary = find_soffice()
    if binary is None:
        for source in sources:
            batch.results[source] = not_installed_message(source.suffix.lower())
        return batch
    timeout = timeout_per_file() if timeout is None else timeout
    staging, out = batch.dir / "in", batch.dir / "out"
    staging.mkdir()
    out.mkdir()
    staged: list[tuple[Path, Path]] = []
    for number, source in enumerate(sources, start=1):
        target = staging / f"{number:06d}{source.suffix.lower()}"
        try:
            shutil.copyfile(source, target)
        except OSError as err:
            batch.results[source] = f"读取文件失败（{err.strerror or err}），请确认文件没有损坏或被占用后重试"
            continue
        staged.append((source, target))
    pending = staged
    while pending:
        done, hung = _run(binary, batch.dir / "profile", [t for _, t in pending], out, timeout,
                          on_progress)
        for source, target in pending[:done]:
            result = out / (target.stem + ".docx")
            batch.results[source] = result if result.is_file() else failed_message(source.suffix.lower())
        if hung:
            source = pending[done][0]
            batch.results[source] = hung_message(timeout)
            if on_progress:
                on_progress(1)
            pending = pending[done + 1:]
        else:
            for source, _ in pending[done:]:
                batch.results[source] = failed_message(source.suffix.lower())
            pending = []
    return batch


def _run(binary: str, profile: Path, files: list[Path], out: Path, timeout: float,
         on_progress) -> tuple[int, bool]:
    """One soffice process over `files`; (files it got through, whether it hung on the next)."""
    command = [binary, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
               "--nolockcheck", f"-env:UserInstallation={profile.resolve().as_uri()}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), *map(str, files)]
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace",
                                   start_new_session=True, env=env)
    except OSError:
        return 0, False
    events: queue.Queue = queue.Queue()

    def pump(stream, kind):
        for line in stream:
            events.put((kind, line))
        events.put((kind, None))

    threads = [threading.Thread(target=pump, args=(process.stdout, "out"), daemon=True),
               threading.Thread(target=pump, args=(process.stderr, "err"), daemon=True)]
    for thread in threads:
        thread.start()
    done, open_streams = 0, 2
    deadline = time.monotonic() + timeout + STARTUP_ALLOWANCE
    while open_streams and done < len(files):
        try:
            kind, line = events.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            _kill(process)
            return done, True
        if line is None:
            open_streams -= 1
            continue
        if (kind == "out" and line.startswith("convert ")) or (kind == "err" and line.startswith("Error")):
            done += 1
            deadline = time.monotonic() + timeout
            if on_progress:
                on_progress(1)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        _kill(process)
    return done, False


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
