"""A stat block written as Markdown (Admonition's ```ad-statblock) -> Fantasy Statblocks fields.

ttrpg-convert-cli and hand-made vaults render the stat block itself as
Markdown inside an `ad-statblock` admonition:

    title: Flying Snake
    *Tiny beast, Unaligned*
    - **Armor Class** 14
    - **Hit Points** 5 (`2d4`)
    |STR|DEX|CON|INT|WIS|CHA|
    | 4 (-3)|18 (+4)|11 (+0)| 2 (-4)|12 (+1)| 5 (-3)|
    ## Actions
    ***Bite.*** *Melee Weapon Attack:* +6 to hit, ...

`fields` reads that into the mapping a ```statblock block holds (name, ac,
hp, stats, traits...), so one converter serves both. Both layouts are read:
2014 ('Armor Class', a score row of 'N (+M)') and 2024 ('AC', 'HP',
'Initiative', a row per ability with its modifier and save).
"""

from __future__ import annotations

import re
from typing import Any

from campaign.importers.srd import ABILITIES, ability_id

_LABEL = re.compile(r"^[-*]?\s*\*\*(?P<label>[^*]+?)\*\*:?\s*(?P<value>.*)$")
_ITEM = re.compile(r"^\*{2,3}_?(?P<name>[^*]+?)_?\*{2,3}\s*(?P<text>.*)$")
_LINK = re.compile(r"\[(?P<text>[^\]\n]{0,300})\]\([^)\n]{0,500}\)")
_WIKILINK = re.compile(r"\[\[(?:[^\]|\n]{0,300}\|)?(?P<text>[^\]\n]{0,300})\]\]")
"""Links; bounded, so a line of '[' without ']' is read in linear time."""
_NONE = frozenset({"", "⏤", "—", "-", "–", "none"})
_SECTIONS = {
    "traits": "traits",
    "actions": "actions",
    "bonus actions": "bonus_actions",
    "reactions": "reactions",
    "legendary actions": "legendary_actions",
}
_FIELDS = {
    "armor class": "ac",
    "ac": "ac",
    "hit points": "hp",
    "hp": "hp",
    "speed": "speed",
    "saving throws": "saves",
    "skills": "skillsaves",
    "damage vulnerabilities": "damage_vulnerabilities",
    "damage resistances": "damage_resistances",
    "resistances": "damage_resistances",
    "damage immunities": "damage_immunities",
    "immunities": "damage_immunities",
    "condition immunities": "condition_immunities",
    "senses": "senses",
    "languages": "languages",
    "challenge": "cr",
    "cr": "cr",
}
_IGNORED = frozenset({"proficiency bonus", "initiative", "source"})
"""Printed lines the module works out for itself (or that are decoration)."""


def plain(text: str) -> str:
    """Markdown links as their text ('[breastplate](items/breastplate.md)' -> 'breastplate')."""
    if "]]" in text:
        text = _WIKILINK.sub(lambda match: match.group("text").rsplit("/", 1)[-1], text)
    if "](" in text:
        text = _LINK.sub(lambda match: match.group("text"), text)
    return text.strip()


def fields(text: str) -> dict[str, Any]:
    """The Fantasy Statblocks fields an `ad-statblock` body prints."""
    data: dict[str, Any] = {}
    section = ""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line or line.startswith("!["):
            continue
        if line.lower().startswith("title:") and "name" not in data:
            data["name"] = line.split(":", 1)[1].strip()
        elif line.startswith("#"):
            section = _SECTIONS.get(line.lstrip("#").strip().lower(), "other")
        elif line.startswith("|"):
            index = _table(lines, index - 1, data)
        elif section or _ITEM.match(line):  # traits may come before any heading
            section = section or "traits"
            _section_line(line, section, data)
        elif (label := _LABEL.match(line)) is not None:
            _label(label.group("label"), plain(label.group("value")), data)
        elif re.fullmatch(r"[*_][^*_].*[*_]", line) and "size" not in data:
            _size_line(plain(line).strip("*_ "), data)  # '*Medium [[Monstrosity]], ...*'
    return data


def _size_line(text: str, data: dict[str, Any]) -> None:
    """'Medium humanoid (goblinoid), Neutral Evil'."""
    kind, _, alignment = text.partition(",")
    words = kind.split(None, 1)
    if words:
        data["size"] = words[0]
    rest = words[1] if len(words) > 1 else ""
    inside = re.search(r"\(([^)]*)\)", rest)
    data["type"] = re.sub(r"\s*\([^)]*\)", "", rest).strip()
    if inside:
        data["subtype"] = inside.group(1).strip()
    if alignment.strip():
        data["alignment"] = alignment.strip()


def _label(label: str, value: str, data: dict[str, Any]) -> None:
    key = label.strip().rstrip(":").lower()
    if key in _IGNORED:
        return
    if value.strip().lower() in _NONE:
        return
    name = _FIELDS.get(key, re.sub(r"[^a-z0-9]+", "_", key).strip("_"))
    if name == "hp":
        shown = re.match(r"\s*(\d+)", value)
        rolled = re.search(r"\(([^)]*d[^)]*)\)", value)
        data["hp"] = int(shown.group(1)) if shown else value
        if rolled:
            data["hit_dice"] = rolled.group(1).strip("` ")
        return
    if name == "cr":
        value = value.split("(")[0].strip()
    data[name] = value


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table(lines: list[str], start: int, data: dict[str, Any]) -> int:
    """Ability scores from the table at `start`; returns the index after it."""
    end = start
    while end < len(lines) and lines[end].strip().startswith("|"):
        end += 1
    rows = [_cells(line) for line in lines[start:end] if not re.fullmatch(r"[|:\-\s]+", line)]
    header = [ability_id(cell) for cell in rows[0]] if rows else []
    scores: dict[str, int] = {}
    if header and all(header) and len(rows) > 1:  # 2014: |STR|DEX|...| then | 4 (-3)|...|
        for ability, cell in zip(header, rows[1], strict=False):
            number = re.match(r"\s*(\d+)", cell)
            if ability and number:
                scores[ability] = int(number.group(1))
    else:  # 2024: one row per ability: |Str|10|+0|+0|
        for row in rows:
            for position, cell in enumerate(row[:-1]):
                ability = ability_id(cell)
                number = re.fullmatch(r"\d+", row[position + 1])
                if ability and number:
                    scores[ability] = int(number.group(0))
    if len(scores) == 6:
        data["stats"] = [scores[key] for key in ABILITIES]
    return end


def _section_line(line: str, section: str, data: dict[str, Any]) -> None:
    """A trait or action ('***Bite.*** text'), or more text of the one before."""
    if section == "other":
        return
    items: list[dict[str, str]] = data.setdefault(section, [])
    line = plain(line)
    item = _ITEM.match(line)
    if item is not None:
        name = item.group("name").strip().rstrip(".").strip()
        items.append({"name": name, "desc": item.group("text").strip()})
    elif items:
        items[-1]["desc"] = f"{items[-1]['desc']}\n\n{line}".strip()
    elif section == "legendary_actions":
        data["legendary_description"] = line
    else:
        items.append({"name": "", "desc": line})
