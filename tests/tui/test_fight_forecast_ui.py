"""The combat tracker's forecast line (issue 22): shown for the line-up before round 1,
worked out again when it changes then, and at each round's start; in a worker."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot

from campaign.tui.app import CampaignApp
from campaign.tui.screens.combat import CombatScreen
from campaign.tui.widgets.fight_forecast import FightForecast

from .conftest import LIGHTHOUSE, SIZE, open_tracker

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

SKIRMISH = Path(__file__).resolve().parents[1] / "fixtures" / "skirmish"
WIN = re.compile(r"agents win ~(\d+)% \((\d+)%–(\d+)%\)")


def _line(screen: CombatScreen) -> str:
    return str(screen.query_one(FightForecast).render())


def _win_of(text: str) -> tuple[int, int, int]:
    """'agents win ~57% (55%–59%)' -> (55, 57, 59)."""
    found = WIN.search(text)
    assert found is not None, text
    return int(found[2]), int(found[1]), int(found[3])


def _win(screen: CombatScreen) -> tuple[int, int, int]:
    return _win_of(_line(screen))


async def _next_round(pilot: Pilot[None], settle: Settle, screen: CombatScreen) -> None:
    """Press n until the round counter moves on."""
    start = screen.tracker.state.round
    while screen.tracker.state.round == start:
        await pilot.press("n")
        await settle(pilot)


async def test_the_forecast_follows_the_line_up_before_round_1_and_each_round_start(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(SKIRMISH, session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        line = screen.query_one(FightForecast)
        assert not line.display  # no fight yet: nothing to forecast
        await pilot.press("a", "down", "enter")  # the gate's NPCs, each on its own
        await settle(pilot)
        assert line.display
        assert "no agent it can play yet (P adds the pregens)" in _line(screen)

        await pilot.press("P")  # the pregens: now there is a fight to forecast
        await settle(pilot)
        assert _line(screen).startswith("Forecast: agents win ~")
        fresh = _win(screen)

        screen.tracker.harm("pc-hale", 4)  # before round 1: Vera is badly hurt
        screen.refresh_view()
        await settle(pilot)
        hurt = _win(screen)
        assert hurt[2] < fresh[0], (hurt, fresh)

        await pilot.press("w", *"Tess 5", "enter")  # someone typed in by name
        await settle(pilot)
        assert _line(screen).endswith("· 1 not modelled")
        assert line.tooltip is not None and "Tess: typed in by name" in str(line.tooltip)

        await pilot.press("i", "n")  # round 1 starts: worked out again, from here
        await settle(pilot)
        assert _line(screen).startswith("Forecast at round 1: agents win ~")
        assert "rounds left" in _line(screen) or "round left" in _line(screen)
        at_round_1 = _line(screen)

        # in the round, the line keeps the round's opening figures
        for guard in ("quarry-guard-1", "quarry-guard-2"):
            screen.tracker.harm(guard, 3)
        screen.refresh_view()
        await settle(pilot)
        assert _line(screen) == at_round_1

        await _next_round(pilot, settle, screen)  # round 2: both guards are out now
        assert _line(screen).startswith("Forecast at round 2: agents win ~")
        assert _win(screen)[0] > _win_of(at_round_1)[2]

        await pilot.press("E")  # the fight is over: no forecast
        await settle(pilot)
        assert not line.display


async def test_a_result_for_a_line_up_that_has_changed_since_is_dropped(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(SKIRMISH, session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("P")
        screen.tracker.add_npc("foreman")
        screen.refresh_view()
        await settle(pilot)
        line = screen.query_one(FightForecast)
        shown = _line(screen)
        asked = line.asked
        assert asked is not None
        line.show_result((0, ()), Content("Forecast: stale"), [])  # asked for another line-up
        assert _line(screen) == shown
        line.show_result(asked, Content("Forecast: current"), [])
        assert _line(screen) == "Forecast: current"


async def test_a_forecast_that_fails_says_so_and_the_tracker_goes_on(
    app_factory: Factory, settle: Settle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("the model broke")

    monkeypatch.setattr("campaign.tui.widgets.fight_forecast.forecast_line", broken)
    app = app_factory(SKIRMISH, session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert _line(screen) == "Forecast: failed (the model broke)"
        await pilot.press("i", "n")  # the fight goes on
        await settle(pilot)
        assert screen.tracker.state.round == 1


async def test_no_forecast_line_for_a_ruleset_without_attack_rules(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(LIGHTHOUSE, session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        screen.tracker.start("Nothing to forecast")
        screen.tracker.add_named("Tess", health=5)
        screen.refresh_view()
        await settle(pilot)
        assert screen.tracker.state.active
        assert not screen.query_one(FightForecast).display


def test_the_tracker_does_not_import_numpy_or_the_forecast() -> None:
    """They load in the forecast's worker, never with the screen (start-up stays light)."""
    code = (
        "import sys\n"
        "import campaign.tui.app, campaign.tui.screens.combat\n"
        "leaked = [m for m in ('numpy', 'campaign.forecast') if m in sys.modules]\n"
        "assert not leaked, leaked\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
