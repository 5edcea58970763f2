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
from campaign.importers.sniff import refuse_other_format
from campaign.importers.srd import (
    NpcDraft,
    ability_id,
    challenge,
    joined,
    monster_tags,
    signed,
    skill_id,
    speed_text,
)
from campaign.importers.srd.source_fields import (
    SCORE_FIELDS,
    add_defences,
    add_size_and_type,
    named_items,
    report_image,
    report_unknown_fields,
    save_text,
    scores_from_fields,
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
        *SCORE_FIELDS.values(),
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
    for path in expand_inputs(paths, SUFFIXES, context):
        with context.reading(path):
            documents.extend(_monsters_of(path, context))
    return documents


def _monsters_of(path: Path, context: Context) -> list[Imported]:
    data = read_data(path)
    refuse_other_format(path, data, "5e-bits-monster")
    found = monsters_in(data)
    if not found:
        raise ImportInputError(
            f"{shown(path)}: not a 5e-bits monster (expected objects with 'name', an "
            "'armor_class' list and 'hit_points', or a list of them)"
        )
    return [_convert(monster, shown(path), context) for monster in found]


def _convert(monster: dict[str, Any], file: str, context: Context) -> Imported:
    draft = NpcDraft(context, file, clean_text(monster.get("name")))
    desc = monster.get("desc")
    draft.description = (
        "\n\n".join(clean_text(part) for part in desc if clean_text(part))
        if isinstance(desc, list)
        else clean_text(desc)
    )
    draft.tags = monster_tags(monster.get("type"), monster.get("subtype"))
    draft.scores = scores_from_fields(monster)
    saves = _proficiencies(monster.get("proficiencies"), draft)
    draft.health = as_int(monster.get("hit_points"))
    draft.set_hit_dice(
        monster.get("hit_points_roll") or monster.get("hit_dice"),
        what="hit_points_roll" if monster.get("hit_points_roll") else "hit_dice",
    )
    _armor(monster.get("armor_class"), draft)
    draft.speed = speed_text(monster.get("speed"))
    _properties(monster, saves, draft)
    _abilities(monster, draft)
    _report_leftovers(monster, draft)
    return draft.build(preferred_id=clean_text(monster.get("index")) or None)


def _proficiencies(value: Any, draft: NpcDraft) -> list[str]:
    """Skill bonuses into the draft; the saving throws, printed, returned."""
    saves: list[str] = []
    for proficiency in as_list(value):
        if not isinstance(proficiency, dict):
            continue
        reference = proficiency.get("proficiency")
        index = clean_text(reference.get("index")) if isinstance(reference, dict) else ""
        bonus = as_int(proficiency.get("value"))
        if bonus is None or not index:
            continue
        if index.startswith("saving-throw-") and (ability := ability_id(index)):
            saves.append(save_text(ability, bonus))
        elif index.startswith("skill-") and (skill := skill_id(index)):
            draft.skill_bonuses[skill] = bonus
        else:
            label = clean_text(reference.get("name")) if isinstance(reference, dict) else index
            draft.other_skills.append(f"{label} {signed(bonus)}")
    return saves


def _properties(monster: dict[str, Any], saves: list[str], draft: NpcDraft) -> None:
    """The printed lines of the stat block that have no field of their own in an NPC."""
    add_size_and_type(draft, monster)
    draft.prop("Saving Throws", ", ".join(saves))
    add_defences(draft, monster)
    draft.prop("Senses", _senses(monster.get("senses")))
    draft.prop("Languages", monster.get("languages"))
    draft.prop("Challenge", challenge(monster.get("challenge_rating"), monster.get("xp")))
    bonus = as_int(monster.get("proficiency_bonus"))
    if bonus is not None:
        draft.prop("Proficiency Bonus", signed(bonus))


def _abilities(monster: dict[str, Any], draft: NpcDraft) -> None:
    """Traits, actions, reactions and legendary actions, each with its usage limit."""
    for name, text, item in named_items(monster.get("special_abilities")):
        draft.ability("traits", name, text, uses=_uses(item.get("usage")))
    for name, text, item in named_items(monster.get("actions")):
        draft.action(
            name,
            text,
            bonus=as_int(item.get("attack_bonus")),
            damage=_damage(item),
            uses=_uses(item.get("usage")),
        )
    for field_name in ("reactions", "legendary_actions"):
        for name, text, item in named_items(monster.get(field_name)):
            draft.ability(
                field_name, name, text, uses=_uses(item.get("usage")), roll=_first_damage(item)
            )


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
    report_image(draft, "image", image, image)
    forms = as_list(monster.get("forms"))
    if forms:
        draft.skip(
            f"forms ({joined(forms)})",
            "links between a creature's stat blocks; each form in the input is its own NPC",
        )
    report_unknown_fields(
        draft, monster, _QUIET, "not a field of a 5e-bits monster that campaign knows"
    )
