"""The editor's review of extracted terms (待审定): what the machine found, with its evidence, and
the decisions written back to data/glossary.yml (scripts/review_terms.py).

    accept TERM            the term becomes a curated entry (a definition the speeches give is
                           its starting text)
    suppress TERM          the term is dropped (`suppress:`)
    merge VARIANT=TERM     the variant is counted as TERM (`merge:`)

The file is edited round trip (ruamel.yaml): the editor's comments, order and formatting stay as
they are, and the result is validated (kb.glossary.curated) before it is written. A decision that
cannot be carried out raises ReviewError with one Chinese line saying what to do; the file is then
left unchanged.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.glossary.assembly import Glossary, Term, pinyin_key, read_pinyin, speech_order_key
from kb.glossary.curated import CATEGORIES, GlossaryDataError, parse_glossary_data
from kb.glossary.matching import fold, term_key

DEFAULT_CATEGORY = "本单位提法"
EDITOR_SOURCE = "编辑审定"
COMMAND = ".venv/bin/python scripts/review_terms.py"


class ReviewError(ValueError):
    """One Chinese line: what is wrong and what to do."""


# --------------------------------------------------------------------------- what to review

@dataclass
class Pending:
    """One term or candidate for the editor: the glossary term (extracted) or, for a candidate the
    rules turned down, None; its evidence; where it was first used; one line of context."""
    term: str
    accepted: bool                  # taken into the glossary (待审定) or only a candidate (未收录)
    evidence: dict
    total: int
    speeches: int
    first_speech: str | None
    first_anchor: str | None
    first_date: str | None
    context: str
    slug: str = ""


def context_line(text: str, forms: list[str], width: int = 36) -> str:
    """The passage around the first occurrence of any of `forms` (folded), at most ~2×width
    characters, cut at sentence ends where possible."""
    folded = fold(text)
    hits = [(folded.find(fold(f).strip("“”")), f) for f in forms if f and fold(f).strip("“”") in folded]
    if not hits:
        return text[:2 * width] + ("……" if len(text) > 2 * width else "")
    start, form = min(hits)
    left = max(0, start - width)
    cut = max(text.rfind(p, left, start) for p in "。！？；")
    left = cut + 1 if cut >= left else left
    end = start + len(form) + width
    stop = min((i for i in (text.find(p, start + len(form)) for p in "。！？；") if i >= 0), default=-1)
    right = stop + 1 if 0 <= stop < end else min(end, len(text))
    return ("……" if left > 0 else "") + text[left:right].strip() + ("……" if right < len(text) else "")


def pending_terms(glossary: Glossary, corpus, speech: str | None = None, year: str | None = None,
                  rejected: bool = False) -> list[Pending]:
    """Extracted terms (and, with `rejected`, the candidates the rules turned down), newest first
    use first; `speech`/`year` keep those used in that speech / in a speech of that year."""
    speeches = corpus.by_id()
    order = {s.id: speech_order_key(s, i) for i, s in enumerate(corpus.speeches)}

    def keep(speech_ids: set[str]) -> bool:
        if speech and speech not in speech_ids:
            return False
        if year and not any((speeches[s].meta.date or "").startswith(year) for s in speech_ids if s in speeches):
            return False
        return True

    out = []
    for term in glossary.terms:
        if term.curated or not term.mentions:
            continue
        ids = {m.speech_id for m in term.mentions}
        if not keep(ids):
            continue
        sid, anchor, date = term.first_used or (None, None, None)
        first = next(m for m in term.mentions if (m.speech_id, m.anchor) == (sid, anchor))
        out.append(Pending(term.term, True, term.evidence or {}, term.total, len(ids), sid, anchor, date,
                           context_line(first.text, sorted(term.forms | {term.term}, key=len, reverse=True)),
                           term.slug))
    if rejected:
        texts = {(s.id, p.id): p.text for s in corpus.speeches for _, p in s.paragraphs()}
        texts.update({(s.id, sec.id): sec.heading for s in corpus.speeches for sec in s.sections if sec.heading})
        for slogan in glossary.rejected:
            ids = {sid for sid, _ in slogan.places}
            if not keep(ids):
                continue
            sid, anchor = min(slogan.places, key=lambda p: order.get(p[0], (True, "", 0)))
            date = speeches[sid].meta.date if sid in speeches else None
            out.append(Pending(slogan.display, False, slogan.evidence(), len(slogan.places), len(ids), sid, anchor,
                               date, context_line(texts.get((sid, anchor), ""), sorted(slogan.surfaces | {slogan.key}))))
    read_pinyin(p.term for p in out)   # the rejected candidates' too, in one child
    out.sort(key=lambda p: (p.first_date is None, _desc(p.first_date or ""), not p.accepted, pinyin_key(p.term)))
    return out


def _desc(date: str) -> list[int]:
    return [-ord(c) for c in date]


def commands(term: str) -> list[str]:
    """The exact commands that accept, suppress or merge a term."""
    quoted = _shell(term)
    return [f"{COMMAND} --accept {quoted}", f"{COMMAND} --suppress {quoted}",
            f"{COMMAND} --merge {_shell(term + '=规范提法')}"]


def _shell(text: str) -> str:
    return text if re.fullmatch(r"[\w\u3400-\u9fff+=·-]+", text) else "'" + text.replace("'", "'\\''") + "'"


# --------------------------------------------------------------------------- decisions

def _yaml():
    from ruamel.yaml import YAML
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _find(glossary: Glossary, name: str) -> tuple[Term | None, object | None]:
    """The glossary term or rejected candidate written `name` (any form, any script)."""
    key = term_key(name)
    for term in glossary.terms:
        if key in {term_key(f) for f in term.forms | {term.term}}:
            return term, None
    for slogan in glossary.rejected:
        if key in {slogan.key, *(term_key(s) for s in slogan.surfaces)}:
            return None, slogan
    return None, None


def _unknown(name: str) -> ReviewError:
    return ReviewError(f"没有找到待审定的提法“{name}”：请先运行 {COMMAND} 查看候选（加 --rejected 可看程序未收录的），"
                       "按列出的写法输入。")


class GlossaryFile:
    """data/glossary.yml opened for a round-trip edit."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.exists():
            raise ReviewError(f"找不到提法表 {self.path}：请在项目根目录运行，或用 --glossary 指定文件。")
        self.original = self.path.read_text("utf-8")
        try:
            self.doc = _yaml().load(self.original)
        except Exception as err:   # ruamel's errors have no common public base worth naming
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ReviewError(f"提法表 {self.path} 不是合法的 YAML（{first}）：请先改正文件再审定。") from err
        if self.doc is None:
            from ruamel.yaml.comments import CommentedMap
            self.doc = CommentedMap()

    def _seq(self, key: str, flow: bool = False):
        from ruamel.yaml.comments import CommentedSeq
        value = self.doc.get(key)
        if value is None:
            value = CommentedSeq()
            if flow:
                value.fa.set_flow_style()
            self.doc[key] = value
        elif isinstance(value, str):
            value = CommentedSeq([value])
            value.fa.set_flow_style()
            self.doc[key] = value
        return value

    def _map(self, key: str):
        from ruamel.yaml.comments import CommentedMap
        value = self.doc.get(key)
        if value is None:
            value = CommentedMap()
            self.doc[key] = value
        return value

    def save(self, new_term: str | None = None) -> str:
        out = io.StringIO()
        _yaml().dump(self.doc, out)
        text = out.getvalue()
        if new_term is not None:    # entries are separated by a blank line, as the editor writes them
            lines = text.split("\n")
            for i in range(len(lines) - 1, 0, -1):
                if re.fullmatch(r"\s*- term: .*", lines[i]) and lines[i].split("term:", 1)[1].strip().strip("'\"") == new_term:
                    if lines[i - 1].strip():
                        lines.insert(i, "")
                    break
            text = "\n".join(lines)
        try:
            parse_glossary_data(yaml.safe_load(text), str(self.path))
        except (GlossaryDataError, yaml.YAMLError) as err:
            problem = err.problems[0].splitlines()[0] if isinstance(err, GlossaryDataError) else str(err).splitlines()[0]
            raise ReviewError(f"改动后 {self.path} 校验不通过（{problem}），文件未改动：请先改正文件。") from err
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".glossary-", suffix=".yml")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, self.path)
        return text


