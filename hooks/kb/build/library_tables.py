"""Tables computed from installed libraries alone (jieba's dictionary as a word table, pypinyin's
readings of the common characters), kept per machine so that every build after the first on
this machine loads them instead of computing them again.

    words = library_table("jieba-words", ("jieba", "0.42.1", size), read_dictionary)

They depend on no speech, so they do not belong in a project's `.kb-cache/`: a new project (or
one whose `.kb-cache/` was deleted) on the same machine needs them too. jieba keeps its own
prefix dictionary the same way (`/tmp/jieba.cache`). The file is named by the sha256 of the
table's name, the given version parts (library versions, file sizes) and this module's format;
another version is another file. A value must be marshal-able (str, int, tuple, list, dict);
marshal keeps shared objects shared (one tuple for many words). A file that cannot be read is
recomputed and replaced; writes are atomic. `KB_TABLE_CACHE=off` turns it off; `KB_TABLE_CACHE=
folder` puts the files there (default: the system temporary folder, `djkb-tables/`). Deleting
the folder is always safe.
"""
from __future__ import annotations

import marshal
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Callable, TypeVar

from kb.build.cache import digest

FORMAT = 1
T = TypeVar("T")


def folder() -> Path | None:
    setting = os.environ.get("KB_TABLE_CACHE", "").strip()
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    return Path(setting) if setting else Path(tempfile.gettempdir()) / "djkb-tables"


def library_version(name: str) -> str:
    """The installed version of a distribution, "" when unknown (without importing it)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def library_table(name: str, version: tuple, compute: Callable[[], T]) -> T:
    """The table `name` for `version`, from this machine's file when there is one, else
    computed (and written for the next build)."""
    where = folder()
    if where is None:
        return compute()
    key = digest(FORMAT, marshal.version, name, version)[:24]
    path = where / f"{name}-{key}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = compute()
    try:
        where.mkdir(parents=True, exist_ok=True)
        tmp = where / f".tmp-{os.getpid()}-{key}"
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, path)
    except (OSError, ValueError):     # read-only or full disk, or a value marshal cannot write
        pass
    return value
