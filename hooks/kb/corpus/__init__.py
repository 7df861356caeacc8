"""The corpus: docs/speeches/*.md in, a `Corpus` of parsed Speech objects out (`loading`),
memoised by the files' size and mtime so every hook of a build shares one parse.
"""
