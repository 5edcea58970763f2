"""The one exception the dice layer lets escape: `DiceError`."""

from __future__ import annotations

from campaign.errors import CampaignError

# Expressions longer than this are shortened in messages so that a pasted
# 10,000-character string still gives a one-line error.
_SHOWN_CHARACTERS = 60


class DiceError(CampaignError):
    """A dice expression that cannot be compiled or rolled.

    `column` is 1-based and points at the offending character (one past the
    end for "expected ..." at the end of the text); `expected` names what the
    parser wanted there ("" for errors that are not about syntax, such as a
    bound or a division by zero).
    """

    title = "Dice error"

    def __init__(self, expression: str, column: int, message: str, *, expected: str = "") -> None:
        self.expression = expression
        self.column = column
        self.message = message
        self.expected = expected
        super().__init__(f"{_shorten(expression)} : column {column}: {message}")

    @classmethod
    def expecting(
        cls, expression: str, column: int, expected: str, found: str | None = None
    ) -> DiceError:
        """A syntax error: `expected ...`, naming what was found unless at the end."""
        message = (
            f"expected {expected}" if found is None else f"expected {expected}, found {found!r}"
        )
        return cls(expression, column, message, expected=expected)

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only `expected` needs help to survive pickling (e.g. across
        # worker processes).
        return (_rebuild, (self.expression, self.column, self.message, self.expected))


def _rebuild(expression: str, column: int, message: str, expected: str) -> DiceError:
    return DiceError(expression, column, message, expected=expected)


# Control characters would break the one-line message; each becomes one
# visible character, so columns still count the same.
_VISIBLE = {code: " " if chr(code).isspace() else "\ufffd" for code in [*range(32), 127]}


def _shorten(expression: str) -> str:
    shown = expression.translate(_VISIBLE)
    if len(shown) <= _SHOWN_CHARACTERS:
        return shown
    return shown[: _SHOWN_CHARACTERS - 1] + "…"
