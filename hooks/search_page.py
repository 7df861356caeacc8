"""MkDocs hook: the search results page (search/, 搜索) and the 学习资料 basket page
(materials/), built by kb.pages.search. Generated in on_files unless a hand-written page has
the same path. Their behaviour is docs/assets/kb-search.js (loaded by the search page itself)
and docs/assets/kb-materials.js (every page: 复制引文 / 加入学习资料 on speech paragraphs and
passages, the header box's "查看全部结果"); their index files are kb.search.results."""
from __future__ import annotations

from mkdocs.structure.files import File

from kb.pages.search import MATERIALS_URI, SEARCH_URI, materials_markdown, search_markdown


# Priority 30 (with the other learning pages): before onboarding_pages (20) and home_page (-100).
def on_files(files, config):
    for uri, markdown in ((SEARCH_URI, search_markdown()), (MATERIALS_URI, materials_markdown())):
        if files.get_file_from_path(uri) is None:   # a hand-written page wins
            files.append(File.generated(config, uri, content=markdown))
    return files


on_files.mkdocs_priority = 30
