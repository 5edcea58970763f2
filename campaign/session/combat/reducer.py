"""Fold combat events into the fight's state, and hook combat into the journal.

Events carry everything that was rolled when they were written, so folding
them never rolls: replaying a journal gives the same fight every time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from campaign.session.combat.kinds import (
    ADD,
    CONDITION,
    END,
    END_CONDITION,
    HARM,
    INITIATIVE,
    KINDS,
    NEXT,
    ORDER,
    PREVIOUS,
    REMOVE,
    START,
)
from campaign.session.combat.state import ActiveCondition, Combatant, CombatState, combat_state
from campaign.session.combat.summary import combat_summary
from campaign.session.continuity import record_of
from campaign.session.events import UNDOABLE_KINDS, Event, register_summary
from campaign.session.state import SessionState, register_reducer


def register_combat_events() -> None:
    """Combat events can be undone, fold into the session state and have summaries."""
    UNDOABLE_KINDS.update(KINDS)
    for kind in KINDS:
        register_reducer(kind, reduce_combat)
        register_summary(kind, _summary)


def _summary(event: Event) -> str:
    return combat_summary(event) or event.kind


def reduce_combat(session_state: SessionState, event: Event) -> None:
    """Apply one combat event to the session's fight."""
    combat = combat_state(session_state)
    data = event.data
    if event.kind == START:
        session_state.extra["combat"] = CombatState(active=True, name=str(data.get("name", "")))
        return
    fight_change = _FIGHT_CHANGES.get(event.kind)
    if fight_change is not None:
        fight_change(combat, data)
        return
    # The rest change one combatant, who may have left the fight since.
    combatant = combat.combatants.get(str(data.get("cid", "")))
    if combatant is None:
        return
    combatant_change = _COMBATANT_CHANGES.get(event.kind)
    before = combatant.damage
    if combatant_change is not None:
        combatant_change(combat, combatant, data)
    if event.kind == HARM and combatant.kind == "pc" and combatant.ref:
        _carry_harm(session_state, combatant, combatant.damage - before)


def _carry_harm(session_state: SessionState, combatant: Combatant, change: int) -> None:
    """A pregen's harm in a fight is their harm in the campaign record too: the next
    fight, the roster, `forecast --session` and the next evening start from it. The
    change (not the total) is added, so a fight that began from the record and one
    recorded before fights carried harm both add up."""
    record = record_of(session_state).pc(str(combatant.ref))
    record.damage = max(0, min(combatant.health, record.damage + change))


# --- the fight as a whole ------------------------------------------------------------


def _end(combat: CombatState, data: dict[str, Any]) -> None:
    combat.active = False
    combat.ended = True


def _add(combat: CombatState, data: dict[str, Any]) -> None:
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
            # a pregen joins with the harm the campaign record carries
            damage=int(item.get("damage", 0)),
        )
        if item.get("ref"):
            combat.counters[item["ref"]] = combat.counters.get(item["ref"], 0) + 1


def _initiative(combat: CombatState, data: dict[str, Any]) -> None:
    for item in data.get("rolls", []):
        combatant = combat.combatants.get(item["cid"])
        if combatant is not None:
            if combatant.pinned is not None:
                # only a typed count reaches a pinned slot (rolls skip it): it moves the
                # pin, so the slot acts on what the log says and its ⚑ shows that count
                combatant.pinned = int(item["total"])
            combatant.initiative = int(item["total"])
            combatant.initiative_roll = str(item.get("rendered", ""))
            combatant.coin = float(item.get("coin", 0.0))


def _order(combat: CombatState, data: dict[str, Any]) -> None:
    combat.manual_order = [str(cid) for cid in data.get("order", [])]
    unpinned = data.get("unpinned")
    moved = combat.combatants.get(str(unpinned.get("cid", ""))) if unpinned else None
    if moved is not None and moved.pinned is not None:
        # moved by hand: it acts where the GM put it, on its count as a plain initiative
        moved.initiative, moved.pinned = moved.pinned, None


def _turn(combat: CombatState, data: dict[str, Any]) -> None:
    round_, turn = int(data["round"]), int(data["turn"])
    if turn == 0 and round_ != combat.round:
        combat.round_starts[round_] = _copies(combat)
    combat.round = round_
    combat.turn = turn
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


def _copies(combat: CombatState) -> list[Combatant]:
    """The combatants as they are, copied (later events change the originals in place)."""
    return [
        dataclasses.replace(c, conditions=[dataclasses.replace(x) for x in c.conditions])
        for c in combat.combatants.values()
    ]


_FIGHT_CHANGES: dict[str, Callable[[CombatState, dict[str, Any]], None]] = {
    END: _end,
    ADD: _add,
    INITIATIVE: _initiative,
    ORDER: _order,
    NEXT: _turn,
    PREVIOUS: _turn,
}


# --- one combatant -------------------------------------------------------------------


def _harm(combat: CombatState, combatant: Combatant, data: dict[str, Any]) -> None:
    combatant.damage = max(0, min(combatant.health, combatant.damage + int(data["amount"])))


def _condition(combat: CombatState, combatant: Combatant, data: dict[str, Any]) -> None:
    combatant.conditions = [c for c in combatant.conditions if c.condition_id != data["condition"]]
    combatant.conditions.append(
        ActiveCondition(
            condition_id=str(data["condition"]),
            name=str(data.get("name", data["condition"])),
            rounds=data.get("rounds"),
            ticks=str(data.get("ticks", "start")),
            save=data.get("save"),
            save_target=data.get("save_target"),
        )
    )


def _end_condition(combat: CombatState, combatant: Combatant, data: dict[str, Any]) -> None:
    combatant.conditions = [c for c in combatant.conditions if c.condition_id != data["condition"]]


def _remove(combat: CombatState, combatant: Combatant, data: dict[str, Any]) -> None:
    # `turn` counts slots: a slot before the current one that empties would pass the
    # turn on to the next combatant without their having acted, so the count follows.
    slots = combat.slots()
    index = next((i for i, slot in enumerate(slots) if combatant in slot), None)
    empties = index is not None and len(slots[index]) == 1
    del combat.combatants[combatant.cid]
    combat.manual_order = [cid for cid in combat.manual_order if cid != combatant.cid]
    if empties and index is not None and index < combat.turn:
        combat.turn -= 1


_COMBATANT_CHANGES: dict[str, Callable[[CombatState, Combatant, dict[str, Any]], None]] = {
    HARM: _harm,
    CONDITION: _condition,
    END_CONDITION: _end_condition,
    REMOVE: _remove,
}
