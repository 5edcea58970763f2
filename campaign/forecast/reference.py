"""The model played one fight at a time in plain Python: the reference the fast path matches.

One run: everyone rolls initiative once (ties to the higher tie-breaker
attribute, then a coin); each round, in that order, each fighter still in
the fight attacks the enemy its side's policy picks (focus: the one with the
least health left; spread: the most) with its best attack, landing damage
drawn from the plan's exact distribution. A fighter at 0 health is down; one
at or below its morale's mark flees. A side wins when no enemy is left in the
fight; after `MAX_ROUNDS` rounds the fight is a draw.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from itertools import accumulate

from campaign.forecast.plan import FightPlan

MAX_ROUNDS = 50
"""A fight still going after this many rounds is a draw."""


@dataclass(frozen=True, slots=True)
class RunResult:
    """How one run ended."""

    winner: str
    """'agents', 'opposition' or 'draw'."""
    rounds: int
    down: tuple[bool, ...]
    fled: tuple[bool, ...]


class _Draw:
    """Draws a value from an exact distribution with one uniform number."""

    def __init__(
        self, values: tuple[int, ...] | list[int], chances: tuple[float, ...] | list[float]
    ):
        self.values = list(values)
        self.cumulative = list(accumulate(chances))

    def __call__(self, rng: random.Random) -> int:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.values[min(index, len(self.values) - 1)]


def turn_order(initiative: list[int], ties: list[int], coins: list[float]) -> list[int]:
    """Fighters in acting order: higher roll, then higher tie-breaker, then the coin."""
    return sorted(range(len(initiative)), key=lambda i: (-initiative[i], -ties[i], coins[i]))


def pick_target(policy: str, enemies: list[int], left: list[int]) -> int:
    """focus: the enemy with the least health left; spread: the most (first on a tie)."""
    if policy == "focus":
        return min(enemies, key=lambda j: (left[j], j))
    return min(enemies, key=lambda j: (-left[j], j))


class ReferenceFight:
    """Plays the plan's fight once per call, from a seeded `random.Random`."""

    def __init__(self, plan: FightPlan) -> None:
        self.plan = plan
        self.sides = [fighter.side for fighter in plan.fighters]
        self.initiative = [
            _Draw(sorted(dist), [dist[v] for v in sorted(dist)]) for dist in plan.initiative
        ]
        self.landed = {
            pair: _Draw(landed.values, landed.chances) for pair, landed in plan.landed.items()
        }

    def play(self, rng: random.Random) -> RunResult:
        plan, sides = self.plan, self.sides
        count = len(plan.fighters)
        rolls = [draw(rng) for draw in self.initiative]
        order = turn_order(rolls, [f.tie for f in plan.fighters], [rng.random() for _ in rolls])
        left = [fighter.health for fighter in plan.fighters]
        down, fled = [False] * count, [False] * count
        for round_number in range(1, MAX_ROUNDS + 1):
            for actor in order:
                if down[actor] or fled[actor]:
                    continue
                side = sides[actor]
                enemies = [j for j in range(count) if sides[j] != side and not (down[j] or fled[j])]
                target = pick_target(plan.policies[side], enemies, left)
                left[target] -= self.landed[actor, target](rng)
                flee_at = plan.fighters[target].flee_at
                if left[target] <= 0:
                    down[target] = True
                elif flee_at is not None and left[target] <= flee_at:
                    fled[target] = True
                if len(enemies) == 1 and (down[target] or fled[target]):
                    return RunResult(side, round_number, tuple(down), tuple(fled))
        return RunResult("draw", MAX_ROUNDS, tuple(down), tuple(fled))


def play_reference(plan: FightPlan, runs: int, seed: int) -> list[RunResult]:
    """`runs` fights, each from its own seed (seed + run), one at a time."""
    fight = ReferenceFight(plan)
    return [fight.play(random.Random(seed + run)) for run in range(runs)]
