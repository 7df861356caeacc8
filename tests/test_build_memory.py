"""hooks/build_memory.py: in a one-off build a page's HTML waits compressed between its conversion
and its template, and comes back the same; `mkdocs serve` keeps it as it is."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

import build_memory
from kb.build import cache, parallel

HTML = ('<h2 id="s-1">一、坚持“两个维护”</h2>\n<p id="p-1-1">落实“三会一课”“第一议题”制度，'
        '推行“红色代办”，防止“四风”反弹。&amp; &lt;script&gt;</p>\n') * 40


def page(uri: str, template: str | None = None):
    meta = {"template": template} if template else {}
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri, generated_by=None), meta=meta,
                           markdown="# 原文", content=None)


@pytest.fixture
def build(request):
    command = request.param
    build_memory.on_startup(command, dirty=False)
    build_memory.on_config({})
    yield command
    build_memory.on_config({})
    cache.keep_once(True)


# (command, HTML held between conversion and template, template, HTML the template gets)
@pytest.mark.parametrize("build, held, template, rendered", [
    ("build", "", None, HTML),                                          # packed, then unpacked
    ("build", "", parallel.RENDERED_ELSEWHERE_TEMPLATE, ""),             # the child renders it
    ("serve", HTML, None, HTML),                                        # serve keeps pages as they are
], indirect=["build"])
def test_page_html_waits_packed_and_comes_back_unchanged(build, held, template, rendered):
    p = page("speeches/2023-abc123.md", template)
    p.content = build_memory.on_page_content(HTML, p, {}, None)
    assert p.content == held
    packed = build_memory._state.get("packed", {}).get(p.file.src_uri)
    assert (packed is not None) == (build == "build")
    if packed is not None:
        assert len(packed) * 4 < len(HTML.encode("utf-8"))
    build_memory.on_page_context({}, p, {}, None)
    assert p.content == rendered
    # Unpacked once: a page rendered here no longer holds a packed copy; the child's keeps it
    # (this process renders it after all if the child fails), until on_post_build.
    assert (p.file.src_uri in build_memory._state.get("packed", {})) == (rendered == "" and build == "build")


@pytest.mark.parametrize("build", ["build"], indirect=True)
def test_a_page_the_child_failed_to_render_is_unpacked_when_rendered_here(build):
    p = page("topics/ideology.md", parallel.RENDERED_ELSEWHERE_TEMPLATE)
    p.content = build_memory.on_page_content(HTML, p, {}, None)
    build_memory.on_page_context({}, p, {}, None)
    assert p.content == ""
    del p.meta["template"]                    # hooks/parallel_render.py restores the template
    build_memory.on_page_context({}, p, {}, None)
    assert p.content == HTML
