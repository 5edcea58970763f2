"""The fight forecast: exact duels, the simulation within its interval, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.forecast import forecast_plan, parse_spec, plan_for
from campaign.forecast.duel import exact_duel, first_chance
from campaign.loader import load_module
from campaign.model import Module
from campaign.paths import bundled_modules_dir

FAMILIES = Path(__file__).parent / "fixtures" / "families"
LIVING = load_module(bundled_modules_dir() / "living-daylights")
DROWNED = load_module(bundled_modules_dir() / "drowned-bell")
POOL = load_module(FAMILIES / "pool")

DUELS: list[tuple[str, Module, str, str]] = [
    ("double-o", LIVING, "pc-bond", "necros"),
    ("double-o-mook", LIVING, "pc-lindqvist", "kgb-agent"),
    ("d20", DROWNED, next(iter(DROWNED.pcs)), "sahuagin"),
    ("pool", POOL, "agent", "escort"),
]


@pytest.mark.parametrize(("name", "module", "pc", "npc"), DUELS, ids=[d[0] for d in DUELS])
@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_duel_simulated_agrees_with_the_exact_chain(
    name: str, module: Module, pc: str, npc: str, engine: str
) -> None:
    plan = plan_for(module, [(npc, 1)], agents=[(pc, 1)])
    exact = exact_duel(plan)
    assert exact.agents_win + exact.opposition_win + exact.draw == pytest.approx(1.0)
    forecast = forecast_plan(plan, runs=20_000, seed=11, engine=engine)  # type: ignore[arg-type]
    assert forecast.exact_agents_win == pytest.approx(exact.agents_win)
    win = forecast.agents_win
    assert win.low <= exact.agents_win <= win.high, (name, engine, win, exact)


def test_the_exact_chain_is_right_on_a_duel_worked_by_hand() -> None:
    """Bond (Walther, 2d6+5 vs 9, 1d3+1) against a KGB agent: worked out independently."""
    plan = plan_for(LIVING, [("kgb-agent", 1)], agents=[("pc-bond", 1)])
    agent, mook = plan.fighters
    assert (agent.health, mook.health) == (plan.fighters[0].maximum, plan.fighters[1].maximum)
    # First mover from both initiative distributions, by brute force over every pair.
    a_init, b_init = plan.initiative
    brute = sum(
        pa
        * pb
        * (
            1.0
            if ra > rb
            else 0.0
            if ra < rb
            else (1.0 if agent.tie > mook.tie else 0.0 if agent.tie < mook.tie else 0.5)
        )
        for ra, pa in a_init.items()
        for rb, pb in b_init.items()
    )
    assert first_chance(plan) == pytest.approx(brute)
    # A one-wound mook: the agent wins at once if it acts first and hits, else the chain.
    if mook.health == 1 and min(plan.landed[0, 1].values[1:], default=0) >= 1:
        hit = 1 - plan.landed[0, 1].chances[0]
        assert exact_duel(plan).agents_win >= first_chance(plan) * hit - 1e-12


@pytest.mark.parametrize(
    ("agents", "opposition"), [("focus", "focus"), ("spread", "spread"), ("spread", "focus")]
)
def test_the_fast_path_and_the_reference_play_the_same_model(agents: str, opposition: str) -> None:
    policies = {"agents": agents, "opposition": opposition}
    plan = plan_for(LIVING, parse_spec("kgb-agent:8"), policies=policies)  # type: ignore[arg-type]
    fast = forecast_plan(plan, runs=20_000, seed=5, engine="fast")
    reference = forecast_plan(plan, runs=20_000, seed=6, engine="reference")
    for figure in ("agents_win", "opposition_win"):
        a, b = getattr(fast, figure), getattr(reference, figure)
        standard_error = ((a.p * (1 - a.p) + b.p * (1 - b.p)) / 20_000) ** 0.5
        assert abs(a.p - b.p) <= 4 * standard_error + 1e-9, (figure, a, b)
    for key in fast.taken_out:
        a, b = fast.taken_out[key], reference.taken_out[key]
        standard_error = ((a.p * (1 - a.p) + b.p * (1 - b.p)) / 20_000) ** 0.5
        assert abs(a.p - b.p) <= 4 * standard_error + 1e-9, (key, a, b)
    assert abs(fast.rounds_median.value - reference.rounds_median.value) <= 1


def test_the_same_seed_gives_the_same_forecast_apart_from_timing() -> None:
    plan = plan_for(LIVING, parse_spec("kgb-agent:3,necros"))
    one = forecast_plan(plan, runs=2_000, seed=42).to_dict()
    two = forecast_plan(plan, runs=2_000, seed=42).to_dict()
    assert "timing" in one
    one.pop("timing"), two.pop("timing")
    assert one == two
    other = forecast_plan(plan, runs=2_000, seed=43).to_dict()
    other.pop("timing")
    assert other != one


def test_prose_the_model_cannot_play_is_listed_not_ignored() -> None:
    plan = plan_for(LIVING, parse_spec("necros"))
    notes = forecast_plan(plan, runs=200, seed=1).not_modelled
    assert "necros: trait 'Master of disguise'" in notes
    assert "necros: notes of attack 'Walkman garrotte'" in notes


def test_the_json_object_has_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["forecast", "living-daylights", "--fight", "necros", "--pcs", "pc-bond"]
    assert main([*args, "--seed", "3", "--runs", "2000", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("agents_win", "draw"):
        assert set(data[key]) == {"p", "low", "high"}
    assert set(data["taken_out"]) == {"pc-bond", "necros"}
    assert set(data["rounds"]) >= {"median", "p90"}
    assert data["runs"] == 2000 and data["seed"] == 3 and data["situation"] == "open"
    assert isinstance(data["not_modelled"], list) and "agents_win" in data["exact"]


def test_bad_input_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forecast", "living-daylights", "--fight", "necross"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'necros'?" in err
    assert main(["forecast", "living-daylights", "--fight", "necros:x"]) == 2
    assert "count after ':'" in capsys.readouterr().err
    assert main(["forecast", "living-daylights", "--fight", "necros", "--situation", "roof"]) == 2
    assert "no situation 'roof'" in capsys.readouterr().err
    assert main(["forecast", str(FAMILIES / "bands"), "--fight", "escort"]) == 2
    assert "no attack rules" in capsys.readouterr().err
