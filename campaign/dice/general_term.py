"""Dice terms the fast paths in `terms.py` cannot take: rerolls, explosions,
and their mix with keep and success counting (and keep with success counting).

Per die: throw; reroll while the reroll condition holds (`ro`: once); if the
face explodes, throw again (`!`: a new die; `!!`: added to this one), at
most MAX_EXPLOSIONS times. Every throw after a term's first ones spends the
roll's budget (MAX_DICE minus the dice every roll throws anyway). With the
budget spent, a reroll still owed draws its face directly from the faces
it may keep (same distribution, not listed) and an explosion chain stops
(the roll is marked `capped`).

A roll is one pass: the thrower appends each throw's `DieResult` to the roll's
dice as it goes, in the order the dice are listed (a die's rerolls, the die,
its explosions), and sums the faces. The results come from per-term caches
keyed by face (they are frozen values, so one object per face and role serves
every roll), which is what makes the general path cost about what the fixed
paths do: building a frozen dataclass per die cost ten times the throw.
Keep/drop and success counting are a second, short pass over the term's own
slice of the dice (`_finisher`), chosen when the term is compiled; a sum
needs none. The random draws happen in exactly the order the rules above
give, so a seeded generator replays the same dice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from campaign.dice import intervals, limits, support
from campaign.dice.closures import Evaluate, FaceResults, Random, Throws, face_values, predicate
from campaign.dice.roll import DieResult
from campaign.dice.syntax import DiceNode, Keep

Thrower = Callable[[Random, Throws], int]
"""(random, out) -> the sum of the faces the term's standing dice show."""

Rethrow = Callable[[int, Random, Throws], int]
"""(a throw that meets the reroll condition, random, out) -> the face the die
settles on; appends the discarded throws to `out`."""

Finish = Callable[[list[DieResult], int], int]
"""(the roll's dice, where this term's start) -> the term's total; may swap
dropped dice in place."""


class _Results:
    """The term's DieResults by face, one cache per role a throw can end in."""

    __slots__ = ("dropped", "dropped_exploded", "exploded", "final", "rerolled")

    def __init__(self, term: DiceNode) -> None:
        text, sides = term.text, term.die.sides
        succeeds = predicate(term.success) if term.success is not None else None

        def success(face: int) -> bool | None:
            return None if succeeds is None else succeeds(face)

        self.final = FaceResults(lambda face: DieResult(text, sides, face, success=success(face)))
        self.exploded = FaceResults(
            lambda face: DieResult(text, sides, face, True, True, False, success(face))
        )
        self.rerolled = FaceResults(
            lambda face: DieResult(text, sides, face, kept=False, rerolled=True)
        )
        self.dropped = FaceResults(lambda face: DieResult(text, sides, face, kept=False))
        self.dropped_exploded = FaceResults(
            lambda face: DieResult(text, sides, face, kept=False, exploded=True)
        )


def general_term(term: DiceNode) -> Evaluate:
    """A closure rolling a term with rerolls or explosions (or keep and success)."""
    results = _Results(term)
    if term.explode is None:
        thrower = _settled_thrower(term, results)
    elif term.explode.compounding:
        thrower = _compounding_thrower(term, results)
    else:
        thrower = _exploding_thrower(term, results)
    finish = _finisher(term, results)
    if finish is None:
        # It appends to the roll's Throws, which the roller hands every variable term.
        return cast(Evaluate, thrower)

    def finished(random: Random, out: list[DieResult]) -> int:
        start = len(out)
        thrower(random, cast(Throws, out))
        return finish(out, start)

    return finished


# --- throwing ----------------------------------------------------------------------


def _settled_thrower(term: DiceNode, results: _Results) -> Thrower:
    """No explosions: one standing face per die, after its rerolls."""
    values, face_count, throws = face_values(term.die), term.die.face_count, range(term.count)
    final = results.final
    if term.reroll is None:
        # Keep with success counting: a fixed number of dice, no budget to spend.
        get_final = final.__getitem__

        def fixed(random: Random, out: Throws) -> int:
            faces = [values[int(random() * face_count)] for _ in throws]
            out.extend(map(get_final, faces))
            return sum(faces)

        return fixed

    rerolls = predicate(term.reroll.condition)
    rethrow = _rethrow(term, results)

    def settled(random: Random, out: Throws) -> int:
        total = 0
        append = out.append
        for _ in throws:
            value = values[int(random() * face_count)]
            if rerolls(value):
                value = rethrow(value, random, out)
            append(final[value])
            total += value
        return total

    return settled


def _exploding_thrower(term: DiceNode, results: _Results) -> Thrower:
    """`!`: each explosion is a new die listed after the one that set it off."""
    assert term.explode is not None
    values, face_count, throws = face_values(term.die), term.die.face_count, range(term.count)
    rerolls = predicate(term.reroll.condition) if term.reroll is not None else None
    rethrow = _rethrow(term, results)
    explodes = predicate(term.explode.condition)
    final, exploded = results.final, results.exploded
    max_explosions = limits.MAX_EXPLOSIONS

    def exploding(random: Random, out: Throws) -> int:
        total = 0
        append = out.append
        for _ in throws:
            value = values[int(random() * face_count)]
            if rerolls is not None and rerolls(value):
                value = rethrow(value, random, out)
            explosions = 0
            while explodes(value) and explosions < max_explosions:
                if out.extra_left <= 0:
                    out.capped = True
                    break
                out.extra_left -= 1
                explosions += 1
                append(exploded[value])
                total += value
                value = values[int(random() * face_count)]
                if rerolls is not None and rerolls(value):
                    value = rethrow(value, random, out)
            append(final[value])
            total += value
        return total

    return exploding


