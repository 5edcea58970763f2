"""Exact odds (icepool), the Monte-Carlo fallback, and the engine's own rolls
checked against the exact distribution."""

from __future__ import annotations

import random
import time
from collections import Counter
from fractions import Fraction

import pytest

from campaign.dice import DiceError, Odds, compile, odds


def test_advantage_plus_five_reaches_fifteen() -> None:
    result = odds("2d20kh1+5", target=15)
    assert result.exact
    assert result.p_at_least_exact(15) == Fraction(319, 400)
    assert result.p_at_least(15) == pytest.approx(0.7975)
    assert result.to_dict()["p_at_least"] == pytest.approx(0.7975)


@pytest.mark.parametrize(
    ("text", "mean"),
    [
        ("3d6", Fraction(21, 2)),
        ("4d6kh3", Fraction(15869, 1296)),
        ("10d10>=8", Fraction(3)),
        ("4dF", Fraction(0)),
        ("d66", Fraction(77, 2)),
        ("1d6r1", Fraction(4)),
        ("1d6ro1", Fraction(47, 12)),
        ("2d20kl1", Fraction(287, 40)),
        ("7/2", Fraction(3)),
        ("1d6*1d6", Fraction(49, 4)),
    ],
)
def test_exact_means(text: str, mean: Fraction) -> None:
    result = odds(text)
    assert result.exact
    assert result.fractions is not None
    assert sum(result.fractions.values()) == 1
    assert sum(outcome * p for outcome, p in result.fractions.items()) == mean
    assert result.mean == pytest.approx(float(mean))
    assert result.stderr is None
    assert (result.min, result.max) == (compile(text).min, compile(text).max)


def test_explosions_are_exact_up_to_a_tiny_cut() -> None:
    result = odds("1d6!")
    assert result.exact
    assert 0 < result.truncated_mass < 1e-11
    assert result.mean == pytest.approx(4.2, abs=1e-9)  # 3.5 / (1 - 1/6)
    assert result.p_at_least(7) == pytest.approx(1 / 6, abs=1e-9)
    world_of_darkness = odds("10d10!10>=8")
    assert world_of_darkness.mean == pytest.approx(10 / 3, abs=1e-9)  # 0.3 / 0.9 per die
    assert odds("10d10>=8!").distribution == world_of_darkness.distribution


def test_compounding_keep() -> None:
    result = odds("2d6!!kh1")
    assert result.exact
    assert result.p_at_least(7) == pytest.approx(1 - (5 / 6) ** 2, abs=1e-9)


def test_chi_square_of_3d6_rolls_against_exact_odds() -> None:
    exact = odds("3d6").fractions
    assert exact is not None
    rolls = 100_000
    rng = random.Random(20240601)
    expression = compile("3d6")
    counts = Counter(expression.roll(rng).total for _ in range(rolls))
    chi_square = sum(
        (counts[outcome] - rolls * p) ** 2 / (rolls * p) for outcome, p in exact.items()
    )
    assert set(counts) == set(exact)
    assert chi_square < 37.7  # the 0.999 quantile for 15 degrees of freedom


@pytest.mark.parametrize("text", ["4d6r1kh3", "10d10kh5>=8", "3d6!!", "2d10!>=9", "1d8/1d3-1"])
def test_rolls_match_exact_odds(text: str) -> None:
    """The engine and the exact model agree (mean within 5 standard errors)."""
    exact = odds(text)
    totals = compile(text).sample_totals(random.Random(5), 20_000)
    mean = sum(totals) / len(totals)
    variance = sum((value - exact.mean) ** 2 * p for value, p in exact.distribution.items())
    assert abs(mean - exact.mean) < 5 * (variance / len(totals)) ** 0.5


def test_monte_carlo_fallback() -> None:
    started = time.perf_counter()
    result = odds("100d100")
    assert time.perf_counter() - started < 2.0
    assert not result.exact
    assert result.fractions is None
    assert result.stderr is not None and result.stderr > 0
    assert result.samples is not None and result.samples >= 1000
    assert abs(result.mean - 5050) < 5 * result.stderr
    assert (result.min, result.max) == (100, 10_000)
    assert sum(result.distribution.values()) == pytest.approx(1)
    data = result.to_dict()
    assert data["exact"] is False
    assert data["stderr"] == result.stderr
    with pytest.raises(ValueError, match="estimated"):
        result.p_at_least_exact(5000)


def test_monte_carlo_is_reproducible() -> None:
    first = odds("1d1000*1d1000")
    assert not first.exact
    from campaign.dice.odds import _odds

    _odds.cache_clear()
    assert odds("1d1000*1d1000") == first


@pytest.mark.parametrize(
    "text",
    [
        "1000d6",
        "1000d1000000",
        "1000d6!",
        "1d10!>=2",
        "5d6!>=2",
        "1d6!>=2*1d6!>=2",
        "100d6kh50",
        "20d20kh10",
        "10d666",
        "1000d20r<20",
        "500dF+500d6",
        "990d1000000r<1000000",
    ],
)
def test_every_odds_call_is_bounded(text: str) -> None:
    from campaign.dice.odds import _odds

    _odds.cache_clear()
    started = time.process_time()
    result = odds(text)
    # CPU time, not wall time: about 0.7 s here; a loaded machine stretches the wall clock.
    assert time.process_time() - started < 2.0
    assert result.distribution


def test_division_that_can_hit_zero_has_no_odds() -> None:
    with pytest.raises(DiceError) as caught:
        odds("10/(1d6-3)")
    assert caught.value.column == 4
    assert odds("1d6/(1d2*2-3)").exact  # the divisor is -1 or 1, never 0


def test_accepts_an_expression_and_is_a_frozen_copy() -> None:
    expression = compile("2d6")
    result = odds(expression, target=7)
    assert isinstance(result, Odds)
    assert result.expression == "2d6"
    assert result.target == 7
    result.distribution[2] = 1.0  # a caller's copy: the cache is not touched
    assert odds("2d6").distribution[2] == pytest.approx(1 / 36)


def test_json_shape() -> None:
    data = odds("2d6", target=8).to_dict()
    assert list(data) == ["expression", "exact", "mean", "min", "max", "distribution", "p_at_least"]
    assert data["distribution"]["7"] == pytest.approx(1 / 6)
    assert "stderr" not in data
    assert data["p_at_least"] == pytest.approx(15 / 36)


def test_constant_expression() -> None:
    result = odds("2+3")
    assert result.distribution == {5: 1.0}
    assert result.p_at_least_exact(5) == 1
