"""Bounds: refused at compile time with a clear DiceError, fast, and the
per-roll dice budget for rerolls and explosions."""

from __future__ import annotations

import random
import time

import pytest

from campaign.dice import DiceError, compile, limits

TIME_LIMIT = 0.05  # seconds; the engine needs well under 10 ms


def refused(text: str) -> DiceError:
    compile.cache_clear()
    started = time.process_time()
    with pytest.raises(DiceError) as caught:
        compile(text)
    assert time.process_time() - started < TIME_LIMIT
    return caught.value


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("1048576d100x2", 1, "too many dice: at most 1000 per expression"),
        ("99999999d6", 1, "too many dice: at most 1000 per expression"),
        ("1001d6", 1, "too many dice: at most 1000 per expression"),
        ("600d6+401d4", 7, "too many dice: at most 1000 per expression"),
        ("1d99999999", 3, "too many sides: at most 1000000"),
        ("1d1000001", 3, "too many sides: at most 1000000"),
        ("1d6+1000001", 5, "number too large: at most 1000000"),
        ("9" * 150, 1, "number too large: at most 1000000"),
        ("1d6r<7", 4, "every face of 1d6r<7 would be rerolled forever"),
        ("1d1!", 4, "every face of 1d1! would explode forever"),
        ("1d1!!", 4, "every face of 1d1!! would explode forever"),
        ("1d6!>0", 4, "every face of 1d6!>0 would explode forever"),
        ("1d6r1!>=2", 6, "every face of 1d6r1!>=2 would explode forever"),
        ("4dFr<=1", 4, "every face of 4dFr<=1 would be rerolled forever"),
        ("0d6", 1, "a dice term needs at least 1 die"),
        ("1d0", 3, "a die needs at least 1 side"),
        ("1d6/0", 5, "division by zero"),
        ("1d6/(2-2)", 5, "division by zero"),
        (
            "4d6!kh3",
            4,
            "keep/drop needs a fixed number of dice: use !! (compounding) to explode kept dice",
        ),
    ],
)
def test_bound_refused_at_compile_time(text: str, column: int, message: str) -> None:
    error = refused(text)
    assert error.column == column
    assert error.message == message
    assert error.expected == ""


def test_expression_length() -> None:
    error = refused("1+" * 5000)
    assert error.column == limits.MAX_LENGTH + 1
    assert error.message == "expression too long: at most 200 characters"
    assert len(str(error)) < 120  # the 10,000 characters are not echoed back
    assert compile("1" + "+1" * 99).roll(random.Random(0)).total == 100  # 199 characters


def test_ten_thousand_characters_of_anything() -> None:
    refused("d" * 10_000)
    refused("(" * 10_000)
    refused("[" + "x" * 9_998 + "]")


def test_parentheses_nesting_limit() -> None:
    error = refused("(" * 51 + "1" + ")" * 51)
    assert error.message == "parentheses nested too deeply: at most 50"
    assert compile("(" * 50 + "1" + ")" * 50).roll(random.Random(0)).total == 1


def test_reroll_once_on_every_face_is_allowed() -> None:
    # `ro` rerolls once, so it always ends.
    result = compile("1d6ro<7").roll(random.Random(0))
    assert [die.rerolled for die in result.dice] == [True, False]


def test_most_dice_allowed_rolls_quickly() -> None:
    expression = compile("1000d1000000")
    started = time.process_time()
    result = expression.roll(random.Random(1))
    assert time.process_time() - started < TIME_LIMIT
    assert len(result.dice) == 1000


def test_explosions_stop_at_the_budget() -> None:
    expression = compile("900d2!")  # each die explodes half the time
    for seed in range(5):
        result = expression.roll(random.Random(seed))
        assert len(result.dice) == limits.MAX_DICE
        assert result.capped
        assert str(result).endswith("(dice budget reached)")
        assert result.to_dict()["capped"] is True
        assert result.total == sum(die.face for die in result.dice)


def test_rerolls_within_the_budget_still_obey_the_rule() -> None:
    # 990 dice rerolling 1..999999 of a d1000000: the budget of 10 extra
    # throws runs out at once, yet every kept face is still 1000000.
    expression = compile("990d1000000r<1000000")
    started = time.process_time()
    result = expression.roll(random.Random(3))
    assert time.process_time() - started < TIME_LIMIT
    assert len(result.dice) == limits.MAX_DICE
    assert result.total == 990 * 1_000_000
    assert not result.capped


def test_a_die_explodes_at_most_a_hundred_times() -> None:
    class Sixes(random.Random):
        """Always the top face: the worst case for explosions."""

        def random(self) -> float:
            return 0.999999

    result = compile("1d6!").roll(Sixes())
    assert len(result.dice) == limits.MAX_EXPLOSIONS + 1
    assert result.total == 606 == compile("1d6!").max
    assert not result.capped  # the depth limit is a rule, not a cut
    assert not result.dice[-1].exploded
    compounded = compile("1d6!!").roll(Sixes())
    assert compounded.total == 606
    assert len(compounded.dice) == 1


def test_reroll_limit_draws_an_allowed_face() -> None:
    class Ones(random.Random):
        def random(self) -> float:
            return 0.0

    result = compile("1d6r<3").roll(Ones())
    assert len(result.dice) == limits.MAX_REROLLS + 1
    assert result.dice[-1].face == 3  # drawn directly among 3..6
    assert result.total == 3


@pytest.mark.parametrize("text", ["1000d6!", "1000d6r1", "1000d6!!", "10d10>=8!", "999d6!>=2"])
def test_worst_case_rolls_are_fast(text: str) -> None:
    expression = compile(text)
    started = time.process_time()
    for seed in range(3):
        assert len(expression.roll(random.Random(seed)).dice) <= limits.MAX_DICE
    assert time.process_time() - started < 3 * TIME_LIMIT
