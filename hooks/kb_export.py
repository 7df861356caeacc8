"""MkDocs hook: write site/kb.json after the build (kb.export holds the format)."""
from __future__ import annotations

from pathlib import Path

from kb import urls
from kb.corpus import load_corpus
from kb.export import dumps, knowledge_base_record


def on_post_build(config):
    corpus = load_corpus(Path(config["docs_dir"]) / urls.SPEECHES_DIR)
    record = knowledge_base_record(corpus)
    Path(config["site_dir"], "kb.json").write_text(dumps(record), encoding="utf-8")
