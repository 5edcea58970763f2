"""Odds of a dice expression: exact (plain sums in `plain_odds`, the rest with
icepool), or a seeded Monte-Carlo estimate.

Exact odds model the engine's rules (see `support.py`): `r` rerolls until the
face is allowed, keep/drop keeps a fixed count, success counting counts dice,
`/` is floor division. Explosions are computed to the depth where the chance
of a longer chain is below 1e-12 per die (at most the engine's 100); the mass
of longer chains is reported as `truncated_mass` (0.0 when nothing was cut).

Every icepool operation is priced before it runs; when the total would pass
`EXACT_BUDGET` (about half a second of work) the odds are estimated instead
from a fixed-seed sample of rolls (`exact=False`, with a standard error).
icepool is imported only when exact odds are computed.
"""

from __future__ import annotations

import functools
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from campaign.dice import intervals, limits, support
from campaign.dice.closures import CACHED_FACES
from campaign.dice.compiler import Expression, compile
from campaign.dice.errors import DiceError
from campaign.dice.plain_odds import plain_fractions
from campaign.dice.syntax import (
    BinaryNode,
    Condition,
    DiceNode,
    GroupNode,
    Node,
    NumberNode,
    UnaryNode,
    column_of,
    dice_terms,
)

if TYPE_CHECKING:
    from icepool import Die

EXACT_BUDGET = 2_000_000
"""Work units (about one icepool outcome pair each) allowed for exact odds."""

TAIL_PROBABILITY = 1e-12
"""Explosion chains less likely than this (per die) are cut in exact odds."""

SAMPLE_SEED = 20_240_601
"""Monte-Carlo odds always use this seed, so the same text gives the same estimate."""

MAX_SAMPLES = 200_000
MIN_SAMPLES = 200
SAMPLE_BUDGET = 1_500_000
"""Work for one Monte-Carlo estimate, in dice thrown by the fast paths (about
0.3 µs each); a die with rerolls or explosions costs `GENERAL_DIE_COST`."""
GENERAL_DIE_COST = 8
UNCACHED_DIE_COST = 6


