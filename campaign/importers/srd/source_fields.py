"""The stat block fields the monster sources name alike, read into an `NpcDraft`.

Open5e, 5e-bits and Fantasy Statblocks each have their own shape, but they
agree on some field names (`size`, `type`, `damage_resistances`,
`attack_bonus`, ...). What they agree on is read here once, so the three
importers print those lines the same way.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from typing import Any

from campaign.importers.common import as_int, as_list, clean_text
from campaign.importers.srd.draft import NpcDraft
from campaign.importers.srd.lines import joined, size_and_type
from campaign.importers.srd.notation import signed
from campaign.importers.srd.vocabulary import ABILITY_NAMES

DEFENCE_FIELDS: tuple[tuple[str, str], ...] = (
    ("Damage Vulnerabilities", "damage_vulnerabilities"),
    ("Damage Resistances", "damage_resistances"),
    ("Damage Immunities", "damage_immunities"),
    ("Condition Immunities", "condition_immunities"),
)
"""Printed label -> the field holding it, in every source."""

ACTION_LISTS: tuple[tuple[str, str, str], ...] = (
    ("actions", "actions", ""),
    ("bonus_actions", "actions", " (bonus action)"),
    ("reactions", "reactions", ""),
    ("legendary_actions", "legendary_actions", ""),
)
"""(source field, NpcDraft list, suffix to the name) of the action lists of Open5e
and Fantasy Statblocks; a bonus action is an action whose name says so."""

SCORE_FIELDS: dict[str, str] = {key: name.lower() for key, name in ABILITY_NAMES.items()}
"""Ability id -> the field holding its score in Open5e and 5e-bits ('str' -> 'strength')."""


def scores_from_fields(fields: Mapping[str, Any]) -> dict[str, int]:
    """Ability scores from fields named 'strength', 'dexterity', ... (those present)."""
    scores: dict[str, int] = {}
    for key, field_name in SCORE_FIELDS.items():
        score = as_int(fields.get(field_name))
        if score is not None:
            scores[key] = score
    return scores


def save_text(ability: str, bonus: int) -> str:
    """One saving throw as a stat block prints it: 'Dex +5'."""
    return f"{ability.capitalize()} {signed(bonus)}"


def add_size_and_type(draft: NpcDraft, fields: Mapping[str, Any]) -> None:
    """The 'Size and type' line from size, type, subtype and alignment."""
    draft.prop(
        "Size and type",
        size_and_type(
            fields.get("size"), fields.get("type"), fields.get("subtype"), fields.get("alignment")
        ),
    )


def add_defences(draft: NpcDraft, fields: Mapping[str, Any]) -> None:
    """The damage vulnerability, resistance and immunity lines and condition immunities."""
    for label, field_name in DEFENCE_FIELDS:
        draft.prop(label, joined(fields.get(field_name)))


def fixed_damage(item: Mapping[str, Any]) -> list[str] | None:
    """An action's damage from `damage_dice` and `damage_bonus` ('2d6' and 4 -> '2d6+4')."""
    dice_text = clean_text(item.get("damage_dice"))
    if not dice_text:
        return None
    bonus = as_int(item.get("damage_bonus"))
    return [f"{dice_text}{signed(bonus)}" if bonus else dice_text]


def add_listed(draft: NpcDraft, kind: str, name: str, text: str, item: Mapping[str, Any]) -> None:
    """A trait, action, reaction or legendary action whose fields are named as Open5e
    names them: an action rolls `attack_bonus` and deals `fixed_damage`, the text
    filling in what those leave out."""
    if kind != "actions":
        draft.ability(kind, name, text)
        return
    draft.action(
        name,
        text,
        bonus=as_int(item.get("attack_bonus")),
        damage=fixed_damage(item),
    )


def named_items(value: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, desc, fields) of each object with a name in a list of traits or actions."""
    return [
        (clean_text(item["name"]), clean_text(item.get("desc")), item)
        for item in as_list(value)
        if isinstance(item, dict) and clean_text(item.get("name"))
    ]


def report_image(draft: NpcDraft, field_name: str, value: Any, shown: str) -> None:
    """An image field that has a value (written in the report as `shown`)."""
    if value:
        draft.skip(f"{field_name} {shown}", "modules have no creature images")


def report_unknown_fields(
    draft: NpcDraft, fields: Mapping[str, Any], known: Container[str], why: str
) -> None:
    """Every field with a value that the importer neither reads nor deliberately leaves."""
    for key, value in fields.items():
        if key in known or value in (None, "", [], {}):
            continue
        draft.skip(key, why)
