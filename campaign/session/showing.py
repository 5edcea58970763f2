"""What the GM shows the players: each show and hide an event in the journal.

Shown things are journal events like everything else, so they are undone,
resumed, and in the recap. What players see is derived from them (and from
what the session already records: handouts given, the fight, public clocks)
by `campaign.players`, never from the module's GM fields.

Kinds: `shown` {what, id?, ...} and `hidden` {what, id?}; `what` is one of
`SHOWABLE`. `shown` with what `clear` takes everything shown off the players'
screen but the rolls made in the open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from campaign.session.events import UNDOABLE_KINDS, Event, register_summary
from campaign.session.state import SessionState, extra_part, register_reducer
from campaign.session.store import Session

SHOWN = "shown"
HIDDEN = "hidden"
SHOWABLE = ("read-aloud", "npc", "clock", "map", "roll", "clear")
"""What a GM can show. Handouts given and the fight need no showing: players have them."""
PUBLIC_ROLLS_KEPT = 20
"""Rolls made in the open that stay on the players' screen, newest last."""

UNDOABLE_KINDS.update((SHOWN, HIDDEN))


@dataclass
class Shown:
    """Everything the GM has put on the players' screen, as the journal adds it up."""

    read_aloud: str | None = None
    """The scene whose read-aloud is shown (None: none)."""
    npcs: list[str] = field(default_factory=list)
    """NPCs introduced, in order."""
    introduced: list[str] = field(default_factory=list)
    """Every NPC ever shown this session, in order: hiding or clearing takes a card off
    the screen, but the players have still met them (a fight names them so)."""
    clocks: list[str] = field(default_factory=list)
    """Clocks shown (besides those the module marks public)."""
    map: str | None = None
    """The location whose players' map is shown."""
    rolls: list[dict[str, Any]] = field(default_factory=list)
    """Rolls made in the open: expression, total, text."""


def shown_of(state: SessionState) -> Shown:
    """What is shown, from a session's state (nothing yet: an empty record)."""
    return extra_part(state, "shown", Shown)


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _reduce(state: SessionState, event: Event) -> None:
    shown = shown_of(state)
    what, item = str(event.data.get("what", "")), str(event.data.get("id", ""))
    if event.kind == SHOWN:
        if what == "clear":
            state.extra["shown"] = Shown(rolls=list(shown.rolls), introduced=list(shown.introduced))
        elif what == "read-aloud":
            shown.read_aloud = item or None
        elif what == "npc":
            _add(shown.npcs, item)
            _add(shown.introduced, item)
        elif what == "clock":
            _add(shown.clocks, item)
        elif what == "map":
            shown.map = item or None
        elif what == "roll":
            roll = {key: event.data.get(key) for key in ("expression", "total", "text")}
            shown.rolls = [*shown.rolls, roll][-PUBLIC_ROLLS_KEPT:]
        return
    if what == "read-aloud":
        shown.read_aloud = None
    elif what == "npc" and item in shown.npcs:
        shown.npcs.remove(item)
    elif what == "clock" and item in shown.clocks:
        shown.clocks.remove(item)
    elif what == "map":
        shown.map = None


def _summary(event: Event) -> str:
    what = str(event.data.get("what", ""))
    name = str(event.data.get("name") or event.data.get("id") or "")
    if event.kind == SHOWN and what == "clear":
        return "Players' screen cleared"
    if event.kind == SHOWN and what == "roll":
        return f"Rolled in the open: {event.data.get('text', '')}"
    verb = "Shown to the players" if event.kind == SHOWN else "Hidden from the players"
    return f"{verb}: {what} {name}".rstrip()


for _kind in (SHOWN, HIDDEN):
    register_reducer(_kind, _reduce)
    register_summary(_kind, _summary)


def show(session: Session, what: str, item: str = "", name: str = "") -> Event:
    """Put something on the players' screen (one journal event)."""
    if what not in SHOWABLE or what == "roll":
        raise ValueError(f"cannot show '{what}' this way")
    return session.append(SHOWN, {"what": what, "id": item, "name": name})


def hide(session: Session, what: str, item: str = "", name: str = "") -> Event:
    """Take something off the players' screen (one journal event)."""
    return session.append(HIDDEN, {"what": what, "id": item, "name": name})


def roll_in_the_open(session: Session, expression: str, source: str = "") -> Event:
    """Roll into the journal as usual, then show the roll to the players."""
    _event, roll = session.roll(expression, source=source)
    data = {"what": "roll", "expression": expression, "total": roll.total, "text": roll.render()}
    return session.append(SHOWN, data)
