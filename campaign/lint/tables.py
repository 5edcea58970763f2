"""Table odds: the exact chance of every table entry under its die, and what is odd about it.

The odds come from the dice engine (`campaign.dice.odds`), summed over each
entry's range; a weighted table's chances are weight / total. Warnings name
entries that can never come up, entries under 1 %, ranges that reach past what
the die can roll, and rolls no entry's range covers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from fractions import Fraction

from campaign.dice import compile as compile_dice
from campaign.dice import odds
from campaign.lint.report import EntryOdds, TableOdds, fraction_text, shorten
from campaign.model import RandomTable, TableEntry
from campaign.model.tables import format_ranges

_MAX_RANGE_WIDTH = 10_000
"""Ranges wider than this are not searched for results the die cannot roll."""


def _shown_result(entry: TableEntry) -> str:
    """The result as lint lists it, with the acts it is limited to (its odds are overall)."""
    acts = f" [acts {format_ranges(sorted(entry.acts))}]" if entry.acts else ""
    return shorten(entry.result) + acts


def table_odds(table: RandomTable) -> TableOdds:
    """The exact chance of each entry of a table under its die."""
    if table.weighted:
        return _weighted_odds(table)
    outcome = odds(table.die)
    fractions = outcome.fractions
    claimed: set[int] = set()
    found: list[EntryOdds] = []
    ordered = sorted(outcome.distribution)
    for index, entry in enumerate(table.entries):
        bounds = entry.bounds
        assert bounds is not None  # a ranged table: every entry has a range
        low, high = bounds
        # An overlap is a load error, so each total belongs to one entry at most. Only the
        # totals inside the range are visited (a 10,000-entry table: not 10,000 x 10,000).
        totals = ordered[bisect_left(ordered, low) : bisect_right(ordered, high)]
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
                result=_shown_result(entry),
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
            result=_shown_result(entry),
            probability=float(Fraction(entry.weight or 1, total)),
            exact=Fraction(entry.weight or 1, total),
        )
        for index, entry in enumerate(table.entries)
    )
    return TableOdds(table.id, table.title, table.die, True, True, entries)


RARE_LISTED = 5
"""Rare entries named one per line; more are summed up in one line for the table."""


def _rare_summary(table: RandomTable, rare: list[EntryOdds], entries: int) -> str:
    """'table t: 9,990 of 10,000 entries each come up less than 1% of the time (...)'."""
    numbers = [entry.number for entry in rare]
    exact = {entry.exact for entry in rare}
    if len(exact) == 1 and None not in exact:
        chance = f"each {fraction_text(next(iter(exact)))}"  # type: ignore[arg-type]
    else:
        low = min(entry.probability for entry in rare)
        high = max(entry.probability for entry in rare)
        chance = f"{low:.2%} to {high:.2%}"
    return (
        f"table {table.id}: {len(rare):,} of {entries:,} entries come up less than 1% of the "
        f"time ({chance}; entries {format_ranges(numbers)}); fine for a big table, "
        f"but check it is meant to be rolled on {table.die}"
    )


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
    """The warnings about one table, given its odds (`table_odds(table)`).

    Rare entries are named one by one up to `RARE_LISTED`; past that (any table
    bigger than a d100 has hundreds) they are one summary line for the table.
    """
    rare = [entry for entry in result.entries if entry.rare and not entry.never]
    for entry in result.entries:
        label = f"table {table.id}: entry {entry.number}"
        if entry.range:
            label += f" ({entry.range})"
        if entry.never:
            expression = compile_dice(table.die)
            yield (
                f"{label} can never come up: {table.die} rolls {expression.min}-{expression.max}"
            )
        elif entry.rare and len(rare) <= RARE_LISTED:
            chance = fraction_text(entry.exact) if entry.exact is not None else "~"
            yield f"{label} comes up less than 1% of the time ({chance})"
    if len(rare) > RARE_LISTED:
        yield _rare_summary(table, rare, len(result.entries))
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
