"""Rolls draw only from the caller's generator: same seed, same rolls."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from campaign.dice import compile, odds

EXPRESSIONS = [
    "3d6",
    "4d6kh3+2",
    "2d20kh1+7",
    "10d10>=8",
    "8d6",
    "1d6!",
    "3d6!!",
    "2d6r1",
    "1d6ro1",
    "4dF",
    "d66",
    "d666",
    "10d10!10>=8",
    "4d6r1kh3",
    "1d20+5 [to hit] + 1d4 [bless]",
    "(1d6+2)*1d4/2",
    "1d1000000",
    "5",
]


def test_same_seed_same_sequence() -> None:
    first, second = random.Random(99), random.Random(99)
    for _ in range(20):
        for text in EXPRESSIONS:
            assert compile(text).roll(first) == compile(text).roll(second)
    assert first.getstate() == second.getstate()


def test_different_seeds_differ() -> None:
    expression = compile("10d10")
    assert expression.roll(random.Random(1)) != expression.roll(random.Random(2))


@pytest.fixture
def global_random_forbidden(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the dice engine used the global random generator")

    for name in (
        "random",
        "randrange",
        "randint",
        "choice",
        "choices",
        "getrandbits",
        "uniform",
        "shuffle",
        "sample",
        "seed",
    ):
        monkeypatch.setattr(random, name, forbidden)
    yield


@pytest.mark.usefixtures("global_random_forbidden")
def test_never_touches_the_global_generator() -> None:
    rng = random.Random(5)
    for text in EXPRESSIONS:
        for _ in range(30):
            compile(text).roll(rng)


@pytest.mark.usefixtures("global_random_forbidden")
def test_odds_never_touch_the_global_generator() -> None:
    from campaign.dice.odds import _odds

    _odds.cache_clear()
    assert not odds("100d100").exact  # the Monte-Carlo path seeds its own generator
    assert odds("3d6").exact


def test_a_random_subclass_is_honoured() -> None:
    class Fixed(random.Random):
        def random(self) -> float:
            return 0.5

    assert compile("3d6").roll(Fixed()).total == 12
    assert compile("2d20kh1").roll(Fixed()).total == 11


def test_rolls_are_thread_safe_values() -> None:
    """Results are frozen; shared DieResults cannot be changed by a caller."""
    result = compile("3d6").roll(random.Random(1))
    with pytest.raises(AttributeError):
        result.total = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.dice[0].face = 6  # type: ignore[misc]
