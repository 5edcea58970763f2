"""The longest text the loader accepts costs at most 2 s of CPU in each Markdown converter.

The loader refuses a field over `MAX_TEXT_BYTES` (256 KB); that bound is only
worth something if parsing a field just that long is cheap. Runs of one
character are the worst cases found: `[` (every one may open a link label),
`*` and `_` (emphasis delimiters), `<` (autolinks and HTML).
"""

from __future__ import annotations

import resource
from collections.abc import Callable

import pytest

from campaign.handouts.markdown_budget import MARKUP_BUDGET, markdown_part
from campaign.handouts.markup import (
    markdown_text,
    markdown_to_html,
    markdown_to_typst,
    typst_escape,
)
from campaign.loader.yaml_loader import MAX_TEXT_BYTES

BUDGET_CPU_SECONDS = 2.0
CONVERTERS: dict[str, Callable[[str], object]] = {
    "html": markdown_to_html,
    "typst": markdown_to_typst,
    "markdown": markdown_text,
}


def cpu_seconds() -> float:
    """CPU time of this process and its children (work moved into a child still counts)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.mark.parametrize(
    ("character", "converter"),
    [
        pytest.param(character, converter, id=f"{character}-{converter}")
        for character in "[*_<"
        for converter in CONVERTERS
    ],
)
def test_the_largest_accepted_field_converts_within_budget(character: str, converter: str) -> None:
    text = character * MAX_TEXT_BYTES  # ASCII: one byte each, exactly the largest accepted
    start = cpu_seconds()
    CONVERTERS[converter](text)
    spent = cpu_seconds() - start
    assert spent < BUDGET_CPU_SECONDS, f"{spent:.2f} s CPU for 256 KB of {character!r}"


@pytest.mark.parametrize(
    "text",
    [
        "[" * (MAX_TEXT_BYTES - 1) + "]",  # one label that never closes until the end
        "x[" * (MAX_TEXT_BYTES // 2),
        "[" * (MAX_TEXT_BYTES // 2) + "]" * (MAX_TEXT_BYTES // 2),
    ],
    ids=["open-run-closed-once", "interleaved", "balanced"],
)
def test_link_label_variants_stay_within_budget(text: str) -> None:
    start = cpu_seconds()
    markdown_to_html(text)
    spent = cpu_seconds() - start
    assert spent < BUDGET_CPU_SECONDS, f"{spent:.2f} s CPU"


def test_links_still_link_under_the_label_budget() -> None:
    html = str(markdown_to_html("see [the map](https://x.org) and [a `]` b](z) " * 2000))
    assert html.count('<a href="https://x.org">the map</a>') == 2000
    assert html.count('<a href="z">a <code>]</code> b</a>') == 2000


@pytest.mark.parametrize(
    ("text", "expected_end"),
    [
        ("\n" * MAX_TEXT_BYTES, "\n"),
        ("\n " * (MAX_TEXT_BYTES // 2), "\n "),
        ("a" + "\n" * (MAX_TEXT_BYTES - 4) + " 1.", "\n 1\\."),
        (" \n1" * (MAX_TEXT_BYTES // 3), " \n1"),
    ],
    ids=["newlines", "newline-space", "newlines-then-enum", "space-newline-digit"],
)
def test_typst_escaping_of_blank_line_runs_is_linear(text: str, expected_end: str) -> None:
    # Every `{{ value }}` in a Typst template is escaped, so a data field of 256 KB of
    # blank lines reaches `typst_escape` directly. Its list-number rule read the
    # indentation with `\s*`, which ran over line breaks: each line start re-read the
    # whole run (64 KB of "\n" took 49 s of CPU, 256 KB many minutes).
    start = cpu_seconds()
    escaped = typst_escape(text)
    spent = cpu_seconds() - start
    assert spent < 0.5, f"{spent:.2f} s CPU"
    assert escaped.endswith(expected_end)
    assert len(escaped) == len(text) + expected_end.count("\\")


def test_list_numbers_after_blank_lines_are_still_escaped() -> None:
    assert typst_escape("a\n\n\n  7. b") == "a\n\n\n  7\\. b"
    assert typst_escape("a\u2028\n\t12. b\n3.") == "a\u2028\n\t12\\. b\n3\\."


HOSTILE_SHAPES = {
    "bracket-lines": "[\n" * (MAX_TEXT_BYTES // 2),
    "underscore-lines": "_\n" * (MAX_TEXT_BYTES // 2),
    "emphasis-runs": "*a**" * (MAX_TEXT_BYTES // 4),
    "list-lines": "- *\n" * (MAX_TEXT_BYTES // 4),
    "quote-lines": "> [\n" * (MAX_TEXT_BYTES // 4),
}


@pytest.mark.parametrize("converter", ["html", "typst"])
@pytest.mark.parametrize("text", list(HOSTILE_SHAPES.values()), ids=list(HOSTILE_SHAPES))
def test_markup_dense_fields_convert_in_well_under_a_second(text: str, converter: str) -> None:
    # The hostile review's shapes: every line and markup character costs markdown-it
    # about 10 µs, so 256 KB of them took 2.5 to 4 s. Past MARKUP_BUDGET the rest is
    # plain text; measured at 0.3 to 0.6 s on a loaded 2-core machine.
    start = cpu_seconds()
    CONVERTERS[converter](text)
    spent = cpu_seconds() - start
    assert spent < 1.5, f"{spent:.2f} s CPU"


def test_text_past_the_markup_budget_is_printed_as_plain_text() -> None:
    text = "*a*\n\n" + "[\n" * MARKUP_BUDGET + "\n\n**tail** <b>"
    html = str(markdown_to_html(text))
    assert html.startswith("<p><em>a</em></p>")
    assert html.endswith("<p>**tail** &lt;b&gt;</p>\n")
    typst = str(markdown_to_typst(text))
    assert typst.startswith('#emph[a]\n\n#"[\\n[\\n')  # the rest: one Typst string
    assert typst.endswith('[\\n\\n\\n**tail** <b>"')


def test_prose_of_the_largest_size_keeps_all_its_markdown() -> None:
    paragraph = (
        "The *lamp* was lit at dusk; boats came in **without lights**, and "
        "[the keeper](notes/keeper.md) wrote it down - twice.\n"
    )
    text = (paragraph * (MAX_TEXT_BYTES // len(paragraph)))[:MAX_TEXT_BYTES]
    assert markdown_part(text) == (text, "")
    html = str(markdown_to_html(text))
    assert html.count("<strong>without lights</strong>") == MAX_TEXT_BYTES // len(paragraph)
