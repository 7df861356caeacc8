"""Chinese text primitives shared by every stage that reads or shows speech text.

Takes in: strings. Gives out: `chinese_script` (traditional -> simplified, for matching) and
`redaction` (the markers that stand for removed names, and how they are shown).
"""
