"""Open5e API monsters (v1 `/monsters/` JSON) -> module NPCs.

Accepts one monster object, a page of results (`{"count": ..., "results": [...]}`)
or a list, the source-data variant (speed as text, skills as top-level
numbers), and the data files of Open5e's own repository
(`data/v1/*/Monster.json`, Django fixtures whose lists are JSON text:
`actions_json`, `speed_json`). Attacks come from `attack_bonus`, `damage_dice`
and `damage_bonus` where present, checked against the action text.
"""

from __future__ import annotations

import json
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
from campaign.importers.srd import ABILITIES, SKILLS, NpcDraft, challenge, monster_tags, speed_text
from campaign.importers.srd.source_fields import (
    ACTION_LISTS,
    SCORE_FIELDS,
    add_defences,
    add_listed,
    add_size_and_type,
    named_items,
    report_image,
    report_unknown_fields,
    save_text,
    scores_from_fields,
)
from campaign.wording import plural

SUFFIXES = (".json",)

_LISTS = (("special_abilities", "traits", ""), *ACTION_LISTS)
"""Traits come first, then the action lists."""

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
        "document",
        "route",
        *(name for name in SCORE_FIELDS.values()),
        *(f"{name}_save" for name in SCORE_FIELDS.values()),
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
    if isinstance(data, list) and data and all(map(is_fixture, data[:20])):
        data = [unwrap_fixture(item) for item in data if is_fixture(item)]
    return items_in(data, is_monster)


def is_fixture(item: Any) -> bool:
    """An entry of Open5e's own data files (`data/v1/*/Monster.json`, Django fixtures)."""
    return (
        isinstance(item, dict)
        and isinstance(item.get("fields"), dict)
        and str(item.get("model", "")).endswith(".monster")
    )


def unwrap_fixture(item: dict[str, Any]) -> dict[str, Any]:
    """A fixture's fields as the API serves them: its key as `slug`, each `*_json` text
    (actions, speed, skills...) decoded into the field the API gives."""
    fields: dict[str, Any] = dict(item["fields"])
    fields.setdefault("slug", item.get("pk"))
    for key in [key for key in fields if key.endswith("_json")]:
        value = fields.pop(key)
        try:
            decoded = json.loads(value) if isinstance(value, str) else value
        except (json.JSONDecodeError, RecursionError):
            decoded = None
        base = key.removesuffix("_json")
        if decoded not in (None, "", [], {}) and not fields.get(base):
            fields[base] = decoded
    return fields


def import_monsters(paths: list[Path], context: Context) -> list[Imported]:
    documents: list[Imported] = []
    for path in expand_inputs(paths, SUFFIXES, context):
        with context.reading(path):
            documents.extend(_monsters_of(path, context))
    return documents


def _monsters_of(path: Path, context: Context) -> list[Imported]:
    data = read_data(path)
    refuse_other_format(path, data, "open5e-monster")
    found = monsters_in(data)
    if not found:
        raise ImportInputError(
            f"{shown(path)}: not an Open5e monster (expected an object with 'name' and "
            "'hit_points', or {\"results\": [...]})"
        )
    return [_convert(monster, shown(path), context) for monster in found]


def _convert(monster: dict[str, Any], file: str, context: Context) -> Imported:
    draft = NpcDraft(context, file, clean_text(monster.get("name")))
    draft.description = clean_text(monster.get("desc"))
    draft.tags = monster_tags(
        monster.get("type"),
        monster.get("subtype"),
        monster.get("group"),
        as_list(monster.get("environments")),
    )
    draft.scores = scores_from_fields(monster)
    draft.skill_bonuses = _skill_bonuses(monster)
    draft.health = as_int(monster.get("hit_points"))
    draft.set_hit_dice(monster.get("hit_dice"))
    draft.ac = as_int(monster.get("armor_class"))
    speed = monster.get("speed")
    draft.speed = speed_text(speed if speed else monster.get("speed_json"))
    _properties(monster, draft)
    for field_name, kind, suffix in _LISTS:
        for name, text, item in named_items(monster.get(field_name)):
            add_listed(draft, kind, name + suffix, text, item)
    _report_leftovers(monster, draft)
    return draft.build(preferred_id=clean_text(monster.get("slug")) or None)


def _skill_bonuses(monster: dict[str, Any]) -> dict[str, int]:
    """Skills from a `skills` object or, in Open5e's source data, top-level fields."""
    skills = monster.get("skills")
    listed: dict[str, Any] = skills if isinstance(skills, dict) else {}
    bonuses: dict[str, int] = {}
    for key in SKILLS:
        bonus = as_int(listed.get(key, listed.get(key.replace("-", "_"))))
        if bonus is None:
            bonus = as_int(monster.get(key.replace("-", "_")))
        if bonus is not None:
            bonuses[key] = bonus
    return bonuses


def _properties(monster: dict[str, Any], draft: NpcDraft) -> None:
    """The printed lines of the stat block that have no field of their own in an NPC."""
    add_size_and_type(draft, monster)
    draft.prop("Armor", monster.get("armor_desc"))
    saves = [
        save_text(key, bonus)
        for key in ABILITIES
        if (bonus := as_int(monster.get(f"{SCORE_FIELDS[key]}_save"))) is not None
    ]
    draft.prop("Saving Throws", ", ".join(saves))
    add_defences(draft, monster)
    draft.prop("Senses", monster.get("senses"))
    draft.prop("Languages", monster.get("languages"))
    draft.prop("Challenge", challenge(monster.get("challenge_rating") or monster.get("cr")))
    draft.prop("Legendary Actions", monster.get("legendary_desc"))
    source = clean_text(monster.get("document__title"))
    page = as_int(monster.get("page_no"))
    if source:
        draft.prop("Source", f"{source}, p. {page}" if page else source)


def _report_leftovers(monster: dict[str, Any], draft: NpcDraft) -> None:
    spells = as_list(monster.get("spell_list")) or as_list(monster.get("spells"))
    if spells:
        draft.skip(
            f"spell list ({plural(len(spells), 'spell')})",
            "links to Open5e spell entries; the Spellcasting trait's text names the spells",
        )
    image = clean_text(monster.get("img_main"))
    report_image(draft, "img_main", image, image)
    report_unknown_fields(
        draft, monster, _QUIET, "not a field of an Open5e monster that campaign knows"
    )
