"""Dice notation to tokens: one regular expression scans, a table names each token.

The token kinds are the grammar's terminals (see `grammar.py`). Scanning stops
at the first character no rule reads; the parser reports it (a BAD token).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from campaign.dice.errors import DiceError


class Token(NamedTuple):
    kind: str
    text: str  # as written (original case); label text for LABEL
    column: int  # 1-based
    end: int  # 0-based index just past the token


NUM, DIE, PERCENT, FATE, KEEP, REROLL, EXPLODE, COMPARE = (
    "number",
    "d",
    "%",
    "F",
    "keep",
    "reroll",
    "explode",
    "compare",
)
PLUS, MINUS, TIMES, DIVIDE, LPAREN, RPAREN, LABEL, END, BAD = (
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    "label",
    "end",
    "bad",
)

_TWO_CHARACTER = {
    "kh": KEEP,
    "kl": KEEP,
    "dh": KEEP,
    "dl": KEEP,
    "ro": REROLL,
    "!!": EXPLODE,
    ">=": COMPARE,
    "<=": COMPARE,
}
_ONE_CHARACTER = {
    "d": DIE,
    "%": PERCENT,
    "f": FATE,
    "k": KEEP,
    "h": KEEP,
    "l": KEEP,
    "r": REROLL,
    "!": EXPLODE,
    "x": EXPLODE,
    ">": COMPARE,
    "<": COMPARE,
    "=": COMPARE,
    "+": PLUS,
    "-": MINUS,
    "*": TIMES,
    "/": DIVIDE,
    "(": LPAREN,
    ")": RPAREN,
}
# One regular expression does the scanning at C speed. Letters are matched
# case-insensitively by explicit classes: re.IGNORECASE would also accept
# look-alikes such as the Kelvin sign for "k".
_TOKEN = re.compile(
    r"""
    \s*                                  # whitespace is allowed between any tokens
    (?:
      (?P<number>[0-9]+)
    | (?P<label>\[[^\]]*\])
    | (?P<open>\[)
    | (?P<pair>[kK][hHlL]|[dD][hHlL]|[rR][oO]|!!|>=|<=)
    | (?P<single>[dD%fFkKhHlLrR!xX<>=+\-*/()])
    )
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


_KINDS = {**_ONE_CHARACTER, **_TWO_CHARACTER}


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; stops at the first character it cannot read (BAD)."""
    tokens: list[Token] = []
    append = tokens.append
    make = Token._make
    kinds = _KINDS
    index = 0
    for found in _TOKEN.finditer(text):
        group = found.lastgroup
        assert group is not None
        start, stop = found.span(group)
        if found.start() != index:  # finditer skipped a character no rule reads
            break
        index = stop
        spelling = found.group(group)
        if group == "number":
            append(make((NUM, spelling, start + 1, stop)))
        elif group == "label":
            append(_label(text, start, stop))
        elif group == "open":  # an opening bracket with no closing one
            raise DiceError.expecting(text, len(text) + 1, "']' to close the label")
        else:
            append(make((kinds[spelling.lower()], spelling, start + 1, stop)))
    while index < len(text) and text[index].isspace():
        index += 1
    if index < len(text):
        append(Token(BAD, text[index], index + 1, index + 1))
    append(Token(END, "", len(text) + 1, len(text)))
    return tokens


def _label(text: str, start: int, stop: int) -> Token:
    content = text[start + 1 : stop - 1]
    label = content.strip()
    if not label:
        raise DiceError.expecting(text, stop, "label text", "]")
    control = _CONTROL.search(content)
    if control is not None:
        # A label is shown on one line of a terminal: no newlines or escapes.
        raise DiceError(
            text, start + 2 + control.start(), "labels cannot contain control characters"
        )
    return Token(LABEL, label, start + 1, stop)
