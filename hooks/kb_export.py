"""MkDocs hook: write site/kb.json after the build (kb.export.kb_json holds the format)."""
from __future__ import annotations

from pathlib import Path

from kb.build import urls
from kb.corpus.loading import load_corpus
from kb.export.kb_json import dumps, knowledge_base_record, slogans_record
from kb.glossary.assembly import load_project_glossary
from kb.topics.taxonomy import TaxonomyError, load_taxonomy, taxonomy_path
from kb.topics.classify import classify_corpus


def on_post_build(config):
    corpus = load_corpus(Path(config["docs_dir"]) / urls.SPEECHES_DIR)
    record = knowledge_base_record(corpus, *topics_of(corpus, config))
    record["slogans"] = slogans_record(load_project_glossary(
        Path(config["config_file_path"]).parent, Path(config["docs_dir"]) / urls.SPEECHES_DIR).glossary)
    Path(config["site_dir"], "kb.json").write_text(dumps(record), encoding="utf-8")


def topics_of(corpus, config) -> tuple:
    """(taxonomy, corpus topics), or (None, None) while data/topics.yml is invalid (the
    topic_pages hook reports that)."""
    try:
        taxonomy = load_taxonomy(taxonomy_path(Path(config["config_file_path"]).parent))
    except TaxonomyError:
        return None, None
    return taxonomy, classify_corpus(corpus, taxonomy)
