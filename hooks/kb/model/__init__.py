"""The plain data of the knowledge base (`speech`): RawDocument and RawLine as read from a
source file; Speech, SpeechMeta, Section and Paragraph as every later stage reads them.
Nothing here computes; nothing here knows about MkDocs.
"""