def accept(path, glossary: Glossary, corpus, name: str, category: str = DEFAULT_CATEGORY,
           definition: str | None = None, source: str | None = None) -> str:
    """Make `name` a curated entry; returns the message to print."""
    term, slogan = _find(glossary, name)
    if term is not None and term.curated:
        raise ReviewError(f"“{term.term}”已是审定的提法，不需要再审定；要修改释义请直接编辑 {path}。")
    if term is None and slogan is None:
        raise _unknown(name)
    if category not in CATEGORIES:
        raise ReviewError(f"类别“{category}”不在分类表中：--category 可用 {'、'.join(CATEGORIES)}。")
    display = term.term if term else slogan.display
    text_definition = term.definition if term and term.definition_place else ""
    definition = (definition or "").strip() or text_definition
    if not definition:
        raise ReviewError(f"讲话中没有找到“{display}”的释义：请加 --definition \"……\" 写明它的含义后再审定。")
    if not source:
        if definition == text_definition and term.definition_place:
            speech = corpus.by_id().get(term.definition_place[0])
            source = f"讲话原文：{speech.meta.title}" + (f"（{speech.meta.date}）" if speech and speech.meta.date else "") \
                if speech else "讲话原文"
        else:
            source = EDITOR_SOURCE
    from ruamel.yaml.comments import CommentedMap
    entry = CommentedMap()
    entry["term"] = display
    aliases = [a for a in dict.fromkeys(term.aliases if term else sorted(slogan.surfaces)) if a != display]
    if aliases:
        from ruamel.yaml.comments import CommentedSeq
        seq = CommentedSeq(aliases)
        seq.fa.set_flow_style()
        entry["aliases"] = seq
    entry["category"] = category
    entry["definition"] = definition
    entry["definition_source"] = source
    entry["importance"] = 1
    data = GlossaryFile(path)
    data._seq("terms").append(entry)
    suppress = data.doc.get("suppress")
    if suppress is not None and not isinstance(suppress, str):
        for item in [s for s in suppress if isinstance(s, str) and term_key(s) == term_key(display)]:
            suppress.remove(item)
    data.save(new_term=display)
    origin = "释义取自讲话原文" if definition == text_definition else "释义为编辑所写"
    return f"已审定“{display}”：加入 {path} 的 terms（类别：{category}，{origin}），重新构建网站后生效。"


