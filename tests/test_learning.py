"""The learning pages: reading order, role paths (data/roles.yml), quiz questions, handbook and
overview content, and a build test that a new speech with a new term reaches the handbook and
the quiz."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from fixture_site import build_fixture_site  # noqa: E402
from kb.corpus.loading import Corpus  # noqa: E402
from kb.glossary.assembly import Glossary, Mention, ProjectGlossary, Term  # noqa: E402
from kb.pages.handbook import group_terms, handbook_markdown, included_terms  # noqa: E402
from kb.pages.learning import LearningInputs, load_learning_inputs, reading_order, script_json  # noqa: E402
from kb.pages.onboarding import MARKER, onboarding_markdown, with_hand_written  # noqa: E402
from kb.pages.overview import hbar_chart_svg, overview_markdown, top_terms_by_year  # noqa: E402
from kb.pages.quiz import (BLANK, CHOICES, OWN_TERM, build_questions, choice_definition,  # noqa: E402
                           masked_definition, numbered, quiz_data, term_questions)
from kb.glossary.matching import QUOTES  # noqa: E402
from kb.pages.roles import ROLES_FILE, RolesDataError, load_roles, parse_roles, resolve_roles  # noqa: E402
from kb.glossary.matching import TermMatcher  # noqa: E402

TOPICS = {"ideology": "思想建设", "organization": "组织建设", "talent": "人才队伍",
          "integrity": "党风廉政", "branding": "党建品牌"}
TOPIC_LINKS = {tid: (name, f"topics/{tid}/") for tid, name in TOPICS.items()}


def term(name, category="政治要求", definition="释义", importance=1, uses=0, topics=(), parts=(), slug=None,
         aliases=()):
    t = Term(slug or name, name, category, True, definition, "出处", None, list(aliases), list(parts),
             importance, list(topics), {name})
    if uses:
        t.mentions = [Mention("s", "p-1", uses, name)]
    return t


def inputs_of(terms) -> LearningInputs:
    glossary = Glossary(terms, TermMatcher({t.term: t.slug for t in terms}))
    return LearningInputs(ProjectGlossary(Corpus([]), glossary, dict(TOPICS)), None, None)


@pytest.fixture(scope="module")
def project_inputs():
    return load_learning_inputs(REPO, REPO / "docs" / "speeches")


# --------------------------------------------------------------------------- reading order

ORDER_CASES = [
    ("importance first", [term("甲", importance=1, uses=30), term("乙", importance=3, uses=1)], ["乙", "甲"]),
    ("usage breaks ties", [term("甲", importance=2, uses=1), term("乙", importance=2, uses=9)], ["乙", "甲"]),
    ("usage can lift a level", [term("甲", importance=2, uses=40), term("乙", importance=3, uses=0)], ["甲", "乙"]),
    ("equal: pinyin", [term("乙", importance=2, uses=3), term("甲", importance=2, uses=3)], ["甲", "乙"]),
    ("no definition, not listed", [term("甲", definition="", importance=3, uses=9), term("乙")], ["乙"]),
]


@pytest.mark.parametrize("label,terms,expected", ORDER_CASES, ids=[c[0] for c in ORDER_CASES])
def test_reading_order(label, terms, expected):
    assert [t.term for t in reading_order(terms)] == expected


def test_reading_order_of_the_project_starts_with_must_know_terms(project_inputs):
    first = reading_order(project_inputs.glossary.terms)[:5]
    assert all(t.importance == 3 for t in first)
    assert first[0].term == "主体责任"          # importance 3, used most


# --------------------------------------------------------------------------- roles

ROLE_ERRORS = [
    ("not a mapping", "- name: 支部书记", "文件应以 roles: 开头"),
    ("missing name", "roles:\n  - focus: 说明\n    terms: [四风]", "roles 第 1 条（缺少 name）：缺少 name"),
    ("missing focus", "roles:\n  - name: 纪检委员\n    terms: [四风]", "roles 第 1 条（纪检委员）：缺少 focus"),
    ("unknown key", "roles:\n  - name: 纪检委员\n    focus: 说明\n    term: [四风]", "不认识的字段“term”"),
    ("nothing to read", "roles:\n  - name: 纪检委员\n    focus: 说明", "topics 和 terms 至少要写一项"),
    ("terms not a list", "roles:\n  - name: 纪检委员\n    focus: 说明\n    terms: {四风: 1}", "terms 应为列表"),
    ("duplicate role", "roles:\n  - {name: 甲, focus: 说明, terms: [四风]}\n  - {name: 甲, focus: 说明, terms: [四风]}",
     "岗位“甲”写了两次"),
    ("bad yaml", "roles:\n  - name: [", "不是合法的 YAML"),
]


@pytest.mark.parametrize("label,text,fragment", ROLE_ERRORS, ids=[c[0] for c in ROLE_ERRORS])
def test_invalid_roles_name_file_entry_and_example(label, text, fragment, tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RolesDataError) as err:
        load_roles(path)
    message = str(err.value)
    assert str(path) in message and fragment in message
    assert "正确示例" in message or "写了两次" in message


def test_roles_accept_names_and_comma_lists():
    roles = parse_roles(yaml.safe_load("roles:\n  - name: 甲\n    focus: 说明\n    topics: 党风廉政、organization\n"
                                       "    terms: 四风，一岗双责"))
    assert roles[0].topics == ["党风廉政", "organization"] and roles[0].terms == ["四风", "一岗双责"]


def test_resolve_roles_reports_unknown_topics_and_terms():
    roles = parse_roles({"roles": [{"name": "甲", "focus": "说明", "topics": ["党风廉政", "财务"],
                                    "terms": ["四風", "不存在的提法"]}]})
    terms = [term("四风", aliases=["四風"]), term("一岗双责")]
    resolved, problems = resolve_roles(roles, TOPICS, terms)
    assert resolved[0].topics == ["integrity"] and [t.term for t in resolved[0].terms] == ["四风"]
    assert len(problems) == 2
    assert f"{ROLES_FILE} roles 第 1 条（甲）：topics 中的“财务”不是专题" in problems[0]
    assert "terms 中的“不存在的提法”不在提法释义中" in problems[1] and "正确示例" in problems[1]


def test_shipped_roles_resolve_without_problems(project_inputs):
    roles = load_roles(REPO / ROLES_FILE)
    assert {r.name for r in roles} >= {"支部书记", "组织委员", "纪检委员", "宣传委员"}
    resolved, problems = resolve_roles(roles, project_inputs.project.topic_names, project_inputs.glossary.terms)
    assert not problems
    assert all(r.terms and r.topics for r in resolved)


# --------------------------------------------------------------------------- quiz

NUMBERED_CASES = [
    ("四个意识", ["政治意识", "大局意识", "核心意识", "看齐意识"], ("四", 4, "个意识")),
    ("两个维护", ["甲", "乙"], ("两", 2, "个维护")),
    ("四风", ["形式主义", "官僚主义", "享乐主义", "奢靡之风"], ("四", 4, "风")),
    ("四种形态", [], ("四", 4, "种形态")),
    ("十四个坚持", [], ("十四", 14, "个坚持")),
    ("三会一课", ["支部党员大会", "支部委员会会议", "党小组会", "党课"], None),   # parts do not count 三
    ("一岗双责", [], None),
    ("一把手", [], None),
    ("二十大", [], None),
    ("两张皮", [], None),
]


@pytest.mark.parametrize("name,parts,expected", NUMBERED_CASES, ids=[c[0] for c in NUMBERED_CASES])
def test_numbered_terms(name, parts, expected):
    assert numbered(term(name, parts=parts)) == expected


def _unquoted(text: str) -> str:
    return re.sub(f"[{QUOTES}]", "", text)


def check_question(q, t=None):
    if q.choices:
        assert len(q.choices) == len(set(q.choices)), q   # distractors differ from each other
        assert q.choices.count(q.answer) == 1, q          # exactly one right answer
        assert len(q.choices) >= CHOICES
        # choices of one question type only: no choice carries the blank of 看释义选提法
        assert not any(BLANK in c for c in q.choices), q
    else:
        assert q.kind == "number" and q.answer in q.accept and q.prompt.count(BLANK) == 1
    if q.kind == "def-term" and t is not None:
        # a blank (if the definition names the term) is where the answer fits: putting the
        # answer in gives the definition back
        filled = q.prompt.split("？", 1)[1].replace(BLANK, q.answer)
        assert _unquoted(filled) == _unquoted(t.definition), q


def test_every_project_question_has_exactly_one_right_answer(project_inputs):
    questions = build_questions(project_inputs, TOPIC_LINKS)
    assert {q.kind for q in questions} == {"term-def", "def-term", "number", "topic"}
    assert len({q.id for q in questions}) == len(questions)
    by_term = {t.term: t for t in project_inputs.glossary.terms}
    for q in questions:
        t = by_term[q.term]
        check_question(q, t)
        assert t.definition, "only terms with a definition are asked"
        if q.kind == "def-term":
            # the blanked definition does not name any of the choices
            assert all(choice not in q.prompt for choice in q.choices), q
        if q.kind == "term-def":
            assert q.answer == choice_definition(t) and t.term not in q.answer
        if q.kind == "topic":
            assert q.answer == TOPICS[t.topics[0]] and len(t.topics) == 1
        assert q.sources and q.sources[0].href == f"../glossary/{t.slug}/"


FILL_CASES = [("四个意识", "四", {"四", "4", "四个", "4个", "四个意识", "4个意识"}),
              ("两个维护", "两", {"两", "二", "2", "两个", "二个", "2个", "两个维护", "二个维护", "2个维护"}),
              ("五个必由之路", "五", {"五", "5", "五个", "5个", "五个必由之路", "5个必由之路"}),
              ("四风", "四", {"四", "4", "四风", "4风"})]


@pytest.mark.parametrize("name,answer,accept", FILL_CASES, ids=[c[0] for c in FILL_CASES])
def test_fill_in_the_number(project_inputs, name, answer, accept):
    questions = build_questions(project_inputs, TOPIC_LINKS)
    fill = [q for q in questions if q.kind == "number" and q.term == name]
    assert len(fill) == 1
    assert fill[0].answer == answer and set(fill[0].accept) == accept
    assert name not in fill[0].prompt and f"“{BLANK}{name[1:]}”" in fill[0].prompt


def test_distractors_come_from_the_same_category_and_are_not_also_right():
    pool = [term("甲提法", "作风纪律", "甲的释义很长很长很长很长很长很长。"),
            term("乙提法", "作风纪律", "乙的释义各不相同的一段话。"),
            term("丙提法", "作风纪律", "丙的释义又是另外一段话。"),
            term("丁提法", "作风纪律", "丁的释义第四段完全不同的话。"),
            term("戊提法", "工作方法", "戊的释义属于别的类别的一段话。"),
            term("己提法", "作风纪律", "己的释义里提到了甲提法，会泄露答案。")]
    questions = term_questions(pool[0], inputs_of(pool), pool, TOPIC_LINKS)
    choice_q = next(q for q in questions if q.kind == "def-term")
    assert set(choice_q.choices) == {"甲提法", "乙提法", "丙提法", "丁提法"}   # same category; 己 names 甲


def test_too_few_distractors_gives_no_choice_question():
    pool = [term("甲提法", definition="甲的释义。"), term("乙提法", definition="乙的释义。")]
    assert not [q for q in term_questions(pool[0], inputs_of(pool), pool, TOPIC_LINKS) if q.choices
                and q.kind != "topic"]


def test_questions_are_deterministic_and_independent_of_input_order(project_inputs):
    first = script_json(quiz_data(build_questions(project_inputs, TOPIC_LINKS)))
    again = script_json(quiz_data(build_questions(project_inputs, TOPIC_LINKS)))
    assert first == again
    terms = project_inputs.glossary.terms
    reversed_inputs = LearningInputs(ProjectGlossary(project_inputs.corpus, Glossary(
        list(reversed(terms)), project_inputs.glossary.matcher), project_inputs.project.topic_names), None, None)
    assert script_json(quiz_data(build_questions(reversed_inputs, TOPIC_LINKS))) == first


def test_script_json_cannot_close_the_script_element():
    nasty = term("坏提法", definition="</script><script>alert(1)</script><!-- & \u2028")
    text = script_json({"d": nasty.definition})
    assert "</" not in text and "<!--" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text) == {"d": nasty.definition}


# --------------------------------------------------------------------------- handbook, onboarding, overview

def test_handbook_lists_every_term_once(project_inputs):
    markdown = handbook_markdown(project_inputs)
    defined, undefined = included_terms(project_inputs.glossary.terms)
    assert defined and len(defined) + len(undefined) == len(project_inputs.glossary.terms)
    for t in project_inputs.glossary.terms:
        assert markdown.count(f'id="hb-{t.slug}"') == 1, t.term
    key_terms = project_inputs.glossary.topic_terms
    groups = group_terms(defined, list(TOPICS), key_terms.primary())
    grouped = [t for _, cats in groups for _, ts in cats for t in ts]
    assert sorted(t.slug for t in grouped) == sorted(t.slug for t in defined)
    # a chapter per topic with entries or with key terms (kb.glossary.topic_terms)
    chapters = {tid for tid, _ in groups} | {tid for tid in TOPICS if any(t.definition for t in key_terms.terms(tid))}
    assert markdown.count(".kb-hb-group }") == len(chapters) + bool(undefined)


def test_handbook_escapes_data():
    evil = term("<b>坏</b>", definition="<script>alert(1)</script>", topics=["integrity"], slug="bad")
    markdown = handbook_markdown(inputs_of([evil]))
    assert "<script>alert" not in markdown and "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert "<b>坏</b>" not in markdown


def test_onboarding_has_reading_order_topics_and_roles(project_inputs):
    roles, _ = resolve_roles(load_roles(REPO / ROLES_FILE), project_inputs.project.topic_names,
                             project_inputs.glossary.terms)
    markdown = onboarding_markdown(project_inputs, roles, TOPIC_LINKS, {"handbook/", "quiz/"})
    for heading in ("# 新同志入门", "## 第一步", "## 第二步", "## 第三步", "## 按岗位学习",
                    "### 支部书记", "### 组织委员", "### 纪检委员", "### 宣传委员"):
        assert heading in markdown
    first = reading_order(project_inputs.glossary.terms)[0]
    assert markdown.index(first.term) < markdown.index("## 第二步")
    assert 'href="../handbook/"' in markdown and 'href="../quiz/"' in markdown
    assert 'href="../overview/"' not in markdown     # not in `pages`: not linked


def test_hand_written_onboarding_keeps_its_text():
    assert with_hand_written(f"# 欢迎\n\n手写\n\n{MARKER}\n\n结尾\n", "生成") == "# 欢迎\n\n手写\n\n生成\n\n结尾\n"
    assert with_hand_written("# 欢迎\n\n手写\n", "生成") == "# 欢迎\n\n手写\n\n生成"


def test_overview_charts_have_text_labels(project_inputs):
    years = top_terms_by_year(project_inputs.glossary.terms, project_inputs.corpus)
    assert [y for y, _ in years] == ["2023", "2022"]
    svg = hbar_chart_svg([("四风", 3), ("<x>", 1)], "标题")
    assert ">四风</text>" in svg and ">3</text>" in svg and "&lt;x&gt;" in svg
    markdown = overview_markdown(project_inputs)
    assert markdown.count('<pattern id="kb-mix0-') == 6      # every topic has its own pattern
    assert "<table>" in markdown


def test_overview_lists_the_newest_speeches_only(project_inputs, monkeypatch):
    import kb.pages.overview
    monkeypatch.setattr(kb.pages.overview, "MAX_MIX_ROWS", 1)
    newest = project_inputs.corpus.speeches[0]
    markdown = overview_markdown(project_inputs)
    assert markdown.count('class="kb-mix-row"') == 1 and markdown.count("<tr><td>") == 1
    assert f"{newest.id}/" in markdown.split("## 每篇讲话的专题构成")[1]
    assert f"共 {len(project_inputs.corpus.speeches)} 篇讲话，这里只列出最新的 1 篇" in markdown
    assert 'href="../speeches/"' in markdown


# --------------------------------------------------------------------------- build: a new speech with a new term

NEW_SPEECH = """---
title: 在2024年党建工作会议上的讲话
date: '2024-03-01'
occasion: 2024年党建工作会议
---

