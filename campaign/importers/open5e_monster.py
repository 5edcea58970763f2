"""Open5e API monsters (v1 `/monsters/` JSON) -> module NPCs.

Accepts one monster object, a page of results (`{"count": ..., "results": [...]}`)
or a list, and the source-data variant in Open5e's own repository (speed as
text, skills as top-level numbers). Attacks come from `attack_bonus`,
`damage_dice` and `damage_bonus` where present, else from the action text.
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
    ABILITIES,
    ABILITY_NAMES,
    SKILLS,
    NpcDraft,
    challenge,
    joined,
    monster_tags,
    signed,
    size_and_type,
    speed_text,
)

SUFFIXES = (".json",)

_SCORES = {key: name.lower() for key, name in ABILITY_NAMES.items()}
"""Ability id -> Open5e's field name ('str' -> 'strength')."""

_QUIET = frozenset(
    {
        "slug",
        "cr",
        "perception",
        "speed_json",
        "document__slug",
        "document__license_url",
        "document__url",
        "page_no",
        "v2_converted_path",
        "armor_desc",
        "legendary_desc",
        "spell_list",
        "spells",
        "img_main",
        "name",
        "desc",
        "size",
        "type",
        "subtype",
        "group",
        "alignment",
        "armor_class",
        "hit_points",
        "hit_dice",
        "speed",
        "skills",
        "damage_vulnerabilities",
        "damage_resistances",
        "damage_immunities",
        "condition_immunities",
        "senses",
        "languages",
        "challenge_rating",
        "actions",
        "bonus_actions",
        "reactions",
        "legendary_actions",
        "special_abilities",
        "environments",
        "document__title",
        *(name for name in _SCORES.values()),
        *(f"{name}_save" for name in _SCORES.values()),
        *(key.replace("-", "_") for key in SKILLS),
    }
)
"""Fields read (or deliberately left, being copies of others)."""


def is_monster(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and "name" in data
        and ("hit_points" in data or "armor_class" in data or "challenge_rating" in data)
    )


def monsters_in(data: Any) -> list[dict[str, Any]]:
    return items_in(data, is_monster)


def import_monsters(paths: list[Path], context: Context) -> list[Imported]:
    documents: list[Imported] = []
    for path in expand_inputs(paths, SUFFIXES):
        data = read_data(path)
        found = monsters_in(data)
        if not found:
            if isinstance(data, dict) and isinstance(data.get("ability_scores"), dict):
                raise ImportInputError(
                    f"{shown(path)}: an Open5e API v2 creature; campaign reads the v1 "
                    "/monsters/ format (https://api.open5e.com/v1/monsters/)"
                )
            raise ImportInputError(
                f"{shown(path)}: not an Open5e monster (expected an object with 'name' and "
                "'hit_points', or {\"results\": [...]})"
            )
        documents.extend(_convert(monster, shown(path), context) for monster in found)
    return documents


def _convert(monster: dict[str, Any], file: str, context: Context) -> Imported:
    draft = NpcDraft(context, file, clean_text(monster.get("name")))
    draft.description = clean_text(monster.get("desc"))
    draft.tags = monster_tags(
        monster.get("type"),
        monster.get("subtype"),
        monster.get("group"),
        as_list(monster.get("environments")),
    )
    for key, field_name in _SCORES.items():
        score = as_int(monster.get(field_name))
        if score is not None:
            draft.scores[key] = score
    skills = monster.get("skills")
    listed: dict[str, Any] = skills if isinstance(skills, dict) else {}
    for key in SKILLS:
        bonus = as_int(listed.get(key, listed.get(key.replace("-", "_"))))
        if bonus is None:
            bonus = as_int(monster.get(key.replace("-", "_")))
        if bonus is not None:
            draft.skill_bonuses[key] = bonus
    draft.health = as_int(monster.get("hit_points"))
    draft.set_hit_dice(monster.get("hit_dice"))
    draft.ac = as_int(monster.get("armor_class"))
    speed = monster.get("speed")
    draft.speed = speed_text(speed if speed else monster.get("speed_json"))
    draft.prop(
        "Size and type",
        size_and_type(
            monster.get("size"),
            monster.get("type"),
            monster.get("subtype"),
            monster.get("alignment"),
        ),
    )
    draft.prop("Armor", monster.get("armor_desc"))
    saves = [
        f"{key.capitalize()} {signed(bonus)}"
        for key in ABILITIES
        if (bonus := as_int(monster.get(f"{_SCORES[key]}_save"))) is not None
    ]
    draft.prop("Saving Throws", ", ".join(saves))
    for label, field_name in (
        ("Damage Vulnerabilities", "damage_vulnerabilities"),
        ("Damage Resistances", "damage_resistances"),
        ("Damage Immunities", "damage_immunities"),
        ("Condition Immunities", "condition_immunities"),
    ):
        draft.prop(label, joined(monster.get(field_name)))
    draft.prop("Senses", monster.get("senses"))
    draft.prop("Languages", monster.get("languages"))
    draft.prop("Challenge", challenge(monster.get("challenge_rating") or monster.get("cr")))
    draft.prop("Legendary Actions", monster.get("legendary_desc"))
    source = clean_text(monster.get("document__title"))
    page = as_int(monster.get("page_no"))
    if source:
        draft.prop("Source", f"{source}, p. {page}" if page else source)
    for item in as_list(monster.get("special_abilities")):
        if isinstance(item, dict) and clean_text(item.get("name")):
            draft.ability("traits", clean_text(item["name"]), clean_text(item.get("desc")))
    for field_name, kind, suffix in (
        ("actions", "actions", ""),
        ("bonus_actions", "actions", " (bonus action)"),
        ("reactions", "reactions", ""),
        ("legendary_actions", "legendary_actions", ""),
    ):
        for item in as_list(monster.get(field_name)):
            if not isinstance(item, dict) or not clean_text(item.get("name")):
                continue
            name = clean_text(item["name"])
            text = clean_text(item.get("desc"))
            if kind != "actions":
                draft.ability(kind, name, text)
                continue
            draft.action(
                name + suffix,
                text,
                bonus=as_int(item.get("attack_bonus")),
                damage=_damage(item),
                complete=True,
            )
    _report_leftovers(monster, draft)
    return draft.build(preferred_id=clean_text(monster.get("slug")) or None)


def _damage(item: dict[str, Any]) -> list[str] | None:
    dice_text = clean_text(item.get("damage_dice"))
    if not dice_text:
        return None
    bonus = as_int(item.get("damage_bonus"))
    return [f"{dice_text}{signed(bonus)}" if bonus else dice_text]


def _report_leftovers(monster: dict[str, Any], draft: NpcDraft) -> None:
    spells = as_list(monster.get("spell_list")) or as_list(monster.get("spells"))
    if spells:
        draft.skip(
            f"spell list ({len(spells)} spell{'s' if len(spells) != 1 else ''})",
            "links to Open5e spell entries; the Spellcasting trait's text names the spells",
        )
    image = clean_text(monster.get("img_main"))
    if image:
        draft.skip(f"img_main {image}", "modules have no creature images")
    for key, value in monster.items():
        if key in _QUIET or value in (None, "", [], {}):
            continue
        draft.skip(key, "not a field of an Open5e monster that campaign knows")
