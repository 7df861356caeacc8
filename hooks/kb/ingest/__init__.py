"""Ingest: one source file in, one speech page (docs/speeches/*.md) out.

    reading      .txt / .md / .docx / .pdf / .doc .wps .rtf .odt -> RawDocument (decoded lines)
    office       legacy office files -> .docx, one LibreOffice process per batch
    pdf          a PDF's text layer -> lines, running heads and feet removed (pdfminer.six)
    normalizing  RawDocument -> clean lines, hard wraps re-joined
    metadata     first lines -> title, date, occasion
    structure    lines -> sections (the speaker's headings) and paragraphs with stable ids
    speech_page  Speech <-> the editable page file (front matter + body)
    duplicates   near-duplicate speeches (shingle similarity) and anchors kept on --update
    importing    the pipeline above for one file, used by scripts/import_speeches.py
"""
