"""Ingest: one source file in, one speech page (docs/speeches/*.md) out.

    reading      .txt / .md / .docx -> RawDocument (decoded lines)
    normalizing  RawDocument -> clean lines, hard wraps re-joined
    metadata     first lines -> title, date, occasion
    structure    lines -> sections (the speaker's headings) and paragraphs with stable ids
    speech_page  Speech <-> the editable page file (front matter + body)
    importing    the pipeline above for one file, used by scripts/import_speeches.py
"""
