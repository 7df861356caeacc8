"""kb.build.raw_blocks: Markdown with the raw HTML held out, then put back, is byte for byte what
Markdown writes for the whole page (the speed-up must not change a page)."""
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load

from kb.corpus.loading import load_corpus
from kb.build.raw_blocks import anchor_ids, hold, restore
from kb.pages.speech import speech_markdown

REPO_ROOT = Path(__file__).resolve().parent.parent


def site_markdown(text: str) -> str:
    """Markdown with the site's extensions (from mkdocs.yml)."""
    # mkdocs' own loader: mkdocs.yml uses its !ENV tag (site_url).
    config = yaml_load((REPO_ROOT / "mkdocs.yml").read_text("utf-8"))
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=configs).convert(text)


def held_then_restored(text: str) -> tuple[str, list[str]]:
    held, runs = hold(text)
    return restore(site_markdown(held), runs), runs


SPEECH = load_corpus(REPO_ROOT / "docs" / "speeches").speeches[0]
PASSAGE = ('<div class="kb-passage">\n<p class="kb-passage-path">一、坚持政治统领</p>\n'
           '<p class="kb-passage-text">强化“四个意识”，坚定“四个自信”。</p>\n</div>')

CASES = {
    "bundled speech page": speech_markdown(SPEECH),
    "passages between headings": f"# 思想建设\n\n共 **3** 段。\n\n### 讲话一 {{#a}}\n\n{PASSAGE}\n\n{PASSAGE}\n\n- 列表项",
    "raw block last on the page": f"# 专题\n\n{PASSAGE}",
    "raw block first on the page": f"{PASSAGE}\n\n## 小节\n\n正文",
    # Several top-level elements in one block: Markdown puts each on its own line: not held.
    "two elements in one block": '<div class="kb-hb-entry" id="a"><p>两个确立</p></div><div id="b"><p>两个维护</p></div>\n\n正文',
    "markdown inside html": '<div markdown="1">\n\n**加粗**\n\n</div>',
    "inline tag starts a paragraph": '<a href="x/">链接</a> 后面是正文',
    "our marker in the text": "<p>KBRAW0KBRAW</p>\n\n正文",
}


@pytest.mark.parametrize("name", CASES)
def test_same_html_as_markdown_alone(name):
    text = CASES[name]
    assert held_then_restored(text)[0] == site_markdown(text)


@pytest.mark.parametrize("name, held", [("bundled speech page", True), ("passages between headings", True),
                                        ("two elements in one block", False), ("markdown inside html", False),
                                        ("inline tag starts a paragraph", False), ("our marker in the text", False)])
def test_which_blocks_are_held(name, held):
    assert bool(hold(CASES[name])[1]) is held


def test_anchor_ids_of_held_paragraphs():
    _, runs = hold(speech_markdown(SPEECH))
    paragraph_ids = {p.id for _, p in SPEECH.paragraphs()}
    assert paragraph_ids and paragraph_ids <= anchor_ids(runs)
