"""The learning pages in Chromium: the quiz (no script error, feedback, progress kept over a
reload, retrying wrong answers, keyboard use) and the handbook printed to an A4 PDF that holds
every glossary term."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTIFACTS, assert_no_external_requests, in_ci

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from kb.glossary.assembly import load_project_glossary  # noqa: E402

pytestmark = pytest.mark.browser


def open_quiz(page, served_site):
    page.goto(served_site + "quiz/", wait_until="networkidle")
    page.locator(".kb-quiz-card").wait_for()
    return page.evaluate("JSON.parse(document.getElementById('kb-quiz-data').textContent).questions")


def first_round(questions):
    """Round 1: each term once, its first question, in the page's order."""
    seen, out = set(), []
    for q in questions:
        if q["term"] not in seen:
            seen.add(q["term"])
            out.append(q)
    return out


def shown(page, questions):
    qid = page.locator("form.kb-quiz-card").get_attribute("data-qid")
    return next(q for q in questions if q["id"] == qid)


def meta(page) -> str:
    return page.locator(".kb-quiz-meta").inner_text()


def answer(page, question, right: bool):
    """Answer the shown question rightly or wrongly with the mouse."""
    if question.get("choices"):
        choice = question["answer"] if right else next(c for c in question["choices"] if c != question["answer"])
        index = question["choices"].index(choice)
        page.locator(f"#kb-choice-{index}").check()
    else:
        page.locator("input[name=kb-fill]").fill(question["answer"] if right else "九十九")
    page.locator('button[data-act="submit"]').click()
    page.locator(".kb-quiz-feedback").wait_for()


def test_quiz_loads_offline_without_errors(served_site, page):
    questions = open_quiz(page, served_site)
    assert len(questions) > 50
    assert page.title().startswith("自测")
    round1 = first_round(questions)
    assert meta(page).startswith(f"第 1 / {len(round1)} 题")
    assert page.locator(".kb-quiz-prompt").inner_text() == round1[0]["prompt"]
    assert_no_external_requests(page)
    assert not page.kb_errors, "\n".join(page.kb_errors)


def test_answer_shows_feedback_with_right_answer_and_source(served_site, page):
    questions = open_quiz(page, served_site)
    first = shown(page, questions)
    answer(page, first, right=False)
    feedback = page.locator(".kb-quiz-feedback")
    assert "回答错误" in feedback.inner_text()
    assert first["answer"] in feedback.locator(".kb-quiz-answer").inner_text()
    source = feedback.locator(".kb-quiz-sources a").first
    assert source.get_attribute("href").startswith("../glossary/")
    assert page.locator(".kb-quiz-choice.kb-right").count() == 1
    page.locator('button[data-act="next"]').click()
    answer(page, shown(page, questions), right=True)
    assert "回答正确" in page.locator(".kb-quiz-feedback").inner_text()
    assert "已答 2 / " in page.locator(".kb-quiz-progress").inner_text()
    assert not page.kb_errors, "\n".join(page.kb_errors)


def test_reload_keeps_progress(served_site, page):
    questions = open_quiz(page, served_site)
    answer(page, shown(page, questions), right=True)
    page.locator('button[data-act="next"]').click()
    answer(page, shown(page, questions), right=False)
    page.reload(wait_until="networkidle")
    page.locator(".kb-quiz-card").wait_for()
    assert "已答 2 / " in page.locator(".kb-quiz-progress").inner_text()
    assert "答对 1 题，错题 1 道" in page.locator(".kb-quiz-progress").inner_text()
    assert meta(page).startswith("第 2 / ")                       # where we were
    assert "回答错误" in page.locator(".kb-quiz-feedback").inner_text()
    assert not page.kb_errors, "\n".join(page.kb_errors)


def test_retry_wrong_answers_shows_only_those(served_site, page):
    questions = open_quiz(page, served_site)
    asked = []
    for right in [False, True, False, True]:
        asked.append(shown(page, questions))
        answer(page, asked[-1], right)
        page.locator('button[data-act="next"]').click()
    page.reload(wait_until="networkidle")                            # the wrong list survives too
    page.locator('.kb-quiz-status button[data-act="mode-wrong"]').click()
    seen = []
    while page.locator(".kb-quiz-card .kb-quiz-prompt").count():
        assert "错题练习" in meta(page)
        seen.append(page.locator(".kb-quiz-prompt").inner_text())
        page.locator('button[data-act="next"]').click()
    assert seen == [asked[0]["prompt"], asked[2]["prompt"]]
    done = page.locator(".kb-quiz-done").inner_text()
    assert "本轮错题已练完" in done and "还有 2 道没有答对" in done
    # answering one of them right takes it off the list
    page.locator('.kb-quiz-done button[data-act="mode-wrong"]').click()
    answer(page, asked[0], right=True)
    assert "错题 1 道" in page.locator(".kb-quiz-progress").inner_text()
    page.locator('button[data-act="next"]').click()
    answer(page, asked[2], right=True)
    page.locator('button[data-act="next"]').click()
    # the truth when none is left: no button to practise "the remaining" ones
    done = page.locator(".kb-quiz-done")
    assert "全部答对了" in done.inner_text() and "错题 0 道" in page.locator(".kb-quiz-progress").inner_text()
    assert done.locator('button[data-act="mode-wrong"]').count() == 0
    assert page.locator('.kb-quiz-status button[data-act="mode-wrong"]').is_disabled()
    assert not page.kb_errors, "\n".join(page.kb_errors)


