"""WCAG 2.1 AA on every kind of page: axe-core (bundled by axe-playwright-python, no network) in
Chromium finds no violation of impact serious or critical, in the normal and the 大字号 reading
mode; headings never skip a level; keyboard focus is always visible; 大字号 is remembered and
needs no horizontal scrolling on a 390-px phone; the quiz and the term tooltips speak to a
screen reader.

The site is built from the bundled speeches, 30 generated like scripts/bench.py does (so that
topics split into sub-topic, year and numbered pages, and terms into numbered pages) and a
hospital speech whose numbering jumps (一、 then 1. with no （一）). Page kinds are discovered
from the built site, so a new section (a search page, a review page) is checked once it exists.
"""
from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from pathlib import Path

import pytest

from conftest import CHROMIUM_ARGS, REPO_ROOT, assert_no_external_requests
from kb.model.speech import Section
from kb.pages.speech import outline_levels

BLOCKING = {"serious", "critical"}

# A hand-written speech page (as an editor would paste it): the speaker goes from 一、 straight
# to 1., and only the second part has a （一）.
JUMPING_SPEECH = """---
title: 在市第一人民医院2024年党风廉政建设工作会议上的讲话
date: 2024-03-12
occasion: 医院党风廉政建设工作会议
---

同志们：今天召开全院党风廉政建设工作会议，主要任务是总结去年工作，部署今年任务。

## 一、提高政治站位，压实管党治党政治责任

#### 1.落实党委主体责任

院党委要把党风廉政建设同医疗、教学、科研工作同部署、同落实、同检查，党委书记履行第一责任人职责。

#### 2.强化科室支部书记“一岗双责”

各临床科室支部书记既要抓业务，也要抓党建、抓廉政，做到管业务必须管行风。

## 二、聚焦医疗领域突出问题，深化专项整治

### （一）规范药品耗材采购

坚决整治药品耗材采购中的“带金销售”问题，药剂科、设备处每季度报告一次采购情况。

#### 1.严格执行集中带量采购

中选药品耗材按时足量使用，非中选品种的采购须经药事管理与药物治疗学委员会审议。

## 三、加强廉洁文化建设，筑牢拒腐防变思想防线

#### 1.开展警示教育

每半年组织一次警示教育，用身边事教育身边人，引导医务人员守住廉洁行医底线。
"""
JUMPING_ID = "2024-hospital"
JUMPING_OUTLINE = [   # (rendered tag, visible text as the speaker numbered it)
    ("h1", "在市第一人民医院2024年党风廉政建设工作会议上的讲话"),
    ("h2", "开篇"),
    ("h2", "一、提高政治站位，压实管党治党政治责任"),
    ("h3", "1.落实党委主体责任"),
    ("h3", "2.强化科室支部书记“一岗双责”"),
    ("h2", "二、聚焦医疗领域突出问题，深化专项整治"),
    ("h3", "（一）规范药品耗材采购"),
    ("h4", "1.严格执行集中带量采购"),
    ("h2", "三、加强廉洁文化建设，筑牢拒腐防变思想防线"),
    ("h3", "1.开展警示教育"),
]

# Kinds every build has; discovery must find them all (and checks whatever else exists).
EXPECTED_KINDS = {
    "home", "404", "speeches", "speeches/*", "topics", "topics/*", "topics/*/*", "topics/*/*-YEAR",
    "topics/*/*-YEAR/N", "glossary", "glossary/*", "glossary/*/N", "handbook", "quiz", "overview",
    "onboarding",
}


# --------------------------------------------------------------------------- outline (no browser)

OUTLINES = [
    ("jump from 一、 to 1.", [2, 4, 4, 2, 4], [2, 3, 3, 2, 3]),
    ("full ladder kept", [2, 3, 4, 4, 3, 2], [2, 3, 4, 4, 3, 2]),
    ("（一） only in part two", [2, 4, 2, 3, 4], [2, 3, 2, 3, 4]),
    ("starts below the top level", [4, 4, 2, 4], [2, 2, 2, 3]),
    ("opening then 1.", [0, 4, 4], [2, 2, 2]),
    ("opening resets the parents", [2, 3, 0, 4], [2, 3, 2, 2]),
    ("three levels, middle missing everywhere", [3, 4, 3, 4, 4], [2, 3, 2, 3, 3]),
]


@pytest.mark.parametrize("label,source,rendered", OUTLINES, ids=[o[0] for o in OUTLINES])
def test_outline_never_skips_a_level(label, source, rendered):
    sections = [Section(f"s-{i}", "" if level == 0 else f"标题{i}", level) for i, level in enumerate(source)]
    levels = outline_levels(sections)
    assert [levels[s.id] for s in sections] == rendered
    previous = 1
    for level in rendered:
        assert level <= previous + 1
        previous = level


