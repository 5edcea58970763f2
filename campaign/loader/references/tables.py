"""Random tables: what their entries bring in and roll on, inline `[[...]]` references, coverage."""

from __future__ import annotations

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice
from campaign.loader.coverage import check_coverage
from campaign.loader.reading import Document
from campaign.loader.references.context import CheckContext
from campaign.loader.report import Loc
from campaign.model import RandomTable
from campaign.model.tables import INLINE_REFERENCE


def check_table(context: CheckContext, document: Document, table: RandomTable) -> None:
    """Entries' NPCs and tables exist (not the table itself); a ranged table covers its die."""
    module = context.module
    for index, entry in enumerate(table.entries):
        for bring_index, bring in enumerate(entry.npcs):
            context.ref(
                document,
                ("entries", index, "npcs", bring_index, "npc"),
                bring.npc,
                module.npcs,
                "NPC",
            )
        context.ref(document, ("entries", index, "table"), entry.table, module.tables, "table")
        if entry.table == table.id:
            context.at(document, ("entries", index, "table"), "a table cannot roll on itself")
        check_inline(context, document, ("entries", index, "result"), entry.result)
        numbers = {act.number for act in module.acts.values()}
        for act_index, number in enumerate(entry.acts):
            if number not in numbers:
                context.at(
                    document,
                    ("entries", index, "acts", act_index),
                    f"no act number {number}; the acts are numbered "
                    f"{', '.join(str(n) for n in sorted(numbers))}",
                )
    if not table.weighted:
        check_coverage(context.reporter, document, table)


def check_inline(context: CheckContext, document: Document, loc: Loc, text: str) -> None:
    """`[[table:id]]` and `[[npc:id]]` name things that exist; any other `[[...]]` is dice."""
    for reference in INLINE_REFERENCE.finditer(text):
        body = reference.group(1).strip()
        kind, _, target = body.partition(":")
        if target and kind in ("table", "npc"):
            known = context.module.tables if kind == "table" else context.module.npcs
            what = "table" if kind == "table" else "NPC"
            context.ref(document, loc, target.strip(), known, what)
        else:
            try:
                compile_dice(body)
            except DiceError as error:
                context.at(document, loc, f"inline roll [[{body}]]: {error}")
