"""How much of one text is read as Markdown: a budget of lines and markup characters.

markdown-it costs about 10 µs of CPU per line and per markup character it
tries (`*`, `_`, `[`, a line break...), linearly, so the largest field the
loader accepts (256 KB) of two-character lines (`"[\\n"` repeated) took 2.5 s
to HTML and again to Typst. Prose is far from that: 256 KB of 80-column text
has about 3,300 lines and a few thousand markup characters. `MARKUP_BUDGET`
bounds the Markdown part; text past it (cut at a blank line, else a line
break, before the budget ran out) is printed as plain text, escaped, as the
link-label and link-destination budgets already do for their own rules.
"""

from __future__ import annotations

import re

MARKUP_BUDGET = 40_000
"""Line breaks plus Markdown punctuation read as Markdown in one text, in all."""

_COSTLY = re.compile(r"[\n*_\[\]<>`~!&|\\#=+\-]")


def markdown_part(text: str) -> tuple[str, str]:
    """`text` cut in two: the part read as Markdown, and the rest (plain text), or ""."""
    if len(text) <= MARKUP_BUDGET:
        return text, ""
    for count, match in enumerate(_COSTLY.finditer(text), start=1):
        if count < MARKUP_BUDGET:
            continue
        end = match.start()
        cut = text.rfind("\n\n", 0, end)
        if cut <= 0:
            cut = text.rfind("\n", 0, end)
        if cut <= 0:
            cut = end
        return text[:cut], text[cut:].strip("\n")
    return text, ""
