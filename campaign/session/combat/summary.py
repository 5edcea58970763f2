"""One line per combat event, for the journal and the recap."""

from __future__ import annotations

from typing import Any

from campaign.session.combat.kinds import (
    ADD,
    CONDITION,
    END,
    END_CONDITION,
    HARM,
    INITIATIVE,
    NEXT,
    ORDER,
    PREVIOUS,
    REMOVE,
    START,
)
from campaign.session.events import Event


def combat_summary(event: Event) -> str | None:
    """One line for the journal, for combat events (None for other kinds)."""
    data = event.data
    if event.kind == START:
        return f"Fight begins{': ' + data['name'] if data.get('name') else ''}"
    if event.kind == END:
        return "Fight ends"
    if event.kind == ADD:
        return "Joins the fight: " + ", ".join(_joining(item) for item in data["combatants"])
    if event.kind == INITIATIVE:
        return "Initiative: " + ", ".join(
            f"{item.get('name', item['cid'])} {item['total']}" for item in _in_order(data)
        )
    if event.kind == ORDER:
        unpinned = data.get("unpinned")
        if isinstance(unpinned, dict):
            name, count = unpinned.get("name", unpinned.get("cid")), unpinned.get("count")
            return f"Order changed: {name} moved by hand: no longer pinned to {count}"
        return "Order changed"
    if event.kind in (NEXT, PREVIOUS):
        lines = data.get("announcements") or [f"Round {data['round']}"]
        return "; ".join(lines)
    if event.kind == HARM:
        return _harm(data)
    if event.kind == CONDITION:
        return f"{data.get('bearer', data['cid'])} is {data.get('name', data['condition'])}"
    if event.kind == END_CONDITION:
        return f"{data.get('bearer', data['cid'])} is no longer {data['condition']}"
    if event.kind == REMOVE:
        return f"{data.get('name', data['cid'])} leaves the fight"
    return None


def _joining(item: dict[str, Any]) -> str:
    """'James Bond', or with the harm a pregen carries from earlier fights:
    'James Bond (carries 3)', 'Ingrid Lindqvist (out)'."""
    damage = int(item.get("damage", 0))
    if damage <= 0:
        return str(item["name"])
    out = damage >= int(item.get("health", 1))
    return f"{item['name']} ({'out' if out else f'carries {damage}'})"


def _in_order(data: dict[str, Any]) -> list[dict[str, Any]]:
    """An initiative event's rolls as the fight runs: written so since they carry
    `in_order`; older events listed them as they joined, so those are sorted by
    total (then the coin), which is the order unless a tie-breaker decided."""
    rolls = list(data.get("rolls", []))
    if data.get("in_order"):
        return rolls
    return sorted(rolls, key=lambda item: (-int(item["total"]), -float(item.get("coin", 0.0))))


def track_change(data: dict[str, Any]) -> str:
    """'HP 12 → 7/12' (hit points left) or 'Wounds 1 → 3/5' (wounds filled), as the
    table shows the track, from a harm event's `track`; '' for events written before it."""
    track = data.get("track")
    if not isinstance(track, dict):
        return ""
    health, before, after = int(track["health"]), int(track["before"]), int(track["after"])
    out = " (out)" if after >= health else ""
    if not track.get("wounds"):
        before, after = health - before, health - after
    return f"{track.get('unit', 'HP')} {before} → {after}/{health}{out}"


def harm_line(data: dict[str, Any]) -> str:
    """'Guard takes 5: HP 12 → 7/12', 'Bond heals 1: Wounds 2 → 1/5'."""
    amount = int(data["amount"])
    verb = "takes" if amount >= 0 else "heals"
    said = f"{data.get('name', data['cid'])} {verb} {abs(amount)}"
    change = track_change(data)
    return f"{said}: {change}" if change else said


def _harm(data: dict[str, Any]) -> str:
    """Typed in: 'Guard takes 5: HP 12 → 7/12'. Rolled at a target: the roll, then
    the same ('Necros: Knife damage on Guard: 1d3 [2] = 2 · Guard takes 2: HP ...')."""
    roll = data.get("roll")
    if isinstance(roll, dict):
        what = data.get("source") or roll.get("expression", "")
        return f"{what}: {roll.get('rendered', '')} · {harm_line(data)}"
    return harm_line(data)
