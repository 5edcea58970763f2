"""Printed stat block lines from source fields: speed, size and type, lists, tags."""

from __future__ import annotations

from typing import Any

from campaign.importers.common import clean_text, slug


def speed_text(value: Any) -> str:
    """A speed line from '30 ft., fly 60 ft.' or {'walk': 30, 'fly': 60, 'hover': true}."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, dict):
        return ""
    parts: list[str] = []
    hover = bool(value.get("hover"))
    # A printed speed starts with the walking one; Open5e's JSON lists modes alphabetically.
    ordered = sorted(value.items(), key=lambda item: item[0] != "walk")
    for mode, amount in ordered:
        if mode in ("hover", "notes") or amount in (None, "", 0, False):
            continue
        number = isinstance(amount, int | float) or str(amount).strip().isdigit()
        distance = f"{str(amount).strip()} ft." if number else str(amount).strip()
        if mode == "fly" and hover:
            distance += " (hover)"
        parts.append(distance if mode == "walk" else f"{mode} {distance}")
    if parts and not str(parts[0])[:1].isdigit() and "walk" not in value:
        parts.insert(0, "0 ft.")
    notes = clean_text(value.get("notes"))
    text = ", ".join(parts)
    return f"{text} ({notes})" if notes else text


def size_and_type(size: Any, kind: Any, subtype: Any, alignment: Any) -> str:
    """'Large aberration, lawful evil'; 'Medium humanoid (any race), any alignment'."""
    words = " ".join(part for part in (clean_text(size), clean_text(kind).lower()) if part)
    sub = clean_text(subtype).strip("()")
    if sub:
        words += f" ({sub})"
    align = clean_text(alignment)
    return f"{words}, {align}" if words and align else words or align


def joined(values: Any) -> str:
    """A printed list from 'acid', ['acid', 'fire'] or [{'name': 'Poisoned'}]."""
    if isinstance(values, str):
        return values.strip()
    if not isinstance(values, list):
        return ""
    names = [
        clean_text(value.get("name")) if isinstance(value, dict) else clean_text(value)
        for value in values
    ]
    names = [name for name in names if name]
    separator = "; " if any("," in name for name in names) else ", "
    return separator.join(names)


def monster_tags(*values: Any) -> list[str]:
    """Tags from a creature type, subtype, group and environments (slugs, no repeats)."""
    tags: list[str] = []
    for value in values:
        items = value if isinstance(value, list) else [value]
        for item in items:
            text = clean_text(item.get("name")) if isinstance(item, dict) else clean_text(item)
            tag = slug(text)
            if tag and tag not in tags:
                tags.append(tag)
    return tags
