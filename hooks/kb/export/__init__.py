"""Export: the corpus, topics and glossary in; site/kb.json out (`kb_json`), the knowledge base
as data for other tools. Its field names are a public contract (README).
"""