# --------------------------------------------------------------------------- the site

def page_kind(rel: str) -> str:
    """'topics/integrity/responsibility-2020/2/index.html' -> 'topics/*/*-YEAR/N'."""
    if rel == "404.html":
        return "404"
    parts = rel.split("/")[:-1]
    if not parts:
        return "home"

    def shape(segment: str) -> str:
        if segment.isdigit():
            return "N"
        if re.fullmatch(r".+-(\d{4}|undated)", segment):
            return "*-YEAR"
        return "*"
    return "/".join([parts[0]] + [shape(s) for s in parts[1:]])


def discover_kinds(site: Path) -> dict[str, list[str]]:
    """{kind: its page URLs (relative, sorted)} for every page of the site."""
    kinds: dict[str, list[str]] = {}
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    for rel in pages + (["404.html"] if (site / "404.html").is_file() else []):
        if rel.startswith("assets/"):
            continue
        url = rel[:-len("index.html")] if rel.endswith("index.html") else rel
        kinds.setdefault(page_kind(rel), []).append(url)
    return kinds


@pytest.fixture(scope="module")
def a11y_site(tmp_path_factory):
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    import bench
    from fixture_site import build_fixture_site
    from kb.ingest.speech_page import render_page

    pages = {p.name: p.read_text("utf-8") for p in sorted((REPO_ROOT / "docs" / "speeches").glob("*.md"))
             if p.name != "index.md"}
    pages.update({f"{s.id}.md": render_page(s) for s in bench.generate(30, REPO_ROOT / "docs" / "speeches")})
    pages[f"{JUMPING_ID}.md"] = JUMPING_SPEECH
    proc, site = build_fixture_site(tmp_path_factory.mktemp("a11y"), pages)
    assert proc.returncode == 0, proc.stdout
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def a11y_served(a11y_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(a11y_site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def kinds(a11y_site):
    return discover_kinds(a11y_site)


def test_discovery_finds_every_kind_of_page(kinds):
    assert EXPECTED_KINDS <= set(kinds), sorted(EXPECTED_KINDS - set(kinds))
    assert page_kind("search/index.html") == "search" and page_kind("review/index.html") == "review"
    assert page_kind("speeches/2022/index.html") == "speeches/N"


def _axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


def blocking_violations(page, axe) -> list[str]:
    """One line per serious/critical axe violation on the page as it is now."""
    result = axe.run(page, options={"resultTypes": ["violations"]})
    lines = []
    for v in result.response["violations"]:
        if v["impact"] in BLOCKING:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — {targets}")
    return lines


def _open(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


def representatives(kinds) -> list[str]:
    """The first page of every kind, and the speech whose numbering jumps."""
    urls = [group[0] for _, group in sorted(kinds.items())]
    return urls + [f"speeches/{JUMPING_ID}/"]


@pytest.mark.browser
def test_axe_no_serious_or_critical_violation_on_any_kind_of_page(a11y_served, kinds, page):
    axe = _axe()
    failures = {}
    for url in representatives(kinds):
        _open(page, a11y_served + url)
        found = blocking_violations(page, axe)
        if found:
            failures[url] = found
    assert not failures, "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in failures.items())
    assert not page.kb_errors, page.kb_errors
    assert_no_external_requests(page)


# 大字号 changes sizes and wrapping, not colours: axe runs again on these kinds (the glossary
# index alone takes axe ~15 s); every kind is checked for width.
LARGE_AXE_KINDS = ("home", "speeches/*", "topics/*/*-YEAR", "glossary/*", "quiz", "overview", "onboarding")


@pytest.mark.browser
def test_axe_in_large_text_mode_on_a_phone_without_horizontal_scrolling(a11y_served, kinds, browser):
    """大字号 on a 390-px-wide phone (and so at 200 % zoom of a 780-px window): no page wider
    than the screen, and no violation."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.add_init_script("try { localStorage.setItem('kb-text-size', 'large') } catch (e) {}")
    page = context.new_page()
    axe = _axe()
    failures, wide = {}, {}
    axe_urls = {kinds[k][0] for k in LARGE_AXE_KINDS} | {f"speeches/{JUMPING_ID}/"}
    try:
        for url in representatives(kinds):
            _open(page, a11y_served + url)
            assert page.evaluate("document.documentElement.classList.contains('kb-large')"), url
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[url] = width
            if url in axe_urls:
                found = blocking_violations(page, axe)
                if found:
                    failures[url] = found
    finally:
        context.close()
    assert not wide, f"pages wider than the 390-px screen in 大字号: {wide}"
    assert not failures, "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in failures.items())


@pytest.mark.browser
def test_axe_on_interactive_states(a11y_served, kinds, page):
    """What only shows after a click: the open search dialog with results, a term's tooltip, an
    unfolded passage, the quiz's right and wrong feedback."""
    axe = _axe()
    failures = {}

    def check(state):
        # Focusing a link scrolls the page, and Material's header then fades its title and tabs:
        # axe must see the settled page, not colours half way through a CSS transition.
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        found = blocking_violations(page, axe)
        if found:
            failures[state] = found

    _open(page, a11y_served)
    box = page.locator(".md-search__input")
    box.click()
    box.fill("两个维护")
    box.press("End")            # Material reads the query on keyup, which fill() does not send
    page.locator(".md-search-result__item").first.wait_for()
    check("search dialog with results")
    page.keyboard.press("Escape")

    _open(page, a11y_served + "speeches/2022-124e03/")
    page.locator("a.kb-term").first.focus()
    page.locator("#kb-tip").wait_for(state="visible")
    check("term tooltip shown")

    topic = next(u for u in kinds["topics/*/*-YEAR"] if u)
    _open(page, a11y_served + topic)
    button = page.locator("button.kb-fold-more").first
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    check("passage unfolded")

    _open(page, a11y_served + "quiz/")
    for attempt in ("wrong", "right"):
        card = page.locator("form.kb-quiz-card")
        if card.locator("input[type=radio]").count():
            answer = page.evaluate("""() => {
              const data = JSON.parse(document.getElementById('kb-quiz-data').textContent);
              const id = document.querySelector('form.kb-quiz-card').dataset.qid;
              return data.questions.find(q => q.id === id).answer; }""")
            choices = card.locator("label.kb-quiz-choice")
            texts = [t.strip() for t in choices.all_inner_texts()]
            pick = next(i for i, t in enumerate(texts) if (t.endswith(answer)) == (attempt == "right"))
            choices.nth(pick).click()
        else:
            card.locator("input[type=text]").fill("0" if attempt == "wrong" else page.evaluate(
                "JSON.parse(document.getElementById('kb-quiz-data').textContent).questions.find("
                "q => q.id === document.querySelector('form.kb-quiz-card').dataset.qid).answer"))
        card.locator('button[data-act="submit"]').click()
        page.locator(".kb-quiz-feedback").wait_for()
        check(f"quiz answered {attempt}")
        page.locator('button[data-act="next"]').click()
    assert not failures, "\n".join(f"{state}\n  " + "\n  ".join(lines) for state, lines in failures.items())
    assert not page.kb_errors, page.kb_errors


# --------------------------------------------------------------------------- headings

OUTLINE_JS = """() => Array.from(document.querySelectorAll(
  'article h1, article h2, article h3, article h4, article h5, article h6'))
  .map(h => [h.tagName.toLowerCase(), h.textContent.replace(/¶$/, '').trim()])"""


@pytest.mark.browser
def test_headings_never_skip_a_level_on_any_kind_of_page(a11y_served, kinds, page):
    skips = {}
    for url in representatives(kinds):
        _open(page, a11y_served + url)
        previous = 0
        for tag, text in page.evaluate(OUTLINE_JS):
            level = int(tag[1])
            if level > previous + 1:
                skips.setdefault(url, []).append(f"h{previous} → {tag} {text}")
            previous = level
    assert not skips, skips


@pytest.mark.browser
def test_jumping_numbering_renders_a_continuous_outline_with_the_speakers_text(a11y_served, page):
    _open(page, a11y_served + f"speeches/{JUMPING_ID}/")
    assert [tuple(h) for h in page.evaluate(OUTLINE_JS)] == JUMPING_OUTLINE
    # the table of contents nests the same way
    toc = page.locator(".md-sidebar--secondary .md-nav--secondary")
    assert toc.locator('li li a:has-text("1.落实党委主体责任")').count() == 1
    assert toc.locator('li li li a:has-text("1.严格执行集中带量采购")').count() == 1


# --------------------------------------------------------------------------- focus

@pytest.mark.browser
@pytest.mark.parametrize("url", ["", "speeches/2022-124e03/", "quiz/", "glossary/"])
def test_keyboard_focus_is_always_visible(a11y_served, page, url):
    _open(page, a11y_served + url)
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          return {tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20),
                  style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                  visible: el.getClientRects().length > 0};
        }""")
        if info is None:
            continue
        key = (info["tag"], info["text"])
        seen.add(key)
        if not info["visible"]:
            continue
        assert info["style"] != "none" and info["width"] >= 2, (url, info)
        assert info["color"] not in ("rgba(0, 0, 0, 0)", "transparent"), (url, info)
    assert len(seen) >= 5, seen


# --------------------------------------------------------------------------- 大字号

@pytest.mark.browser
def test_large_text_switch_is_remembered_by_the_browser(a11y_served, page):
    speech = a11y_served + f"speeches/{JUMPING_ID}/"
    _open(page, speech)
    toggle = page.get_by_role("button", name="大字号")
    assert toggle.get_attribute("aria-pressed") == "false"
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.querySelector('p.kb-para')).fontSize)")  # noqa: E731
    normal = size()
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert size() >= normal * 1.2
    _open(page, speech)                                    # reload: still large, before any click
    assert page.evaluate("document.documentElement.classList.contains('kb-large')")
    assert page.get_by_role("button", name="大字号").get_attribute("aria-pressed") == "true"
    _open(page, a11y_served + "glossary/")                # another page: large too
    assert page.evaluate("document.documentElement.classList.contains('kb-large')")
    page.get_by_role("button", name="大字号").click()    # off again, and remembered as off
    _open(page, speech)
    assert not page.evaluate("document.documentElement.classList.contains('kb-large')")
    assert size() == normal
    assert not page.kb_errors, page.kb_errors


# --------------------------------------------------------------------------- screen readers

@pytest.mark.browser
def test_quiz_feedback_is_announced_and_marks_are_not_colour_only(a11y_served, page):
    _open(page, a11y_served + "quiz/")
    live = page.locator("#kb-quiz-announce")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    assert live.text_content() == ""
    card = page.locator("form.kb-quiz-card")
    while not card.locator("input[type=radio]").count():   # the first multiple-choice question
        page.locator('button[data-act="next"]').click()
    assert card.locator("fieldset > legend").inner_text().strip()
    answer = page.evaluate("""() => {
      const data = JSON.parse(document.getElementById('kb-quiz-data').textContent);
      const id = document.querySelector('form.kb-quiz-card').dataset.qid;
      return data.questions.find(q => q.id === id).answer; }""")
    labels = card.locator("label.kb-quiz-choice")
    wrong = next(i for i, t in enumerate(labels.all_inner_texts()) if not t.strip().endswith(answer))
    labels.nth(wrong).click()
    card.locator('button[data-act="submit"]').click()
    # the region that was on the page before the answer now says the verdict and the answer
    page.wait_for_function("document.getElementById('kb-quiz-announce').textContent.startsWith('回答错误')")
    assert answer in page.locator("#kb-quiz-announce").text_content()
    assert page.locator("#kb-quiz-announce").count() == 1
    right_label = page.locator("label.kb-quiz-choice.kb-right")
    wrong_label = page.locator("label.kb-quiz-choice.kb-wrong")
    assert "正确答案" in right_label.inner_text() and "你的选择" in wrong_label.inner_text()
    assert not page.kb_errors, page.kb_errors


@pytest.mark.browser
def test_term_tooltip_stays_while_the_pointer_moves_onto_it(a11y_served, page):
    """WCAG 1.4.13: hover content can itself be hovered (to read or select it) without vanishing."""
    _open(page, a11y_served + "speeches/2022-124e03/")
    term = page.locator("a.kb-term").first
    term.scroll_into_view_if_needed()
    term.hover()
    tip = page.locator("#kb-tip")
    tip.wait_for(state="visible")
    box = tip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_timeout(600)
    assert tip.is_visible()
    assert term.get_attribute("aria-describedby") == "kb-tip"
    page.mouse.move(2, 400)
    tip.wait_for(state="hidden")


# --------------------------------------------------------------------------- print

PRINT_CONTRAST_JS = """() => {
  const lum = c => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const low = [];
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || !el.getClientRects().length) continue;
    const ratio = 1.05 / (lum(style.color) + 0.05);
    if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ' ' + style.color + ' ' + ratio.toFixed(2));
  }
  return low;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-text"])
def test_printed_handbook_reads_in_black_and_white(a11y_served, browser, large):
    """Printed on a black-and-white printer, every text of the handbook keeps 4.5:1 on paper (the
    contrast ratio is computed from luminance, which is what a greyscale print keeps); 大字号
    does not enlarge the print."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    if large:
        context.add_init_script("try { localStorage.setItem('kb-text-size', 'large') } catch (e) {}")
    page = context.new_page()
    try:
        _open(page, a11y_served + "handbook/")
        page.emulate_media(media="print")
        assert page.evaluate(PRINT_CONTRAST_JS) == []
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
        assert page.locator(".kb-size-toggle").is_hidden()
    finally:
        context.close()
