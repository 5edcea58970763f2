"""Table coverage: every result the die can roll is covered by exactly one entry.

Only ranged tables are checked (a weighted table has no ranges), and only when
the die's support is small enough to list (`support()` is None otherwise).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from campaign.dice import compile as compile_dice
from campaign.loader.reading import Document
from campaign.loader.report import Reporter
from campaign.model import RandomTable
from campaign.model.tables import format_ranges


def check_coverage(reporter: Reporter, document: Document, table: RandomTable) -> None:
    """Report each entry that overlaps an earlier one, and the results no entry covers."""
    support = compile_dice(table.die).support()
    if support is None:
        return
    covered: dict[int, int] = {}
    for index, entry in enumerate(table.entries):
        bounds = entry.bounds
        assert bounds is not None
        low, high = bounds
        overlaps: list[tuple[int, int]] = []
        # The support is ascending: only the totals inside this range are visited, so a
        # 10,000-entry table is not 10,000 walks over 10,000 totals.
        for value in support[bisect_left(support, low) : bisect_right(support, high)]:
            if value in covered:
                overlaps.append((value, covered[value]))
            else:
                covered[value] = index
        if overlaps:
            values = format_ranges([value for value, _ in overlaps])
            others = sorted({other + 1 for _, other in overlaps})
            reporter.at(
                document,
                ("entries", index, "range"),
                f"overlap: {table.die} result{'s' if len(overlaps) > 1 else ''} {values} "
                f"{'are' if len(overlaps) > 1 else 'is'} also covered by "
                f"entr{'ies' if len(others) > 1 else 'y'} {', '.join(map(str, others))}",
            )
    missing = [value for value in support if value not in covered]
    if missing:
        reporter.at(
            document,
            ("entries",),
            f"gap: {table.die} can roll {format_ranges(missing)}, which no entry covers",
        )
