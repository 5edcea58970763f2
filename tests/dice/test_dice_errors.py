"""Syntax errors: one line, the right column, and what was expected."""

from __future__ import annotations

import pickle

import pytest

from campaign.dice import DiceError, compile
from campaign.errors import CampaignError


def error_of(text: str) -> DiceError:
    with pytest.raises(DiceError) as caught:
        compile(text)
    return caught.value


def test_the_documented_example() -> None:
    error = error_of("2d6+")
    assert str(error) == "2d6+ : column 5: expected a number or a die"
    assert error.expression == "2d6+"
    assert error.column == 5
    assert error.expected == "a number or a die"
    assert error.message == "expected a number or a die"


def test_is_a_campaign_error_with_a_title() -> None:
    error = error_of("2d6+")
    assert isinstance(error, CampaignError)
    assert error.title == "Dice error"
    assert error.lines() == ["2d6+ : column 5: expected a number or a die"]


@pytest.mark.parametrize(
    ("text", "column", "expected", "found"),
    [
        ("", 1, "a number or a die", None),
        ("   ", 4, "a number or a die", None),
        ("+", 2, "a number or a die", None),
        ("2d", 3, "the number of sides, '%' or 'F'", None),
        ("2dX", 3, "the number of sides, '%' or 'F'", "X"),
        ("2d6 $", 5, "a modifier, an operator or the end", "$"),
        ("2 3", 3, "an operator or the end", "3"),
        ("(1d6", 5, "a modifier, an operator or ')'", None),
        ("(2", 3, "an operator or ')'", None),
        ("(1d6]", 5, "a modifier, an operator or ')'", "]"),
        ("1d6)", 4, "a modifier, an operator or the end", ")"),
        ("4d6kh", 6, "a number", None),
        ("4d6khx", 6, "a number", "x"),
        ("10d10>=", 8, "a number", None),
        ("1d6!>", 6, "a number", None),
        ("1d20 [to hit", 13, "']' to close the label", None),
        ("1d20 []", 7, "label text", "]"),
        ("[x] 1d6", 1, "a number or a die", "[x]"),
        ("1d6 [a] + ", 11, "a number or a die", None),
        ("1d6 [a] 2", 9, "an operator or the end", "2"),
        ("2*/3", 3, "a number or a die", "/"),
        ("１d6", 1, "a number or a die", "１"),
        ("d6×2", 3, "a modifier, an operator or the end", "×"),
    ],
)
def test_syntax_errors(text: str, column: int, expected: str, found: str | None) -> None:
    error = error_of(text)
    assert error.column == column
    assert error.expected == expected
    message = f"expected {expected}" if found is None else f"expected {expected}, found {found!r}"
    assert error.message == message
    assert str(error) == f"{text} : column {column}: {message}"


def test_repeated_modifiers_are_refused() -> None:
    assert error_of("4d6kh3kl1").message == "a dice term takes one keep/drop"
    assert error_of("1d6!!!").message == "a dice term takes one explosion"
    assert error_of("1d6r1ro2").message == "a dice term takes one reroll"
    assert error_of("10d10>=8>=9").message == "a dice term takes one success condition"
    assert error_of("10d10>=8>=9").column == 9


def test_control_characters_in_labels() -> None:
    error = error_of("1d6 [a\x1b[31m]")
    assert error.column == 7
    assert error.message == "labels cannot contain control characters"


def test_not_text_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        compile(5)  # type: ignore[arg-type]


def test_errors_survive_pickling() -> None:
    error = error_of("2d6+")
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)
    assert (copy.column, copy.expected) == (5, "a number or a die")
