"""The knowledge base's analysis and page building, plain Python (no MkDocs imports).

Stages, in the order the data flows; a package imports only itself and the ones above it
(tests/test_layering.py checks it):

    build     machinery that is not about party-building text: cache, two cores, URLs, raw HTML
    text      Chinese text primitives: traditional -> simplified folding, redaction markers
    model     the plain dataclasses every stage reads and writes (Speech, Section, Paragraph)
    ingest    source files (.txt, .md, .docx) -> speech pages in docs/speeches/
    corpus    docs/speeches/ -> the parsed corpus every hook shares
    topics    data/topics.yml and the topic of every section and paragraph
    glossary  data/glossary.yml + the speeches -> the glossary of formulations, term links
    pages     the generated pages as Markdown/HTML (speech, topic, glossary, learning pages)
    search    the rendered pages -> a sharded static search index and its worker
    export    site/kb.json, the knowledge base as data for other tools

The MkDocs hooks in hooks/ are thin: they call into these packages at the right event.
"""
