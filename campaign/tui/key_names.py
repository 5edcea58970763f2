"""Textual's names of the printable ASCII keys, written out rather than looked up.

Textual turns a key name into its character ('question_mark' -> '?') and back
through the Unicode name database; each lookup pages in part of it, 0.75 MB
resident for the footer's keys at rest (issue 20). The table is checked
against Textual's own functions in tests/tui/test_key_names.py.
"""

from __future__ import annotations

from string import ascii_letters, digits
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.binding import Binding

PUNCTUATION_KEYS: dict[str, str] = {
    "space": " ",
    "exclamation_mark": "!",
    "quotation_mark": '"',
    "number_sign": "#",
    "dollar_sign": "$",
    "percent_sign": "%",
    "ampersand": "&",
    "apostrophe": "'",
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "asterisk": "*",
    "plus": "+",
    "comma": ",",
    "minus": "-",
    "full_stop": ".",
    "slash": "/",
    "colon": ":",
    "semicolon": ";",
    "less_than_sign": "<",
    "equals_sign": "=",
    "greater_than_sign": ">",
    "question_mark": "?",
    "at": "@",
    "left_square_bracket": "[",
    "backslash": "\\",
    "right_square_bracket": "]",
    "circumflex_accent": "^",
    "underscore": "_",
    "grave_accent": "`",
    "left_curly_bracket": "{",
    "vertical_line": "|",
    "right_curly_bracket": "}",
    "tilde": "~",
}
"""Textual's key name of each printable ASCII character that is not a letter or digit."""

PRINTABLE_KEYS = frozenset(PUNCTUATION_KEYS) | frozenset(ascii_letters + digits)
"""Key names of the printable ASCII characters ('a', 'question_mark', 'slash',
'space'...): a text box takes these as text, so their bindings do not fire there."""


class KeyDisplay:
    """An App mix-in: how a bound key reads in the footer and the help, without the
    Unicode name database for a plain letter, digit or punctuation key."""

    def get_key_display(self, binding: Binding) -> str:
        key = binding.key
        if not binding.key_display and key != "space":
            if len(key) == 1 and key in PRINTABLE_KEYS:
                return key
            if key in PUNCTUATION_KEYS:
                return PUNCTUATION_KEYS[key]
        shown: str = super().get_key_display(binding)  # type: ignore[misc]
        return shown


__all__ = ["PRINTABLE_KEYS", "PUNCTUATION_KEYS", "KeyDisplay"]
