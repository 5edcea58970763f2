"""What every compiled dice closure shares: its signature, the dice list it
appends to, per-face result caches and C-level face tests.

A compiled node is a closure `evaluate(random, out) -> int`: `random` is the
caller's `rng.random`, `out` collects the `DieResult`s the roll threw. The
term compilers (`terms.py`, `general_term.py`) and the operator compiler
(`operators.py`) build on these pieces; none of them runs at roll time except
the closures themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from campaign.dice.roll import DieResult
from campaign.dice.syntax import Condition, DieKind

Random = Callable[[], float]
Evaluate = Callable[[Random, list[DieResult]], int]

CACHED_FACES = 256
"""DieResults kept per term and face; beyond this (a d1000000) they are made per roll."""


class Throws(list[DieResult]):
    """The dice list of a roll whose dice count can grow (rerolls, explosions).

    It carries the roll's budget of extra throws, shared by all its terms.
    """

    __slots__ = ("capped", "extra_left")

    def __init__(self, extra_left: int) -> None:
        super().__init__()
        self.extra_left = extra_left
        self.capped = False


class FaceResults(dict[int, DieResult]):
    """DieResults by face index (or by face, in `general_term.py`), made on first
    use and then shared between rolls."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[int], DieResult]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, index: int) -> DieResult:
        result = self._make(index)
        if len(self) < CACHED_FACES:
            self[index] = result
        return result


def face_values(die: DieKind) -> Sequence[int]:
    """The die's faces by index (index 0 is the lowest face)."""
    # A range indexes in O(1) without materialising a million faces.
    return range(1, die.sides + 1) if die.faces is None else die.faces


def predicate(condition: Condition) -> Callable[[int], bool]:
    """A C-level bound method testing `face <op> value`."""
    value = condition.value
    tests: dict[str, Callable[[int], bool]] = {
        "=": value.__eq__,
        "<": value.__gt__,
        "<=": value.__ge__,
        ">": value.__lt__,
        ">=": value.__le__,
    }
    return tests[condition.op]