@dataclass(frozen=True, slots=True)
class Odds:
    """The distribution of an expression's total.

    `distribution` maps each outcome to its probability (sorted by outcome);
    exact odds also carry `fractions`. `min`/`max` are the expression's
    bounds, which a sampled or truncated distribution may not reach.
    """

    expression: str
    exact: bool
    mean: float
    min: int
    max: int
    distribution: dict[int, float]
    fractions: dict[int, Fraction] | None = None
    stderr: float | None = None
    """Standard error of `mean` (Monte-Carlo only)."""
    samples: int | None = None
    truncated_mass: float = 0.0
    target: int | None = None

    def p_at_least(self, value: int) -> float:
        """P(total >= value)."""
        if self.fractions is not None:
            return float(self.p_at_least_exact(value))
        return math.fsum(p for outcome, p in self.distribution.items() if outcome >= value)

    def p_at_least_exact(self, value: int) -> Fraction:
        """P(total >= value) as a Fraction; only for exact odds."""
        if self.fractions is None:
            raise ValueError(f"the odds of {self.expression!r} are estimated, not exact")
        return sum((p for outcome, p in self.fractions.items() if outcome >= value), Fraction(0))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `campaign odds --json`."""
        data: dict[str, Any] = {
            "expression": self.expression,
            "exact": self.exact,
            "mean": self.mean,
            "min": self.min,
            "max": self.max,
            "distribution": {str(outcome): p for outcome, p in self.distribution.items()},
        }
        if self.target is not None:
            data["p_at_least"] = self.p_at_least(self.target)
        if not self.exact:
            data["stderr"] = self.stderr
            data["samples"] = self.samples
        if self.truncated_mass:
            data["truncated_mass"] = self.truncated_mass
        return data


def odds(expression: str | Expression, *, target: int | None = None) -> Odds:
    """The distribution of `expression`'s total (cached by text).

    Raises DiceError for invalid notation and for expressions that can divide
    by zero (they have no distribution: some rolls raise).
    """
    text = expression.text if isinstance(expression, Expression) else expression
    computed = _odds(text)
    return replace(
        computed,
        target=target,
        distribution=dict(computed.distribution),
        fractions=None if computed.fractions is None else dict(computed.fractions),
    )


@functools.lru_cache(maxsize=256)
def _odds(text: str) -> Odds:
    expression = compile(text)
    division = support.may_divide_by_zero(expression.tree)
    if division is not None:
        raise DiceError(
            text,
            column_of(division.right),
            "this divisor can roll 0, so there are no odds (such rolls raise an error)",
        )
    plain = plain_fractions(expression.tree)
    if plain is not None:
        return _odds_of(expression, plain, truncated_mass=0.0)
    builder = _ExactBuilder()
    try:
        die = builder.build(expression.tree)
    except _TooCostly:
        return _estimate(expression)
    return _exact_odds(expression, die, builder.truncated_mass)


def _exact_odds(expression: Expression, die: Die | int, truncated_mass: float) -> Odds:
    import icepool

    if isinstance(die, int):
        die = icepool.Die([die])
    fractions = {
        int(outcome): probability
        for outcome, probability in zip(die.outcomes(), die.probabilities(), strict=True)
        if probability
    }
    return _odds_of(expression, fractions, truncated_mass)


def _odds_of(
    expression: Expression, fractions: dict[int, Fraction], truncated_mass: float
) -> Odds:
    distribution = {outcome: float(p) for outcome, p in fractions.items()}
    mean = sum((outcome * p for outcome, p in fractions.items()), Fraction(0))
    return Odds(
        expression=expression.text,
        exact=True,
        mean=float(mean),
        min=expression.min,
        max=expression.max,
        distribution=distribution,
        fractions=fractions,
        truncated_mass=truncated_mass,
    )


def _estimate(expression: Expression) -> Odds:
    cost_per_roll = 4 + sum(
        term.count
        * (GENERAL_DIE_COST * _expected_throws(term) if term.is_variable else 1)
        # Dice too big for the shared-result cache build a DieResult per throw.
        * (UNCACHED_DIE_COST if term.die.face_count > CACHED_FACES else 1)
        for term in dice_terms(expression.tree)
    )
    samples = max(MIN_SAMPLES, min(MAX_SAMPLES, int(SAMPLE_BUDGET / cost_per_roll)))
    totals = expression.sample_totals(random.Random(SAMPLE_SEED), samples)
    counts = Counter(totals)
    mean = math.fsum(totals) / samples
    variance = math.fsum((total - mean) ** 2 for total in totals) / (samples - 1)
    return Odds(
        expression=expression.text,
        exact=False,
        mean=mean,
        min=expression.min,
        max=expression.max,
        distribution={outcome: counts[outcome] / samples for outcome in sorted(counts)},
        stderr=math.sqrt(variance / samples),
        samples=samples,
    )


def _expected_throws(term: DiceNode) -> float:
    """Dice one die of the term throws on average (rerolls and explosions)."""
    all_faces = term.die.face_count
    allowed = support.throw_faces(term)
    throws = 1.0
    if term.reroll is not None:
        rerolled = 1 - intervals.size(allowed) / all_faces
        throws = 1 + rerolled if term.reroll.once else 1 / (1 - rerolled)
    if term.explode is not None:
        exploding = intervals.intersect(allowed, term.explode.condition.values())
        p = intervals.size(exploding) / intervals.size(allowed)
        throws *= min(limits.MAX_EXPLOSIONS + 1.0, 1 / (1 - p))
    return min(throws, float(limits.MAX_DICE))


# --- exact ---------------------------------------------------------------------


class _TooCostly(Exception):
    """Raised before an icepool operation that would pass the budget."""


class _ExactBuilder:
    """Turns a syntax tree into an icepool Die, pricing each step first."""

    def __init__(self) -> None:
        self.spent = 0
        self.truncated_mass = 0.0

    def charge(self, units: int) -> None:
        self.spent += units
        if self.spent > EXACT_BUDGET:
            raise _TooCostly

    def build(self, node: Node) -> Die | int:
        if isinstance(node, NumberNode):
            return node.value
        if isinstance(node, GroupNode):
            return self.build(node.inner)
        if isinstance(node, UnaryNode):
            return -self.build(node.operand)
        if isinstance(node, DiceNode):
            return self.term(node)
        return self.binary(node)

    def binary(self, node: BinaryNode) -> Die | int:
        left, right = self.build(node.left), self.build(node.right)
        pairs = _outcome_count(left) * _outcome_count(right)
        pairs = int(pairs * (1 + (_bits(left) + _bits(right)) / 128))
        # Products and quotients spread over more outcomes than sums.
        self.charge(pairs if node.op in "+-" else 4 * pairs)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        # Zero divisors were refused before building (may_divide_by_zero).
        return left // right

    def term(self, term: DiceNode) -> Die | int:
        import icepool

        die_kind = term.die
        self.charge(4 * die_kind.face_count)
        faces = die_kind.faces if die_kind.faces is not None else range(1, die_kind.sides + 1)
        throw: Die = icepool.Die(list(faces))
        if term.reroll is not None:
            rerolled = [face for face in faces if term.reroll.condition.matches(face)]
            if rerolled:
                throw = throw.reroll(rerolled, depth=1 if term.reroll.once else "inf")

        kept = term.count if term.keep is None else term.keep.count
        if term.success is not None and term.explode is not None and not term.explode.compounding:
            per_die = self.chain_successes(term, throw)
            return self.sum_copies(per_die, term.count)

        value = self.explode(term, throw) if term.explode is not None else throw
        if term.success is not None:
            condition = term.success
            if kept < term.count:
                if kept == 0:
                    return 0
                self.charge(3 * term.count * kept * len(value) ** 2)
                pool = value.pool(term.count)
                chosen = (
                    pool.highest(kept) if term.keep and term.keep.highest else pool.lowest(kept)
                )
                succeeding = [outcome for outcome in value.outcomes() if condition.matches(outcome)]
                counted: Die = chosen.keep_outcomes(succeeding).size()
                return counted
            self.charge(2 * len(value))
            per_die = value.map(lambda outcome: int(condition.matches(outcome)))
            return self.sum_copies(per_die, term.count)
        if kept < term.count:
            if kept == 0:
                return 0
            assert term.keep is not None
            self.charge(3 * term.count * kept * len(value) ** 2)
            if term.keep.highest:
                highest: Die = value.highest(term.count, kept)
                return highest
            lowest: Die = value.lowest(term.count, kept)
            return lowest
        return self.sum_copies(value, term.count)

    def explosion_depth(self, term: DiceNode, throw: Die, condition: Condition) -> int:
        """How deep to follow explosions: to MAX_EXPLOSIONS (the engine's rule,
        exact) or until a longer chain is rarer than TAIL_PROBABILITY."""
        p = float(
            sum(
                (
                    q
                    for outcome, q in zip(throw.outcomes(), throw.probabilities(), strict=True)
                    if condition.matches(outcome)
                ),
                Fraction(0),
            )
        )
        if p == 0.0:
            return 0
        depth = math.ceil(math.log(TAIL_PROBABILITY) / math.log(p)) - 1
        if depth >= limits.MAX_EXPLOSIONS:
            return limits.MAX_EXPLOSIONS
        depth = max(depth, 0)
        self.truncated_mass += term.count * p ** (depth + 1)
        return depth

    def explode(self, term: DiceNode, throw: Die) -> Die:
        import icepool

        assert term.explode is not None
        condition = term.explode.condition
        exploding = [outcome for outcome in throw.outcomes() if condition.matches(outcome)]
        if not exploding:
            return throw
        depth = self.explosion_depth(term, throw, condition)
        # Calibrated on icepool 2.1: time grows with depth squared (the chain
        # lengths times the growing denominators) and with the faces involved.
        self.charge(5 * (depth + 1) ** 2 * len(exploding) * len(throw))
        if depth == limits.MAX_EXPLOSIONS:
            # The engine's own rule: the last throw stands as rolled.
            full: Die = throw.explode(exploding, depth=depth)
            return full
        # Cut short: chains longer than `depth` end on a non-exploding throw,
        # so every outcome is one the engine can really roll.
        truncated: Die = throw.explode(exploding, depth=depth, end=icepool.Reroll)
        return truncated

    def chain_successes(self, term: DiceNode, throw: Die) -> Die:
        """Successes scored by one `!` die and the dice its explosions add."""
        assert term.explode is not None and term.success is not None
        explodes, succeeds = term.explode.condition, term.success
        exploding = [outcome for outcome in throw.outcomes() if explodes.matches(outcome)]
        depth = self.explosion_depth(term, throw, explodes) if exploding else 0
        self.charge(4 * (depth + 1) ** 2 * len(throw))
        last = throw
        if exploding and depth < limits.MAX_EXPLOSIONS:
            # Cut short: the last throw of a longer chain is one that stops it.
            last = throw.reroll(exploding, depth="inf")
        chain: Die = last.map(lambda face: int(succeeds.matches(face)))
        for _ in range(depth):
            chain = throw.map(_chain_step(chain, explodes, succeeds))
        return chain

    def sum_copies(self, die: Die, copies: int) -> Die:
        """The sum of `copies` independent copies, iteratively (icepool's own
        `@` recurses once per copy). The whole cost is charged up front."""
        outcomes, bits = len(die), _bits(die)
        low, high = die.min_outcome(), die.max_outcome()
        units = 0.0
        for done in range(1, copies):
            partial = done * (high - low) + 1  # at most this many distinct sums
            units += partial * outcomes * (1 + (done + 1) * bits / 128)
        self.charge(int(units))
        total = die
        for _ in range(copies - 1):
            total = total + die
        return total


def _chain_step(rest: Die, explodes: Condition, succeeds: Condition) -> Callable[[int], Die | int]:
    """One more throw in front of a chain: its success, plus the rest if it explodes."""

    def step(face: int) -> Die | int:
        success = int(succeeds.matches(face))
        return rest + success if explodes.matches(face) else success

    return step


def _outcome_count(value: Die | int) -> int:
    return 1 if isinstance(value, int) else len(value)


def _bits(value: Die | int) -> int:
    """Size of the die's denominator: big integers make every step slower."""
    return 0 if isinstance(value, int) else int(value.denominator()).bit_length()
