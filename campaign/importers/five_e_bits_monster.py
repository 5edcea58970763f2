"""5e-bits (5e-database, dnd5eapi.co) monsters -> module NPCs.

Accepts `src/2014/5e-SRD-Monsters.json` (a list) or one monster object as the
API serves it. Armor class is a list of {type, value}; saves and skills are
`proficiencies`; actions carry `attack_bonus`, a `damage` list of
{damage_dice, damage_type} and a `usage` ({type: 'recharge on roll', dice,
min_value}, {type: 'per day', times}, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campaign.importers.common import (
    Context,
    Imported,
    as_int,
    as_list,
    clean_text,
    expand_inputs,
    items_in,
    read_data,
    shown,
)
from campaign.importers.report import ImportInputError
from campaign.importers.srd import (
    ABILITY_NAMES,
    NpcDraft,
    ability_id,
    challenge,
    joined,
    monster_tags,
    signed,
    size_and_type,
    skill_id,
    speed_text,
)

SUFFIXES = (".json",)

_QUIET = frozenset(
    {
        "index",
        "url",
        "name",
        "desc",
        "size",
        "type",
        "subtype",
        "alignment",
        "armor_class",
        "hit_points",
        "hit_dice",
        "hit_points_roll",
        "speed",
        "proficiencies",
        "damage_vulnerabilities",
        "damage_resistances",
        "damage_immunities",
        "condition_immunities",
        "senses",
        "languages",
        "challenge_rating",
        "proficiency_bonus",
        "xp",
        "special_abilities",
        "actions",
        "legendary_actions",
        "reactions",
        "image",
        "forms",
        "updated_at",
        "_id",
        *(name.lower() for name in ABILITY_NAMES.values()),
    }
)

_SENSES = ("blindsight", "darkvision", "tremorsense", "truesight")


def is_monster(data: Any) -> bool:
    """A 5e-bits monster: an armor_class list (or, in old versions, a number and an index)."""
    if not isinstance(data, dict) or "name" not in data:
        return False
    armor = data.get("armor_class")
    return ("hit_points" in data or "challenge_rating" in data) and (
        isinstance(armor, list) or (isinstance(armor, int) and "index" in data)
    )


def monsters_in(data: Any) -> list[dict[str, Any]]:
    return items_in(data, is_monster)


def import_monsters(paths: list[Path], context: Context) -> list[Imported]:
    documents: list[Imported] = []
    for path in expand_inputs(paths, SUFFIXES):
        found = monsters_in(read_data(path))
        if not found:
            raise ImportInputError(
                f"{shown(path)}: not a 5e-bits monster (expected objects with 'name', an "
                "'armor_class' list and 'hit_points', or a list of them)"
            )
        documents.extend(_convert(monster, shown(path), context) for monster in found)
    return documents


def _convert(monster: dict[str, Any], file: str, context: Context) -> Imported:
    draft = NpcDraft(context, file, clean_text(monster.get("name")))
    desc = monster.get("desc")
    draft.description = (
        "\n\n".join(clean_text(part) for part in desc if clean_text(part))
        if isinstance(desc, list)
        else clean_text(desc)
    )
    draft.tags = monster_tags(monster.get("type"), monster.get("subtype"))
    for key, name in ABILITY_NAMES.items():
        score = as_int(monster.get(name.lower()))
        if score is not None:
            draft.scores[key] = score
    saves: list[str] = []
    for proficiency in as_list(monster.get("proficiencies")):
        if not isinstance(proficiency, dict):
            continue
        reference = proficiency.get("proficiency")
        index = clean_text(reference.get("index")) if isinstance(reference, dict) else ""
        value = as_int(proficiency.get("value"))
        if value is None or not index:
            continue
        if index.startswith("saving-throw-") and (ability := ability_id(index)):
            saves.append(f"{ability.capitalize()} {signed(value)}")
        elif index.startswith("skill-") and (skill := skill_id(index)):
            draft.skill_bonuses[skill] = value
        else:
            label = clean_text(reference.get("name")) if isinstance(reference, dict) else index
            draft.other_skills.append(f"{label} {signed(value)}")
    draft.health = as_int(monster.get("hit_points"))
    draft.set_hit_dice(
        monster.get("hit_points_roll") or monster.get("hit_dice"),
        what="hit_points_roll" if monster.get("hit_points_roll") else "hit_dice",
    )
    _armor(monster.get("armor_class"), draft)
    draft.speed = speed_text(monster.get("speed"))
    draft.prop(
        "Size and type",
        size_and_type(
            monster.get("size"),
            monster.get("type"),
            monster.get("subtype"),
            monster.get("alignment"),
        ),
    )
    draft.prop("Saving Throws", ", ".join(saves))
    for label, field_name in (
        ("Damage Vulnerabilities", "damage_vulnerabilities"),
        ("Damage Resistances", "damage_resistances"),
        ("Damage Immunities", "damage_immunities"),
        ("Condition Immunities", "condition_immunities"),
    ):
        draft.prop(label, joined(monster.get(field_name)))
    draft.prop("Senses", _senses(monster.get("senses")))
    draft.prop("Languages", monster.get("languages"))
    draft.prop("Challenge", challenge(monster.get("challenge_rating"), monster.get("xp")))
    bonus = as_int(monster.get("proficiency_bonus"))
    if bonus is not None:
        draft.prop("Proficiency Bonus", signed(bonus))
    for item in as_list(monster.get("special_abilities")):
        if isinstance(item, dict) and clean_text(item.get("name")):
            draft.ability(
                "traits",
                clean_text(item["name"]),
                clean_text(item.get("desc")),
                uses=_uses(item.get("usage")),
            )
    for item in as_list(monster.get("actions")):
        if isinstance(item, dict) and clean_text(item.get("name")):
            draft.action(
                clean_text(item["name"]),
                clean_text(item.get("desc")),
                bonus=as_int(item.get("attack_bonus")),
                damage=_damage(item),
                uses=_uses(item.get("usage")),
                complete=False,
            )
    for field_name in ("reactions", "legendary_actions"):
        for item in as_list(monster.get(field_name)):
            if isinstance(item, dict) and clean_text(item.get("name")):
                draft.ability(
                    field_name,
                    clean_text(item["name"]),
                    clean_text(item.get("desc")),
                    uses=_uses(item.get("usage")),
                    roll=_first_damage(item),
                )
    _report_leftovers(monster, draft)
    return draft.build(preferred_id=clean_text(monster.get("index")) or None)


def _armor(value: Any, draft: NpcDraft) -> None:
    if isinstance(value, int):
        draft.ac = value
        return
    parts: list[str] = []
    for index, entry in enumerate(as_list(value)):
        if not isinstance(entry, dict):
            continue
        number = as_int(entry.get("value"))
        kind = clean_text(entry.get("type"))
        if kind == "natural":
            what = "natural armor"
        elif kind == "armor":
            what = joined(entry.get("armor")).lower()
        elif kind == "spell":
            what = joined([entry.get("spell")]).lower()
        elif kind == "condition":
            what = f"while {joined([entry.get('condition')]).lower()}"
        else:
            what = clean_text(entry.get("desc"))
        if index == 0:
            draft.ac = number
            if what:
                parts.append(what)
        elif number is not None:
            if what.startswith("while"):
                parts.append(f"AC {number} {what}")
            else:
                parts.append(f"AC {number} with {what}" if what else f"AC {number}")
    draft.prop("Armor", "; ".join(parts))


def _senses(value: Any) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    parts = [f"{sense} {value[sense]}" for sense in _SENSES if clean_text(value.get(sense))]
    parts += [
        f"{key.replace('_', ' ')} {clean_text(item)}"
        for key, item in value.items()
        if key not in _SENSES and key != "passive_perception" and clean_text(item)
    ]
    passive = as_int(value.get("passive_perception"))
    if passive is not None:
        parts.append(f"passive Perception {passive}")
    return ", ".join(parts)


def _uses(usage: Any) -> str | None:
    if not isinstance(usage, dict):
        return None
    kind = clean_text(usage.get("type")).lower()
    if kind == "recharge on roll":
        low = as_int(usage.get("min_value"))
        sides = clean_text(usage.get("dice")).lower().lstrip("1").lstrip("d")
        high = as_int(sides) or 6
        if low is None:
            return "Recharge"
        return f"Recharge {low}" if low >= high else f"Recharge {low}-{high}"
    if kind == "per day":
        times = as_int(usage.get("times"))
        return f"{times}/day" if times else "per day"
    if kind == "recharge after rest":
        rests = [clean_text(rest).title() for rest in as_list(usage.get("rest_types"))]
        return f"Recharges after a {' or '.join(rests)} Rest" if rests else "Recharges after a rest"
    return clean_text(usage.get("type")) or None


def _damage_dice(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return None
    if clean_text(entry.get("damage_dice")):
        return clean_text(entry["damage_dice"])
    choices = entry.get("from")
    options = as_list(choices.get("options")) if isinstance(choices, dict) else []
    for option in options:
        found = _damage_dice(option)
        if found:
            return found
    return None


def _damage(item: dict[str, Any]) -> list[str] | None:
    first = _first_damage(item)
    return [first] if first else None


def _first_damage(item: dict[str, Any]) -> str | None:
    for entry in as_list(item.get("damage")):
        found = _damage_dice(entry)
        if found:
            return found
    return None


def _report_leftovers(monster: dict[str, Any], draft: NpcDraft) -> None:
    image = clean_text(monster.get("image"))
    if image:
        draft.skip(f"image {image}", "modules have no creature images")
    forms = as_list(monster.get("forms"))
    if forms:
        draft.skip(
            f"forms ({joined(forms)})",
            "links between a creature's stat blocks; each form in the input is its own NPC",
        )
    for key, value in monster.items():
        if key in _QUIET or value in (None, "", [], {}):
            continue
        draft.skip(key, "not a field of a 5e-bits monster that campaign knows")
