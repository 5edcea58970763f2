"""Showing things to the players from the GM screen: the `P` menu and the "players see" strip.

Each show and hide is a journal event (`campaign.session.showing`), the same
`campaign show` writes, so it is undone with `u`, resumed, and in the recap.
The strip under the header always says what is on the players' screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from campaign.session import hide, roll_in_the_open, show, shown_of
from campaign.tui.session_access import announce, current_session
from campaign.tui.widgets.prompts import AskScreen, PickScreen

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.session import Session, SessionState
    from campaign.tui.protocols import GMView


class PlayersStrip(Static):
    """One line: what the players' screen shows now (hidden while it shows nothing, so
    the GM screen keeps its rows until the GM shows something)."""

    DEFAULT_CSS = """
    PlayersStrip {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show_state(self, module: Module, state: SessionState | None) -> None:
        text = players_see(module, state)
        self.display = state is not None and not text.startswith("Players see: nothing")
        self.update(Content(text))


def players_see(module: Module, state: SessionState | None) -> str:
    """'Players see: read-aloud (The Drop) · Koskov · 2 handouts · 1 roll' (or nothing)."""
    if state is None:
        return "Players see: nothing (a rehearsal: nothing is recorded or shown)"
    from campaign.session.continuity import record_of

    shown = shown_of(state)
    parts: list[str] = []
    scene = module.scenes.get(shown.read_aloud or "")
    if scene is not None:
        parts.append(f"read-aloud ({scene.title})")
    if shown.npcs:  # the players' side is imported when there is someone to name (issue 20)
        from campaign.players import gm_name_with_alias

        parts += [gm_name_with_alias(module, n, state) for n in shown.npcs if n in module.npcs]
    parts += [f"clock {module.clocks[c].name}" for c in shown.clocks if c in module.clocks]
    place = module.locations.get(shown.map or "")
    if place is not None:
        parts.append(f"map {place.name}")
    given = len(record_of(state).handouts)
    if given:
        parts.append(f"{given} handout{'s' if given != 1 else ''}")
    if shown.rolls:
        parts.append(f"{len(shown.rolls)} roll{'s' if len(shown.rolls) != 1 else ''}")
    return "Players see: " + (" · ".join(parts) if parts else "nothing yet (P shows things)")


def _done(screen: GMView, session: Session, since: int, said: str) -> None:
    announce(screen.app, session, since)
    screen.app.notify(said, markup=False)


def show_menu(screen: GMView, scene_id: str | None) -> None:
    """`P`: pick what to show or hide on the players' screen."""
    session = current_session(screen.app)
    if session is None:
        screen.app.notify("A rehearsal shows nothing: start a session to show the players things")
        return
    from campaign.players import gm_name_with_alias

    module = screen.module
    shown = shown_of(session.state)
    scene = module.scenes.get(scene_id or "")
    reading = scene is not None and shown.read_aloud == scene.id
    choices: list[tuple[str, str | Content]] = []
    if scene is not None:
        choices.append(
            ("read", ("Hide" if reading else "Show") + f" the read-aloud of {scene.title}")
        )
    npcs = [b.npc for b in (scene.npcs if scene else ()) if b.npc in module.npcs]
    choices += [
        (
            f"npc:{n}",
            ("Hide " if n in shown.npcs else "Introduce ")
            + gm_name_with_alias(module, n, session.state),
        )
        for n in npcs
    ]
    if scene is not None and scene.location_id in module.locations:
        place = module.locations[scene.location_id or ""]
        choices.append(
            ("map", ("Hide" if shown.map == place.id else "Show") + f" the map of {place.name}")
        )
    choices += [
        (
            f"clock:{c}",
            ("Hide" if c in shown.clocks else "Show") + f" clock {module.clocks[c].name}",
        )
        for c in (scene.clocks if scene else ())
        if c in module.clocks
    ]
    choices += [("roll", "Roll in the open…"), ("clear", "Clear the players' screen")]
    screen.app.push_screen(
        PickScreen("Show the players", choices),
        lambda answer: _chosen(screen, session, scene_id, answer) if answer else None,
    )


def _chosen(screen: GMView, session: Session, scene_id: str | None, answer: str) -> None:
    module, shown, since = screen.module, shown_of(session.state), session.state.last_seq
    kind, _, item = answer.partition(":")
    if kind == "roll":
        screen.app.push_screen(
            AskScreen("Roll in the open", placeholder="2d6+2"),
            lambda expression: _roll_typed(screen, session, expression),
        )
        return
    if kind == "clear":
        show(session, "clear")
        _done(screen, session, since, "The players' screen is cleared (rolls stay)")
        return
    if kind == "read" and scene_id:
        on = shown.read_aloud == scene_id
        (hide if on else show)(session, "read-aloud", scene_id, module.scenes[scene_id].title)
        _done(screen, session, since, ("Hidden" if on else "Shown") + ": the read-aloud")
        return
    if kind == "map":
        place = module.scenes[scene_id or ""].location_id or ""
        on = shown.map == place
        (hide if on else show)(session, "map", place, module.locations[place].name)
        _done(screen, session, since, ("Hidden" if on else "Shown") + ": the map")
        return
    what = "npc" if kind == "npc" else "clock"
    items = shown.npcs if what == "npc" else shown.clocks
    on = item in items
    name = module.npcs[item].name if what == "npc" else module.clocks[item].name
    (hide if on else show)(session, what, item, name)
    _done(screen, session, since, ("Hidden" if on else "Shown") + f": {name}")


def _roll_typed(screen: GMView, session: Session, expression: str | None) -> None:
    """Roll what was typed; enter on an empty box says so (escape gave None: cancelled)."""
    if expression is None:
        return
    if not expression.strip():
        screen.app.notify("Nothing rolled: type a roll, such as 2d6+2", severity="warning")
        return
    _roll(screen, session, expression)


def _roll(screen: GMView, session: Session, expression: str) -> None:
    from campaign.errors import CampaignError

    since = session.state.last_seq
    try:
        roll_in_the_open(session, expression.strip(), source="in the open")
    except CampaignError as error:
        screen.app.notify(str(error), title="Cannot roll", severity="error", markup=False)
        return
    _done(
        screen, session, since, f"Rolled in the open: {shown_of(session.state).rolls[-1]['text']}"
    )
