"""Build machinery, not about party-building text: usable by every stage.

Takes in: values to compute, pages to write. Gives out: `cache` (results cached by content,
in memory and in .kb-cache/), `parallel` (the second core through fork), `urls` (site URLs
and relative links), `raw_blocks` (raw HTML kept away from Python-Markdown), `compact_html`.
"""
