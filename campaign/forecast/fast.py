"""The same model as `reference.py`, played for every run at once with numpy.

The runs are rows of arrays (health left, down, fled, acting order). Each
step takes the fighter at one place of every row's order and plays that
fighter's attack in every row together; a row whose fight has ended is taken
out of the arrays, so the later rounds of a long tail cost little. The
damage drawn is the plan's exact distribution (a uniform number against the
cumulative chances), as in the reference loop; the runs' random numbers come
from `numpy.random.default_rng(seed)`, so a seed gives the same forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from campaign.forecast.plan import FightPlan
from campaign.forecast.reference import MAX_ROUNDS, RunResult

if TYPE_CHECKING:
    import numpy as np

_AGENTS, _OPPOSITION, _DRAW = 0, 1, 2
WINNERS = ("agents", "opposition", "draw")
_FAR = 1 << 30
"""Larger than any health: masks fighters out of a min/max."""


def _tables(plan: FightPlan) -> tuple[Any, Any]:
    """Per (attacker, target) pair: landed damage values and cumulative chances, padded."""
    import numpy as np

    count = len(plan.fighters)
    width = max((len(landed.values) for landed in plan.landed.values()), default=1)
    values = np.zeros((count * count, width), dtype=np.int32)
    cumulative = np.ones((count * count, width), dtype=np.float64)
    for (attacker, target), landed in plan.landed.items():
        row = attacker * count + target
        size = len(landed.values)
        values[row, :size] = landed.values
        values[row, size:] = landed.values[-1]
        cumulative[row, :size] = np.cumsum(landed.chances) / sum(landed.chances)
    return values, cumulative


def _initiative(plan: FightPlan, runs: int, rng: Any) -> Any:
    """Every run's acting order, rows of fighter indices (higher roll, tie, then a coin)."""
    import numpy as np

    count = len(plan.fighters)
    rolls = np.empty((runs, count), dtype=np.float64)
    for index, distribution in enumerate(plan.initiative):
        values = np.array(sorted(distribution), dtype=np.float64)
        chances = np.cumsum([distribution[v] for v in sorted(distribution)])
        picks = np.searchsorted(chances / chances[-1], rng.random(runs), side="right")
        rolls[:, index] = values[np.minimum(picks, len(values) - 1)]
    ties = np.array([fighter.tie for fighter in plan.fighters], dtype=np.float64)
    key = rolls * 1e7 + ties[None, :] * 1e3 + (1.0 - rng.random((runs, count)))
    return np.argsort(-key, axis=1, kind="stable")


class _Runs:
    """The rows still fighting, and what every finished row came to.

    The fighters are ordered agents first (`split` of them), then the
    opposition, so an attacker's enemies are one contiguous block of columns.
    Each policy's score is kept ready for an argmin: health left (focus) or
    its negative (spread), and `_FAR` for a fighter out of the fight.
    """

    def __init__(self, plan: FightPlan, runs: int, order: Any) -> None:
        import numpy as np

        count = len(plan.fighters)
        health = np.array([f.health for f in plan.fighters], dtype=np.int32)
        self.split = sum(1 for f in plan.fighters if f.side == "agents")
        self.live = np.arange(runs)
        self.order = order
        self.left = np.tile(health, (runs, 1))
        self.focus = self.left.copy()
        self.spread = -self.left
        self.out = np.zeros((runs, count), dtype=bool)
        self.fled = np.zeros((runs, count), dtype=bool)
        self.alive = np.tile(np.array([self.split, count - self.split], dtype=np.int32), (runs, 1))
        self.winner = np.full(runs, _DRAW, dtype=np.int8)
        self.rounds = np.full(runs, MAX_ROUNDS, dtype=np.int16)
        self.final_down = np.zeros((runs, count), dtype=bool)
        self.final_fled = np.zeros((runs, count), dtype=bool)
        self.done = np.zeros(runs, dtype=bool)
        """Rows whose fight has ended but that are still in the arrays."""
        self.remaining = runs
        self.flee = np.array(
            [-_FAR if f.flee_at is None else f.flee_at for f in plan.fighters], dtype=np.int32
        )
        self.policies = (plan.policies["agents"], plan.policies["opposition"])
        self.picks = np.stack([self.pick(0, slice(None)), self.pick(1, slice(None))])
        """Per attacking side (0 agents, 1 opposition), each row's current target."""
        self._rebase()

    def pick(self, side: int, rows: Any) -> Any:
        """The target side `side`'s policy picks in `rows` (first on a tie)."""
        score = self.focus if self.policies[side] == "focus" else self.spread
        if side == 0:
            return score[rows, self.split :].argmin(axis=1) + self.split
        return score[rows, : self.split].argmin(axis=1)

    def _rebase(self) -> None:
        """Each row's first flat index, in the fighter arrays and in `alive`."""
        import numpy as np

        self.base = np.arange(self.live.size) * self.left.shape[1]
        self.base_sides = np.arange(self.live.size) * 2

    def _arrays(self) -> tuple[str, ...]:
        return ("live", "order", "left", "focus", "spread", "out", "fled", "alive", "done")

    def _compact(self, keep: Any) -> None:
        for name in self._arrays():
            setattr(self, name, getattr(self, name)[keep])
        self.picks = self.picks[:, keep]
        self._rebase()

    def finish(self, finished: Any, winners: Any, round_number: int) -> None:
        """Record the rows that just ended; drop ended rows once they are a quarter."""
        rows = self.live[finished]
        self.winner[rows] = winners[finished]
        self.rounds[rows] = round_number
        self.final_down[rows] = self.out[finished] & ~self.fled[finished]
        self.final_fled[rows] = self.fled[finished]
        self.done |= finished
        self.remaining -= int(finished.sum())
        if self.done.sum() * 4 >= self.live.size:
            self._compact(~self.done)

    def close(self) -> None:
        """Rows still fighting after the last round are draws."""
        going = ~self.done
        self.final_down[self.live[going]] = self.out[going] & ~self.fled[going]
        self.final_fled[self.live[going]] = self.fled[going]


