"""Page builders: the corpus, topics and glossary in; generated pages as Markdown/HTML out.
Pure functions, no MkDocs: the hooks decide when each page is written.

    speech      a speech page (literal text, headings, paragraph anchors)
    pager       numbered continuation pages of long lists
    topics      topic index, topic, sub-topic and year pages, topic badges
    glossary    glossary index, term pages, a topic's key terms
    search      the 搜索 results page and the 学习资料 basket (skeletons the browser fills)
    page_toc    the in-page table of contents of long pages on narrow screens
    home, onboarding (with roles), handbook, quiz, overview; `learning` is what the last four read
"""
