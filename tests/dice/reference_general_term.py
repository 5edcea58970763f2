"""The general dice path as it was before issue 20 (a frozen DieResult built per
die from two parallel lists), kept unchanged as the oracle for
`test_dice_general_path.py`: the cached, one-pass path must throw the same
dice in the same order from the same generator. Not imported by campaign."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from campaign.dice import intervals, limits, support
from campaign.dice.closures import Evaluate, Random, Throws, face_values, predicate
from campaign.dice.roll import DieResult
from campaign.dice.syntax import DiceNode, Keep

_FINAL, _EXPLODED, _REROLLED = 0, 1, 2
"""How a recorded throw ended: it stands, it set off an explosion, it was rerolled."""

Tally = Callable[[list[int], list[int], list[DieResult]], int]
"""(recorded values, recorded kinds, out) -> the term's total; appends the DieResults."""

Rethrow = Callable[[int, Random, Throws, list[int], list[int]], int]
"""(a throw that meets the reroll condition, random, out, recorded values,
recorded kinds) -> the face the die settles on; records the discarded throws."""

Thrower = Callable[[Random, Throws], int]


def general_term(term: DiceNode) -> Evaluate:
    """A closure rolling a term with rerolls or explosions (or keep and success)."""
    tally = _tally(term)
    if term.explode is None:
        thrower = _settled_thrower(term, tally)
    else:
        thrower = _exploding_thrower(term, tally)
    # It appends to the roll's Throws, which the roller hands every variable term.
    return cast(Evaluate, thrower)


# --- throwing ----------------------------------------------------------------------


def _settled_thrower(term: DiceNode, tally: Tally) -> Thrower:
    """No explosions: one recorded face per die, after its rerolls."""
    values, face_count, throws = face_values(term.die), term.die.face_count, range(term.count)
    rerolls, rethrow = _reroll_rule(term)

    def settled(random: Random, out: Throws) -> int:
        record_values: list[int] = []
        record_kinds: list[int] = []
        for _ in throws:
            value = values[int(random() * face_count)]
            if rerolls is not None and rerolls(value):
                value = rethrow(value, random, out, record_values, record_kinds)
            record_values.append(value)
            record_kinds.append(_FINAL)
        return tally(record_values, record_kinds, out)

    return settled


def _exploding_thrower(term: DiceNode, tally: Tally) -> Thrower:
    """Explosions, each throw of a chain after its own rerolls."""
    assert term.explode is not None
    values, face_count, throws = face_values(term.die), term.die.face_count, range(term.count)
    rerolls, rethrow = _reroll_rule(term)
    explodes = predicate(term.explode.condition)
    compounding = term.explode.compounding
    max_explosions = limits.MAX_EXPLOSIONS

    def exploding(random: Random, out: Throws) -> int:
        record_values: list[int] = []
        record_kinds: list[int] = []
        for _ in throws:
            explosions = 0
            compounded = 0
            while True:
                value = values[int(random() * face_count)]
                if rerolls is not None and rerolls(value):
                    value = rethrow(value, random, out, record_values, record_kinds)
                if explosions < max_explosions and explodes(value):
                    if out.extra_left > 0:
                        out.extra_left -= 1
                        explosions += 1
                        if compounding:
                            compounded += value
                        else:
                            record_values.append(value)
                            record_kinds.append(_EXPLODED)
                        continue
                    out.capped = True
                if compounding and explosions:
                    record_values.append(compounded + value)
                    record_kinds.append(_EXPLODED)
                else:
                    record_values.append(value)
                    record_kinds.append(_FINAL)
                break
        return tally(record_values, record_kinds, out)

    return exploding


# --- rerolling ---------------------------------------------------------------------


def _reroll_rule(term: DiceNode) -> tuple[Callable[[int], bool] | None, Rethrow]:
    """Which throws are rerolled (None: none are) and how a rerolled one settles.

    The throwers test the condition inline and call the rethrow only when it
    holds, so dice that are not rerolled cost no extra call.
    """
    if term.reroll is None:
        return None, _keep_throw
    values, face_count = face_values(term.die), term.die.face_count
    rerolls = predicate(term.reroll.condition)

    if term.reroll.once:

        def reroll_once(
            value: int,
            random: Random,
            out: Throws,
            record_values: list[int],
            record_kinds: list[int],
        ) -> int:
            # With the budget spent the reroll still happens, it just is not listed.
            if out.extra_left > 0:
                out.extra_left -= 1
                record_values.append(value)
                record_kinds.append(_REROLLED)
            return values[int(random() * face_count)]

        return rerolls, reroll_once

    draw_allowed = _allowed_drawer(term)
    max_rerolls = limits.MAX_REROLLS

    def reroll_until_allowed(
        value: int, random: Random, out: Throws, record_values: list[int], record_kinds: list[int]
    ) -> int:
        rerolled = 0
        while True:  # `value` meets the reroll condition here
            if rerolled == max_rerolls or out.extra_left <= 0:
                return draw_allowed(random)
            out.extra_left -= 1
            rerolled += 1
            record_values.append(value)
            record_kinds.append(_REROLLED)
            value = values[int(random() * face_count)]
            if not rerolls(value):
                return value

    return rerolls, reroll_until_allowed


def _keep_throw(
    value: int, random: Random, out: Throws, record_values: list[int], record_kinds: list[int]
) -> int:
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


# --- tallying ----------------------------------------------------------------------


def _tally(term: DiceNode) -> Tally:
    """Turn a recorded roll into DieResults (rerolled, dropped, kept) and the total."""
    text, sides = term.text, term.die.sides
    succeeds = predicate(term.success) if term.success is not None else None
    choose_kept = _kept_chooser(term.keep) if term.keep is not None else None

    def tally(record_values: list[int], record_kinds: list[int], out: list[DieResult]) -> int:
        kept_positions: set[int] | None = None
        if choose_kept is not None:
            kept_positions = choose_kept(record_values, record_kinds)
        total = 0
        position = 0
        for value, kind in zip(record_values, record_kinds, strict=True):
            if kind == _REROLLED:
                out.append(DieResult(text, sides, value, kept=False, rerolled=True))
                continue
            kept = kept_positions is None or position in kept_positions
            position += 1
            if not kept:
                out.append(DieResult(text, sides, value, kept=False, exploded=kind == _EXPLODED))
                continue
            success = None
            if succeeds is None:
                total += value
            else:
                success = succeeds(value)
                total += success
            out.append(DieResult(text, sides, value, True, kind == _EXPLODED, False, success))
        return total

    return tally


def _kept_chooser(keep: Keep) -> Callable[[list[int], list[int]], set[int]]:
    """The positions (among throws not rerolled) that keep/drop keeps; ties go
    to the earlier die."""
    count = keep.count

    def standing_values(record_values: list[int], record_kinds: list[int]) -> list[int]:
        return [
            value
            for value, kind in zip(record_values, record_kinds, strict=True)
            if kind != _REROLLED
        ]

    if keep.highest:

        def keep_highest(record_values: list[int], record_kinds: list[int]) -> set[int]:
            final_values = standing_values(record_values, record_kinds)
            order = sorted(range(len(final_values)), key=lambda j: -final_values[j])
            return set(order[:count])

        return keep_highest

    def keep_lowest(record_values: list[int], record_kinds: list[int]) -> set[int]:
        final_values = standing_values(record_values, record_kinds)
        order = sorted(range(len(final_values)), key=final_values.__getitem__)
        return set(order[:count])

    return keep_lowest
