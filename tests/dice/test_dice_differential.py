"""Differential tests against the `dice` package on the notation both share
(spelled its way where it differs: `4d6h3` for keep-highest, `10d10e8` for
counting successes).

`dice` draws from the global `random` generator, so faces cannot be compared
one for one; instead both engines must agree on min/max and both samples must
fit the exact (icepool) distribution. Left out on purpose, because `dice`
reads them differently: d66 (one 66-sided die there, digit-read d6s here),
`6*4/3` (6 there, left-to-right precedence gives 8 here), and min/max of
expressions that subtract dice (`dice.roll_min` puts every die on its lowest
face, so `2d10-1d6` has min 1 there and -4 here).
"""

from __future__ import annotations

import math
import random
import warnings
from collections import Counter
from collections.abc import Iterator

import pytest

from campaign.dice import compile, odds

with warnings.catch_warnings():
    # dice 4.0.0 calls pyparsing's old camelCase names; not our concern here.
    warnings.simplefilter("ignore", DeprecationWarning)
    import dice

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# `dice.roll_min`/`roll_max` put every die on its lowest/highest face, which is
# only the expression's min/max when no dice are subtracted.
MIN_MAX_SHARED = [
    ("3d6", "3d6"),
    ("2d6+3", "2d6+3"),
    ("4d6kh3", "4d6h3"),
    ("4d6l1", "4d6l1"),
    ("1d20-2", "1d20-2"),
    ("d%", "d%"),
    ("4dF", "4dF"),
    ("1d8+1d4", "1d8+1d4"),
    ("10d10>=8", "10d10e8"),
]
# (ours, theirs): the same roll in each notation
SHARED = [
    ("3d6", "3d6"),
    ("2d6+3", "2d6+3"),
    ("4d6kh3", "4d6h3"),
    ("4d6h3", "4d6h3"),
    ("4d6l1", "4d6l1"),
    ("2d20kh1+7", "2d20h1+7"),
    ("1d20-2", "1d20-2"),
    ("d20", "d20"),
    ("d%", "d%"),
    ("4dF", "4dF"),
    ("1d8+1d4", "1d8+1d4"),
    ("2d10-1d6", "2d10-1d6"),
    ("3d6+2d4-1", "3d6+2d4-1"),
    ("10d10>=8", "10d10e8"),
]
SAMPLES = 8_000


@pytest.fixture(autouse=True)
def seeded_global_random() -> Iterator[None]:
    """`dice` uses the module-global generator: seed it, then put it back."""
    state = random.getstate()
    random.seed(4242)
    yield
    random.setstate(state)


def dice_total(value: object) -> int:
    return sum(value) if isinstance(value, list) else int(value)  # type: ignore[call-overload]


def critical_value(degrees: int, z: float = 3.09) -> float:
    """Chi-square 0.999 quantile by the Wilson-Hilferty approximation."""
    k = float(degrees)
    return k * (1 - 2 / (9 * k) + z * math.sqrt(2 / (9 * k))) ** 3


def chi_square(counts: Counter[int], expected: dict[int, float], samples: int) -> tuple[float, int]:
    """Goodness of fit, merging outcomes until each bin expects at least 5."""
    statistic, bins = 0.0, 0
    observed_bin, expected_bin = 0, 0.0
    for outcome, probability in sorted(expected.items()):
        observed_bin += counts[outcome]
        expected_bin += probability * samples
        if expected_bin >= 5:
            statistic += (observed_bin - expected_bin) ** 2 / expected_bin
            bins += 1
            observed_bin, expected_bin = 0, 0.0
    if expected_bin:
        statistic += (observed_bin - expected_bin) ** 2 / max(expected_bin, 1e-9)
        bins += 1
    assert not set(counts) - set(expected), "a total outside the exact distribution"
    return statistic, bins - 1


@pytest.mark.parametrize(("text", "theirs_text"), MIN_MAX_SHARED)
def test_same_min_and_max(text: str, theirs_text: str) -> None:
    expression = compile(text)
    assert expression.min == dice_total(dice.roll_min(theirs_text))
    assert expression.max == dice_total(dice.roll_max(theirs_text))


@pytest.mark.parametrize(("text", "theirs_text"), SHARED)
def test_both_fit_the_exact_distribution(text: str, theirs_text: str) -> None:
    exact = odds(text).distribution
    # Parse once and re-evaluate: `dice.roll` would re-parse every time.
    (element,) = list(dice.parse_expression(theirs_text))
    theirs = Counter(dice_total(element.evaluate()) for _ in range(SAMPLES))
    expression = compile(text)
    rng = random.Random(7)
    ours = Counter(expression.roll(rng).total for _ in range(SAMPLES))
    for counts in (theirs, ours):
        statistic, degrees = chi_square(counts, exact, SAMPLES)
        assert statistic < critical_value(degrees)
    assert set(theirs) <= set(expression.support() or ())


def test_the_known_differences_are_still_there() -> None:
    """If `dice` changes these, the notes on it in docs/dice.md need updating."""
    assert dice_total(dice.roll_max("d66")) == 66 and compile("d66").support() != tuple(
        range(1, 67)
    )
    assert dice_total(dice.roll("6*4/3")) == 6
    assert compile("6*4/3").roll(random.Random(0)).total == 8
    assert dice_total(dice.roll_min("2d10-1d6")) == 1
    assert compile("2d10-1d6").min == -4
