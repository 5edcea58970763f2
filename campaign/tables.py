"""Rolling on random tables: ranges, weights, d66, nested tables, inline dice.

A roll produces a `TableResult` tree: the die roll, the entry it picked, the
entry's text with every inline roll resolved, the NPCs it brings (counts
rolled), and the nested results of tables it names (`table:` or
`[[table:id]]`). Every die comes from the caller's `random.Random`, so a
seeded roll is repeatable, and any one step can be re-rolled on its own.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from typing import Any

from campaign.dice import Roll
from campaign.dice import compile as compile_dice
from campaign.errors import CampaignError, did_you_mean
from campaign.model import Module, RandomTable, TableEntry
from campaign.model.common import fill_template
from campaign.model.tables import INLINE_REFERENCE
from campaign.wording import agree, plural

_INLINE_AND_WORD = re.compile(
    INLINE_REFERENCE.pattern + r"(?:(\s+)([A-Za-z][A-Za-z'-]*(?:\(s\))?))?"
)
"""An inline reference and the word after it: a rolled number and its noun must agree."""

MAX_DEPTH = 8
"""Nested tables deeper than this stop (a table that names itself through others)."""


MAX_REROLLS = 10_000
"""Rolls again at most this often for a result allowed in the act (a 1-in-10,000 result)."""


class TableError(CampaignError):
    """A table that cannot be rolled (unknown id)."""

    title = "Table error"


@dataclass(frozen=True, slots=True)
class InlineRoll:
    """A `[[1d4+1]]` in an entry's text, and what it rolled."""

    expression: str
    roll: Roll


@dataclass(frozen=True, slots=True)
class BroughtNPC:
    """An NPC an entry brings in, with the count rolled."""

    npc_id: str
    name: str
    count: int
    count_expression: str
    note: str


