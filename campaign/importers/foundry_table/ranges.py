"""A table's die and its ranges: the formula, overlapping results, rolls no result covers.

Foundry draws every result whose range holds the roll and lets a roll find
nothing; a module table draws exactly one entry for every roll of its die.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice
from campaign.importers.common import clean_text
from campaign.importers.foundry_table.documents import Skip
from campaign.importers.srd import dice
from campaign.model.tables import format_ranges
from campaign.wording import plural


@dataclass
class Entry:
    low: int
    high: int
    weight: int
    text: str
    table: str | None = None
    npcs: list[dict[str, Any]] = field(default_factory=list)
    order: int = 0
    """Position of the result in the source table."""
    reference_only: bool = False
    """A result that only points at another table (no text of its own)."""
    more_tables: list[str] = field(default_factory=list)
    """Further tables Foundry draws with this result (each rolled, even the same twice)."""

    @property
    def tables(self) -> list[str]:
        """Every table this result rolls on, in order."""
        return ([self.table] if self.table else []) + self.more_tables

    @property
    def label(self) -> str:
        return f"result {self.low}" if self.low == self.high else f"result {self.low}-{self.high}"


def table_formula(written: Any, entries: list[Entry], skip: Skip) -> str | None:
    """The table's die: its written formula if campaign can roll it, else 1d<highest>."""
    if not entries:
        return None
    highest = max(entry.high for entry in entries)
    formula = clean_text(written)
    if not formula:
        return f"1d{highest}"
    compact = dice(formula)
    if compact == "1d6*10+1d6":
        compact = "d66"
    try:
        compile_dice(compact)
    except DiceError as error:
        skip(
            f"formula '{formula}'",
            f"not a dice expression campaign can roll ({error.message}); rolled as 1d{highest}",
        )
        return f"1d{highest}"
    return compact


def fix_coverage(
    entries: list[Entry], formula: str, skip: Skip, note: Callable[[str], None]
) -> tuple[list[Entry], str]:
    """Overlapping results are split where they overlap; rolls no result covers are dealt
    with as Foundry does, where the module can say it. Returns the entries and the die.

    Foundry rolls again until a result matches, so a 1d101 whose results cover 1-100
    (as a whole community table pack has them) draws each with 1 chance in 100: the
    module's table rolls 1d100. Other gaps get an entry '(nothing)', reported.
    """
    merged = split_overlaps(entries, skip, note)
    try:
        support = compile_dice(formula).support()
    except DiceError:
        support = None
    if not support:
        return merged, formula
    covered = {value for entry in merged for value in range(entry.low, entry.high + 1)}
    missing = [value for value in support if value not in covered]
    if not missing:
        return merged, formula
    possible = sorted(covered.intersection(support))
    if re.fullmatch(r"1?d\d+", formula) and possible == list(range(1, len(possible) + 1)):
        note(
            f"no result covers {format_ranges(missing)} of {formula}; Foundry rolls again "
            f"until one does, so the table rolls 1d{len(possible)}: the same odds"
        )
        return merged, f"1d{len(possible)}"
    for low, high in runs(missing):
        gap = Entry(low, high, high - low + 1, "(nothing)")
        skip(
            f"{gap.label}",
            f"no result in the source covers it; added an entry '(nothing)' so {formula} "
            "always finds one",
        )
        merged.append(gap)
    merged.sort(key=lambda entry: (entry.low, entry.high))
    return merged, formula


def split_overlaps(entries: list[Entry], skip: Skip, note: Callable[[str], None]) -> list[Entry]:
    """Foundry draws every result whose range holds the roll; campaign draws one entry.
    Where ranges overlap, each stretch of rolls becomes one entry with the texts of all
    the results Foundry would draw for it, in the table's order."""
    ordered = sorted(entries, key=lambda entry: (entry.low, entry.high))
    if all(b.low > a.high for a, b in itertools.pairwise(ordered)):
        return ordered
    edges = sorted({entry.low for entry in entries} | {entry.high + 1 for entry in entries})
    pieces: list[tuple[tuple[int, ...], Entry]] = []
    for low, stop in itertools.pairwise(edges):
        covering = sorted(
            (entry for entry in entries if entry.low <= low and stop - 1 <= entry.high),
            key=lambda entry: entry.order,
        )
        if not covering:
            continue
        key = tuple(entry.order for entry in covering)
        if pieces and pieces[-1][0] == key and pieces[-1][1].high == low - 1:
            pieces[-1][1].high = stop - 1
            continue
        pieces.append((key, _piece(low, stop, covering, len(pieces), skip)))
    note(
        "results overlap (Foundry draws all that match a roll); made "
        f"{plural(len(pieces), 'entry', 'entries')}, each with the text of every result it draws"
    )
    return [piece for _, piece in pieces]


def _piece(low: int, stop: int, covering: list[Entry], order: int, skip: Skip) -> Entry:
    """The entry for rolls low to stop-1, which the results `covering` all hold."""
    texts = [entry.text for entry in covering if not entry.reference_only and entry.text]
    texts = texts or [entry.text for entry in covering if entry.text]
    piece = Entry(low, stop - 1, stop - low, "\n\n".join(texts), order=order)
    # Every link is a roll of its own: two links to one table draw two results.
    tables = [table for entry in covering for table in entry.tables]
    if tables:
        piece.table = tables[0]
        piece.more_tables = tables[1:]
    piece.npcs = [bring for entry in covering for bring in entry.npcs]
    return piece


def runs(values: list[int]) -> list[tuple[int, int]]:
    """Consecutive values as (first, last) runs: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for value in values:
        if found and value == found[-1][1] + 1:
            found[-1] = (found[-1][0], value)
        else:
            found.append((value, value))
    return found
