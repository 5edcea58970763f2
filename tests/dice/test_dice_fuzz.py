"""Fuzzing: whatever is typed, only DiceError escapes, and quickly."""

from __future__ import annotations

import random
import time
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.dice import DiceError, Expression, compile

# Each call must take under 50 ms of the process's own CPU time. Measured as
# CPU time rather than hypothesis's wall-clock deadline, so a busy machine
# (other processes, a CI neighbour) cannot fail it while a slow input still does.
CALL_BUDGET_S = 0.050
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TOKENS = [
    "d",
    "D",
    "%",
    "F",
    "f",
    "kh",
    "kl",
    "dh",
    "dl",
    "k",
    "h",
    "l",
    "!",
    "!!",
    "x",
    "r",
    "ro",
    ">=",
    "<=",
    ">",
    "<",
    "=",
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    " ",
    "[hit]",
    "[",
    "]",
    "66",
    "666",
]
numbers = st.one_of(
    st.integers(0, 20).map(str),
    st.integers(0, 2_000).map(str),
    st.sampled_from(["1000", "1000000", "1000001", "99999999", "0"]),
)
grammar_soup = st.lists(st.one_of(st.sampled_from(TOKENS), numbers), max_size=40).map("".join)


@st.composite
def dice_terms(draw: st.DrawFn) -> str:
    """Mostly valid dice terms with modifiers in any order."""
    count = draw(st.one_of(st.just(""), st.integers(1, 40).map(str)))
    sides = draw(st.sampled_from(["4", "6", "10", "20", "100", "%", "F", "66", "666", "2", "1"]))
    modifiers = draw(
        st.lists(
            st.sampled_from(
                [
                    "kh2",
                    "kl1",
                    "dh1",
                    "dl1",
                    "h3",
                    "l1",
                    "!",
                    "!!",
                    "!>5",
                    "x",
                    "r1",
                    "ro1",
                    "r<3",
                    ">=5",
                    "<2",
                    "=1",
                    "!>=9",
                    "r=-1",
                ]
            ),
            max_size=3,
        )
    )
    label = draw(st.sampled_from(["", "", " [fire]"]))
    return f"{count}d{sides}{''.join(modifiers)}{label}"


expressions = st.recursive(
    st.one_of(dice_terms(), st.integers(0, 30).map(str)),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(" ".join),
        inner.map(lambda text: f"({text})"),
        inner.map(lambda text: f"-{text}"),
    ),
    max_leaves=6,
)


def compile_and_roll(text: str) -> None:
    start = time.process_time()
    _compile_and_roll(text)
    spent = time.process_time() - start
    if spent >= CALL_BUDGET_S:
        # A slow input is slow every time; a collector pause or a first lazy import
        # is not (a one-letter text once took 67 ms under load, and 1 ms again).
        start = time.process_time()
        _compile_and_roll(text)
        spent = time.process_time() - start
    assert spent < CALL_BUDGET_S, f"{text!r} took {spent * 1000:.1f} ms of CPU, twice"


def _compile_and_roll(text: str) -> None:
    try:
        expression = compile(text)
    except DiceError as error:
        assert 1 <= error.column <= len(text) + 1
        assert str(error).count("\n") == 0
        return
    assert isinstance(expression, Expression)
    try:
        result = expression.roll(random.Random(len(text)))
    except DiceError as error:
        assert error.message == "division by zero"
        return
    if not result.capped:
        assert expression.min <= result.total <= expression.max
    assert str(result)


@FUZZ
@given(st.text(max_size=250))
def test_any_text(text: str) -> None:
    compile_and_roll(text)


@FUZZ
@given(grammar_soup)
def test_grammar_shaped_text(text: str) -> None:
    compile_and_roll(text)


@FUZZ
@given(expressions)
def test_valid_looking_expressions(text: str) -> None:
    compile_and_roll(text)


@settings(max_examples=100, deadline=timedelta(milliseconds=200))
@given(expressions)
def test_rolls_stay_in_the_support(text: str) -> None:
    try:
        expression = compile(text)
        result = expression.roll(random.Random(1))
    except DiceError:
        return
    support = expression.support()
    if support is not None and not result.capped:
        assert result.total in support
