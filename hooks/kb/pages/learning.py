"""What the learning pages (onboarding, handbook, quiz, overview) read: the project's glossary,
its taxonomy and the topics of every paragraph — all memoised by their files, so the four hooks
that ask in one build share one computation.

Also the small helpers they share: the reading-order score and the `<script type="application/json">`
encoding.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from kb.glossary.assembly import ProjectGlossary, Term, load_project_glossary, pinyin_key
from kb.topics.taxonomy import Taxonomy, TaxonomyError, load_taxonomy, taxonomy_path
from kb.topics.classify import CorpusTopics, classify_corpus


@dataclass
class LearningInputs:
    project: ProjectGlossary
    taxonomy: Taxonomy | None          # None while data/topics.yml is invalid (topic_pages reports it)
    topics: CorpusTopics | None

    @property
    def corpus(self):
        return self.project.corpus

    @property
    def glossary(self):
        return self.project.glossary

    def topic_list(self) -> list[tuple[str, str, str]]:
        """(id, name, description) of every topic, in taxonomy order."""
        if self.taxonomy is None:
            return [(tid, name, "") for tid, name in self.project.topic_names.items()]
        return [(t.id, t.name, t.description) for t in self.taxonomy.topics]


def load_learning_inputs(project_root, speeches_dir) -> LearningInputs:
    """Raises kb.glossary.curated.GlossaryDataError when data/glossary.yml is invalid."""
    project = load_project_glossary(project_root, speeches_dir)
    try:
        taxonomy = load_taxonomy(taxonomy_path(Path(project_root)))
    except TaxonomyError:
        return LearningInputs(project, None, None)
    return LearningInputs(project, taxonomy, classify_corpus(project.corpus, taxonomy))


def reading_score(term: Term) -> float:
    """Importance × usage: curated importance (1–3) times 1 + log2(1 + mentions), so a must-know
    term leads and, among equals, the one leaders use most comes first; the logarithm keeps a
    frequently repeated local phrase from outranking a core formulation."""
    return term.importance * (1 + math.log2(1 + term.total))


def reading_order(terms: list[Term]) -> list[Term]:
    """Terms with a definition, most important for a newcomer first (ties: more uses, pinyin)."""
    chosen = [t for t in terms if t.definition]
    return sorted(chosen, key=lambda t: (-round(reading_score(t), 6), -t.importance, -t.total,
                                         pinyin_key(t.term), t.slug))


def script_json(value) -> str:
    """JSON for a `<script type="application/json">` element: `<` is written as \\u003c, so the
    text can contain neither `</script` nor `<!--`; `>` and `&` likewise; U+2028/2029 escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text
