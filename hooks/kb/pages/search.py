"""The search results page (`search/`, 标题 搜索) and the 学习资料 basket page (`materials/`):
static skeletons that docs/assets/kb-search.js and docs/assets/kb-materials.js fill in the
browser. The query comes from the URL (`search/?q=…&year=2022-2023&topic=…&speech=…&order=date
&page=2`), so a search can be bookmarked and sent; the results come from the index files of
kb.search.results. Nothing from a query or a speech is put into these pages at build time.

Both pages hold their form and lists in an element marked `data-search-exclude` (their labels
are not search results). The result list, the filters with their counts and the pager are
rendered with DOM text nodes (no HTML from the index or the query).
"""
from __future__ import annotations

SEARCH_URI = "search/index.md"
SEARCH_URL = "search/"
SEARCH_TITLE = "搜索"
MATERIALS_URI = "materials/index.md"
MATERIALS_URL = "materials/"
MATERIALS_TITLE = "学习资料"
PAGE_SIZE = 20            # results per page
# Files (speech texts, page files) the page fetches in the background after showing results,
# for the likely next steps (docs/assets/kb-search.js, prefetch): about 0.6 MB (gzip) at most
# at 1,000 speeches, so that a filter change needs no download.
PREFETCH_FILES = 100
MAX_QUERY = 100           # characters of a query that are used (a longer one is cut, and said so)

HELP = ("多个词用空格分开：结果同时包含每个词；用引号（\"…\" 或 “…”）括起来：按原样查找整个短语；"
        "词前加减号（-词）：排除含这个词的段落。繁体字、全角半角都能查到。")


def _select(name: str, label: str, first: str) -> str:
    return (f'<p class="kb-sp-field"><label for="kb-sp-{name}">{label}</label>'
            f'<select id="kb-sp-{name}" name="{name}"><option value="">{first}</option></select></p>')


def search_markdown() -> str:
    form = "".join([
        '<form class="kb-sp-form" id="kb-sp-form" role="search" action="./" method="get">',
        '<p class="kb-sp-query"><label for="kb-sp-q">搜索词</label>',
        f'<input id="kb-sp-q" name="q" type="search" autocomplete="off" maxlength="{MAX_QUERY * 5}"'
        ' aria-describedby="kb-sp-help">',
        '<button type="submit" class="kb-sp-button">搜索</button></p>',
        f'<p id="kb-sp-help" class="kb-sp-help">{HELP}</p>',
        '<fieldset class="kb-sp-filters"><legend>筛选与排序</legend>',
        _select("from", "起始年份", "不限"),
        _select("to", "截止年份", "不限"),
        _select("topic", "专题", "全部专题"),
        # Every speech with results is choosable: an input filtered by typing over a datalist
        # of all of them, each with its count (a select of a thousand titles is unusable).
        '<p class="kb-sp-field kb-sp-speech"><label for="kb-sp-speech">讲话</label>'
        '<input id="kb-sp-speech" name="speech" type="text" list="kb-sp-speech-list" autocomplete="off"'
        ' placeholder="全部讲话" aria-describedby="kb-sp-speech-help">'
        '<datalist id="kb-sp-speech-list"></datalist>'
        '<span id="kb-sp-speech-help" class="kb-sp-field-help">输入标题中的字，从列表中选择；清空即全部讲话</span></p>',
        '<span id="kb-sp-people" hidden>',
        _select("speaker", "讲话人", "全部"),
        _select("unit", "单位", "全部"),
        '</span>',
        '<p class="kb-sp-field"><label for="kb-sp-order">排序</label>'
        '<select id="kb-sp-order" name="order"><option value="">按相关度</option>'
        '<option value="date">按日期（新的在前）</option></select></p>',
        '</fieldset></form>',
    ])
    body = "".join([
        f'<div class="kb-sp" id="kb-sp" data-search-exclude data-page-size="{PAGE_SIZE}"'
        f' data-max-query="{MAX_QUERY}" data-prefetch-files="{PREFETCH_FILES}">',
        form,
        '<div id="kb-sp-notes" class="kb-sp-notes"></div>',
        '<noscript><p class="kb-sp-note">搜索结果页需要浏览器启用 JavaScript；也可以用页面顶部的搜索框。</p></noscript>',
        '<p id="kb-sp-status" class="kb-sp-status" role="status" aria-live="polite"></p>',
        # "您要找的是不是：…" and, when nothing is found, the closest glossary terms.
        '<div id="kb-sp-suggest" class="kb-sp-suggest"></div>',
        '<ol id="kb-sp-results" class="kb-sp-results"></ol>',
        '<nav id="kb-sp-pager" class="kb-sp-pager" aria-label="结果分页"></nav>',
        f'<p class="kb-sp-basket"><a href="../{MATERIALS_URL}">查看学习资料 ›</a></p>',
        '</div>',
        # Synchronous, before Material's bundle: it takes `q` out of the address before
        # Material's search box reads it (Material would open its overlay with it).
        '<script src="../assets/kb-search.js"></script>',
    ])
    return f"# {SEARCH_TITLE}\n\n{body}\n"


def materials_markdown() -> str:
    body = "".join([
        '<div class="kb-mt" id="kb-mt" data-search-exclude>',
        '<p class="kb-mt-intro kb-noprint">在搜索结果、专题页和讲话原文的段落下点“加入学习资料”，'
        '段落连同出处收集在这里（只保存在本机浏览器中，不会上传）。可以调整顺序、复制为纯文本或打印。</p>',
        '<p class="kb-mt-tools kb-noprint">',
        '<button type="button" id="kb-mt-copy" class="kb-mt-button">复制全部（纯文本）</button>',
        '<button type="button" id="kb-mt-print" class="kb-mt-button">打印</button>',
        '<button type="button" id="kb-mt-clear" class="kb-mt-button">清空</button></p>',
        '<noscript><p>学习资料需要浏览器启用 JavaScript。</p></noscript>',
        '<p id="kb-mt-status" class="kb-mt-status kb-noprint" role="status" aria-live="polite"></p>',
        '<ol id="kb-mt-list" class="kb-mt-list"></ol>',
        '</div>',
    ])
    return f"# {MATERIALS_TITLE}\n\n{body}\n"