def _repick(state: _Runs, actor_side: Any, hurt: Any, went: Any) -> None:
    """Pick again where a target may have changed. A focus target only ever gets
    lower, so it stays the least hurt until it leaves; a spread target is picked
    again whenever it is hurt."""
    for side in (0, 1):
        rows = (actor_side == side) & (went if state.policies[side] == "focus" else hurt)
        if rows.any():
            state.picks[side, rows] = state.pick(side, rows)


def _step(plan: FightPlan, state: _Runs, place: int, tables: tuple[Any, Any], rng: Any) -> Any:
    """The fighter at `place` of every live row attacks; the rows whose fight ended.

    Cells are read and written through flat indices (row * count + column),
    which numpy's take and put handle far faster than paired index arrays.
    """
    import numpy as np

    values, cumulative = tables
    count = len(plan.fighters)
    flee = state.flee
    base = state.base
    actor = state.order[:, place]
    acting = ~state.out.ravel().take(base + actor) & ~state.done
    actor_side = (actor >= state.split).astype(np.int8)
    target = np.where(actor_side == 0, state.picks[0], state.picks[1])
    cell = base + target
    pair = actor * count + target
    # Inverse CDF, a column at a time: each column is one gather of a flat array.
    width = values.shape[1]
    draw = rng.random(base.size)
    start = pair * width
    picks = np.zeros(base.size, dtype=np.int64)
    for column in range(width - 1):
        picks += cumulative.ravel().take(start + column) < draw
    damage = values.ravel().take(start + picks) * acting
    health = state.left.ravel().take(cell) - damage
    state.left.ravel().put(cell, health)
    state.focus.ravel().put(cell, health)
    state.spread.ravel().put(cell, -health)
    went_down = acting & (health <= 0)
    went = went_down | (acting & (health <= flee[target]))
    hurt = (damage > 0) | went
    if not went.any():
        _repick(state, actor_side, hurt, went)
        return np.zeros(base.size, dtype=bool), actor_side
    gone = cell[went]
    state.out.ravel().put(gone, True)
    state.fled.ravel().put(gone, ~went_down[went])
    state.focus.ravel().put(gone, _FAR)
    state.spread.ravel().put(gone, _FAR)
    target_side = 1 - actor_side
    sides = state.alive.ravel()
    slot = state.base_sides + target_side
    struck = slot[went]  # one fighter a row goes at most, so no slot repeats
    sides.put(struck, sides.take(struck) - 1)
    _repick(state, actor_side, hurt, went)
    return went & (sides.take(slot) == 0), actor_side


MAX_CELLS = 2_000_000
"""Runs x combatants played at once: past it the runs are played in batches, so memory
stays bounded (~16 MB an array) whatever the roster and `--runs`."""


def play_fast(plan: FightPlan, runs: int, seed: int) -> Outcomes:
    """`runs` fights of the plan, vectorised; the same model as `play_reference`."""
    import numpy as np

    batch = max(1, MAX_CELLS // max(1, len(plan.fighters)))
    if runs <= batch:
        return _play_batch(plan, runs, np.random.default_rng(seed))
    parts = [
        _play_batch(plan, min(batch, runs - start), np.random.default_rng([seed, start]))
        for start in range(0, runs, batch)
    ]
    return Outcomes(
        winner=np.concatenate([part.winner for part in parts]),
        rounds=np.concatenate([part.rounds for part in parts]),
        down=np.concatenate([part.down for part in parts]),
        fled=np.concatenate([part.fled for part in parts]),
    )


def _play_batch(plan: FightPlan, runs: int, rng: np.random.Generator) -> Outcomes:
    tables = _tables(plan)
    state = _Runs(plan, runs, _initiative(plan, runs, rng))
    for round_number in range(1, MAX_ROUNDS + 1):
        for place in range(len(plan.fighters)):
            if state.remaining == 0:
                break
            finished, winners = _step(plan, state, place, tables, rng)
            if finished.any():
                state.finish(finished, winners, round_number)
    state.close()
    return Outcomes(state.winner, state.rounds, state.final_down, state.final_fled)


@dataclass(frozen=True)
class Outcomes:
    """Every run's ending as arrays: winner code (0 agents, 1 opposition, 2 draw),
    rounds, and per fighter whether it went down or fled."""

    winner: np.ndarray[Any, Any]
    rounds: np.ndarray[Any, Any]
    down: np.ndarray[Any, Any]
    fled: np.ndarray[Any, Any]


def outcomes_of(results: list[RunResult]) -> Outcomes:
    """The reference loop's runs as the same arrays."""
    import numpy as np

    return Outcomes(
        winner=np.array([WINNERS.index(r.winner) for r in results], dtype=np.int8),
        rounds=np.array([r.rounds for r in results], dtype=np.int16),
        down=np.array([r.down for r in results], dtype=bool).reshape(len(results), -1),
        fled=np.array([r.fled for r in results], dtype=bool).reshape(len(results), -1),
    )
