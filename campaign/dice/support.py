"""Possible totals of an expression, by set arithmetic on runs (no icepool).

The rules modelled here are the engine's: `r` rerolls until the face is
allowed (so rerolled faces never count), `ro` rerolls once, an explosion chain
stops after `MAX_EXPLOSIONS` explosions with the last throw kept as rolled,
keep/drop keeps a fixed number of dice (the term's dice count clamped).
"""

from __future__ import annotations

from campaign.dice import intervals, limits
from campaign.dice.intervals import IntSet, Run
from campaign.dice.syntax import (
    BinaryNode,
    Condition,
    DiceNode,
    GroupNode,
    Node,
    NumberNode,
    UnaryNode,
)

# --- one die ---------------------------------------------------------------------


def throw_faces(term: DiceNode) -> IntSet:
    """Faces one throw can end on once rerolls are done."""
    faces = term.die.face_set()
    if term.reroll is not None and not term.reroll.once:
        faces = intervals.difference(faces, term.reroll.condition.values())
    return faces


def _chain(exploding: IntSet, final: IntSet, last: IntSet) -> IntSet | None:
    """Sums of k exploding throws then one final throw, k < MAX_EXPLOSIONS,
    or MAX_EXPLOSIONS exploding throws then any throw (`last`).

    None if the runs multiply past the pair limit (sparse face tables only).
    """
    reached: IntSet | None = intervals.single(0)
    runs: list[Run] = []
    for _ in range(limits.MAX_EXPLOSIONS):
        step = intervals.add(reached, final)
        reached = intervals.add(reached, exploding)
        if step is None or reached is None:
            return None
        runs.extend(step)
    step = intervals.add(reached, last)
    if step is None:
        return None
    runs.extend(step)
    return intervals.normalize(runs)


def _span_of(values: IntSet) -> IntSet:
    return intervals.span(*intervals.hull(values)) if values else values


def die_values(term: DiceNode, *, coarse: bool = False) -> IntSet | None:
    """Values one die of the term can show (an explosion chain summed).

    With `coarse`, each set is replaced by its span first: the result is a
    superset with the same min and max, and is never None.
    """
    faces = throw_faces(term)
    if term.explode is None:
        return faces
    exploding = intervals.intersect(faces, term.explode.condition.values())
    if not exploding:
        return faces
    final = intervals.difference(faces, exploding)
    if coarse:
        return _chain(_span_of(exploding), _span_of(final), _span_of(faces))
    return _chain(exploding, final, faces)


def _success_counts(values: IntSet, condition: Condition) -> IntSet:
    """{0}, {1} or {0, 1}: whether a die showing one of `values` can fail/succeed."""
    succeeding = intervals.intersect(values, condition.values())
    counts: list[int] = []
    if intervals.difference(values, succeeding):
        counts.append(0)
    if succeeding:
        counts.append(1)
    return intervals.from_points(counts)


def die_successes(term: DiceNode) -> IntSet | None:
    """Successes one die of a success-counting term can score (with its chain)."""
    assert term.success is not None
    if term.explode is None or term.explode.compounding:
        values = die_values(term)
        return None if values is None else _success_counts(values, term.success)
    faces = throw_faces(term)
    exploding = intervals.intersect(faces, term.explode.condition.values())
    if not exploding:
        return _success_counts(faces, term.success)
    # With `!` every throw of the chain is a die of its own and counts.
    final = intervals.difference(faces, exploding)
    return _chain(
        _success_counts(exploding, term.success),
        _success_counts(final, term.success) if final else intervals.EMPTY,
        _success_counts(faces, term.success),
    )


# --- one term -------------------------------------------------------------------


def term_support(term: DiceNode) -> IntSet | None:
    kept = term.count if term.keep is None else term.keep.count
    if term.success is not None:
        if kept < term.count:
            # Among the kept dice any number of successes from 0 to `kept` can
            # occur, as long as the die can both succeed and fail.
            values = die_values(term)
            if kept == 0 or values is None:
                return intervals.single(0) if kept == 0 else None
            counts = _success_counts(values, term.success)
            low = 0 if intervals.contains(counts, 0) else kept
            high = kept if intervals.contains(counts, 1) else 0
            return intervals.span(low, high)
        return intervals.repeat_sum(die_successes(term), term.count)
    # Keeping k of n dice can give any sum of k values (the others roll low/high).
    return intervals.repeat_sum(die_values(term), kept)


