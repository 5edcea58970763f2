"""The players' recap: the journal read as what the players saw, one line per moment.

Kept: scenes played, what the GM showed (people under the name the players know
them by), rolls made in the open, handouts given, clues found, and of each fight
its start and end, what happened to the agents (harm, healing, visible
conditions) and each NPC taken down. Left out: anything GM-only (notes, clocks,
tables, fates, paths, outcomes), private rolls, hides and clears of the players'
screen, turn changes and initiative, and the fight's line-up (who joins or
leaves, reordering), since adding or removing an NPC there would name them.

An NPC's `known_as` is read against the facts the caller gives (the session's
as it stands), so a recap written after the players learned who someone is
names them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from campaign.model import Module
from campaign.players.identity import Fighter, fight_names, identity_of
from campaign.session.combat.kinds import ADD, CONDITION, END, END_CONDITION, HARM, START
from campaign.session.combat.summary import harm_line
from campaign.session.continuity import CLUE_FOUND, HANDOUT_GIVEN
from campaign.session.events import SCENE, Event
from campaign.session.showing import SHOWN
from campaign.session.when import Facts

KEPT_AS_WRITTEN = frozenset({SCENE, CLUE_FOUND, HANDOUT_GIVEN})
"""Kinds whose journal line is already the players' (a scene's title, a clue's text as
the agents learned it, a handout's title)."""

SHOWN_HEADINGS = {"read-aloud": "Read aloud", "map": "Map shown", "clock": "Clock shown"}
"""How the players' recap heads each thing shown besides people and rolls."""


@dataclass
class _Reading:
    """What reading the journal in order has met so far."""

    module: Module
    facts: Facts
    introduced: set[str] = field(default_factory=set)
    fighters: dict[str, Fighter] = field(default_factory=dict)

    def name_of(self, cid: str, fallback: str) -> str:
        names = fight_names(self.module, self.fighters.values(), self.introduced, self.facts)
        return names.get(cid, fallback)


def players_recap(
    events: Iterable[Event], module: Module, facts: Facts
) -> Iterator[tuple[Event, str]]:
    """Each event the players saw, with its line for them, in journal order."""
    reading = _Reading(module, facts)
    for event in events:
        line = _line(event, reading)
        if line:
            yield event, line


def _line(event: Event, reading: _Reading) -> str | None:
    if event.kind in KEPT_AS_WRITTEN:
        return event.summary()
    if event.kind == SHOWN:
        return _shown(event, reading)
    if event.kind == START:
        reading.fighters.clear()
        return "A fight begins"
    if event.kind == END:
        return "The fight ends"
    if event.kind == ADD:
        for item in event.data.get("combatants", []):
            fighter = Fighter(
                str(item["cid"]), str(item.get("name", "")), str(item["kind"]), item.get("ref")
            )
            reading.fighters[fighter.cid] = fighter
        return None
    if event.kind == HARM:
        return _harm(event, reading)
    if event.kind in (CONDITION, END_CONDITION):
        return _condition(event, reading)
    return None


def _shown(event: Event, reading: _Reading) -> str | None:
    what = str(event.data.get("what", ""))
    if what == "roll":
        return f"Rolled in the open: {event.data.get('text', '')}"
    if what == "clear":
        return None
    if what == "npc":
        npc = reading.module.npcs.get(str(event.data.get("id", "")))
        if npc is None or npc.id in reading.introduced:
            return None
        reading.introduced.add(npc.id)
        known = identity_of(npc, reading.facts)
        return f"Met: {known.name}" + (f", {known.role}" if known.role else "")
    heading = SHOWN_HEADINGS.get(what)
    name = _shown_name(reading.module, what, str(event.data.get("id", "")))
    return f"{heading}: {name}" if heading and name else None


def _shown_name(module: Module, what: str, item: str) -> str:
    """The module's own title of what was shown (the event's name is whatever the GM's
    side wrote); '' when it is no longer in the module."""
    if what == "read-aloud":
        return module.scenes[item].title if item in module.scenes else ""
    if what == "map":
        return module.locations[item].name if item in module.locations else ""
    return module.clocks[item].name if item in module.clocks else ""


def _harm(event: Event, reading: _Reading) -> str | None:
    cid = str(event.data.get("cid", ""))
    fighter = reading.fighters.get(cid)
    if fighter is None:
        return None
    name = reading.name_of(cid, fighter.name)
    if fighter.kind != "npc":
        return harm_line({**event.data, "name": name})
    track = event.data.get("track")
    if not isinstance(track, dict):
        return None
    health, before, after = int(track["health"]), int(track["before"]), int(track["after"])
    return f"{name} is down" if before < health <= after else None


def _condition(event: Event, reading: _Reading) -> str | None:
    fighter = reading.fighters.get(str(event.data.get("cid", "")))
    condition_id = str(event.data.get("condition", ""))
    visible = {c.id: c for c in reading.module.ruleset.conditions if c.visible}
    if fighter is None or fighter.kind == "npc" or condition_id not in visible:
        return None
    if event.kind == CONDITION:
        return f"{fighter.name} is {visible[condition_id].name}"
    return f"{fighter.name} is no longer {visible[condition_id].name}"
