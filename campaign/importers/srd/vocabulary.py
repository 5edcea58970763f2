"""The SRD's words for abilities and skills, and how sources spell them.

Sources write 'Dexterity', 'dex', 'saving-throw-dex', 'Sleight of Hand' or
'skill-stealth'; `ability_id` and `skill_id` bring them to one id.
"""

from __future__ import annotations

import re

ABILITIES: tuple[str, ...] = ("str", "dex", "con", "int", "wis", "cha")
ABILITY_NAMES: dict[str, str] = {
    "str": "Strength",
    "dex": "Dexterity",
    "con": "Constitution",
    "int": "Intelligence",
    "wis": "Wisdom",
    "cha": "Charisma",
}
_ABILITY_WORDS: dict[str, str] = {
    **{key: key for key in ABILITIES},
    **{name.lower(): key for key, name in ABILITY_NAMES.items()},
}

SKILLS: dict[str, tuple[str, str]] = {
    "acrobatics": ("Acrobatics", "dex"),
    "animal-handling": ("Animal Handling", "wis"),
    "arcana": ("Arcana", "int"),
    "athletics": ("Athletics", "str"),
    "deception": ("Deception", "cha"),
    "history": ("History", "int"),
    "insight": ("Insight", "wis"),
    "intimidation": ("Intimidation", "cha"),
    "investigation": ("Investigation", "int"),
    "medicine": ("Medicine", "wis"),
    "nature": ("Nature", "int"),
    "perception": ("Perception", "wis"),
    "performance": ("Performance", "cha"),
    "persuasion": ("Persuasion", "cha"),
    "religion": ("Religion", "int"),
    "sleight-of-hand": ("Sleight of Hand", "dex"),
    "stealth": ("Stealth", "dex"),
    "survival": ("Survival", "wis"),
}
"""SRD skill id -> (name, ability)."""


def ability_id(word: str) -> str | None:
    """'Dexterity', 'dex', 'DEX', 'saving-throw-dex' -> 'dex'."""
    text = word.strip().lower().removeprefix("saving-throw-").removeprefix("saving throw:")
    return _ABILITY_WORDS.get(text.strip())


def skill_id(word: str) -> str | None:
    """'Sleight of Hand', 'sleight_of_hand', 'skill-stealth', 'Skill: Stealth' -> SRD skill id."""
    text = word.strip().lower().removeprefix("skill:").removeprefix("skill-").strip()
    key = re.sub(r"[^a-z]+", "-", text).strip("-")
    return key if key in SKILLS else None
