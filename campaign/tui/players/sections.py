"""The players' screen, section by section, from a `PlayersView` (module text shown as written)."""

from __future__ import annotations

from collections.abc import Iterator

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from campaign.players import PlayersView


def _section(title: str, lines: list[str], widget_id: str) -> Static:
    static = Static(Content("\n").join(Content(line) for line in lines), id=widget_id)
    static.add_class("section")
    static.border_title = title
    return static


def render_sections(view: PlayersView) -> Iterator[Widget]:
    """Every section that has something in it, the read-aloud first and largest."""
    if view.read_aloud:
        now = Static(Content(view.read_aloud), id="now")
        now.border_title = f"Now: {view.scene}" if view.scene else "Now"
        yield now
    if view.fight:
        rows = []
        for row in view.fight:
            marker = "▶ " if row.acting else "  "
            conditions = f"  [{', '.join(row.conditions)}]" if row.conditions else ""
            rows.append(f"{marker}{row.name}: {row.health}{conditions}")
        yield _section(f"Fight · round {view.fight_round}", rows, "fight")
    if view.npcs:
        lines = []
        for card in view.npcs:
            role = f", {card.role}" if card.role else ""
            seems = f" ({card.seems})" if card.seems else ""
            lines.append(f"{card.name}{role}{seems}")
            if card.description:
                lines.append(f"  {' '.join(card.description.split())}")
        yield _section("People", lines, "npcs")
    if view.clocks:
        lines = [
            f"{name}  {filled}/{segments} {'▰' * filled}{'▱' * max(0, segments - filled)}"
            for name, filled, segments in view.clocks
        ]
        yield _section("Clocks", lines, "clocks")
    if view.map:
        lines = [
            f"{key}. {name}: {see}" if see else f"{key}. {name}" for key, name, see in view.map.keys
        ]
        yield _section(f"Map: {view.map.name}", lines or ["(no keys shown)"], "map")
    if view.handouts:
        lines = [f"{title}" for _, title in view.handouts] + ["(h opens them)"]
        yield _section("Handouts", lines, "handouts")
    if view.rolls:
        yield _section("Rolls in the open", list(view.rolls[-6:]), "rolls")
    if not any(
        (view.read_aloud, view.fight, view.npcs, view.clocks, view.map, view.handouts, view.rolls)
    ):
        yield Static("Nothing is shown yet.", id="waiting")