def test_keyboard_only(served_site, page):
    questions = open_quiz(page, served_site)
    first = questions[0]
    assert first.get("choices"), "the first question is a choice question"
    page.locator("#kb-choice-0").focus()
    page.keyboard.press(str(first["choices"].index(first["answer"]) + 1))
    page.keyboard.press("Enter")
    assert "回答正确" in page.locator(".kb-quiz-feedback").inner_text()
    focused = page.evaluate("document.activeElement.getAttribute('data-act')")
    assert focused == "next"
    page.keyboard.press("Enter")                                     # on the focused 下一题
    assert meta(page).startswith("第 2 / ")
    assert page.evaluate("document.activeElement.tagName") == "INPUT"
    # a typed answer: put a number question into the round and answer it by keyboard
    number = next(q for q in questions if q["kind"] == "number")
    page.evaluate("""(q) => { const s = JSON.parse(localStorage.getItem('kb-quiz-v1'));
        const data = JSON.parse(document.getElementById('kb-quiz-data').textContent).questions;
        const term = {}; data.forEach(d => { term[d.id] = d.term; });
        const i = s.round.ids.findIndex(id => term[id] === q.term);
        s.round.ids[i] = q.id; s.pos.all = i; localStorage.setItem('kb-quiz-v1', JSON.stringify(s)); }""", number)
    page.reload(wait_until="networkidle")
    page.locator("input[name=kb-fill]").focus()
    page.keyboard.type(str(number["accept"][1]) + " 个")       # digits, a space and the measure word
    page.keyboard.press("Enter")
    assert "回答正确" in page.locator(".kb-quiz-feedback").inner_text()
    assert not page.kb_errors, "\n".join(page.kb_errors)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} not found; install it with: sudo apt-get install -y poppler-utils"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def test_handbook_prints_to_an_a4_pdf_with_every_term(served_site, page, tmp_path):
    pdftotext = _tool("pdftotext")
    page.goto(served_site + "handbook/", wait_until="networkidle")
    assert "应知应会" in page.title()
    pdf = tmp_path / "handbook.pdf"
    # No format given: the page size comes from the stylesheet's `@page { size: A4 }`.
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "handbook.pdf")                    # to look at the pages
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    glossary = load_project_glossary(REPO, REPO / "docs" / "speeches").glossary
    missing = [t.term for t in glossary.terms if re.sub(r"\s+", "", t.term) not in flat]
    assert not missing, f"terms missing from the printed handbook: {missing}"
    groups = page.locator("h2.kb-hb-group").count()
    assert pages > groups >= 5                                        # every group starts a page
    # the site around the page is not printed
    for chrome in ("搜索", "首页", "打印 / 另存为 PDF"):
        assert chrome not in text, chrome
    assert not page.kb_errors, "\n".join(page.kb_errors)


def test_rounds_ask_every_term_once_in_a_new_order(served_site, page):
    questions = open_quiz(page, served_site)
    terms = {q["term"] for q in questions}
    state = lambda: page.evaluate("JSON.parse(localStorage.getItem('kb-quiz-v1') || 'null')")  # noqa: E731
    answer(page, shown(page, questions), right=False)
    rounds = [state()["round"]]
    page.evaluate("""() => { const s = JSON.parse(localStorage.getItem('kb-quiz-v1'));
        s.pos.all = s.round.ids.length; localStorage.setItem('kb-quiz-v1', JSON.stringify(s)); }""")
    page.reload(wait_until="networkidle")
    done = page.locator(".kb-quiz-done").inner_text()
    assert f"第 1 轮已做完：答对 0 / {len(terms)} 题，跳过 {len(terms) - 1} 题" in done
    by_id = {q["id"]: q for q in questions}
    for n in (2, 3):
        page.locator('button[data-act="new-round"]').click()
        assert meta(page).startswith(f"第 1 / {len(terms)} 题")
        assert f"第 {n} 轮：已答 0 / {len(terms)} 题" in page.locator(".kb-quiz-progress").inner_text()
        rounds.append(state()["round"])
        ids = rounds[-1]["ids"]
        asked = [by_id[i]["term"] for i in ids]
        assert len(asked) == len(set(asked)) == len(terms)             # each term once
        assert asked != [by_id[i]["term"] for i in rounds[-2]["ids"]]  # a different order
        again = set(ids) & set(rounds[-2]["ids"])
        several = {t for t in terms if sum(q["term"] == t for q in questions) > 1}
        assert len(again) < len(several) / 2, "most terms get another question"
        page.evaluate("""() => { const s = JSON.parse(localStorage.getItem('kb-quiz-v1'));
            s.pos.all = s.round.ids.length; localStorage.setItem('kb-quiz-v1', JSON.stringify(s)); }""")
        page.reload(wait_until="networkidle")
    assert not page.kb_errors, "\n".join(page.kb_errors)
