"""Random tables: a die, entries by range or by weight, results with inline rolls."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Annotated, Literal

from campaign.model.base import Model, model_class
from campaign.model.common import Checked, DiceExpr, Id, Ref, Text

INLINE_REFERENCE = re.compile(r"\[\[([^\[\]]{1,200})\]\]")
"""Inline references in table results: [[1d4+1]], [[table:id]], [[npc:id]]."""

_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:[-–]\s*(-?\d+)\s*)?$")


def parse_range(value: int | str) -> tuple[int, int]:
    """'2-4' -> (2, 4); '7' or 7 -> (7, 7). Raises ValueError on anything else."""
    if isinstance(value, int):
        return value, value
    match = _RANGE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a range; expected a number or 'low-high' such as '2-4'")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    if high < low:
        raise ValueError(f"range '{value}' runs backwards; expected low-high")
    return low, high


def format_ranges(values: list[int] | tuple[int, ...]) -> str:
    """[1, 2, 3, 7] -> '1-3, 7' (sorted input)."""
    spans: list[str] = []
    start = previous = values[0]
    for value in [*values[1:], None]:
        if value is not None and value == previous + 1:
            previous = value
            continue
        spans.append(str(start) if start == previous else f"{start}-{previous}")
        if value is not None:
            start = previous = value
    return ", ".join(spans)


@model_class
class Bring(Model):
    """NPCs a table result or a scene brings in, with how many."""

    npc: Ref
    """The NPC's id."""
    count: int | DiceExpr = 1
    """How many: a number or a dice expression such as '1d3+1'."""
    note: Text = ""
    """Where they are or what they are doing."""


def _range_reads(value: int | str | None) -> int | str | None:
    if value is not None:
        parse_range(value)
    return value


@model_class
class TableEntry(Model):
    """One result of a random table."""

    range: Annotated[int | str | None, Checked(_range_reads)] = None
    """Die results this entry covers: '2-4', '7', or 11-16 style ranges for d66."""
    weight: int | None = field(default=None, metadata={"ge": 1})
    """Relative weight, for tables without ranges (rolled with 1d<sum of weights>)."""
    result: Text
    """What happens. Inline rolls as [[1d4+1]], other tables as [[table:id]], NPCs as [[npc:id]]."""
    npcs: tuple[Bring, ...] = ()
    """NPCs this result brings in (linked to their stat blocks)."""
    table: Ref | None = None
    """Another table to roll on as well (a nested roll)."""
    acts: tuple[int, ...] = ()
    """The act numbers this result can come up in (leave out for every act). Rolled in
    another act, the table is rolled again, so the rest keep their relative odds."""

    @property
    def bounds(self) -> tuple[int, int] | None:
        """(low, high) of the range, or None for a weighted entry."""
        return None if self.range is None else parse_range(self.range)


@model_class
class RandomTable(Model):
    """A random table rolled at the table (encounters, complications, rumours...)."""

    kind: Literal["table"] = "table"
    """Document kind; may be left out in a `tables/` folder."""
    id: Id
    """Identifier used by scenes and [[table:id]] references."""
    title: str
    """Title shown at the table."""
    roll: DiceExpr | None = None
    """The die for a ranged table ('2d6', 'd66', '1d100'); weighted tables may leave it out."""
    description: Text = ""
    """When to roll it."""
    tags: tuple[str, ...] = ()
    """Free tags (location, act) for browsing."""
    entries: tuple[TableEntry, ...] = field(metadata={"min_length": 1})
    """The results."""

    def __post_init__(self) -> None:
        self._ranges_or_weights()

    def _ranges_or_weights(self) -> RandomTable:
        ranged = [entry.range is not None for entry in self.entries]
        weighted = [entry.weight is not None for entry in self.entries]
        if any(r and w for r, w in zip(ranged, weighted, strict=True)):
            raise ValueError("an entry has both range and weight; give one or the other")
        if all(ranged):
            if self.roll is None:
                raise ValueError("a table with ranges needs a roll (the die, e.g. '2d6')")
        elif any(ranged):
            raise ValueError("mix of entries with and without range; give every entry a range")
        return self

    @property
    def weighted(self) -> bool:
        """True when entries are picked by weight rather than by die ranges."""
        return self.entries[0].range is None

    @property
    def die(self) -> str:
        """The expression actually rolled: the table's roll, or 1d<total weight>."""
        if self.roll is not None:
            return self.roll
        total = sum(entry.weight or 1 for entry in self.entries)
        return f"1d{total}"
