"""What the players may see of a session: one player-safe projection, built in one place.

Everything here is read from what the GM has shown (`campaign.session.showing`)
or what the players already have (handouts given, the fight in front of them,
clocks the module marks public), and only from player-safe fields: a scene's
read-aloud (the variant that holds), an NPC's name, role, description and
apparent allegiance (or the `known_as` they go by, `campaign.players.identity`),
a location's public keys. Never stats, secrets, tactics, GM notes, true
allegiances or clues not found; never the name of an NPC the players have not
met (a fight shows them as 'Unknown').
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.model import NPC, Module
from campaign.players.identity import Fighter, fight_names, identity_of
from campaign.session.combat.state import Combatant, combat_state
from campaign.session.continuity import record_of
from campaign.session.showing import Shown, shown_of
from campaign.session.state import SessionState
from campaign.session.when import Facts, facts_of, read_aloud_for


@dataclass(frozen=True, slots=True)
class NpcCard:
    """An NPC as the agents know them."""

    name: str
    role: str
    description: str
    seems: str
    """Their apparent allegiance, if the module gives one."""


@dataclass(frozen=True, slots=True)
class FightRow:
    """One combatant as the players see them."""

    name: str
    acting: bool
    health: str
    """A PC's track exactly ('Wounds 1/5', 'Wounds 4/4 (out)'); an NPC's in words ('hurt')."""
    conditions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MapView:
    """A location's players' map: its name, and the public keys."""

    location: str
    name: str
    keys: tuple[tuple[str, str, str], ...]
    """(key, name, what the agents see)."""


@dataclass(frozen=True, slots=True)
class PlayersView:
    """Everything on the players' screen."""

    scene: str | None
    read_aloud: str | None
    handouts: tuple[tuple[str, str], ...]
    npcs: tuple[NpcCard, ...]
    clocks: tuple[tuple[str, int, int], ...]
    rolls: tuple[str, ...]
    fight_round: int | None
    fight: tuple[FightRow, ...]
    map: MapView | None


def condition_words(health: int, damage: int) -> str:
    """An NPC's state in words: unhurt, hurt, badly hurt (half or less left), down."""
    left = health - damage
    if left <= 0:
        return "down"
    if damage <= 0:
        return "unhurt"
    return "badly hurt" if left * 2 <= health else "hurt"


def _fight(
    module: Module, state: SessionState, shown: Shown, facts: Facts
) -> tuple[int | None, tuple[FightRow, ...]]:
    combat = combat_state(state)
    if not combat.active or combat.ended:
        return None, ()
    visible = {c.id for c in module.ruleset.conditions if c.visible}
    acting = {combatant.cid for combatant in combat.current()}
    fighters = (Fighter(c.cid, c.name, c.kind, c.ref) for c in combat.combatants.values())
    names = fight_names(module, fighters, shown.introduced, facts)
    rows = []
    for combatant in combat.order():
        if combatant.kind == "event":  # a scripted slot is the GM's, not a combatant
            continue
        rows.append(
            FightRow(
                name=names.get(combatant.cid, combatant.name),
                acting=combatant.cid in acting,
                health=_health(module, combatant),
                conditions=tuple(c.name for c in combatant.conditions if c.condition_id in visible),
            )
        )
    return combat.round, tuple(rows)


def _health(module: Module, combatant: Combatant) -> str:
    """An agent's track as the table keeps it ('Wounds 1/5' filled, 'HP 7/12' left), with
    '(out)' once it is full, the word the tracker uses; an NPC's in words."""
    if combatant.kind == "pc":
        health = module.ruleset.health
        shown = combatant.damage if health.track == "wounds" else combatant.remaining
        return f"{health.name} {shown}/{combatant.health}" + (" (out)" if combatant.out else "")
    return condition_words(combatant.health, combatant.damage)


def _clocks(
    module: Module, state: SessionState, shown: list[str]
) -> tuple[tuple[str, int, int], ...]:
    wanted = [key for key, clock in module.clocks.items() if clock.public]
    wanted += [key for key in shown if key not in wanted]
    rows = []
    for key in wanted:
        clock = module.clocks.get(key)
        if clock is None:
            continue
        value = state.clocks.get(key)
        filled = value.filled if value is not None else clock.start
        rows.append((clock.name, filled, clock.segments))
    return tuple(rows)


def _map(module: Module, location_id: str | None) -> MapView | None:
    location = module.locations.get(location_id or "")
    if location is None:
        return None
    keys = tuple((key.key, key.name, key.see.strip()) for key in location.keys if key.public)
    return MapView(location.id, location.name, keys)


def _card(npc: NPC, facts: Facts) -> NpcCard:
    known = identity_of(npc, facts)
    seems = npc.allegiance.apparent if npc.allegiance else ""
    return NpcCard(known.name, known.role, known.description, seems)


def players_view(module: Module, state: SessionState) -> PlayersView:
    """The players' screen for this session now."""
    shown = shown_of(state)
    facts = facts_of(state, module)
    scene = module.scenes.get(shown.read_aloud or "")
    read_aloud = read_aloud_for(scene, facts)[0] if scene else None
    given = record_of(state).handouts
    handouts = tuple(
        (key, module.handouts[key].title)
        for key in given
        if key in module.handouts and module.handouts[key].audience == "players"
    )
    npcs = tuple(_card(npc, facts) for npc in (module.npcs.get(key) for key in shown.npcs) if npc)
    fight_round, fight = _fight(module, state, shown, facts)
    return PlayersView(
        scene=scene.title if scene else None,
        read_aloud=read_aloud.strip() if read_aloud else None,
        handouts=handouts,
        npcs=npcs,
        clocks=_clocks(module, state, shown.clocks),
        rolls=tuple(str(roll.get("text", "")) for roll in shown.rolls),
        fight_round=fight_round,
        fight=fight,
        map=_map(module, shown.map),
    )
