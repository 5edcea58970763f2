"""Exact odds of the everyday expressions without icepool: sums of plain dice.

`d20+5`, `2d6+3`, `2d20kh1+4`, `5d10>=7` and `3d6-1d4` are what a scene's checks,
a fight's attacks and most typed rolls are made of. Their distributions are
small convolutions of whole-number counts, worked out here in plain Python, so
the GM screen shows its odds without importing icepool (about 2 MB of resident
memory and 0.05 s that issue 20's start-up budget has no room for). Anything
else (rerolls, explosions, products, big keep pools) returns None and the
caller builds it with icepool; the answers are the same `Fraction`s either way
(tests hold them to icepool's).
"""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

from campaign.dice.syntax import BinaryNode, DiceNode, GroupNode, Node, NumberNode, UnaryNode

Counts = dict[int, int]
"""Outcome -> number of equally likely ways to roll it."""

MAX_WORK = 200_000
"""Outcome pairs (or enumerated keep pools) worked through before giving up to
icepool, whose pricing covers the costly cases; a few milliseconds here."""

KEEP_THROW_COST = 20
"""Work units per enumerated throw of a keep pool."""


class _TooCostly(Exception):
    pass


class _Counter:
    """Convolutions with a running cost, so a big expression stops early."""

    def __init__(self) -> None:
        self.spent = 0

    def charge(self, units: int) -> None:
        self.spent += units
        if self.spent > MAX_WORK:
            raise _TooCostly

    def add(self, left: Counts, right: Counts, sign: int = 1) -> Counts:
        self.charge(len(left) * len(right))
        total: Counts = {}
        for a, ways_a in left.items():
            for b, ways_b in right.items():
                outcome = a + sign * b
                total[outcome] = total.get(outcome, 0) + ways_a * ways_b
        return total

    def repeat(self, one: Counts, copies: int) -> Counts:
        """The sum of `copies` independent throws of `one`."""
        total: Counts = {0: 1}
        for _ in range(copies):
            total = self.add(total, one)
        return total

    def keep(self, faces: tuple[int, ...], count: int, kept: int, highest: bool) -> Counts:
        """Every ordered throw of `count` dice, the `kept` highest (or lowest) summed."""
        if kept <= 0:
            return {0: 1}
        # Sorting each throw costs far more than a convolution step: at most
        # 10,000 throws (4d10kh3, 3d20kh2) are enumerated; icepool does bigger pools.
        self.charge(KEEP_THROW_COST * len(faces) ** count)
        total: Counts = {}
        for throw in itertools.product(faces, repeat=count):
            ordered = sorted(throw, reverse=highest)
            outcome = sum(ordered[:kept])
            total[outcome] = total.get(outcome, 0) + 1
        return total


def _faces(term: DiceNode) -> tuple[int, ...]:
    die = term.die
    return die.faces if die.faces is not None else tuple(range(1, die.sides + 1))


def _term(counter: _Counter, term: DiceNode) -> Counts | None:
    if term.reroll is not None or term.explode is not None:
        return None
    faces = _faces(term)
    if term.success is not None:
        if term.keep is not None:
            return None
        hits = sum(1 for face in faces if term.success.matches(face))
        one = {0: len(faces) - hits, 1: hits}
        return counter.repeat({k: v for k, v in one.items() if v}, term.count)
    if term.keep is not None and term.keep.count < term.count:
        return counter.keep(faces, term.count, term.keep.count, term.keep.highest)
    return counter.repeat(dict(Counter(faces)), term.count)


def _counts(counter: _Counter, node: Node) -> Counts | None:
    if isinstance(node, NumberNode):
        return {node.value: 1}
    if isinstance(node, GroupNode):
        return _counts(counter, node.inner)
    if isinstance(node, UnaryNode):
        inner = _counts(counter, node.operand)
        return None if inner is None else {-outcome: ways for outcome, ways in inner.items()}
    if isinstance(node, DiceNode):
        return _term(counter, node)
    if isinstance(node, BinaryNode) and node.op in "+-":
        left = _counts(counter, node.left)
        right = _counts(counter, node.right) if left is not None else None
        if left is None or right is None:
            return None
        return counter.add(left, right, 1 if node.op == "+" else -1)
    return None  # products and quotients: icepool's


def plain_fractions(tree: Node) -> dict[int, Fraction] | None:
    """The exact distribution of `tree` (outcome -> probability, sorted by outcome),
    or None when it is not made of plain sums or would take too long here."""
    try:
        counts = _counts(_Counter(), tree)
    except _TooCostly:
        return None
    if counts is None:
        return None
    ways = sum(counts.values())
    return {outcome: Fraction(counts[outcome], ways) for outcome in sorted(counts)}
