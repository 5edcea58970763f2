"""A forecast's size is bounded where the work is done: a stranger's fight of
'1000d1000' NPCs is refused before its odds are computed, the combatants are
capped, and many runs over a big roster are played in batches."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.errors import CampaignError
from campaign.forecast import fast, forecast_plan, plan_for
from campaign.forecast.roster import MAX_FIGHTERS, brought
from campaign.loader import load_module
from campaign.model import Bring

POOL = load_module(Path(__file__).parent / "fixtures" / "families" / "pool")


@pytest.mark.parametrize("count", ["1000d1000", "20d6", 100_000, 51])
def test_a_count_that_can_pass_fifty_is_refused_before_any_work(count: str | int) -> None:
    with pytest.raises(CampaignError, match="more than the 50 a forecast plays"):
        brought(Bring(npc="escort", count=count))


def test_a_dice_count_within_fifty_is_forecast_as_its_mean() -> None:
    assert brought(Bring(npc="escort", count="2d6"))[0] == 7


def test_more_combatants_than_a_forecast_plays_is_refused() -> None:
    with pytest.raises(CampaignError, match=f"at most {MAX_FIGHTERS}"):
        plan_for(POOL, [("escort", 50)] * 5, agents=[("agent", 1)])


def test_runs_past_the_batch_size_are_played_in_batches_with_the_same_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = plan_for(POOL, [("escort", 1)], agents=[("agent", 1)])
    whole = forecast_plan(plan, runs=4_000, seed=5)
    monkeypatch.setattr(fast, "MAX_CELLS", 1_000)  # 500 runs a batch for two fighters
    batched = forecast_plan(plan, runs=4_000, seed=5)
    assert batched.runs == 4_000
    assert batched.agents_win.low <= whole.agents_win.p <= batched.agents_win.high
    assert forecast_plan(plan, runs=4_000, seed=5).agents_win == batched.agents_win
