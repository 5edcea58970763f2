"""One line per combat event, for the journal and the recap."""

from __future__ import annotations

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
        return "Joins the fight: " + ", ".join(item["name"] for item in data["combatants"])
    if event.kind == INITIATIVE:
        return "Initiative: " + ", ".join(
            f"{item.get('name', item['cid'])} {item['total']}" for item in data.get("rolls", [])
        )
    if event.kind == ORDER:
        return "Order changed"
    if event.kind in (NEXT, PREVIOUS):
        lines = data.get("announcements") or [f"Round {data['round']}"]
        return "; ".join(lines)
    if event.kind == HARM:
        amount = int(data["amount"])
        verb = "takes" if amount >= 0 else "heals"
        return f"{data.get('name', data['cid'])} {verb} {abs(amount)}"
    if event.kind == CONDITION:
        return f"{data.get('bearer', data['cid'])} is {data.get('name', data['condition'])}"
    if event.kind == END_CONDITION:
        return f"{data.get('bearer', data['cid'])} is no longer {data['condition']}"
    if event.kind == REMOVE:
        return f"{data.get('name', data['cid'])} leaves the fight"
    return None
