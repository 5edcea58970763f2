"""A scanner for the Typst that `markdown_to_typst` and `typst_escape` write, and nothing else.

It reads Typst markup and accepts only escaped characters, plain characters
that mean nothing to Typst, and the calls the converter itself emits, with
their exact arguments. Anything else (an unescaped `#`, a marker that starts
a list, text that continues a call such as `#strong[a].has(...)`) is a
`TypstScanError` naming where. If the scanner accepts a source, the only code
in it is the converter's own.
"""

from __future__ import annotations

from hypothesis import strategies as st

ESCAPABLE = frozenset("\\#[]*_`$<>@~=-+/.(;")
"""Characters `typst_escape` puts a backslash before."""
SPECIAL = frozenset("\\#[]*_`$<>@~=-+/")
"""Characters that are markup in Typst wherever they stand: never plain text here."""
NEWLINES = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
"""Where Typst starts a new line (a list marker may follow)."""
CONTINUES = frozenset(".([;")
"""Right after a call, these would continue it as code."""
STRING_ESCAPES = frozenset('\\"nrt')
DIGITS = frozenset("0123456789")
"""Typst numbers a list only after ASCII digits."""

_CONTENT_CALLS = ("#strong[", "#emph[", "#strike[", "#underline[", "#quote(block: true)[")
_PLAIN_CALLS = ("#linebreak()", "#line(length: 100%)")


class TypstScanError(ValueError):
    """Typst source that holds something the converter never writes."""


class _Scanner:
    def __init__(self, source: str) -> None:
        self.source = source
        self.at = 0

    def fail(self, what: str) -> TypstScanError:
        near = self.source[max(0, self.at - 25) : self.at + 25]
        return TypstScanError(f"{what} at {self.at}: {near!r}")

    def peek(self, size: int = 1) -> str:
        return self.source[self.at : self.at + size]

    def eat(self, literal: str) -> bool:
        if self.source.startswith(literal, self.at):
            self.at += len(literal)
            return True
        return False

    def expect(self, literal: str) -> None:
        if not self.eat(literal):
            raise self.fail(f"expected {literal!r}")

    def number(self) -> None:
        start = self.at
        while self.peek() and self.peek() in DIGITS:
            self.at += 1
        if self.at == start:
            raise self.fail("expected a number")

    def string(self) -> None:
        self.expect('"')
        while True:
            char = self.peek()
            if not char:
                raise self.fail("unterminated string")
            if char == '"':
                self.at += 1
                return
            if char == "\\":
                if self.peek(2)[1:] not in STRING_ESCAPES:
                    raise self.fail("unknown string escape")
                self.at += 2
            else:
                self.at += 1

    def markup(self, *, in_block: bool) -> None:
        """Markup up to the `]` that closes a content block (or the end)."""
        line_start = True
        while self.at < len(self.source):
            char = self.source[self.at]
            if char == "]":
                if in_block:
                    return
                raise self.fail("']' closes nothing")
            if char == "\\":
                if self.peek(2)[1:] not in ESCAPABLE:
                    raise self.fail("backslash before a character the escaper never escapes")
                self.at += 2
                line_start = False
            elif char == "#":
                self.call()
                if self.peek() and self.peek() in CONTINUES:
                    raise self.fail("text continues the call as code")
                line_start = False
            elif char in SPECIAL:
                raise self.fail(f"unescaped {char!r}")
            else:
                if line_start and char in DIGITS:
                    self.list_number()
                if char in NEWLINES:
                    line_start = True
                elif not char.isspace():
                    line_start = False
                self.at += 1
        if in_block:
            raise self.fail("content block never closed")

    def list_number(self) -> None:
        end = self.at
        while end < len(self.source) and self.source[end] in DIGITS:
            end += 1
        if self.source[end : end + 1] == ".":
            raise self.fail("a numbered-list marker at the start of a line")

    def block(self) -> None:
        self.expect("[")
        self.markup(in_block=True)
        self.expect("]")

    def call(self) -> None:
        for opening in _CONTENT_CALLS:
            if self.eat(opening):
                self.markup(in_block=True)
                self.expect("]")
                return
        for plain in _PLAIN_CALLS:
            if self.eat(plain):
                return
        if self.peek(2) == '#"':  # a long run of text, written as one string
            self.at += 1
            self.string()
        elif self.eat("#raw(block: true, ") or self.eat("#raw("):
            self.string()
            self.expect(")")
        elif self.eat("#heading(level: "):
            self.number()
            self.expect(", outlined: false)")
            self.block()
        elif self.eat("#list(tight: true, "):
            self.items()
        elif self.eat("#enum(tight: true, start: "):
            self.number()
            self.expect(", ")
            self.items()
        elif self.eat("#table(columns: "):
            self.number()
            self.expect(", ")
            self.cells()
        else:
            raise self.fail("a call the converter never writes")

    def items(self) -> None:
        while not self.eat(")"):
            self.block()
            self.expect(",")

    def cells(self) -> None:
        while not self.eat(")"):
            if self.eat("table.header("):
                while True:
                    self.block()
                    if self.eat(")"):
                        self.expect(",")
                        break
                    self.expect(",")
            else:
                self.block()
                self.expect(",")


def scan(source: str) -> None:
    """Raise TypstScanError unless `source` is escaped text and the converter's own calls."""
    _Scanner(source).markup(in_block=False)


# Generated Markdown for the property tests: pieces that Markdown and Typst both
# care about, mixed with arbitrary text.
PIECES = st.sampled_from(
    [
        "**", "*", "_", "__", "~~", "`", "```\n", "\n", "\n\n", "  \n", "- ", "+ ", "1. ",
        "2) ", "> ", "# ", "=", "| a | b |\n|---|---|\n", "|", "---\n", "[", "](", ")",
        "![", "<", ">", "<b>", "&amp;", "\\", ".", "(", ")", ";", ".has(", "#", "$", "@",
        "/", "//", "/*", "~", "-", "+", "\u2028", "\x0b", "\x0c", "\x85", "\r", "\t",
        "panic(\"x\")", "1.", "42", " ", "a", "word", "http://x.y/", "'", '"',
    ]
)  # fmt: skip
MARKDOWN = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join)
