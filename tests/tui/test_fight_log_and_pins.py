"""What the combat tracker says about a fight after a GM review: its log holds only
what happened during that fight (not the dice tray's rolls once it has ended), and
a pinned slot moved by hand no longer claims to act on its count."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from campaign.tui.app import CampaignApp
from campaign.tui.screens.combat import CombatScreen

from .conftest import SIZE, lighthouse_fight

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def _log(screen: CombatScreen) -> str:
    return str(screen.query_one("#fight-log", Static).render())


async def test_the_fight_log_stops_where_the_fight_ended(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "log.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await lighthouse_fight(pilot)
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


def _init_cell(screen: CombatScreen, cid: str) -> str:
    table = screen.query_one(DataTable)
    return str(getattr(cell := table.get_row(cid)[1], "plain", cell))


async def test_a_pinned_slot_moved_by_hand_drops_its_pin_mark(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "pin.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await lighthouse_fight(pilot)
        tracker = screen.tracker
        for cid, count in (("smuggler-1", 14), ("smuggler-2", 12), ("tess", 8)):
            tracker.set_initiative(cid, count)
        bomb = tracker.add_pinned("Bomb timer", 10)
        screen.refresh_view()
        await settle(pilot)
        assert [c.cid for c in tracker.state.order()][2] == bomb
        assert _init_cell(screen, bomb) == "⚑10"

        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(bomb))
        await pilot.press("left_square_bracket")  # the GM moves it up by hand
        await settle(pilot)
        assert [c.cid for c in tracker.state.order()][1] == bomb
        # it acts where it was put, not on 10 whatever happens: no ⚑ says otherwise
        assert _init_cell(screen, bomb) == "10"
        assert "Bomb timer moved by hand: no longer pinned to 10" in _log(screen)
        assert tracker.state.combatants[bomb].pinned is None
        tracker.roll_initiative(reroll=True)  # a scripted slot never rolls
        assert tracker.state.combatants[bomb].initiative == 10

        tracker.session.undo()  # the reroll
        await pilot.press("u")  # the move: the pin is back
        await settle(pilot)
        assert _init_cell(screen, bomb) == "⚑10"
        assert [c.cid for c in tracker.state.order()][2] == bomb
