"""A module table as a Foundry VTT RollTable document (JSON for "Import Data").

Ranged tables keep their ranges (each result's weight is its range's size);
weighted tables get consecutive ranges from their weights and the formula
1d<total>. Inline rolls become Foundry's deferred rolls (`[[1d4]]` ->
`[[/r 1d4]]`). `[[table:id]]` and `[[npc:id]]` have no Foundry equivalent by
id: they are kept as text, and a note says so. What Foundry cannot hold
(nested rolls, NPCs a result brings in, whether the table was weighted) goes
into `flags.campaign`, which `campaign import foundry-table` reads back.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass, field
from typing import Any

from campaign.errors import CampaignError, did_you_mean
from campaign.model import Module
from campaign.model.tables import INLINE_REFERENCE

FLAGS = "campaign"

_ALPHABET = string.ascii_letters + string.digits


def foundry_id(*parts: str) -> str:
    """A stable 16-character Foundry document id derived from our ids."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return "".join(_ALPHABET[byte % len(_ALPHABET)] for byte in digest[:16])


@dataclass
class Export:
    """The Foundry document and notes on what Foundry will not do with it."""

    document: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def export_table(module: Module, table_id: str) -> Export:
    """The RollTable document for one of the module's tables."""
    if table_id not in module.tables:
        raise CampaignError(
            f"no table '{table_id}' in module '{module.id}'{did_you_mean(table_id, module.tables)}"
        )
    table = module.tables[table_id]
    notes: list[str] = []
    formula = table.die
    if formula.replace(" ", "").lower() in ("d66", "1d66"):
        formula = "1d6*10+1d6"
        notes.append(f"{table_id}: d66 is written as 1d6*10+1d6, the same odds in Foundry")
    results: list[dict[str, Any]] = []
    start = 1
    for index, entry in enumerate(table.entries):
        if table.weighted:
            weight = entry.weight or 1
            low, high = start, start + weight - 1
            start = high + 1
        else:
            bounds = entry.bounds
            assert bounds is not None
            low, high = bounds
            weight = high - low + 1
        where = (
            f"{table_id}: entry {index + 1} ({low}-{high})"
            if low != high
            else (f"{table_id}: entry {index + 1} ({low})")
        )
        flags: dict[str, Any] = {}
        if entry.table:
            flags["table"] = entry.table
            notes.append(
                f"{where}: the nested roll on table '{entry.table}' is kept in "
                f"flags.{FLAGS}.table; Foundry will not roll it"
            )
        if entry.npcs:
            flags["npcs"] = [bring.model_dump(exclude_defaults=True) for bring in entry.npcs]
            notes.append(
                f"{where}: the NPCs it brings in are kept in flags.{FLAGS}.npcs; "
                "Foundry will not show them"
            )
        result: dict[str, Any] = {
            "_id": foundry_id(module.id, table.id, str(index)),
            "type": "text",
            "text": foundry_text(entry.result, where, notes),
            "img": "icons/svg/d20-black.svg",
            "weight": weight,
            "range": [low, high],
            "drawn": False,
        }
        if flags:
            result["flags"] = {FLAGS: flags}
        results.append(result)
    document: dict[str, Any] = {
        "_id": foundry_id(module.id, table.id),
        "name": table.title,
        "img": "icons/svg/d20-grey.svg",
        "description": table.description.strip(),
        "results": results,
        "formula": formula,
        "replacement": True,
        "displayRoll": True,
        "flags": {FLAGS: {"id": table.id, "module": module.id, "weighted": table.weighted}},
    }
    return Export(document, notes)


def foundry_text(text: str, where: str, notes: list[str]) -> str:
    """Module result text with inline rolls in Foundry's syntax."""

    def convert(match: Any) -> str:
        body = match.group(1).strip()
        kind, _, target = body.partition(":")
        if target and kind in ("table", "npc"):
            notes.append(
                f"{where}: [[{body}]] is kept as text; Foundry cannot follow a reference "
                f"to a campaign {'table' if kind == 'table' else 'NPC'} by id"
            )
            return str(match.group(0))
        return f"[[/r {body}]]"

    return INLINE_REFERENCE.sub(convert, text.strip())
