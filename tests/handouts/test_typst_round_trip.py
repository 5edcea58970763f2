"""Typst escaping loses nothing: generated text printed to PDF is found again, whole.

Hypothesis writes titles, data values and Markdown bodies (plain text with every
ASCII punctuation mark escaped for Markdown, emphasis and strong runs between
them, as in the issue's `*"Is the Havel cold this morning?"*; the contact`) over
the characters the built-in fonts cover: printable ASCII, Latin-1, Latin
Extended-A, Greek, Cyrillic and the common typographic punctuation. Each is
rendered through the project's own template and Markdown-to-Typst path, compiled
in-process by the `typst` wheel (the source is the shared template's, so nothing
untrusted runs) and read back with pypdf's text extraction. Both sides are
compared after NFKC with whitespace removed: a line break may fall anywhere,
a character may not go missing or change.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tempfile
import unicodedata
from pathlib import Path

import pypdf
import typst
from handout_helpers import NOW
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from campaign.handouts.rendering import render_source
from campaign.model import Module

PUNCTUATION = "‐–—‘’‚“”„†‡•…‰′″‹›€№«»¡¿§¶°±×÷"
COVERED = "".join(
    [
        *map(chr, range(0x21, 0x7F)),
        *(chr(c) for c in range(0xA1, 0x100) if c != 0xAD),  # no soft hyphen: it is invisible
        *map(chr, range(0x100, 0x180)),
        *(chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2),
        *map(chr, range(0x410, 0x450)),
        PUNCTUATION,
    ]
)
"""Characters DejaVu Sans Mono or Libertinus Serif (the built-in fonts) print."""

WORDS = st.text(alphabet=COVERED + "  ", min_size=1, max_size=40)
ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _plain(text: str) -> str:
    """Markdown whose text is exactly `text`: every ASCII punctuation mark backslash-escaped
    (CommonMark's rule) and whitespace one space, so no block or inline syntax starts."""
    return ASCII_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str, str]:
    """A Markdown body and the text a reader sees in it."""
    markdown = ""
    seen = ""
    emphasis_last = False
    for _ in range(draw(st.integers(1, 5))):
        words = " ".join(draw(WORDS).split())
        if not words:
            continue
        if draw(st.booleans()):
            # Right after the run before it, as in the issue's `*"..."*; the contact`,
            # often starting with what would continue a Typst call.
            words = draw(st.sampled_from(["", ";", ".", "(", ")", "[", ":"])) + words
            markdown += _plain(words)
            seen += words
            emphasis_last = False
            continue
        # Emphasis opens and closes only at a letter ("*a*;" but not "* a *"); two runs
        # get a space between them, as "*a**b*" would be one run of delimiters.
        marker = draw(st.sampled_from(["*", "**"]))
        space = " " if emphasis_last else ""
        markdown += f"{space}{marker}x{_plain(words)}x{marker}"
        seen += f"{space}x{words}x"
        emphasis_last = True
    return markdown, seen


def _found(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _pdf_text(module: Module, title: str, body: str, value: str) -> str:
    base = module.handouts["found-note"]
    handout = base.model_copy(
        update={
            "type": "custom",
            "title": title,
            "body": body,
            "data": {"remark": value},
        }
    )
    source = render_source(
        dataclasses.replace(module, handouts={handout.id: handout}), handout, fmt="pdf", now=NOW
    )
    with tempfile.TemporaryDirectory() as folder:
        main = Path(folder) / "main.typ"
        main.write_text(source, encoding="utf-8")
        pdf = typst.compile(str(main), root=folder)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join(page.extract_text() for page in pages)


def test_the_issue_semicolon_after_emphasis_is_printed(spy: Module) -> None:
    text = _pdf_text(spy, "T", '*"Is the Havel cold this morning?"*; the contact', "v")
    assert _found('"Is the Havel cold this morning?"; the contact') in _found(text)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=WORDS, body=bodies(), value=WORDS)
@example(title="1. a", body=("\\#x;y", "#x;y"), value="(a) ;b .c")
def test_generated_text_prints_whole(
    spy: Module, title: str, body: tuple[str, str], value: str
) -> None:
    markdown, seen = body
    text = _found(_pdf_text(spy, title, markdown, value))
    for expected in (title, seen, value):
        assert _found(expected) in text, (expected, text)
