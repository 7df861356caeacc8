"""MkDocs hook: same input, same bytes.

MkDocs stamps the build date into sitemap.xml (and the gzip header of sitemap.xml.gz) unless
SOURCE_DATE_EPOCH is set. We set it from the input — the date of the newest speech — so that a
rebuild of the same speeches tomorrow gives byte-identical output. An explicit
SOURCE_DATE_EPOCH from the environment wins.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from kb.build import cache

from kb.build import urls
from kb.corpus.loading import load_corpus

_ENV = "SOURCE_DATE_EPOCH"
_ours: dict = {}


def newest_speech_epoch(speeches_dir: Path) -> int:
    dates = [s.meta.date for s in load_corpus(speeches_dir).speeches if s.meta.date]
    if not dates:
        return 0
    newest = max(dates)   # ISO prefixes ("2022", "2022-03", "2022-03-05") sort chronologically
    parts = [int(x) for x in newest.split("-")] + [1, 1]
    return int(datetime(parts[0], parts[1], parts[2], tzinfo=timezone.utc).timestamp())


def on_config(config):
    # First hook of every build: start the analysis cache's build (kb.build.cache, .kb-cache/).
    cache.configure(Path(config["config_file_path"]).parent)
    # Recompute on every build (mkdocs serve): the value we set last time is ours, not the user's.
    if _ENV not in os.environ or os.environ.get(_ENV) == _ours.get("value"):
        value = str(newest_speech_epoch(Path(config["docs_dir"]) / urls.SPEECHES_DIR))
        os.environ[_ENV] = _ours["value"] = value
    return config
