"""The package tree is the pipeline: a stage of hooks/kb/ imports only itself and the stages
before it, no module sits outside a stage, the analysis never imports MkDocs, and no hook
imports another hook."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
KB = HOOKS / "kb"
# The stages in the order the data flows (README "For developers", hooks/kb/__init__.py).
STAGES = ("build", "text", "model", "ingest", "corpus", "topics", "glossary", "pages", "search",
          "export")
ENGINE = ("mkdocs", "material", "jinja2")   # rendering engine: hooks only


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`, a module of `package`
    (relative imports resolved), including imports inside functions."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            if node.module is None or node.level:
                found += [(node.lineno, f"{base}.{alias.name}" if base else alias.name)
                          for alias in node.names]
            else:
                found.append((node.lineno, base))
    return found


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "kb" else None


def violations(source: str, module: str) -> list[str]:
    """Why `source` (the module `module`, e.g. "kb.ingest.reading") breaks the layering."""
    own = stage_of(module)
    problems = []
    for line, name in imported_modules(source, module.rsplit(".", 1)[0]):
        target = stage_of(name)
        if name.split(".")[0] in ENGINE:
            problems.append(f"{module}:{line} imports {name}: the analysis stays free of MkDocs")
        elif target is not None and target not in STAGES:
            problems.append(f"{module}:{line} imports {name}, which is in no stage")
        elif target is not None and STAGES.index(target) > STAGES.index(own):
            problems.append(f"{module}:{line} imports {name}: stage {own} may not import the "
                            f"later stage {target}")
    return problems


@pytest.mark.parametrize("source, module, expected", [
    ("from kb.model.speech import Speech\n", "kb.ingest.reading", []),
    ("from kb.build import cache\n", "kb.topics.classify", []),
    ("from kb.pages.speech import speech_markdown\n", "kb.ingest.importing",
     ["stage ingest may not import the later stage pages"]),
    ("def f():\n    from kb.search.shards import postings\n", "kb.glossary.assembly",
     ["stage glossary may not import the later stage search"]),
    ("from . import classify\n", "kb.topics.taxonomy", []),
    ("from ..search import shards\n", "kb.model.speech",
     ["stage model may not import the later stage search"]),
    ("import kb.export.kb_json\n", "kb.corpus.loading",
     ["stage corpus may not import the later stage export"]),
    ("from mkdocs.plugins import event_priority\n", "kb.pages.home",
     ["the analysis stays free of MkDocs"]),
    ("from kb.misc import x\n", "kb.pages.home", ["in no stage"]),
])
def test_the_checker_finds_what_breaks_the_layering(source, module, expected):
    found = violations(source, module)
    assert len(found) == len(expected)
    for problem, want in zip(found, expected):
        assert want in problem


def kb_modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted(KB.rglob("*.py")):
        parts = path.relative_to(HOOKS).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append((".".join(parts), path))
    return modules


def test_every_module_is_in_a_stage_and_every_stage_says_what_it_does():
    stray = [name for name, _ in kb_modules() if name != "kb" and stage_of(name) not in STAGES]
    assert not stray, f"modules outside the stage packages {STAGES}: {stray}"
    assert sorted(p.name for p in KB.iterdir() if p.is_dir() and p.name != "__pycache__") == \
        sorted(STAGES)
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((KB / stage / "__init__.py").read_text("utf-8")))
        assert doc and len(doc) > 60, f"kb/{stage}/__init__.py should say what the stage takes and gives"


def test_no_stage_imports_a_later_one():
    problems = []
    for name, path in kb_modules():
        if name != "kb":
            problems += violations(path.read_text("utf-8"), name if path.name != "__init__.py"
                                   else name + ".__init__")
    assert not problems, "\n".join(problems)


def test_no_hook_imports_another_hook():
    hooks = {p.stem for p in HOOKS.glob("*.py")}
    problems = []
    for path in sorted(HOOKS.glob("*.py")):
        for line, name in imported_modules(path.read_text("utf-8"), ""):
            if name.split(".")[0] in hooks - {path.stem}:
                problems.append(f"hooks/{path.name}:{line} imports the hook {name}")
    assert not problems, "\n".join(problems)