@dataclass(frozen=True)
class TableResult:
    """One roll on one table, with everything it led to."""

    table_id: str
    title: str
    die: str
    roll: Roll
    entry_index: int
    entry: TableEntry
    text: str
    """The entry's text with inline rolls, NPC names and nested table results filled in."""
    inline: tuple[InlineRoll, ...] = ()
    npcs: tuple[BroughtNPC, ...] = ()
    nested: tuple[TableResult, ...] = ()
    depth: int = 0
    truncated: bool = False
    """True when a nested table was not rolled because MAX_DEPTH was reached."""

    @property
    def steps(self) -> list[TableResult]:
        """This result and every nested one, depth first: the path through the tables."""
        found = [self]
        for child in self.nested:
            found.extend(child.steps)
        return found

    def all_npcs(self) -> list[BroughtNPC]:
        return [npc for step in self.steps for npc in step.npcs]

    def render(self) -> str:
        """Plain text: one line per step, nested steps indented."""
        lines = []
        for step in self.steps:
            indent = "  " * step.depth
            lines.append(f"{indent}{step.title} ({step.die} → {step.roll.total}): {step.text}")
            for npc in step.npcs:
                lines.append(
                    f"{indent}  + {npc.count} × {npc.name}" + (f" ({npc.note})" if npc.note else "")
                )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (the shape of `campaign table --json`)."""
        return {
            "table": self.table_id,
            "title": self.title,
            "die": self.die,
            "roll": self.roll.total,
            "dice": [die.face for die in self.roll.dice],
            "entry": self.entry_index + 1,
            "text": self.text,
            "inline": [
                {"expression": item.expression, "total": item.roll.total} for item in self.inline
            ],
            "npcs": [
                {"npc": npc.npc_id, "name": npc.name, "count": npc.count, "note": npc.note}
                for npc in self.npcs
            ],
            "nested": [child.to_dict() for child in self.nested],
        }


def _pick_entry(table: RandomTable, total: int) -> int:
    if table.weighted:
        running = 0
        for index, entry in enumerate(table.entries):
            running += entry.weight or 1
            if total <= running:
                return index
        return len(table.entries) - 1
    best_index, best_distance = 0, None
    for index, entry in enumerate(table.entries):
        bounds = entry.bounds
        assert bounds is not None
        low, high = bounds
        if low <= total <= high:
            return index
        # A total outside every range (a die with modifiers the author did not
        # cover) takes the nearest entry, as printed tables are read.
        distance = low - total if total < low else total - high
        if best_distance is None or distance < best_distance:
            best_index, best_distance = index, distance
    return best_index


class TableRoller:
    """Rolls tables of one module with one random generator."""

    def __init__(self, module: Module, rng: random.Random, *, act: int | None = None) -> None:
        self.module = module
        self.rng = rng
        self.act = act
        """The act being played: results limited to other acts are rolled again."""

    def table(self, table_id: str) -> RandomTable:
        try:
            return self.module.tables[table_id]
        except KeyError:
            hint = did_you_mean(table_id, self.module.tables, n=3)
            raise TableError(f"no table '{table_id}' in module '{self.module.id}'{hint}") from None

    def roll(self, table_id: str, *, depth: int = 0) -> TableResult:
        table = self.table(table_id)
        expression = compile_dice(table.die)
        allowed = self._allowed(table)
        for _ in range(MAX_REROLLS):
            roll = expression.roll(self.rng)
            index = _pick_entry(table, roll.total)
            if allowed is None or index in allowed:
                return self._resolve(table, roll, index, depth)
        raise TableError(f"table '{table.id}': no result for act {self.act} came up")

    def _allowed(self, table: RandomTable) -> set[int] | None:
        """The entries that can come up in this act (None: every entry can)."""
        if self.act is None or all(not entry.acts for entry in table.entries):
            return None
        allowed = {
            i for i, entry in enumerate(table.entries) if not entry.acts or self.act in entry.acts
        }
        if not allowed:
            raise TableError(
                f"table '{table.id}': none of its results can come up in act {self.act}"
            )
        return allowed

    def reroll_step(self, result: TableResult, step_index: int) -> TableResult:
        """Re-roll one step of a result's path (0 is the top table); the rest stays."""
        steps = result.steps
        if not 0 <= step_index < len(steps):
            raise TableError(
                f"no step {step_index + 1}; this result has {plural(len(steps), 'step')}"
            )
        target = steps[step_index]
        fresh = self.roll(target.table_id, depth=target.depth)
        return replace_step(result, target, fresh)

    def _resolve(self, table: RandomTable, roll: Roll, index: int, depth: int) -> TableResult:
        entry = table.entries[index]
        inline: list[InlineRoll] = []
        nested: list[TableResult] = []
        truncated = False

        def substitute(match: re.Match[str]) -> str:
            gap, word = match.group(2) or "", match.group(3) or ""
            text, rolled = reference(match.group(1).strip())
            # "for [[1d3]] minutes" rolled 1 reads "for 1 minute".
            return text + gap + (agree(rolled, word) if rolled is not None and word else word)

        def reference(body: str) -> tuple[str, int | None]:
            """What an inline reference becomes, and the number it rolled (dice only)."""
            nonlocal truncated
            kind, _, target = body.partition(":")
            target = target.strip()
            if target and kind == "table":
                if depth + 1 > MAX_DEPTH:
                    truncated = True
                    return f"(table {target}: nested too deep)", None
                child = self.roll(target, depth=depth + 1)
                nested.append(child)
                return child.text, None
            if target and kind == "npc":
                npc = self.module.npcs.get(target)
                return (npc.name if npc else target), None
            inline_roll = compile_dice(body).roll(self.rng)
            inline.append(InlineRoll(body, inline_roll))
            return str(inline_roll.total), inline_roll.total

        text = _INLINE_AND_WORD.sub(substitute, entry.result)
        if entry.table is not None:
            if depth + 1 > MAX_DEPTH:
                truncated = True
            else:
                nested.append(self.roll(entry.table, depth=depth + 1))
        brought = tuple(self._bring(bring.npc, bring.count, bring.note) for bring in entry.npcs)
        return TableResult(
            table_id=table.id,
            title=table.title,
            die=table.die,
            roll=roll,
            entry_index=index,
            entry=entry,
            text=text,
            inline=tuple(inline),
            npcs=brought,
            nested=tuple(nested),
            depth=depth,
            truncated=truncated,
        )

    def _bring(self, npc_id: str, count: int | str, note: str) -> BroughtNPC:
        npc = self.module.npcs.get(npc_id)
        if isinstance(count, int):
            number, expression = count, str(count)
        else:
            number = max(0, compile_dice(fill_template(count, {})).roll(self.rng).total)
            expression = count
        return BroughtNPC(npc_id, npc.name if npc else npc_id, number, expression, note)


def replace_step(result: TableResult, old: TableResult, new: TableResult) -> TableResult:
    """`result` with the step `old` replaced by `new`; parents' texts follow the new one."""
    if result is old:
        return new
    children = tuple(replace_step(child, old, new) for child in result.nested)
    if children == result.nested:
        return result
    # The parent's text embedded the old child's text for [[table:...]] references.
    text = result.text
    for before, after in zip(result.nested, children, strict=True):
        if before is not after and before.text and before.text in text:
            text = text.replace(before.text, after.text, 1)
    return replace(result, nested=children, text=text)


def roll_table(
    module: Module, table_id: str, rng: random.Random, *, act: int | None = None
) -> TableResult:
    """Roll once on a table of a module (in `act`: results limited to others roll again)."""
    return TableRoller(module, rng, act=act).roll(table_id)


__all__ = [
    "MAX_DEPTH",
    "BroughtNPC",
    "InlineRoll",
    "TableError",
    "TableResult",
    "TableRoller",
    "replace_step",
    "roll_table",
]
