"""Table odds: the exact chance of every table entry under its die, and what is odd about it.

The odds come from the dice engine (`campaign.dice.odds`), summed over each
entry's range; a weighted table's chances are weight / total. Warnings name
entries that can never come up, entries under 1 %, ranges that reach past what
the die can roll, and rolls no entry's range covers.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from campaign.dice import compile as compile_dice
from campaign.dice import odds
from campaign.lint.report import EntryOdds, TableOdds, fraction_text, shorten
from campaign.model import RandomTable
from campaign.model.tables import format_ranges

_MAX_RANGE_WIDTH = 10_000
"""Ranges wider than this are not searched for results the die cannot roll."""


def table_odds(table: RandomTable) -> TableOdds:
    """The exact chance of each entry of a table under its die."""
    if table.weighted:
        return _weighted_odds(table)
    outcome = odds(table.die)
    fractions = outcome.fractions
    claimed: set[int] = set()
    found: list[EntryOdds] = []
    for index, entry in enumerate(table.entries):
        bounds = entry.bounds
        assert bounds is not None  # a ranged table: every entry has a range
        low, high = bounds
        # An overlap is a load error, so each total belongs to one entry at most.
        totals = [total for total in outcome.distribution if low <= total <= high]
        claimed.update(totals)
        exact = (
            sum((fractions[total] for total in totals), Fraction(0))
            if fractions is not None
            else None
        )
        probability = (
            float(exact)
            if exact is not None
            else sum(outcome.distribution[total] for total in totals)
        )
        found.append(
            EntryOdds(
                number=index + 1,
                range=str(entry.range),
                weight=None,
                result=shorten(entry.result),
                probability=probability,
                exact=exact,
            )
        )
    uncovered = sum(p for total, p in outcome.distribution.items() if total not in claimed)
    return TableOdds(
        table.id, table.title, table.die, False, outcome.exact, tuple(found), uncovered
    )


def _weighted_odds(table: RandomTable) -> TableOdds:
    """A weighted table's odds: each entry's weight over the total (an unweighted entry is 1)."""
    total = sum(entry.weight or 1 for entry in table.entries)
    entries = tuple(
        EntryOdds(
            number=index + 1,
            range="",
            weight=entry.weight or 1,
            result=shorten(entry.result),
            probability=float(Fraction(entry.weight or 1, total)),
            exact=Fraction(entry.weight or 1, total),
        )
        for index, entry in enumerate(table.entries)
    )
    return TableOdds(table.id, table.title, table.die, True, True, entries)


def _impossible_parts(table: RandomTable) -> Iterator[tuple[int, list[int]]]:
    """(entry number, results in its range the die cannot roll) for entries that
    can come up but whose range reaches past the die (d66 has no 17-20)."""
    if table.weighted:
        return
    support = compile_dice(table.die).support()
    if support is None:
        return
    possible = set(support)
    for index, entry in enumerate(table.entries):
        bounds = entry.bounds
        assert bounds is not None
        low, high = bounds
        if high - low > _MAX_RANGE_WIDTH:
            continue
        missing = [value for value in range(low, high + 1) if value not in possible]
        if missing and len(missing) < high - low + 1:
            yield index + 1, missing


def table_warnings(table: RandomTable, result: TableOdds) -> Iterator[str]:
    """The warnings about one table, given its odds (`table_odds(table)`)."""
    for entry in result.entries:
        label = f"table {table.id}: entry {entry.number}"
        if entry.range:
            label += f" ({entry.range})"
        if entry.never:
            expression = compile_dice(table.die)
            yield (
                f"{label} can never come up: {table.die} rolls {expression.min}-{expression.max}"
            )
        elif entry.rare:
            chance = fraction_text(entry.exact) if entry.exact is not None else "~"
            yield f"{label} comes up less than 1% of the time ({chance})"
    for number, missing in _impossible_parts(table):
        yield (
            f"table {table.id}: entry {number} ({table.entries[number - 1].range}): "
            f"{table.die} cannot roll {format_ranges(missing)}"
        )
    if result.uncovered:
        yield (
            f"table {table.id}: {result.uncovered:.1%} of {table.die} rolls fall in no "
            "entry's range (the nearest entry is taken)"
        )
