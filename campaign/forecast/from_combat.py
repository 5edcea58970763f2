"""The fight in the combat tracker, forecast as it now stands.

The tracker's combatants become a forecast roster: the player characters
still standing are the agents, the NPCs still standing the opposition, each
with the health it has left now (its maximum as the tracker keeps it). A
combatant already out is not in the roster. A combatant the model cannot
play (typed in by name, so it has no stat block; a pinned, scripted slot) is
left out and listed as not modelled, as are conditions on those who fight
(the model plays none). Initiative already rolled is kept: the runs play the
fight in the order the table will, not a fresh roll.

The tracker's types are not imported (`forecast` sits beside `session`, not
above it): a combatant is anything with the attributes of `Present`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from campaign.characters import initiative_expression
from campaign.errors import CampaignError
from campaign.forecast.roster import MAX_FIGHTERS, Fighter, Side, flee_mark

if TYPE_CHECKING:
    from campaign.forecast.forecast import Forecast
    from campaign.forecast.plan import Policy
    from campaign.model import Module, StatBlock

LINE_UP_RUNS = 2_000
"""Runs for the tracker's line: an interval of about ±2 points, in a fraction of a second."""


class PresentCondition(Protocol):
    """A condition on a combatant, as the tracker keeps it."""

    @property
    def condition_id(self) -> str: ...

    @property
    def name(self) -> str: ...


class Present(Protocol):
    """A combatant in the tracker: what the forecast reads of it."""

    @property
    def cid(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def ref(self) -> str | None: ...

    @property
    def health(self) -> int: ...

    @property
    def damage(self) -> int: ...

    @property
    def initiative(self) -> int | None: ...

    @property
    def tie_break(self) -> int: ...

    @property
    def conditions(self) -> Sequence[PresentCondition]: ...


@dataclass(frozen=True)
class LineUp:
    """Who a forecast of the tracker's fight plays, and what it leaves out."""

    fighters: list[Fighter]
    """The agents first, then the opposition (the order the fast path expects)."""
    rolled: dict[str, int]
    """Initiative already rolled, by fighter key (the combatant's id)."""
    not_modelled: list[str] = field(default_factory=list)
    """Combatants left out, one line each: 'Tess: typed in by name (no stat block)'."""
    conditions: list[str] = field(default_factory=list)
    """Conditions on fighters the model does not play: 'Stunned on KGB agent 2'."""
    agents_out: int = 0
    """Player characters already out of the fight."""
    opposition_out: int = 0
    """NPCs already out of the fight."""

    def count(self, side: Side) -> int:
        return sum(1 for fighter in self.fighters if fighter.side == side)


def _block(module: Module, combatant: Present) -> StatBlock | None:
    if combatant.kind == "pc":
        return module.pcs.get(combatant.ref or "")
    if combatant.kind == "npc":
        return module.npcs.get(combatant.ref or "")
    return None


def _skipped(module: Module, combatant: Present) -> str:
    """Why the model cannot play a combatant, as one line of the not-modelled list."""
    if combatant.kind == "event":
        return f"{combatant.name}: a scripted slot (it acts, but does not fight)"
    if combatant.ref is None:
        return f"{combatant.name}: typed in by name (no stat block)"
    return f"{combatant.name}: no stat block '{combatant.ref}' in {module.id}"


def line_up(module: Module, combatants: Iterable[Present]) -> LineUp:
    """The tracker's combatants as a forecast roster, with what it leaves out."""
    ruleset = module.ruleset
    sides: dict[Side, list[Fighter]] = {"agents": [], "opposition": []}
    rolled: dict[str, int] = {}
    skipped: list[str] = []
    conditions: list[str] = []
    out = {"agents": 0, "opposition": 0}
    for combatant in combatants:
        block = _block(module, combatant)
        side: Side = "agents" if combatant.kind == "pc" else "opposition"
        if block is None:
            skipped.append(_skipped(module, combatant))
            continue
        left = max(0, combatant.health - combatant.damage)
        if left == 0:
            out[side] += 1
            continue
        sides[side].append(
            Fighter(
                key=combatant.cid,
                block=block,
                side=side,
                health=left,
                maximum=combatant.health,
                flee_at=flee_mark(block, combatant.health),
                initiative=initiative_expression(ruleset, block),
                tie=combatant.tie_break,
            )
        )
        if combatant.initiative is not None:
            rolled[combatant.cid] = combatant.initiative
        conditions += [f"{c.name} on {combatant.name}" for c in combatant.conditions]
    return LineUp(
        fighters=sides["agents"] + sides["opposition"],
        rolled=rolled,
        not_modelled=skipped,
        conditions=conditions,
        agents_out=out["agents"],
        opposition_out=out["opposition"],
    )


def forecast_line_up(
    module: Module,
    lineup: LineUp,
    *,
    situation: str | None = None,
    policies: dict[Side, Policy] | None = None,
    runs: int = LINE_UP_RUNS,
    seed: int = 1,
) -> Forecast:
    """Play the line-up `runs` times from where it stands.

    Refused (a CampaignError) when a side has nobody the model can play, or when the
    ruleset has no attack rules. The forecast's not-modelled list starts with the
    combatants left out and the conditions, then what the stat blocks have that the
    model does not play.
    """
    from campaign.forecast.forecast import forecast_plan
    from campaign.forecast.plan import plan_fight

    if lineup.count("agents") == 0:
        raise CampaignError("no player character in the fight that the forecast can play")
    if lineup.count("opposition") == 0:
        raise CampaignError("no NPC in the fight that the forecast can play")
    if len(lineup.fighters) > MAX_FIGHTERS:
        raise CampaignError(
            f"{len(lineup.fighters)} combatants: a forecast plays at most {MAX_FIGHTERS}"
        )
    rules = module.ruleset.attack
    if situation is None and rules is not None and rules.situations:
        situation = rules.situations[0]  # the ruleset's default, as `campaign forecast` has it
    chosen: dict[Side, Policy] = {"agents": "focus", "opposition": "focus", **(policies or {})}
    plan = plan_fight(module, lineup.fighters, situation, chosen)
    for index, fighter in enumerate(plan.fighters):
        if fighter.key in lineup.rolled:
            plan.initiative[index] = {lineup.rolled[fighter.key]: 1.0}
    notes = [*lineup.not_modelled, *(f"condition {c}" for c in lineup.conditions)]
    plan.not_modelled = [*notes, *plan.not_modelled]
    return forecast_plan(plan, runs=runs, seed=seed)
