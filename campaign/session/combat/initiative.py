"""Initiative: who rolls what, rolled once when the event is written.

A combatant rolls its stat block's initiative (or the ruleset's template when
it has none); a group rolls once and every member shares the result. Each
roll carries a coin flip, the last tie-breaker of the turn order.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from campaign.characters import initiative_expression
from campaign.dice import compile as compile_dice
from campaign.model import NPC, PC, Module
from campaign.model.common import fill_template
from campaign.session.combat.state import Combatant, CombatState


def stat_block(module: Module, ref: str | None) -> NPC | PC | None:
    """The NPC or PC a combatant stands for, if it stands for one."""
    return module.npcs.get(ref or "") or module.pcs.get(ref or "")


def tie_break(module: Module, values: dict[str, int]) -> int:
    """The ruleset's tie-breaker attribute among `values` (0 if it has none)."""
    attribute = module.ruleset.initiative.tie_breaker
    return values.get(attribute, 0) if attribute else 0


def initiative_rolls(
    module: Module, pending: list[Combatant], rng: random.Random
) -> list[dict[str, Any]]:
    """One roll per combatant in `pending`, in order, as stored in the event."""
    ruleset = module.ruleset
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
        block = stat_block(module, combatant.ref)
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
    return rolls


def in_turn_order(state: CombatState, rolls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rolls` sorted as the fight will run once they are in: the order the
    combatants act in (ties, pins and a manual order included), not the order
    they joined."""
    rolled = {str(item["cid"]): item for item in rolls}
    after = dataclasses.replace(
        state,
        combatants={
            cid: dataclasses.replace(
                combatant,
                initiative=int(rolled[cid]["total"]),
                coin=float(rolled[cid].get("coin", 0.0)),
            )
            if cid in rolled
            else combatant
            for cid, combatant in state.combatants.items()
        },
    )
    place = {combatant.cid: index for index, combatant in enumerate(after.order())}
    return sorted(rolls, key=lambda item: place.get(str(item["cid"]), len(place)))
