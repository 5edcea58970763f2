"""A fight forecast: play the fight many times and say what usually happens.

`forecast` builds the roster and the plan, plays `runs` fights (numpy's
fast path, or the plain reference loop), and sums them up: each side's
chance to win and of a draw, each fighter's chance to be taken out (down)
or to flee, and the rounds a fight lasts, every figure with a 95% interval.
A duel also gets its exact odds from the Markov chain. Two calls with the
same seed give the same figures; timings, if asked for, are kept apart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from campaign.forecast.duel import exact_duel
from campaign.forecast.fast import Outcomes
from campaign.forecast.plan import FightPlan, Policy, plan_fight
from campaign.forecast.reference import play_reference
from campaign.forecast.roster import Fighter, Side, build_roster
from campaign.forecast.stats import Chance, Quantile, quantile, wilson
from campaign.model import Fight, Module

Engine = Literal["fast", "reference"]
DEFAULT_RUNS = 10_000


@dataclass
class Forecast:
    """What a fight's runs came to."""

    runs: int
    seed: int
    situation: str | None
    policies: dict[Side, Policy]
    fighters: list[Fighter]
    agents_win: Chance
    opposition_win: Chance
    draw: Chance
    taken_out: dict[str, Chance]
    fled: dict[str, Chance]
    rounds_median: Quantile
    rounds_p90: Quantile
    not_modelled: list[str]
    exact_agents_win: float | None = None
    timing: dict[str, float] = field(default_factory=dict)

    @property
    def someone_down(self) -> float:
        """Chance at least one agent is taken out (from the per-agent figures' runs)."""
        return self._someone_down

    _someone_down: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "runs": self.runs,
            "seed": self.seed,
            "situation": self.situation,
            "policy": dict(self.policies),
            "agents": [f.key for f in self.fighters if f.side == "agents"],
            "opposition": [f.key for f in self.fighters if f.side == "opposition"],
            "agents_win": self.agents_win.to_dict(),
            "opposition_win": self.opposition_win.to_dict(),
            "draw": self.draw.to_dict(),
            "agent_down": round(self._someone_down, 4),
            "taken_out": {key: chance.to_dict() for key, chance in self.taken_out.items()},
            "fled": {key: chance.to_dict() for key, chance in self.fled.items() if chance.p > 0},
            "rounds": {
                "median": self.rounds_median.value,
                "median_interval": [self.rounds_median.low, self.rounds_median.high],
                "p90": self.rounds_p90.value,
                "p90_interval": [self.rounds_p90.low, self.rounds_p90.high],
            },
            "not_modelled": list(self.not_modelled),
        }
        if self.exact_agents_win is not None:
            data["exact"] = {"agents_win": round(self.exact_agents_win, 6)}
        if self.timing:
            data["timing"] = {key: round(value, 4) for key, value in self.timing.items()}
        return data


def summarise(plan: FightPlan, outcomes: Outcomes, seed: int) -> Forecast:
    """The figures of a fight's runs."""
    import numpy as np

    runs = int(outcomes.winner.size)
    wins = np.bincount(outcomes.winner, minlength=3)
    agents = np.array([f.side == "agents" for f in plan.fighters])
    down_counts = outcomes.down.sum(axis=0)
    fled_counts = outcomes.fled.sum(axis=0)
    rounds = outcomes.rounds.tolist()
    forecast = Forecast(
        runs=runs,
        seed=seed,
        situation=plan.situation,
        policies=plan.policies,
        fighters=plan.fighters,
        agents_win=wilson(int(wins[0]), runs),
        opposition_win=wilson(int(wins[1]), runs),
        draw=wilson(int(wins[2]), runs),
        taken_out={f.key: wilson(int(down_counts[i]), runs) for i, f in enumerate(plan.fighters)},
        fled={f.key: wilson(int(fled_counts[i]), runs) for i, f in enumerate(plan.fighters)},
        rounds_median=quantile(rounds, 0.5),
        rounds_p90=quantile(rounds, 0.9),
        not_modelled=list(plan.not_modelled),
    )
    someone = int(outcomes.down[:, agents].any(axis=1).sum()) if runs else 0
    forecast._someone_down = someone / runs if runs else 0.0
    return forecast


def plan_for(
    module: Module,
    opposition: list[tuple[str, int]],
    *,
    agents: list[tuple[str, int]] | None = None,
    damage: dict[str, int] | None = None,
    situation: str | None = None,
    policies: dict[Side, Policy] | None = None,
    notes: list[str] | None = None,
) -> FightPlan:
    """The plan of a fight: roster, situation, policies, tables."""
    fighters = build_roster(module, opposition, agents, damage)
    rules = module.ruleset.attack
    if situation is None and rules is not None and rules.situations:
        situation = rules.situations[0]  # the ruleset's default, named in the forecast
    chosen: dict[Side, Policy] = {"agents": "focus", "opposition": "focus", **(policies or {})}
    plan = plan_fight(module, fighters, situation, chosen)
    plan.not_modelled = [*(notes or []), *plan.not_modelled]
    return plan


def forecast_plan(
    plan: FightPlan, *, runs: int = DEFAULT_RUNS, seed: int = 1, engine: Engine = "fast"
) -> Forecast:
    """Play a plan `runs` times and sum it up (a duel also exactly)."""
    started = time.perf_counter()
    from campaign.forecast.fast import outcomes_of, play_fast

    if engine == "fast":
        outcomes = play_fast(plan, runs, seed)
    else:
        outcomes = outcomes_of(play_reference(plan, runs, seed))
    played = time.perf_counter() - started
    forecast = summarise(plan, outcomes, seed)
    sides = [fighter.side for fighter in plan.fighters]
    if sides.count("agents") == 1 and sides.count("opposition") == 1:
        forecast.exact_agents_win = exact_duel(plan).agents_win
    forecast.timing = {"play_s": played, "total_s": time.perf_counter() - started}
    return forecast


def fight_of(fight: Fight) -> tuple[list[tuple[str, int]], list[str]]:
    """A declared fight's opposition as (id, count), and notes on counts averaged."""
    from campaign.forecast.roster import brought

    opposition: list[tuple[str, int]] = []
    notes: list[str] = []
    for bring in fight.npcs:
        count, note = brought(bring)
        opposition.append((bring.npc, count))
        if note:
            notes.append(note)
    return opposition, notes
