"""Plain sums get exact odds without icepool, and the same odds icepool gives."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from campaign.dice import compile, odds
from campaign.dice.odds import _ExactBuilder
from campaign.dice.plain_odds import plain_fractions


def icepool_fractions(text: str) -> dict[int, Fraction]:
    import icepool

    die = _ExactBuilder().build(compile(text).tree)
    if isinstance(die, int):
        die = icepool.Die([die])
    return {
        int(outcome): probability
        for outcome, probability in zip(die.outcomes(), die.probabilities(), strict=True)
        if probability
    }


EVERYDAY = [
    "d20",
    "d20+5",
    "1d20-2",
    "2d6+3",
    "3d6",
    "2d20kh1+4",
    "2d20kl1",
    "4d6kh3",
    "4d6dl1",
    "5d10>=7",
    "6d6>4",
    "3d6-1d4",
    "-(1d4)+2",
    "(2d6+1)+(1d8-3)",
    "4dF+2",
    "d66",
    "d100",
    "7",
    "10d6",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_expressions_match_icepool(text: str) -> None:
    assert plain_fractions(compile(text).tree) == icepool_fractions(text)


def _random_term(rng: random.Random) -> str:
    count, sides = rng.randint(1, 4), rng.choice([4, 6, 8, 10, 12, 20])
    shape = rng.choice(["sum", "sum", "keep", "success"])
    if shape == "keep" and count > 1:
        return f"{count}d{sides}{rng.choice(['kh', 'kl'])}{rng.randint(1, count - 1)}"
    if shape == "success":
        return f"{count}d{sides}{rng.choice(['>=', '>', '<=', '<', '='])}{rng.randint(1, sides)}"
    return f"{count}d{sides}"


def test_random_plain_sums_match_icepool() -> None:
    rng = random.Random(20_261_206)
    handled = 0
    for _ in range(150):
        parts = [_random_term(rng) for _ in range(rng.randint(1, 3))]
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(["+", "-"]) + part
        text += rng.choice(["", f"+{rng.randint(0, 9)}", f"-{rng.randint(0, 9)}"])
        plain = plain_fractions(compile(text).tree)
        if plain is not None:  # None: a keep pool too big to enumerate (4d20kl2)
            handled += 1
            assert plain == icepool_fractions(text), text
    assert handled >= 120


@pytest.mark.parametrize("text", ["4d6r1", "3d6!", "2d6*3", "d6/2", "4d6ro<2+1", "5d10!>=8"])
def test_rerolls_explosions_and_products_are_left_to_icepool(text: str) -> None:
    assert plain_fractions(compile(text).tree) is None
    assert odds(text).exact  # still exact, by icepool


def test_a_costly_sum_is_left_to_icepool() -> None:
    assert plain_fractions(compile("60d100").tree) is None
    assert plain_fractions(compile("6d6kh3").tree) is None  # 6**6 throws to enumerate


def test_odds_use_the_plain_path() -> None:
    result = odds("2d20kh1+5", target=15)
    assert result.exact and result.fractions == icepool_fractions("2d20kh1+5")
    assert result.p_at_least_exact(15) == Fraction(1 - Fraction(9, 20) ** 2)