def term_hull(term: DiceNode) -> Run:
    """(min, max) of the term without enumerating its totals (so it stays cheap
    for pools of exploding dice whose support is expensive)."""
    kept = term.count if term.keep is None else term.keep.count
    if term.success is not None:
        if kept < term.count:
            values = die_values(term) or die_values(term, coarse=True)
            assert values is not None
            counts = _success_counts(values, term.success)
            return (0 if intervals.contains(counts, 0) else kept), (
                kept if intervals.contains(counts, 1) else 0
            )
        successes = die_successes(term)
        # Only a compounding chain can be too costly to enumerate, and its die
        # scores 0 or 1 success.
        low, high = intervals.hull(successes) if successes is not None else (0, 1)
        return low * term.count, high * term.count
    values = die_values(term, coarse=True)
    assert values is not None
    low, high = intervals.hull(values)
    return low * kept, high * kept


# --- expressions ----------------------------------------------------------------


def support(node: Node) -> IntSet | None:
    """Possible totals as runs, or None when too costly to enumerate."""
    if isinstance(node, NumberNode):
        return intervals.single(node.value)
    if isinstance(node, DiceNode):
        return term_support(node)
    if isinstance(node, GroupNode):
        return support(node.inner)
    if isinstance(node, UnaryNode):
        inner = support(node.operand)
        return None if inner is None else intervals.negate(inner)
    left, right = support(node.left), support(node.right)
    if node.op == "+":
        return intervals.add(left, right)
    if node.op == "-":
        return intervals.subtract(left, right)
    if node.op == "*":
        return intervals.multiply(left, right)
    return intervals.floor_divide(left, right)


def enumerate_support(node: Node) -> tuple[int, ...] | None:
    values = support(node)
    if values is None or intervals.size(values) > limits.MAX_SUPPORT:
        return None
    return tuple(intervals.points(values))


def bounds(node: Node) -> Run:
    """(min, max) of the total, by interval arithmetic.

    Exact: every leaf is independent and each operator is monotone in each
    operand on sign-constant ranges, so the extremes sit at corners. The one
    exception is a divisor whose range spans 0 and whose values cannot be
    enumerated: then ±1 stand in for its nearest non-zero values (a bound).
    """
    if isinstance(node, NumberNode):
        return node.value, node.value
    if isinstance(node, DiceNode):
        return term_hull(node)
    if isinstance(node, GroupNode):
        return bounds(node.inner)
    if isinstance(node, UnaryNode):
        low, high = bounds(node.operand)
        return -high, -low
    (left_low, left_high), (right_low, right_high) = bounds(node.left), bounds(node.right)
    if node.op == "+":
        return left_low + right_low, left_high + right_high
    if node.op == "-":
        return left_low - right_high, left_high - right_low
    if node.op == "*":
        corners = [a * b for a in (left_low, left_high) for b in (right_low, right_high)]
        return min(corners), max(corners)
    divisors = _divisor_candidates(node.right, right_low, right_high)
    if not divisors:
        # Only ever divides by zero: every roll raises, there is no total.
        return 0, 0
    corners = [a // b for a in (left_low, left_high) for b in divisors]
    return min(corners), max(corners)


def _divisor_candidates(divisor: Node, low: int, high: int) -> list[int]:
    if low > 0 or high < 0:
        return [low, high]
    values = support(divisor)
    candidates: list[int] = []
    if values is not None:
        negative = intervals.intersect(values, intervals.span(low, -1))
        positive = intervals.intersect(values, intervals.span(1, high))
        for part in (negative, positive):
            if part:
                candidates.extend(intervals.hull(part))
        return candidates
    if low < 0:
        candidates += [low, -1]
    if high > 0:
        candidates += [1, high]
    return candidates


def may_divide_by_zero(node: Node) -> BinaryNode | None:
    """The first division whose divisor can be 0, if any."""
    if isinstance(node, GroupNode):
        return may_divide_by_zero(node.inner)
    if isinstance(node, UnaryNode):
        return may_divide_by_zero(node.operand)
    if not isinstance(node, BinaryNode):
        return None
    found = may_divide_by_zero(node.left) or may_divide_by_zero(node.right)
    if found is not None or node.op != "/":
        return found
    low, high = bounds(node.right)
    if low <= 0 <= high:
        values = support(node.right)
        if values is None or intervals.contains(values, 0):
            return node
    return None