同志们，今年要深入开展“三联三创”，即联系群众、联系基层、联系项目，创先进支部、创党建品牌、创一流业绩。

各支部要把“三联三创”同“三会一课”结合起来，层层压实主体责任，防止党建和业务“两张皮”。
"""


def _pages(site: Path) -> tuple[str, str]:
    return ((site / "handbook" / "index.html").read_text("utf-8"),
            (site / "quiz" / "index.html").read_text("utf-8"))


def test_a_new_speech_with_a_new_term_changes_handbook_and_quiz(tmp_path):
    base = {"2023-fa75e7.md": (REPO / "docs" / "speeches" / "2023-fa75e7.md").read_text("utf-8")}
    proc, site = build_fixture_site(tmp_path / "before", base)
    assert proc.returncode == 0, proc.stdout
    handbook, quiz = _pages(site)
    assert "三联三创" not in handbook and "三联三创" not in quiz

    proc, site = build_fixture_site(tmp_path / "after", {**base, "2024-new.md": NEW_SPEECH})
    assert proc.returncode == 0, proc.stdout
    handbook, quiz = _pages(site)
    assert re.search(r'id="hb-san-lian-san-chuang"><p class="kb-hb-term">.*?三联三创.*?<p class="kb-hb-def">联系群众、联系基层、联系项目', handbook)
    data = json.loads(re.search(r'<script type="application/json" id="kb-quiz-data">(.*?)</script>', quiz).group(1))
    asked = [q for q in data["questions"] if q["term"] == "三联三创"]
    assert {q["kind"] for q in asked} >= {"term-def", "def-term"}
    assert any("联系群众" in q["answer"] for q in asked if q["kind"] == "term-def")
    onboarding = (site / "onboarding" / "index.html").read_text("utf-8")
    assert "在2024年党建工作会议上的讲话" in onboarding        # newest speeches follow the corpus


def test_handbook_appendix_is_bounded(project_inputs, monkeypatch):
    from kb.pages import handbook
    _, undefined = included_terms(project_inputs.glossary.terms)
    assert len(undefined) > 3
    monkeypatch.setattr(handbook, "APPENDIX_LIMIT", 3)
    markdown = handbook_markdown(project_inputs)
    most_used = sorted(undefined, key=lambda t: (-t.total, t.slug))
    assert all(f'id="hb-{t.slug}"' in markdown for t in most_used[:3])
    assert not any(f'id="hb-{t.slug}"' in markdown for t in most_used[3:])
    assert f"其余 {len(undefined) - 3} 个见" in markdown and 'href="../glossary/">提法释义</a>' in markdown


def test_quiz_asks_about_a_bounded_number_of_terms(project_inputs, monkeypatch):
    from kb.pages import quiz
    everything = build_questions(project_inputs, TOPIC_LINKS)
    monkeypatch.setattr(quiz, "MAX_TERMS", 5)
    bounded = build_questions(project_inputs, TOPIC_LINKS)
    defined = [t for t in project_inputs.glossary.terms if t.definition]
    first = sorted(defined, key=lambda t: (-t.importance, -t.total, t.slug))[:5]
    assert {q.term for q in bounded} <= {t.term for t in first} and len(bounded) < len(everything)
    assert {q.id for q in bounded} <= {q.id for q in everything}     # same questions, fewer of them


def test_a_blank_only_where_the_answer_fits():
    """中央八项规定精神's definition names “八项规定”: a blank there would not fit the answer, and
    leaving it would give the answer away, so there is no 看释义选提法 question; 四个意识's own
    name is blanked."""
    eight = term("中央八项规定精神", "作风纪律", aliases=["八项规定"],
                 definition="中央政治局关于改进工作作风、密切联系群众的八项规定及其精神。")
    four = term("四个意识", "政治要求", definition="政治意识、大局意识、核心意识、看齐意识。要牢固树立“四个意识”。")
    pool = [eight, four,
            term("两个维护", "政治要求", definition="坚决维护党中央的核心、全党的核心地位，坚决维护党中央权威。"),
            term("一岗双责", "作风纪律", definition="领导干部既抓业务工作，又抓分管领域的党风廉政建设。"),
            term("三会一课", "组织制度", definition="支部党员大会、支部委员会会议、党小组会和党课。"),
            term("四风", "作风纪律", definition="形式主义、官僚主义、享乐主义和奢靡之风。")]
    kinds = {q.kind for q in term_questions(eight, inputs_of(pool), pool, TOPIC_LINKS)}
    assert "def-term" not in kinds and "term-def" in kinds
    asked = {q.kind: q for q in term_questions(four, inputs_of(pool), pool, TOPIC_LINKS)}
    assert asked["def-term"].prompt.endswith(f"要牢固树立“{BLANK}”。")
    for q in asked.values():
        check_question(q, four)


CHOICE_DEFINITION_CASES = [
    ("sentences without the term", "四个意识", "政治意识、大局意识、核心意识、看齐意识。要牢固树立“四个意识”。",
     "政治意识、大局意识、核心意识、看齐意识。"),
    ("every sentence names it", "两张皮", "党建和业务“两张皮”，各干各的。",
     f"党建和业务{OWN_TERM}，各干各的。"),
    ("no mention at all", "一岗双责", "领导干部既抓业务工作，又抓党风廉政建设。", "领导干部既抓业务工作，又抓党风廉政建设。"),
]


@pytest.mark.parametrize("label,name,definition,expected", CHOICE_DEFINITION_CASES,
                         ids=[c[0] for c in CHOICE_DEFINITION_CASES])
def test_choice_definitions_carry_no_blank(label, name, definition, expected):
    assert choice_definition(term(name, definition=definition)) == expected
