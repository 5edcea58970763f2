"""Text from a module reaches Typst only as text: the converter's output holds no other code.

`typst_scanner.scan` accepts escaped text and the calls `markdown_to_typst`
itself writes, nothing else; hypothesis feeds it generated Markdown and
arbitrary Unicode. The scanner is checked first against sources it must
refuse, so a scanner that accepts everything cannot pass these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typst_scanner import MARKDOWN, TypstScanError, scan

from campaign.handouts import markdown_to_typst, typst_escape, typst_string

# The issue's payloads: each was `#strong[a]` followed by code Typst evaluated.
PAYLOADS = [
    "**a**.has(for i in range(100000) { for j in range(100000) { } })",
    "**a**.has(range(100000000).len())",
    '**a**.has(panic("x"))',
    "**a**.has(import str(bytes((64,112,114,101,118,105,101,119,47,99,101,116,122))))",
    '`x`.has(panic("x"))',
    '*a*(panic("x"))',
    '~~a~~;#panic("x")',
    '[link](http://x).has(panic("x"))',
    'a  \n.has(panic("x"))',
    "# h\n\n1. a\n2. b\n\n> q\n\n| a | b |\n|---|---|\n| **c**.x | d |",
]


@pytest.mark.parametrize(
    "source",
    [
        "#strong[a].has(1)",
        "#strong[a](1)",
        "#strong[a];",
        "#panic()",
        "#strong[a",
        "a]",
        "*a*",
        "1. a",
        "a\u20281. b",
        "#emph[1. a]",
        "\\u{41}",
        '#raw("a)',
        '#raw("a\\q")',
        "#list(tight: true, [a]",
        "#heading(level: x, outlined: false)[a]",
    ],
)
def test_scanner_refuses_what_the_converter_never_writes(source: str) -> None:
    with pytest.raises(TypstScanError):
        scan(source)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_issue_payloads_print_as_text(payload: str) -> None:
    converted = markdown_to_typst(payload)
    scan(converted)
    assert ".has(" not in converted.replace("\\.has(", "")


def test_text_after_a_call_is_escaped() -> None:
    assert markdown_to_typst("**a**.has(panic(1))") == "#strong[a]\\.has(panic(1))"
    assert markdown_to_typst("`a`(panic(1))") == '#raw("a")\\(panic(1))'
    assert markdown_to_typst("*a*;b") == "#emph[a]\\;b"
    assert typst_escape("a\u20281. b\x0b2. c") == "a\u20281\\. b\x0b2\\. c"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
@example("**a**.has(panic(1))")
@example('- 1. a\n- **b**.c\n\n10. x\n\n```\n\\"\n```')
def test_converted_markdown_holds_only_the_converters_code(text: str) -> None:
    scan(markdown_to_typst(text))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_converted_unicode_holds_only_the_converters_code(text: str) -> None:
    scan(markdown_to_typst(text))


@settings(max_examples=300, deadline=None)
@given(st.one_of(MARKDOWN, st.text()))
def test_escaped_values_are_text_wherever_a_template_prints_them(text: str) -> None:
    escaped = typst_escape(text)
    scan(escaped)
    scan("#strong[x]" + escaped)  # a value printed right after a call
    scan("#emph[" + escaped + "]")  # a value inside a content block
    scan("#raw(" + typst_string(text) + ")")
