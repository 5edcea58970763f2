"""Turns over time: which slot acts next or acted last, and what a turn
change does to conditions.

Conditions count down at the start or end of the bearer's turn (as the
ruleset says). One with a save is rolled at that moment: success ends it.
One that ends is announced in the turn's event.
"""

from __future__ import annotations

import random
from typing import Any

from campaign.dice import compile as compile_dice
from campaign.session.combat.state import Combatant, CombatState


def next_slot(state: CombatState, slots: list[list[Combatant]]) -> tuple[int, int]:
    """(round, turn) of the next slot with anyone still standing; the first
    turn starts round 1. With everyone out it goes round the order once."""
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
    return round_, turn


def previous_slot(state: CombatState, slots: list[list[Combatant]]) -> tuple[int, int]:
    """(round, turn) one slot back; before round 1 is round 0."""
    round_, turn = state.round, state.turn - 1
    if turn < 0:
        if round_ <= 1:
            round_, turn = 0, 0
        else:
            round_, turn = round_ - 1, len(slots) - 1
    return round_, turn


def turn_change(
    round_: int,
    turn: int,
    ending: list[Combatant],
    starting: list[Combatant],
    rng: random.Random,
) -> dict[str, Any]:
    """The data of a next-turn event: conditions tick for the slot that ends,
    then for the slot that starts; the first announcement names who acts."""
    changes: list[dict[str, Any]] = []
    lines: list[str] = []
    for combatant in ending:
        tick(combatant, "end", rng, changes, lines)
    for combatant in starting:
        tick(combatant, "start", rng, changes, lines)
    names = ", ".join(c.name for c in starting)
    lines.insert(0, f"Round {round_}: {names}")
    return {
        "round": round_,
        "turn": turn,
        "conditions": changes,
        "announcements": lines,
    }


def tick(
    combatant: Combatant,
    moment: str,
    rng: random.Random,
    changes: list[dict[str, Any]],
    lines: list[str],
) -> None:
    """Tick the conditions that tick at `moment` ("start" or "end" of the
    bearer's turn): a save is rolled first and ends the condition on success,
    else the rounds count down. Changes and announcements are appended."""
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
