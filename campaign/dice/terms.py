"""Compile one dice term into a closure specialised for what it needs.

Fixed-count terms (no rerolls or explosions) get the fast paths here: a plain
`NdX`, a keep/drop, a success count. Everything else goes to
`general_term.py`. The choice is made once, when the term is compiled.
"""

from __future__ import annotations

from campaign.dice.closures import Evaluate, FaceResults, Random, face_values, predicate
from campaign.dice.general_term import general_term
from campaign.dice.roll import DieResult
from campaign.dice.syntax import Condition, DiceNode


def compile_term(term: DiceNode) -> Evaluate:
    """The fastest closure that rolls `term` exactly as written."""
    keep = term.keep
    if term.is_plain or (
        keep is not None
        and keep.count == term.count
        and term.success is None
        and not term.is_variable
    ):
        return _plain_term(term)
    if not term.is_variable:
        if term.success is None:
            return _keep_term(term)
        if keep is None:
            return _count_term(term)
    return general_term(term)


def _plain_term(term: DiceNode) -> Evaluate:
    """NdX with no modifiers (or a keep that keeps every die)."""
    text, sides, count = term.text, term.die.sides, term.count
    face_count = term.die.face_count
    values = face_values(term.die)
    results = FaceResults(lambda index: DieResult(text, sides, values[index]))
    throws = range(count)

    if term.die.faces is None:
        if count == 1:

            def one_die(random: Random, out: list[DieResult]) -> int:
                index = int(random() * face_count)
                out.append(results[index])
                return index + 1

            return one_die

        def dice(random: Random, out: list[DieResult]) -> int:
            indexes = [int(random() * face_count) for _ in throws]
            out.extend(map(results.__getitem__, indexes))
            return sum(indexes) + count

        return dice

    def table_dice(random: Random, out: list[DieResult]) -> int:
        indexes = [int(random() * face_count) for _ in throws]
        out.extend(map(results.__getitem__, indexes))
        return sum(map(values.__getitem__, indexes))

    return table_dice


def _keep_term(term: DiceNode) -> Evaluate:
    """Keep/drop without rerolls or explosions. Face tables are ascending, so
    comparing face indexes compares faces. Among equal dice the earlier are kept."""
    assert term.keep is not None
    text, sides, count = term.text, term.die.sides, term.count
    face_count = term.die.face_count
    values = face_values(term.die)
    kept_results = FaceResults(lambda index: DieResult(text, sides, values[index]))
    dropped_results = FaceResults(lambda index: DieResult(text, sides, values[index], kept=False))
    kept_count, highest = term.keep.count, term.keep.highest
    throws = range(count)

    if kept_count == 0:

        def keep_none(random: Random, out: list[DieResult]) -> int:
            out.extend(dropped_results[int(random() * face_count)] for _ in throws)
            return 0

        return keep_none

    if count == 2 and kept_count == 1:
        # Advantage and disadvantage: the commonest keep of all, without a sort.
        def keep_one_of_two(random: Random, out: list[DieResult]) -> int:
            first = int(random() * face_count)
            second = int(random() * face_count)
            if (first >= second) if highest else (first <= second):
                out.append(kept_results[first])
                out.append(dropped_results[second])
                return values[first]
            out.append(dropped_results[first])
            out.append(kept_results[second])
            return values[second]

        return keep_one_of_two

    dropped_count = count - kept_count
    plain_faces = term.die.faces is None

    def keep_some(random: Random, out: list[DieResult]) -> int:
        indexes = [int(random() * face_count) for _ in throws]
        ordered = sorted(indexes)
        if highest:
            kept = ordered[dropped_count:]
            cut = kept[0]
            ties_kept = kept.count(cut)
            for index in indexes:
                if index > cut or (index == cut and ties_kept):
                    if index == cut:
                        ties_kept -= 1
                    out.append(kept_results[index])
                else:
                    out.append(dropped_results[index])
        else:
            kept = ordered[:kept_count]
            cut = kept[-1]
            ties_kept = kept.count(cut)
            for index in indexes:
                if index < cut or (index == cut and ties_kept):
                    if index == cut:
                        ties_kept -= 1
                    out.append(kept_results[index])
                else:
                    out.append(dropped_results[index])
        if plain_faces:
            return sum(kept) + kept_count
        return sum(map(values.__getitem__, kept))

    return keep_some


def _count_term(term: DiceNode) -> Evaluate:
    """Success counting without keep, rerolls or explosions: the total is how
    many dice meet the condition."""
    assert term.success is not None
    text, sides, count = term.text, term.die.sides, term.count
    face_count = term.die.face_count
    values = face_values(term.die)
    if term.die.faces is None:
        # Test the face index directly: face = index + 1.
        condition = term.success
        succeeds = predicate(Condition(condition.op, condition.value - 1))
    else:
        succeeds = tuple(term.success.matches(face) for face in term.die.faces).__getitem__
    results = FaceResults(
        lambda index: DieResult(text, sides, values[index], success=succeeds(index))
    )
    throws = range(count)

    def count_successes(random: Random, out: list[DieResult]) -> int:
        indexes = [int(random() * face_count) for _ in throws]
        out.extend(map(results.__getitem__, indexes))
        return sum(map(succeeds, indexes))

    return count_successes