def suppress(path, glossary: Glossary, name: str) -> str:
    data = GlossaryFile(path)
    current = data.doc.get("suppress") or []
    if isinstance(current, str):
        current = [current]
    if term_key(name) in {term_key(s) for s in current if isinstance(s, str)}:
        raise ReviewError(f"“{name}”已在 {path} 的 suppress 中，不会再收录。")
    term, slogan = _find(glossary, name)
    if term is not None and term.curated:
        raise ReviewError(f"“{term.term}”是审定的提法，不能用 --suppress 删除：不再需要时请在 {path} 中删去这一条。")
    if term is None and slogan is None:
        raise _unknown(name)
    display = term.term if term else slogan.display
    data._seq("suppress", flow=True).append(display)
    data.save()
    return f"已删除“{display}”：加入 {path} 的 suppress，重新构建网站后不再收录。"


def parse_merge(spec: str) -> tuple[str, str]:
    variant, sep, target = spec.partition("=")
    variant, target = variant.strip(), target.strip()
    if not sep or not variant or not target or "=" in target or term_key(variant) == term_key(target):
        raise ReviewError(f"--merge 的写法是“变体=规范提法”（两边不同），例如 --merge 四个更加自觉上=四个更加自觉；现为“{spec}”。")
    return variant, target


def merge(path, glossary: Glossary, spec: str) -> str:
    variant, target = parse_merge(spec)
    term, slogan = _find(glossary, variant)
    if term is None and slogan is None:
        raise _unknown(variant)
    if term is not None and term.curated:
        raise ReviewError(f"“{term.term}”是审定的提法，不能合并到别的提法：要把它作为别的提法的写法，请在 {path} 中把它写进那一条的 aliases。")
    goal, _ = _find(glossary, target)
    if goal is None:
        raise ReviewError(f"合并目标“{target}”不在提法表中：请写已有的提法，或先用 {COMMAND} --accept {_shell(target)} 审定它。")
    if goal is term:
        raise ReviewError(f"“{variant}”已经是“{goal.term}”的写法，不需要合并。")
    display = term.term if term else slogan.display
    data = GlossaryFile(path)
    data._map("merge")[display] = goal.term
    data.save()
    return f"已合并：“{display}”今后算作“{goal.term}”（{path} 的 merge），重新构建网站后生效。"
