"""What the combat tracker says about a fight after a GM review: its log holds only
what happened during that fight (not the dice tray's rolls once it has ended), and
a pinned slot moved by hand no longer claims to act on its count."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from campaign.session import CombatTracker
from campaign.tui.app import CampaignApp
from campaign.tui.screens.combat import CombatScreen

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def _fight(pilot: Pilot[None], settle: Settle) -> CombatScreen:
    """Two smugglers and Tess at the lighthouse door."""
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CombatScreen)
    tracker = CombatTracker(screen.session, screen.module)
    tracker.start("The Lighthouse Door")
    tracker.add_npc("smuggler", 2)
    tracker.add_named("Tess", health=5)
    screen.refresh_view()
    await settle(pilot)
    return screen


def _log(screen: CombatScreen) -> str:
    return str(screen.query_one("#fight-log", Static).render())


async def test_the_fight_log_stops_where_the_fight_ended(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "log.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _fight(pilot, settle)
        screen.session.roll("1d6+100", source="Tess swings at the smuggler")  # during: kept
        await pilot.press("E")  # the fight ends
        await settle(pilot)
        await pilot.press("escape")  # back to the GM screen: the tray rolls after the fight
        await settle(pilot)
        await pilot.press("d", *"3d6+200", "enter", "escape")
        await settle(pilot)
        assert any(e.data.get("expression") == "3d6+200" for e in screen.session.state.journal())
        await pilot.press("f")
        await settle(pilot)
        again = pilot.app.screen
        assert isinstance(again, CombatScreen)
        log = _log(again)
        assert "Tess swings at the smuggler" in log
        assert log.splitlines()[-1] == "Fight ends", log
        assert "+ 200 =" not in log
