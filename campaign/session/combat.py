"""The combat tracker: initiative, turns, harm and conditions, all as journal events.

Every change is an event in the session, so a fight resumes, undoes and
recaps like everything else. Anything random (initiative, saves against
conditions, how many NPCs a table brings) is rolled when the event is written
and stored in it, so replaying the journal never rolls again.

Order: highest initiative first. Ties go to the higher tie-breaker attribute
(the ruleset's `initiative.tie_breaker`), then to player characters, then to
a coin flip rolled with the initiative. A pinned slot ("the bomb acts on 10")
has its number as its initiative and wins ties. Identical NPCs added as a
group share one roll and one slot. A manual reorder is kept; combatants who
join later are slotted in by initiative around it.

Conditions count down at the start or end of the bearer's turn (as the
ruleset says). One with a save is rolled at that moment: success ends it.
One that ends is announced in the turn's event.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from campaign.characters import initiative_expression, max_health, template_values
from campaign.dice import compile as compile_dice
from campaign.model import Module
from campaign.model.common import fill_template
from campaign.session.events import UNDOABLE_KINDS, Event, register_summary
from campaign.session.state import SessionState, register_reducer
from campaign.session.store import Session, SessionError

START = "combat-start"
ADD = "combat-add"
INITIATIVE = "combat-initiative"
ORDER = "combat-order"
NEXT = "combat-next"
PREVIOUS = "combat-previous"
HARM = "combat-harm"
CONDITION = "combat-condition"
END_CONDITION = "combat-end-condition"
REMOVE = "combat-remove"
END = "combat-end"

KINDS = (START, ADD, INITIATIVE, ORDER, NEXT, PREVIOUS, HARM, CONDITION, END_CONDITION, REMOVE, END)
UNDOABLE_KINDS.update(KINDS)


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
        return (
            -(initiative if initiative is not None else -1000),
            0 if self.pinned is not None else 1,
            -self.tie_break,
            0 if self.kind == "pc" else 1,
            -self.coin,
        )


@dataclass
class CombatState:
    active: bool = False
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


def _state(session_state: SessionState) -> CombatState:
    combat = session_state.extra.get("combat")
    if not isinstance(combat, CombatState):
        combat = CombatState()
        session_state.extra["combat"] = combat
    return combat


def _condition(data: dict[str, Any]) -> ActiveCondition:
    return ActiveCondition(
        condition_id=str(data["condition"]),
        name=str(data.get("name", data["condition"])),
        rounds=data.get("rounds"),
        ticks=str(data.get("ticks", "start")),
        save=data.get("save"),
        save_target=data.get("save_target"),
    )


def _reduce(session_state: SessionState, event: Event) -> None:
    combat = _state(session_state)
    data = event.data
    if event.kind == START:
        session_state.extra["combat"] = CombatState(active=True, name=str(data.get("name", "")))
        return
    if event.kind == END:
        combat.active = False
        return
    if event.kind == ADD:
        for item in data.get("combatants", []):
            combat.combatants[item["cid"]] = Combatant(
                cid=item["cid"],
                name=item["name"],
                kind=item["kind"],
                ref=item.get("ref"),
                health=int(item.get("health", 1)),
                pinned=item.get("pinned"),
                group=item.get("group"),
                tie_break=int(item.get("tie_break", 0)),
            )
            if item.get("ref"):
                combat.counters[item["ref"]] = combat.counters.get(item["ref"], 0) + 1
        return
    if event.kind == INITIATIVE:
        for item in data.get("rolls", []):
            combatant = combat.combatants.get(item["cid"])
            if combatant is not None:
                combatant.initiative = int(item["total"])
                combatant.initiative_roll = str(item.get("rendered", ""))
                combatant.coin = float(item.get("coin", 0.0))
        return
    if event.kind == ORDER:
        combat.manual_order = [str(cid) for cid in data.get("order", [])]
        return
    if event.kind in (NEXT, PREVIOUS):
        combat.round = int(data["round"])
        combat.turn = int(data["turn"])
        combat.announcements = [str(line) for line in data.get("announcements", [])]
        for change in data.get("conditions", []):
            combatant = combat.combatants.get(change["cid"])
            if combatant is None:
                continue
            for condition in list(combatant.conditions):
                if condition.condition_id != change["condition"]:
                    continue
                if change.get("ended"):
                    combatant.conditions.remove(condition)
                elif change.get("rounds") is not None:
                    condition.rounds = int(change["rounds"])
        return
    combatant = combat.combatants.get(str(data.get("cid", "")))
    if combatant is None:
        return
    if event.kind == HARM:
        combatant.damage = max(0, min(combatant.health, combatant.damage + int(data["amount"])))
    elif event.kind == CONDITION:
        combatant.conditions = [
            c for c in combatant.conditions if c.condition_id != data["condition"]
        ]
        combatant.conditions.append(_condition(data))
    elif event.kind == END_CONDITION:
        combatant.conditions = [
            c for c in combatant.conditions if c.condition_id != data["condition"]
        ]
    elif event.kind == REMOVE:
        del combat.combatants[combatant.cid]
        combat.manual_order = [cid for cid in combat.manual_order if cid != combatant.cid]


def _register() -> None:
    for kind in KINDS:
        register_reducer(kind, _reduce)
        register_summary(kind, _summary)


def _summary(event: Event) -> str:
    return combat_summary(event) or event.kind


class CombatTracker:
    """Runs a fight in a session: each method writes one event."""

    def __init__(self, session: Session, module: Module) -> None:
        self.session = session
        self.module = module

    @property
    def state(self) -> CombatState:
        return _state(self.session.state)

    def _require_active(self) -> CombatState:
        state = self.state
        if not state.active:
            raise SessionError("no fight is running; start one first")
        return state

    def _combatant(self, cid: str) -> Combatant:
        state = self._require_active()
        try:
            return state.combatants[cid]
        except KeyError:
            raise SessionError(f"no combatant '{cid}' in this fight") from None

    # setting up

    def start(self, name: str = "") -> Event:
        return self.session.append(START, {"name": name})

    def end(self) -> Event:
        self._require_active()
        return self.session.append(END, {})

    def _tie_break(self, values: dict[str, int]) -> int:
        attribute = self.module.ruleset.initiative.tie_breaker
        return values.get(attribute, 0) if attribute else 0

    def add_npc(self, npc_id: str, count: int = 1, *, group: bool = False) -> list[str]:
        """Add `count` copies of an NPC, numbered ('KGB agent 3') when more than one."""
        state = self._require_active()
        npc = self.module.npcs.get(npc_id)
        if npc is None:
            raise SessionError(f"no NPC '{npc_id}' in module '{self.module.id}'")
        if count < 1:
            raise SessionError("add at least one")
        existing = state.counters.get(npc_id, 0)
        numbered = count > 1 or existing > 0
        ruleset = self.module.ruleset
        items: list[dict[str, Any]] = []
        for number in range(existing + 1, existing + count + 1):
            items.append(
                {
                    "cid": f"{npc_id}-{number}" if numbered else npc_id,
                    "name": f"{npc.name} {number}" if numbered else npc.name,
                    "kind": "npc",
                    "ref": npc_id,
                    "health": max_health(ruleset, npc),
                    "group": f"{npc_id}-group" if group else None,
                    "tie_break": self._tie_break(npc.attributes),
                }
            )
        self.session.append(ADD, {"combatants": items})
        return [str(item["cid"]) for item in items]

    def add_pc(self, pc_id: str) -> str:
        state = self._require_active()
        pc = self.module.pcs.get(pc_id)
        if pc is None:
            raise SessionError(f"no PC '{pc_id}' in module '{self.module.id}'")
        if pc_id in state.combatants:
            raise SessionError(f"{pc.name} is already in the fight")
        self.session.append(
            ADD,
            {
                "combatants": [
                    {
                        "cid": pc_id,
                        "name": pc.name,
                        "kind": "pc",
                        "ref": pc_id,
                        "health": max_health(self.module.ruleset, pc),
                        "tie_break": self._tie_break(pc.attributes),
                    }
                ]
            },
        )
        return pc_id

    def _unique_cid(self, name: str, fallback: str) -> str:
        """An id for a new combatant from its name, numbered if already taken."""
        state = self._require_active()
        base = "-".join(name.lower().split()) or fallback
        cid, suffix = base, 2
        while cid in state.combatants:
            cid, suffix = f"{base}-{suffix}", suffix + 1
        return cid

    def add_named(self, name: str, *, health: int | None = None, kind: str = "pc") -> str:
        """A player's own character (or anyone) by name, with a health track."""
        cid = self._unique_cid(name, "combatant")
        self.session.append(
            ADD,
            {
                "combatants": [
                    {
                        "cid": cid,
                        "name": name,
                        "kind": kind,
                        "ref": None,
                        "health": health or self.module.ruleset.health.default,
                    }
                ]
            },
        )
        return cid

    def add_pinned(self, name: str, initiative: int) -> str:
        """A scripted slot that acts on a fixed count ('the bomb timer acts on 10')."""
        cid = self._unique_cid(name, "event")
        self.session.append(
            ADD,
            {
                "combatants": [
                    {
                        "cid": cid,
                        "name": name,
                        "kind": "event",
                        "ref": None,
                        "health": 1,
                        "pinned": initiative,
                    }
                ]
            },
        )
        return cid

    def add_from_scene(self, scene_id: str, *, group: bool = False) -> list[str]:
        """Every NPC present in a scene, with its count (a dice count is rolled)."""
        scene = self.module.scenes.get(scene_id)
        if scene is None:
            raise SessionError(f"no scene '{scene_id}'")
        added: list[str] = []
        for bring in scene.npcs:
            if bring.npc not in self.module.npcs:
                continue
            count = bring.count if isinstance(bring.count, int) else self._roll_count(bring.count)
            if count > 0:
                added += self.add_npc(bring.npc, count, group=group and count > 1)
        return added

    def _roll_count(self, expression: str) -> int:
        _event, roll = self.session.roll(fill_template(expression, {}), source="how many")
        return max(0, roll.total)

    # initiative and order

    def roll_initiative(self, *, reroll: bool = False) -> Event | None:
        """Roll for everyone without initiative (or everyone); a group rolls once."""
        state = self._require_active()
        ruleset = self.module.ruleset
        pending = [
            c for c in state.order() if c.pinned is None and (reroll or c.initiative is None)
        ]
        if not pending:
            return None

        def build(rng: random.Random) -> tuple[dict[str, Any], None]:
            rolls = []
            group_totals: dict[str, dict[str, Any]] = {}
            for combatant in pending:
                if combatant.group and combatant.group in group_totals:
                    rolls.append(
                        {
                            **group_totals[combatant.group],
                            "cid": combatant.cid,
                            "name": combatant.name,
                        }
                    )
                    continue
                block = self.module.npcs.get(combatant.ref or "") or self.module.pcs.get(
                    combatant.ref or ""
                )
                expression = (
                    initiative_expression(ruleset, block)
                    if block is not None
                    else fill_template(ruleset.initiative.roll, {})
                )
                roll = compile_dice(expression).roll(rng)
                item = {
                    "cid": combatant.cid,
                    "name": combatant.name,
                    "total": roll.total,
                    "rendered": roll.render(),
                    "coin": rng.random(),
                }
                if combatant.group:
                    group_totals[combatant.group] = item
                rolls.append(item)
            return {"rolls": rolls}, None

        event, _ = self.session._append_with_rng(INITIATIVE, build)
        return event

    def set_initiative(self, cid: str, total: int) -> Event:
        combatant = self._combatant(cid)
        return self.session.append(
            INITIATIVE,
            {
                "rolls": [
                    {
                        "cid": cid,
                        "name": combatant.name,
                        "total": total,
                        "rendered": f"set to {total}",
                    }
                ]
            },
        )

    def reorder(self, order: list[str]) -> Event:
        state = self._require_active()
        unknown = [cid for cid in order if cid not in state.combatants]
        if unknown:
            raise SessionError(f"not in this fight: {', '.join(unknown)}")
        return self.session.append(ORDER, {"order": order})

    def move(self, cid: str, offset: int) -> Event:
        """Move a combatant up (negative) or down the order."""
        state = self._require_active()
        order = [c.cid for c in state.order()]
        if cid not in order:
            raise SessionError(f"no combatant '{cid}' in this fight")
        index = order.index(cid)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        return self.reorder(order)

    # turns

    def next_turn(self) -> Event:
        """Advance to the next slot (the first one starts round 1), ticking conditions."""
        state = self._require_active()
        slots = state.slots()
        if not slots:
            raise SessionError("nobody is in the fight yet")
        ending = state.current()
        round_, turn = state.round, state.turn
        for _ in range(len(slots)):
            if round_ == 0:
                round_, turn = 1, 0
            else:
                turn += 1
                if turn >= len(slots):
                    round_, turn = round_ + 1, 0
            if not all(c.out for c in slots[turn]):
                break
        starting = slots[turn]

        def build(rng: random.Random) -> tuple[dict[str, Any], None]:
            changes: list[dict[str, Any]] = []
            lines: list[str] = []
            for combatant in ending:
                self._tick(combatant, "end", rng, changes, lines)
            for combatant in starting:
                self._tick(combatant, "start", rng, changes, lines)
            names = ", ".join(c.name for c in starting)
            lines.insert(0, f"Round {round_}: {names}")
            return {
                "round": round_,
                "turn": turn,
                "conditions": changes,
                "announcements": lines,
            }, None

        event, _ = self.session._append_with_rng(NEXT, build)
        return event

    def _tick(
        self,
        combatant: Combatant,
        moment: str,
        rng: random.Random,
        changes: list[dict[str, Any]],
        lines: list[str],
    ) -> None:
        for condition in combatant.conditions:
            if condition.ticks != moment:
                continue
            change: dict[str, Any] = {"cid": combatant.cid, "condition": condition.condition_id}
            if condition.save is not None and condition.save_target is not None:
                roll = compile_dice(condition.save).roll(rng)
                success = roll.total >= condition.save_target
                change["save"] = {
                    "rendered": roll.render(),
                    "total": roll.total,
                    "target": condition.save_target,
                    "success": success,
                }
                if success:
                    change["ended"] = True
                    lines.append(
                        f"{combatant.name} shakes off {condition.name} "
                        f"({roll.render()} vs {condition.save_target})"
                    )
                    changes.append(change)
                    continue
                lines.append(
                    f"{combatant.name} fails to shake off {condition.name} "
                    f"({roll.render()} vs {condition.save_target})"
                )
            if condition.rounds is not None:
                left = condition.rounds - 1
                change["rounds"] = left
                if left <= 0:
                    change["ended"] = True
                    lines.append(f"{condition.name} ends on {combatant.name}")
            changes.append(change)

    def previous_turn(self) -> Event:
        """Step back one slot (a correction: conditions do not tick back; use undo for that)."""
        state = self._require_active()
        slots = state.slots()
        round_, turn = state.round, state.turn - 1
        if turn < 0:
            if round_ <= 1:
                round_, turn = 0, 0
            else:
                round_, turn = round_ - 1, len(slots) - 1
        return self.session.append(PREVIOUS, {"round": round_, "turn": turn, "announcements": []})

    # harm and conditions

    def harm(self, cid: str, amount: int) -> Event:
        """Damage (positive) or heal (negative); the track stays between empty and full."""
        combatant = self._combatant(cid)
        return self.session.append(HARM, {"cid": cid, "amount": amount, "name": combatant.name})

    def add_condition(self, cid: str, condition_id: str, rounds: int | None = None) -> Event:
        combatant = self._combatant(cid)
        known = {condition.id: condition for condition in self.module.ruleset.conditions}
        condition = known.get(condition_id)
        if condition is None:
            raise SessionError(
                f"unknown condition '{condition_id}'; the ruleset has: {', '.join(known)}"
            )
        save = None
        if condition.save is not None:
            block = self.module.npcs.get(combatant.ref or "") or self.module.pcs.get(
                combatant.ref or ""
            )
            values: dict[str, int] = {}
            if block is not None:
                values = template_values(self.module.ruleset, block)
            save = fill_template(condition.save, values)
        return self.session.append(
            CONDITION,
            {
                "cid": cid,
                "condition": condition.id,
                "name": condition.name,
                "rounds": rounds if rounds is not None else condition.rounds,
                "ticks": condition.ticks,
                "save": save,
                "save_target": condition.save_target,
                "bearer": combatant.name,
            },
        )

    def end_condition(self, cid: str, condition_id: str) -> Event:
        combatant = self._combatant(cid)
        if not any(c.condition_id == condition_id for c in combatant.conditions):
            raise SessionError(f"{combatant.name} is not {condition_id}")
        return self.session.append(
            END_CONDITION, {"cid": cid, "condition": condition_id, "bearer": combatant.name}
        )

    def remove(self, cid: str) -> Event:
        combatant = self._combatant(cid)
        return self.session.append(REMOVE, {"cid": cid, "name": combatant.name})


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


__all__ = [
    "ActiveCondition",
    "CombatState",
    "CombatTracker",
    "Combatant",
    "combat_summary",
]

_register()
