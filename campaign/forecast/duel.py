"""A duel worked out exactly: a Markov chain over both fighters' health left.

With one fighter a side the model has no choices left to make: each attacks
the other with its best attack, in the initiative order rolled once. So the
chance of each ending is exact: the chance that the agent acts first (from
both initiative distributions, ties to the higher tie-breaker, then a coin),
then, round by round for `MAX_ROUNDS` rounds, the distribution over (agent's
health left, opponent's health left), each attack landing damage from the
plan's exact table and a fighter leaving at 0 (down) or at its morale's mark
(fled). What is still going after the last round is the draw.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.forecast.plan import FightPlan
from campaign.forecast.reference import MAX_ROUNDS

State = tuple[int, int]


@dataclass(frozen=True, slots=True)
class DuelOdds:
    """Exact chances of a duel's endings."""

    agents_win: float
    opposition_win: float
    draw: float


def first_chance(plan: FightPlan) -> float:
    """Chance the agent (fighter 0) acts before the opponent (fighter 1)."""
    agent, opponent = plan.initiative
    tie_a, tie_b = plan.fighters[0].tie, plan.fighters[1].tie
    on_tie = 1.0 if tie_a > tie_b else 0.0 if tie_a < tie_b else 0.5
    chance = 0.0
    for roll_a, p_a in agent.items():
        for roll_b, p_b in opponent.items():
            if roll_a > roll_b:
                chance += p_a * p_b
            elif roll_a == roll_b:
                chance += p_a * p_b * on_tie
    return chance


def _gone(left: int, flee_at: int | None) -> bool:
    return left <= 0 or (flee_at is not None and left <= flee_at)


def _attack(
    states: dict[State, float], plan: FightPlan, attacker: int, ended: list[float]
) -> dict[State, float]:
    """Every state after `attacker` attacks; mass that ends is added to ended[attacker]."""
    target = 1 - attacker
    landed = plan.landed[attacker, target]
    flee_at = plan.fighters[target].flee_at
    after: dict[State, float] = {}
    for state, chance in states.items():
        for damage, p in zip(landed.values, landed.chances, strict=True):
            health = list(state)
            health[target] -= damage
            if _gone(health[target], flee_at):
                ended[attacker] += chance * p
            else:
                key = (health[0], health[1])
                after[key] = after.get(key, 0.0) + chance * p
    return after


def _chain(plan: FightPlan, first: int) -> tuple[float, float, float]:
    """(agent wins, opponent wins, draw) when `first` always acts first."""
    ended = [0.0, 0.0]
    states: dict[State, float] = {(plan.fighters[0].health, plan.fighters[1].health): 1.0}
    for _ in range(MAX_ROUNDS):
        states = _attack(states, plan, first, ended)
        states = _attack(states, plan, 1 - first, ended)
        if not states:
            break
    return ended[0], ended[1], sum(states.values())


def exact_duel(plan: FightPlan) -> DuelOdds:
    """Exact odds of a one-against-one fight (agent first in the roster)."""
    if len(plan.fighters) != 2 or plan.fighters[0].side == plan.fighters[1].side:
        raise ValueError("an exact duel needs one fighter a side")
    first = first_chance(plan)
    a_first = _chain(plan, 0)
    b_first = _chain(plan, 1)
    mixed = [first * a + (1 - first) * b for a, b in zip(a_first, b_first, strict=True)]
    return DuelOdds(agents_win=mixed[0], opposition_win=mixed[1], draw=mixed[2])
