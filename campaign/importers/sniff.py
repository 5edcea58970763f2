"""Which supported format a file holds, so each importer can refuse another's input.

The monster sources look alike (a `name`, `hit_points`, `armor_class`), and an
importer that accepted any of them would import a 5e-bits file as degraded
Open5e monsters with exit 0. Each item is recognised by the fields only its
format has; an importer given another format's file refuses it and names the
command that reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campaign.importers.report import ImportInputError

FORMAT_NAMES: dict[str, str] = {
    "foundry-table": "Foundry VTT roll tables",
    "open5e-monster": "Open5e API v1 monsters",
    "open5e-v2": "Open5e API v2 creatures",
    "5e-bits-monster": "5e-bits (5e-database) monsters",
    "statblock-yaml": "Fantasy Statblocks stat blocks",
}

_WHAT: dict[str, str] = {
    "foundry-table": "a Foundry roll table",
    "open5e-monster": "an Open5e monster",
    "5e-bits-monster": "a 5e-bits monster",
    "statblock-yaml": "a Fantasy Statblocks stat block",
    "obsidian": "an Obsidian note",
}
"""What each importer expects, as its refusals say it."""

_SAMPLE = 20
"""Items looked at to decide; a file is one format throughout."""


def _items(data: Any) -> list[Any]:
    if isinstance(data, dict):
        for key in ("results", "creatures", "monsters"):
            if isinstance(data.get(key), list) and "name" not in data:
                return list(data[key][:_SAMPLE])
        return [data]
    if isinstance(data, list):
        return data[:_SAMPLE]
    return []


def item_format(item: Any) -> str | None:
    """The format one object belongs to, by the fields only that format has."""
    if isinstance(item, dict) and isinstance(item.get("fields"), dict) and "model" in item:
        return "open5e-monster" if str(item["model"]).endswith(".monster") else None
    if not isinstance(item, dict) or "name" not in item:
        return None
    if isinstance(item.get("results"), list):
        return "foundry-table"
    if isinstance(item.get("ability_scores"), dict) or (
        isinstance(item.get("document"), dict) and "key" in item
    ):
        return "open5e-v2"
    armor = item.get("armor_class")
    if (
        isinstance(armor, list)
        or "hit_points_roll" in item
        or (isinstance(item.get("proficiencies"), list) and "index" in item)
    ):
        return "5e-bits-monster"
    if isinstance(armor, int) and "index" in item and "url" in item:
        return "5e-bits-monster"  # before 2023 the database wrote armor_class as a number
    if (
        "slug" in item
        or "document__slug" in item
        or ("hit_points" in item and ("strength" in item or "challenge_rating" in item))
    ):
        return "open5e-monster"
    if isinstance(item.get("stats"), list) or "hp" in item or "ac" in item:
        return "statblock-yaml"
    return None


def sniff(data: Any) -> str | None:
    """The format most of the (first) items of the data belong to, or None."""
    counts: dict[str, int] = {}
    for item in _items(data):
        found = item_format(item)
        if found:
            counts[found] = counts.get(found, 0) + 1
    return max(counts, key=lambda name: counts[name]) if counts else None


def refuse_other_format(path: Path, data: Any, expected: str) -> None:
    """Raise a one-line error when the data is plainly another supported format."""
    found = sniff(data)
    if found is None or found == expected:
        return
    if found == "open5e-v2":
        raise ImportInputError(
            f"{path}: an Open5e API v2 creature; campaign reads the v1 /monsters/ format "
            "(https://api.open5e.com/v1/monsters/)"
        )
    raise ImportInputError(
        f"{path}: not {_WHAT.get(expected, expected)}: it holds {FORMAT_NAMES[found]}; "
        f"import it with `campaign import {found}`"
    )
