"""The glossary of formulations (提法): data/glossary.yml and the corpus in, one entry per term
with its definition, source and every mention out.

    curated      data/glossary.yml: curated entries, suppress and merge, validated
    matching     finding terms in running text (variants folded, longest match first)
    extraction   candidate formulations found in unmarked text
    definitions  definitions a speech gives itself
    assembly     curated + extracted + counts -> the glossary (the one source of truth)
    linking      glossary terms linked in rendered page HTML
    review       the editor's review of extracted terms, decisions written back to data/glossary.yml
    topic_terms  each topic's key terms by specificity, curated override data/topic_terms.yml
"""
