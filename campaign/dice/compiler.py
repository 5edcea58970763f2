"""Compile dice notation once into Python closures; roll it many times.

`compile()` parses the text into a syntax tree, then turns every node into a
closure `evaluate(random, out) -> int` specialised for what the node needs
(a plain `NdX`, a keep, a success count, the general case with rerolls and
explosions, an operator with a constant side...). Rolling then does no parsing
and no dispatch on node types: it calls the root closure with the caller's
`rng.random` and collects the `DieResult`s it appends to `out`.

This module owns `Expression` and the roller around the root closure; the
closures come from `operators.py` (arithmetic), `terms.py` (fixed-count dice
terms) and `general_term.py` (rerolls and explosions).

Faces are drawn as `int(rng.random() * faces)`: about twice as fast as
`rng.randrange(faces)` and uniform to within 2**-53, which no table will ever
notice. Only the `rng` passed in is used, never the `random` module's global
generator, so a seeded `random.Random` replays a session exactly.
"""

from __future__ import annotations

import functools
import random as random_module
from collections.abc import Callable
from typing import cast

from campaign.dice import limits, support
from campaign.dice.closures import Evaluate, FaceResults, Throws
from campaign.dice.grammar import parse
from campaign.dice.operators import compile_node
from campaign.dice.roll import DieResult, Roll, make_roll, use_tree_lookup
from campaign.dice.syntax import DiceNode, Node, dice_terms

_UNSET = object()


class Expression:
    """A compiled dice expression: roll it, ask its range and support.

    Build it with `compile()`, which caches by text. Instances are immutable
    and safe to share between threads (each roll uses the caller's rng).
    """

    __slots__ = (
        "_bounds",
        "_evaluate",
        "_roll",
        "_support",
        "dice_count",
        "is_variable",
        "labels",
        "text",
        "tree",
    )

    text: str
    """The source text, exactly as given."""
    labels: tuple[str, ...]
    """Every `[label]`, in the order written."""
    dice_count: int
    """Dice every roll throws before rerolls and explosions."""
    is_variable: bool
    """Whether rerolls or explosions can add dice."""
    tree: Node

    def __init__(self, text: str) -> None:
        parsed = parse(text)
        self.text = text
        self.tree = parsed.tree
        self.labels = parsed.labels
        self.dice_count = parsed.dice_count
        self.is_variable = any(term.is_variable for term in dice_terms(parsed.tree))
        self._evaluate = compile_node(parsed.tree, text)
        self._roll = _make_roller(
            text, parsed.tree, self._evaluate, parsed.labels, parsed.dice_count, self.is_variable
        )
        self._support: object = _UNSET
        self._bounds: tuple[int, int] | None = None

    def roll(self, rng: random_module.Random) -> Roll:
        """Roll once, drawing only from `rng`. Raises DiceError only for a
        division by a roll that came up 0."""
        return self._roll(rng)

    def support(self) -> tuple[int, ...] | None:
        """Every possible total, ascending; None if more than MAX_SUPPORT values
        (or too costly to enumerate by set arithmetic). Cached."""
        if self._support is _UNSET:
            self._support = support.enumerate_support(self.tree)
        return cast("tuple[int, ...] | None", self._support)

    @property
    def min(self) -> int:
        """The lowest possible total."""
        return self._total_bounds()[0]

    @property
    def max(self) -> int:
        """The highest possible total."""
        return self._total_bounds()[1]

    def _total_bounds(self) -> tuple[int, int]:
        if self._bounds is None:
            self._bounds = support.bounds(self.tree)
        return self._bounds

    def sample_totals(self, rng: random_module.Random, count: int) -> list[int]:
        """`count` totals without building Roll objects (for Monte-Carlo odds)."""
        evaluate = self._evaluate
        if isinstance(evaluate, int):
            return [evaluate] * count
        random = rng.random
        if self.is_variable:
            extra = limits.MAX_DICE - self.dice_count
            return [evaluate(random, Throws(extra)) for _ in range(count)]
        return [evaluate(random, []) for _ in range(count)]

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _make_roller(
    text: str,
    tree: Node,
    evaluate: Evaluate | int,
    labels: tuple[str, ...],
    dice_count: int,
    variable: bool,
) -> Callable[[random_module.Random], Roll]:
    if isinstance(evaluate, int):
        constant = Roll(text, evaluate, labels)
        return lambda rng: constant

    if variable:
        extra = limits.MAX_DICE - dice_count

        def roll_variable(rng: random_module.Random) -> Roll:
            out = Throws(extra)
            total = evaluate(rng.random, out)
            return make_roll(text, total, labels, tuple(out), out.capped)

        return roll_variable

    if isinstance(tree, DiceNode) and tree.is_plain and tree.die.faces is None and tree.count > 1:
        return _plain_roller(text, tree, labels)

    def roll_fixed(rng: random_module.Random) -> Roll:
        out: list[DieResult] = []
        total = evaluate(rng.random, out)
        return make_roll(text, total, labels, tuple(out), False)

    return roll_fixed


def _plain_roller(
    text: str, term: DiceNode, labels: tuple[str, ...]
) -> Callable[[random_module.Random], Roll]:
    """The whole expression is one plain NdX: skip the intermediate dice list."""
    term_text, sides, count = term.text, term.die.sides, term.count
    results = FaceResults(lambda index: DieResult(term_text, sides, index + 1))
    get_result = results.__getitem__
    throws = range(count)

    def roll_plain(rng: random_module.Random) -> Roll:
        random = rng.random
        indexes = [int(random() * sides) for _ in throws]
        return make_roll(text, sum(indexes) + count, labels, tuple(map(get_result, indexes)), False)

    return roll_plain


@functools.lru_cache(maxsize=4096)
def compile(text: str) -> Expression:
    """Compile dice notation (cached by text). Raises DiceError."""
    if not isinstance(text, str):
        raise TypeError(f"a dice expression is text, not {type(text).__name__}")
    return Expression(text)


# Rendering a roll needs its expression's tree: hand the cached compile down
# to `roll.py` (which cannot import this module back).
use_tree_lookup(lambda text: compile(text).tree)
