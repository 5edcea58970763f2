"""support(), min and max: cheap set arithmetic that matches what can be rolled."""

from __future__ import annotations

import random

import pytest

from campaign.dice import compile, odds


def test_d66() -> None:
    expected = tuple(10 * tens + ones for tens in range(1, 7) for ones in range(1, 7))
    assert compile("d66").support() == expected
    assert (compile("d66").min, compile("d66").max) == (11, 66)


def test_d666() -> None:
    support = compile("d666").support()
    assert support is not None
    assert len(support) == 216
    assert support[:7] == (111, 112, 113, 114, 115, 116, 121)
    assert support[-1] == 666


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2d6", tuple(range(2, 13))),
        ("d100", tuple(range(1, 101))),
        ("d%", tuple(range(1, 101))),
        ("1d20+2", tuple(range(3, 23))),
        ("4dF", tuple(range(-4, 5))),
        ("10d10>=8", tuple(range(0, 11))),
        ("4d6kh3", tuple(range(3, 19))),
        ("2d20kl1", tuple(range(1, 21))),
        ("1d6r<3", (3, 4, 5, 6)),
        ("1d6ro1", tuple(range(1, 7))),
        ("1d6*10", (10, 20, 30, 40, 50, 60)),
        ("1d6/2", (0, 1, 2, 3)),
        ("-1d4", (-4, -3, -2, -1)),
        ("1d6-1d6", tuple(range(-5, 6))),
        ("5", (5,)),
        ("10d10kh5>=8", tuple(range(0, 6))),
        ("3d6>=7", (0,)),
        ("1d6/(1d2-1)", tuple(range(1, 7))),
    ],
)
def test_support(text: str, expected: tuple[int, ...]) -> None:
    expression = compile(text)
    assert expression.support() == expected
    assert (expression.min, expression.max) == (expected[0], expected[-1])


def test_exploding_support_has_the_gaps() -> None:
    support = compile("1d6!").support()
    assert support is not None
    assert support[:6] == (1, 2, 3, 4, 5, 7)
    assert 6 not in support and 12 not in support
    assert support[-1] == 606  # 100 explosions, then the last six stands


def test_too_large_is_none() -> None:
    assert compile("1000d1000").support() is None  # 999,001 values
    assert compile("1000d1000").min == 1000
    assert compile("1000d1000").max == 1_000_000
    assert compile("1d1000*1d1000").support() is None


def test_support_is_cached() -> None:
    expression = compile("3d6+1d4")
    assert expression.support() is expression.support()


def test_min_max_with_negatives_and_products() -> None:
    expression = compile("(1d6-3)*(1d4-2)")
    assert (expression.min, expression.max) == (-4, 6)
    assert compile("10/(1d6-3)").min == -10
    assert compile("10/(1d6-3)").max == 10


@pytest.mark.parametrize(
    "text",
    [
        "3d6",
        "4d6kh3+2",
        "1d6!",
        "2d6r1",
        "10d10>=8!",
        "4dF+1",
        "d66",
        "1d8*2-1d4",
        "2d6!!kh1",
        "1d6ro1+1d4r<2",
        "3d6/2",
        "10d10kh5>=8",
        "(1d6+1)*1d4",
    ],
)
def test_every_roll_is_in_the_support(text: str) -> None:
    expression = compile(text)
    support = set(expression.support() or ())
    assert support
    for seed in range(300):
        result = expression.roll(random.Random(seed))
        assert result.total in support
        assert expression.min <= result.total <= expression.max


@pytest.mark.parametrize(
    "text",
    [
        "3d6",
        "4d6kh3+2",
        "2d6r1",
        "4dF+1",
        "d66",
        "1d8*2-1d4",
        "3d6/2",
        "10d10kh5>=8",
        "2d20kh1+5",
        "1d6ro1",
        "d666",
    ],
)
def test_support_equals_the_exact_distribution(text: str) -> None:
    assert tuple(odds(text).distribution) == compile(text).support()


def test_truncated_exact_odds_stay_inside_the_support() -> None:
    result = odds("2d6!")
    assert result.truncated_mass > 0
    assert set(result.distribution) <= set(compile("2d6!").support() or ())


def test_interval_operations_match_sets() -> None:
    import random as random_module

    from campaign.dice import intervals

    rng = random_module.Random(5)
    for _ in range(300):
        first_points = {rng.randrange(60) for _ in range(rng.randrange(40))}
        second_points = {rng.randrange(60) for _ in range(rng.randrange(40))}
        first = intervals.from_points(first_points)
        second = intervals.from_points(second_points)
        assert set(intervals.points(intervals.intersect(first, second))) == (
            first_points & second_points
        )
        assert set(intervals.points(intervals.difference(first, second))) == (
            first_points - second_points
        )


def test_compounding_d666_success_bounds_are_quick() -> None:
    import gc
    import time

    # This thread's CPU, with the collector off: a full collection of the heap earlier
    # tests left, or a thread they left running, counted as this compile's CPU (a CI run
    # measured 0.29 s of process time once, against 0.01 s alone).
    gc.collect()
    gc.disable()
    try:
        start = time.thread_time()
        expression = compile("-(2d666>=5!! - 10d20 [fire])")
        spent = time.thread_time() - start
    finally:
        gc.enable()
    assert (expression.min, expression.max) == (8, 198)
    assert spent < 0.05, f"{spent:.3f} s of CPU"