def _compounding_thrower(term: DiceNode, results: _Results) -> Thrower:
    """`!!`: a die's explosions add to its face; the die is listed once."""
    assert term.explode is not None
    values, face_count, throws = face_values(term.die), term.die.face_count, range(term.count)
    rerolls = predicate(term.reroll.condition) if term.reroll is not None else None
    rethrow = _rethrow(term, results)
    explodes = predicate(term.explode.condition)
    final, exploded = results.final, results.exploded
    max_explosions = limits.MAX_EXPLOSIONS

    def compounding(random: Random, out: Throws) -> int:
        total = 0
        append = out.append
        for _ in throws:
            value = values[int(random() * face_count)]
            if rerolls is not None and rerolls(value):
                value = rethrow(value, random, out)
            explosions = compounded = 0
            while explodes(value) and explosions < max_explosions:
                if out.extra_left <= 0:
                    out.capped = True
                    break
                out.extra_left -= 1
                explosions += 1
                compounded += value
                value = values[int(random() * face_count)]
                if rerolls is not None and rerolls(value):
                    value = rethrow(value, random, out)
            value += compounded
            append(exploded[value] if explosions else final[value])
            total += value
        return total

    return compounding


# --- rerolling ---------------------------------------------------------------------


def _rethrow(term: DiceNode, results: _Results) -> Rethrow:
    """How a throw that meets the reroll condition settles.

    The throwers test the condition inline and call this only when it holds,
    so dice that are not rerolled cost no extra call.
    """
    if term.reroll is None:
        return _keep_throw
    values, face_count = face_values(term.die), term.die.face_count
    rerolled_results = results.rerolled

    if term.reroll.once:

        def reroll_once(value: int, random: Random, out: Throws) -> int:
            # With the budget spent the reroll still happens, it just is not listed.
            if out.extra_left > 0:
                out.extra_left -= 1
                out.append(rerolled_results[value])
            return values[int(random() * face_count)]

        return reroll_once

    rerolls = predicate(term.reroll.condition)
    draw_allowed = _allowed_drawer(term)
    max_rerolls = limits.MAX_REROLLS

    def reroll_until_allowed(value: int, random: Random, out: Throws) -> int:
        rerolled = 0
        while True:  # `value` meets the reroll condition here
            if rerolled == max_rerolls or out.extra_left <= 0:
                return draw_allowed(random)
            out.extra_left -= 1
            rerolled += 1
            out.append(rerolled_results[value])
            value = values[int(random() * face_count)]
            if not rerolls(value):
                return value

    return reroll_until_allowed


def _keep_throw(value: int, random: Random, out: Throws) -> int:
    """The rethrow of a term without rerolls: every throw stands as it is."""
    return value


def _allowed_drawer(term: DiceNode) -> Callable[[Random], int]:
    """Draw a face `r` would settle on, uniformly, without throwing (budget spent)."""
    allowed_runs = support.throw_faces(term)
    allowed_count = intervals.size(allowed_runs)

    def draw_allowed(random: Random) -> int:
        index = int(random() * allowed_count)
        for low, high in allowed_runs:
            width = high - low + 1
            if index < width:
                return low + index
            index -= width
        return allowed_runs[-1][1]

    return draw_allowed


# --- keep and success --------------------------------------------------------------


def _finisher(term: DiceNode, results: _Results) -> Finish | None:
    """The pass after throwing: None for a plain sum (the thrower's total)."""
    if term.keep is not None:
        return _keeper(term.keep, results, counting=term.success is not None)
    if term.success is not None:

        def count_successes(out: list[DieResult], start: int) -> int:
            # Rerolled throws carry success None, standing ones True or False.
            return [die.success for die in out[start:]].count(True)

        return count_successes
    return None


def _keeper(keep: Keep, results: _Results, counting: bool) -> Finish:
    """Keep/drop among the term's standing dice (not its rerolled throws); ties
    go to the earlier die. Dropped dice are swapped for their dropped results."""
    count, highest = keep.count, keep.highest
    dropped, dropped_exploded = results.dropped, results.dropped_exploded

    def keep_some(out: list[DieResult], start: int) -> int:
        standing = [index for index in range(start, len(out)) if not out[index].rerolled]
        if highest:
            order = sorted(standing, key=lambda index: -out[index].face)
        else:
            order = sorted(standing, key=lambda index: out[index].face)
        kept = set(order[:count])
        total = 0
        for index in standing:
            die = out[index]
            if index not in kept:
                out[index] = (dropped_exploded if die.exploded else dropped)[die.face]
            elif counting:
                total += die.success is True
            else:
                total += die.face
        return total

    return keep_some
