"""Topic key terms: chosen by specificity (kb.glossary.topic_terms), curated override in
data/topic_terms.yml (validated, Chinese messages), the same choice on 新同志入门, the topic pages
and the handbook's chapters."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.glossary.assembly import Glossary, Mention, Term
from kb.glossary.matching import TermMatcher
from kb.glossary.topic_terms import TOPIC_TERMS_FILE, choose_topic_terms, read_override
from kb.pages.handbook import handbook_markdown
from kb.pages.learning import load_learning_inputs

REPO = Path(__file__).resolve().parent.parent
TOPICS = {"ideology": "思想建设", "organization": "组织建设", "talent": "人才队伍",
          "integrity": "党风廉政", "branding": "党建品牌"}
IDS = list(TOPICS)

# A hospital corpus in miniature: 40 paragraphs, (speech, paragraph) -> topics.
PARAGRAPHS = {("h", f"p-{i}"): topics for i, topics in enumerate(
    [["integrity"]] * 12 + [["organization"]] * 10 + [["ideology"]] * 8 + [["talent"]] * 5
    + [["integrity", "talent"]] * 2 + [["branding"]] * 2 + [[]])}


def term(name, places, topics=(), importance=1, curated=False):
    t = Term(name, name, "本单位提法", curated, "释义", "", None, [], [], importance, list(topics), {name})
    t.mentions = [Mention("h", f"p-{i}", 1, name) for i in places]
    return t


def choose(terms, curated_topics=None, override=None):
    glossary = Glossary(terms, TermMatcher({t.term: t.slug for t in terms}))
    return choose_topic_terms(glossary, PARAGRAPHS, IDS, curated_topics or {}, override)


CASES = [
    # (label, term places, topics it should be a key term of)
    ("used on every topic alike: no topic's", [0, 1, 12, 13, 22, 23, 30, 31], []),
    ("once, in a paragraph of two topics: too little evidence", [35], []),
    ("once, in a talent-only paragraph: talent's", [30], ["talent"]),
    ("three integrity paragraphs: integrity's", [0, 3, 7], ["integrity"]),
    ("mostly talent, once in a mixed paragraph", [30, 31, 35], ["talent"]),
    ("two branding paragraphs (a rare topic)", [37, 38], ["branding"]),
    ("half integrity, half organization: a tie, no topic's", [0, 1, 12, 13], []),
]


@pytest.mark.parametrize("label,places,expected", CASES, ids=[c[0] for c in CASES])
def test_key_terms_by_specificity(label, places, expected):
    chosen = choose([term("甲提法", places)])
    assert [tid for tid in IDS if chosen.terms(tid)] == expected


def test_ranked_by_specificity_not_frequency():
    frequent = term("常用提法", [0, 1, 2, 3, 4, 5, 12, 22, 30])                       # 6 of 9 integrity
    specific = term("专门提法", [7, 8, 9])                                             # 3 of 3 integrity
    chosen = choose([frequent, specific])
    assert [t.term for t in chosen.terms("integrity")] == ["专门提法", "常用提法"]


def test_curated_topics_decide_where_a_term_may_be_listed():
    spread = term("新发展理念", [0, 12, 22], curated=True)
    given = term("三会一课", [12, 13, 0], curated=True)
    chosen = choose([spread, given], curated_topics={"三会一课": ["organization"]})
    assert chosen.terms("organization") == [given]
    assert not any(spread in chosen.terms(t) for t in IDS)


def test_override_replaces_the_choice_in_its_order():
    a, b = term("两张皮", [12, 13, 14]), term("红色引擎", [37])
    chosen = choose([a, b], override={"branding": [b, a]})
    assert chosen.terms("branding") == [b, a] and chosen.terms("organization") == [a]
    # the full handbook entry goes where the term ranks highest
    assert chosen.primary() == {"红色引擎": "branding", "两张皮": "organization"}


def _glossary():
    terms = [term("两张皮", [12]), term("红色引擎", [37])]
    terms[1].aliases = ["紅色引擎"]
    return Glossary(terms, TermMatcher({t.term: t.slug for t in terms}))


OVERRIDE_ERRORS = [
    ("unknown topic", "topics:\n  culture: [两张皮]\n", "专题“culture”不存在"),
    ("unknown term", "topics:\n  branding: [两张皮, 三个代表]\n", "提法“三个代表”不在提法释义中"),
    ("not a list", "topics:\n  branding: {两张皮: 1}\n", "的提法应写成列表"),
    ("wrong shape", "branding: [两张皮]\n", "文件应只有一个 topics 字段"),
    ("broken YAML", "topics:\n  branding: [两张皮\n", "YAML 格式错误"),
]


@pytest.mark.parametrize("label,text,fragment", OVERRIDE_ERRORS, ids=[c[0] for c in OVERRIDE_ERRORS])
def test_override_errors_name_the_file_and_show_an_example(label, text, fragment, tmp_path):
    path = tmp_path / "topic_terms.yml"
    path.write_text(text, "utf-8")
    _, problems = read_override(path, TOPICS, _glossary())
    assert len(problems) == 1 and fragment in problems[0], problems
    assert problems[0].startswith(TOPIC_TERMS_FILE) and "正确示例" in problems[0]


def test_override_accepts_names_aliases_and_comma_lists(tmp_path):
    path = tmp_path / "topic_terms.yml"
    path.write_text("topics:\n  党建品牌: 紅色引擎、两张皮\n", "utf-8")
    override, problems = read_override(path, TOPICS, _glossary())
    assert not problems and [t.term for t in override["branding"]] == ["红色引擎", "两张皮"]


@pytest.fixture(scope="module")
def project():
    return load_learning_inputs(REPO, REPO / "docs" / "speeches")


def test_bundled_key_terms(project):
    chosen = project.glossary.topic_terms
    assert not chosen.problems
    names = {tid: [t.term for t in chosen.terms(tid, 5)] for tid in IDS}    # as 新同志入门 shows them
    assert "雁过拔毛" not in names["talent"] and "十四五" not in names["talent"]
    assert not any("新发展理念" in terms for terms in names.values())
    assert all(names[tid] for tid in IDS), names          # every topic has key terms
    assert names["branding"] == ["两张皮", "红色引擎", "书记项目"]   # data/topic_terms.yml


def test_every_topic_with_key_terms_has_a_handbook_chapter(project):
    markdown = handbook_markdown(project)
    chosen = project.glossary.topic_terms
    for tid, name in TOPICS.items():
        if any(t.definition for t in chosen.terms(tid)):
            assert f"## {name}（" in markdown, name
    for t in chosen.terms("branding"):
        assert f'id="hb-{t.slug}"' in markdown


def test_credits_are_counted_once_per_glossary_and_topics(monkeypatch):
    # every hook that loads the project glossary chooses the topic terms again; the pass over
    # every mention is done once per glossary and topics object, and a new glossary is counted
    import kb.glossary.topic_terms as topic_terms
    calls = []
    count = topic_terms._count_credits
    monkeypatch.setattr(topic_terms, "_count_credits", lambda g, p: calls.append(g) or count(g, p))
    terms = [term("红色引擎", [37, 38]), term("廉洁文化", [0, 3, 7])]
    glossary = Glossary(terms, TermMatcher({t.term: t.slug for t in terms}))
    first = choose_topic_terms(glossary, PARAGRAPHS, IDS, {})
    again = choose_topic_terms(glossary, PARAGRAPHS, IDS, {})
    assert len(calls) == 1 and first.by_topic == again.by_topic and first.specificity == again.specificity
    other = Glossary(terms[:1], TermMatcher({terms[0].term: terms[0].slug}))
    assert [t.term for t in choose_topic_terms(other, PARAGRAPHS, IDS, {}).by_topic["branding"]] == ["红色引擎"]
    assert len(calls) == 2
