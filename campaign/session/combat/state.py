"""What a fight looks like at one point of the journal: who is in it, their
harm and conditions, and the turn order.

Order: highest initiative first. Ties go to the higher tie-breaker attribute
(the ruleset's `initiative.tie_breaker`), then to player characters, then to
a coin flip rolled with the initiative. Before initiative is rolled the player
characters come first, then the NPCs, each as they joined. A pinned slot ("the bomb acts on 10")
has its number as its initiative and wins ties; moved by hand, it is no longer
pinned (`CombatTracker.move` says why). Identical NPCs added as a
group share one slot. A manual reorder is kept; combatants who join later are
slotted in by initiative around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from campaign.session.state import SessionState, extra_part


@dataclass
class ActiveCondition:
    condition_id: str
    name: str
    rounds: int | None
    """Rounds left; None lasts until saved against or removed."""
    ticks: str = "start"
    save: str | None = None
    """The save's dice expression, filled in for the bearer."""
    save_target: int | None = None


@dataclass
class Combatant:
    cid: str
    name: str
    kind: str
    """'npc', 'pc' or 'event' (a pinned, scripted slot)."""
    ref: str | None
    """The NPC or PC id, if any."""
    health: int
    """Maximum wounds or hit points."""
    damage: int = 0
    initiative: int | None = None
    initiative_roll: str = ""
    tie_break: int = 0
    """The ruleset's tie-breaker attribute value."""
    coin: float = 0.0
    pinned: int | None = None
    group: str | None = None
    conditions: list[ActiveCondition] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return max(0, self.health - self.damage)

    @property
    def out(self) -> bool:
        return self.kind != "event" and self.damage >= self.health

    def sort_key(self) -> tuple[float, ...]:
        initiative = self.pinned if self.pinned is not None else self.initiative
        if initiative is None:
            # Before initiative: the agents together, then the NPCs, each as they joined
            # (the sort is stable), so the GM reads two sides, not a shuffle.
            return (1000, 1, 0 if self.kind == "pc" else 1, 0, 0, 0)
        return (
            -initiative,
            0 if self.pinned is not None else 1,
            -self.tie_break,
            0 if self.kind == "pc" else 1,
            -self.coin,
        )


@dataclass
class CombatState:
    active: bool = False
    ended: bool = False
    """The fight was ended (its combatants and round are kept to be looked at)."""
    name: str = ""
    round: int = 0
    """0 before the first turn."""
    turn: int = 0
    """Index into `slots()` of whose turn it is."""
    combatants: dict[str, Combatant] = field(default_factory=dict)
    manual_order: list[str] = field(default_factory=list)
    announcements: list[str] = field(default_factory=list)
    """What the latest turn change announced (conditions ending, saves)."""
    counters: dict[str, int] = field(default_factory=dict)
    """How many of each NPC were added, for numbering copies."""
    round_starts: dict[int, list[Combatant]] = field(default_factory=dict)
    """The combatants as each round began (copies): the forecast line of a round is
    worked out from them, so it reads the same however often the tracker is opened
    and whatever the round has done since, and undoing back into a round finds it."""

    @property
    def down(self) -> int:
        """How many combatants are out (their track is full)."""
        return sum(1 for combatant in self.combatants.values() if combatant.out)

    def order(self) -> list[Combatant]:
        ranked = sorted(self.combatants.values(), key=Combatant.sort_key)
        if not self.manual_order:
            return ranked
        placed = [self.combatants[cid] for cid in self.manual_order if cid in self.combatants]
        for combatant in ranked:
            if combatant in placed:
                continue
            index = next(
                (i for i, other in enumerate(placed) if other.sort_key() > combatant.sort_key()),
                len(placed),
            )
            placed.insert(index, combatant)
        return placed

    def slots(self) -> list[list[Combatant]]:
        """Turn slots in order: a group shares one slot."""
        result: list[list[Combatant]] = []
        by_group: dict[str, list[Combatant]] = {}
        for combatant in self.order():
            if combatant.group:
                if combatant.group in by_group:
                    by_group[combatant.group].append(combatant)
                    continue
                by_group[combatant.group] = [combatant]
                result.append(by_group[combatant.group])
            else:
                result.append([combatant])
        return result

    def current(self) -> list[Combatant]:
        slots = self.slots()
        if not self.active or self.round == 0 or not slots:
            return []
        return slots[min(self.turn, len(slots) - 1)]


def combat_state(session_state: SessionState) -> CombatState:
    """The fight in a session's derived state (an empty one before any fight)."""
    return extra_part(session_state, "combat", CombatState)
