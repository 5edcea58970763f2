"""The combat tracker's commands: each method checks the fight and writes one event.

Every change is an event in the session, so a fight resumes, undoes and
recaps like everything else. Anything random (initiative, saves against
conditions, how many NPCs a table brings) is rolled when the event is written
and stored in it, so replaying the journal never rolls again. The fight itself
is derived from those events (`reducer.py`, `state.py`).
"""

from __future__ import annotations

import random
from typing import Any

from campaign.characters import max_health
from campaign.dice import compile as compile_dice
from campaign.model import Module
from campaign.model.common import fill_template
from campaign.session.combat.conditions import condition_save
from campaign.session.combat.initiative import in_turn_order, initiative_rolls, tie_break
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
from campaign.session.combat.scene import scene_opposition
from campaign.session.combat.state import Combatant, CombatState, combat_state
from campaign.session.combat.turns import next_slot, previous_slot, turn_change
from campaign.session.continuity import record_of
from campaign.session.events import Event
from campaign.session.store import Session, SessionError


class CombatTracker:
    """Runs a fight in a session: each method writes one event."""

    def __init__(self, session: Session, module: Module) -> None:
        self.session = session
        self.module = module

    @property
    def state(self) -> CombatState:
        return combat_state(self.session.state)

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
                    "tie_break": tie_break(self.module, npc.attributes),
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
        health = max_health(self.module.ruleset, pc)
        carried = record_of(self.session.state).pcs.get(pc_id)
        self.session.append(
            ADD,
            {
                "combatants": [
                    {
                        "cid": pc_id,
                        "name": pc.name,
                        "kind": "pc",
                        "ref": pc_id,
                        "health": health,
                        "tie_break": tie_break(self.module, pc.attributes),
                        # the harm they carry from earlier fights (and evenings), until healed
                        "damage": min(health, carried.damage) if carried else 0,
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

    def _unique_name(self, name: str) -> str:
        """The name, numbered ('Ada 2') if someone in the fight already has it, so two of
        them can be told apart on the line and in the log."""
        taken = {c.name.casefold() for c in self._require_active().combatants.values()}
        shown, number = name, 2
        while shown.casefold() in taken:
            shown, number = f"{name} {number}", number + 1
        return shown

    def add_named(self, name: str, *, health: int | None = None, kind: str = "pc") -> str:
        """A player's own character (or anyone) by name, with a health track."""
        name = self._unique_name(name)
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
        name = self._unique_name(name)
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
        """The scene's opposition with its counts (a dice count is rolled): the fight the
        scene declares if it declares one, else every NPC present (see `scene_opposition`)."""
        scene = self.module.scenes.get(scene_id)
        if scene is None:
            raise SessionError(f"no scene '{scene_id}'")
        added: list[str] = []
        for bring in scene_opposition(scene).brings:
            if bring.npc not in self.module.npcs:
                continue
            count = bring.count if isinstance(bring.count, int) else self._roll_count(bring.count)
            if count > 0:
                added += self.add_npc(bring.npc, count, group=group and count > 1)
        return added

    def npc_named(self, text: str) -> str | None:
        """The module NPC whose id or name is `text` (case and spacing aside), if any."""
        wanted = " ".join(text.split()).casefold()
        for npc_id, npc in self.module.npcs.items():
            if wanted in (npc_id.casefold(), " ".join(npc.name.split()).casefold()):
                return npc_id
        return None

    def _roll_count(self, expression: str) -> int:
        _event, roll = self.session.roll(fill_template(expression, {}), source="how many")
        return max(0, roll.total)

    # initiative and order

    def roll_initiative(self, *, reroll: bool = False) -> Event | None:
        """Roll for everyone without initiative (or everyone); a group rolls once."""
        state = self._require_active()
        # a scripted slot never rolls, pinned or (moved by hand) no longer pinned
        pending = [
            c
            for c in state.order()
            if c.pinned is None and c.kind != "event" and (reroll or c.initiative is None)
        ]
        if not pending:
            return None

        def build(rng: random.Random) -> tuple[dict[str, Any], None]:
            rolls = initiative_rolls(self.module, pending, rng)
            # listed as they will act, so the log's line reads as the order
            return {"rolls": in_turn_order(state, rolls), "in_order": True}, None

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

    def reorder(self, order: list[str], *, unpin: Combatant | None = None) -> Event:
        """Put the fight in `order`; `unpin` is a pinned slot the GM moved by hand."""
        state = self._require_active()
        unknown = [cid for cid in order if cid not in state.combatants]
        if unknown:
            raise SessionError(f"not in this fight: {', '.join(unknown)}")
        data: dict[str, Any] = {"order": order}
        if unpin is not None and unpin.pinned is not None:
            data["unpinned"] = {"cid": unpin.cid, "name": unpin.name, "count": unpin.pinned}
        return self.session.append(ORDER, data)

    def move(self, cid: str, offset: int) -> Event:
        """Move a combatant up (negative) or down the order.

        A pinned slot moved by hand is no longer pinned: its ⚑ promised that it acts on
        its count whatever else happens (newcomers slot in around that count, it wins
        ties), and the GM who moves it has just placed it somewhere else. It keeps the
        count as a plain initiative, as anyone moved by hand keeps theirs; undo pins it
        again, and a typed count (I) sets its initiative like anyone's."""
        state = self._require_active()
        order = [c.cid for c in state.order()]
        if cid not in order:
            raise SessionError(f"no combatant '{cid}' in this fight")
        index = order.index(cid)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        moved = state.combatants[cid] if target != index else None
        return self.reorder(order, unpin=moved)

    # turns

    def next_turn(self) -> Event:
        """Advance to the next slot (the first one starts round 1), ticking conditions."""
        state = self._require_active()
        slots = state.slots()
        if not slots:
            raise SessionError("nobody is in the fight yet")
        ending = state.current()
        round_, turn = next_slot(state, slots)
        starting = slots[turn]

        def build(rng: random.Random) -> tuple[dict[str, Any], None]:
            return turn_change(round_, turn, ending, starting, rng), None

        event, _ = self.session._append_with_rng(NEXT, build)
        return event

    def previous_turn(self) -> Event:
        """Step back one slot (a correction: conditions do not tick back; use undo for that)."""
        state = self._require_active()
        round_, turn = previous_slot(state, state.slots())
        return self.session.append(PREVIOUS, {"round": round_, "turn": turn, "announcements": []})

    # harm and conditions

    def harm(self, cid: str, amount: int) -> Event:
        """Damage (positive) or heal (negative); the track stays between empty and full."""
        combatant = self._combatant(cid)
        return self.session.append(HARM, self._harm_data(combatant, amount))

    def damage_roll(self, cid: str, expression: str, source: str = "") -> Event:
        """Roll damage at a combatant and take it off their track: one event, so one
        undo takes back both the roll and the harm. A negative total does no harm."""
        combatant = self._combatant(cid)
        compiled = compile_dice(expression)

        def build(rng: random.Random) -> tuple[dict[str, Any], None]:
            roll = compiled.roll(rng)
            data = self._harm_data(combatant, max(0, roll.total))
            data["roll"] = {"expression": roll.expression, "rendered": roll.render()}
            if source:
                data["source"] = source
            return data, None

        event, _ = self.session._append_with_rng(HARM, build)
        return event

    def _harm_data(self, combatant: Combatant, amount: int) -> dict[str, Any]:
        """A harm event's data, with the track before and after as the table shows
        it (wounds filled, or hit points left): the log reads 'Guard: HP 12 → 7/12'."""
        health = self.module.ruleset.health
        after = max(0, min(combatant.health, combatant.damage + amount))
        return {
            "cid": combatant.cid,
            "amount": amount,
            "name": combatant.name,
            "track": {
                "unit": health.name,
                "wounds": health.track == "wounds",
                "health": combatant.health,
                "before": combatant.damage,
                "after": after,
            },
        }

    def add_condition(self, cid: str, condition_id: str, rounds: int | None = None) -> Event:
        combatant = self._combatant(cid)
        known = {condition.id: condition for condition in self.module.ruleset.conditions}
        condition = known.get(condition_id)
        if condition is None:
            raise SessionError(
                f"unknown condition '{condition_id}'; the ruleset has: {', '.join(known)}"
            )
        save = condition_save(self.module, condition, combatant)
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
