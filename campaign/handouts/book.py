"""The module's book on paper: its chapters marked `print` as one handout.

Chapters are GM reading (the truth, the timeline, running the campaign), so the
book is the GM's copy; the players' copy holds only chapters marked `public`.
It goes through the same templates, limits and sandbox as every handout: a
chapter is module text like any handout body.
"""

from __future__ import annotations

import re

from campaign.handouts.errors import HandoutError
from campaign.handouts.formats import Audience, Format, Paper
from campaign.handouts.rendering import render_source
from campaign.handouts.typst_compile import compile_typst, uses_module_typst
from campaign.model import Handout, Module

BOOK_ID = "book"
_OPENS_WITH_HEADING = re.compile(r"\A#{1,6}\s")


def book_handout(module: Module, audience: Audience = "gm") -> Handout:
    """The chapters to print for `audience`, in the module's order, as one handout;
    HandoutError when there are none."""
    chapters = [
        chapter
        for chapter in module.chapters.values()
        if chapter.print and (audience == "gm" or chapter.public)
    ]
    if not chapters:
        wanted = "" if audience == "gm" else " marked 'public: true'"
        raise HandoutError(
            f"{module.id} has no chapters{wanted} to print: add Markdown files under "
            "chapters/ (a chapter with 'print: false' in its front matter is left out)"
        )
    parts: list[str] = []
    for chapter in chapters:
        if not _OPENS_WITH_HEADING.match(chapter.text):
            parts.append(f"# {chapter.title}")
        parts.append(chapter.text)
    whose = "the GM's book" if audience == "gm" else "the players' book"
    return Handout(
        id=BOOK_ID,
        title=f"{module.title}: {whose}",
        type="custom",
        template="book",
        audience=audience,
        body="\n\n".join(parts),
    )


def render_book(
    module: Module, *, fmt: Format = "pdf", audience: Audience = "gm", paper: Paper = "a4"
) -> str | bytes:
    """The book as HTML or Markdown text, or PDF bytes. Raises HandoutError."""
    handout = book_handout(module, audience)
    source = render_source(module, handout, fmt=fmt, audience=audience, paper=paper)
    if fmt != "pdf":
        return source
    result = compile_typst(module, [source], untrusted=uses_module_typst(module))[0]
    if isinstance(result, HandoutError):
        raise result
    return result
