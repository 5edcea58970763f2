"""What a GM found in the tracker in tmux: harm carried from fight to fight, the scene's
declared fight added (not its friends), the forecast line after undo and on reopening,
a module NPC typed by name, the order before initiative."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from campaign.paths import bundled_modules_dir
from campaign.tui.app import CampaignApp
from campaign.tui.screens.combat import CombatScreen
from campaign.tui.widgets.fight_forecast import FightForecast

from .conftest import SIZE, open_tracker

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

SKIRMISH = Path(__file__).resolve().parents[1] / "fixtures" / "skirmish"


def _line(screen: CombatScreen) -> str:
    return str(screen.query_one(FightForecast).render())


def _notice(screen: CombatScreen) -> str:
    return str(screen.query_one("#fight-notice", Static).render())


def _names(screen: CombatScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(getattr(table.get_row_at(i)[2], "plain", "")) for i in range(table.row_count)]


async def test_harm_carries_into_the_next_fight_and_its_forecast(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(SKIRMISH, session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("a", "down", "enter", "P")
        await settle(pilot)
        screen.tracker.harm("pc-hale", 5)  # Vera Hale out
        screen.tracker.harm("pc-osei", 3)
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

        screen = await open_tracker(pilot)  # the next fight
        await pilot.press("P")
        await settle(pilot)
        names = _names(screen)
        assert "Vera Hale (out)" in names and "Kwame Osei" in names
        assert screen.tracker.state.combatants["pc-osei"].damage == 3
        await pilot.press("a", "down", "enter")
        await settle(pilot)
        assert "another agent down" in _line(screen)  # Vera is out before it starts

        table = screen.query_one(DataTable)
        table.move_cursor(row=_names(screen).index("Kwame Osei"))
        await pilot.press("plus", *"3", "enter")  # the tracker's heal
        await settle(pilot)
        assert screen.tracker.state.combatants["pc-osei"].damage == 0
        assert app.session is not None
        record = app.session.state.extra["record"]
        assert record.pcs["pc-osei"].damage == 0 and record.pcs["pc-hale"].damage == 5


async def test_before_initiative_agents_then_npcs(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(SKIRMISH, session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("a", "down", "enter", "P")
        await settle(pilot)
        kinds = [screen.tracker.state.combatants[cid].kind for cid in _cids(screen)]
        assert kinds == ["pc", "pc", "npc", "npc", "npc"]


def _cids(screen: CombatScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def test_undo_back_a_round_recomputes_and_reopening_keeps_the_rounds_figures(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(SKIRMISH, session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("a", "down", "enter", "P", "i", "n")
        await settle(pilot)
        while screen.tracker.state.round < 2:
            await pilot.press("n")
            await settle(pilot)
        at_round_2 = _line(screen)
        assert at_round_2.startswith("Forecast at round 2: agents win ~")
        for cid in ("foreman", "quarry-guard-1", "quarry-guard-2"):
            screen.tracker.harm(cid, 5)  # the opposition goes down in round 2
        screen.refresh_view()
        await settle(pilot)
        assert _line(screen) == at_round_2  # the round keeps its opening figures
        while screen.tracker.state.round < 3:
            await pilot.press("n")
            await settle(pilot)
        assert "the opposition is all down" in _line(screen)

        while screen.tracker.state.round > 2:  # undo back into round 2
            await pilot.press("u")
            await settle(pilot)
        assert _line(screen) == at_round_2
        await pilot.press("u")  # the last harm taken back: still round 2's figures
        await settle(pilot)
        assert _line(screen) == at_round_2

        await pilot.press("escape")
        await settle(pilot)
        screen = await open_tracker(pilot)  # reopened mid-round: the same figures
        assert _line(screen) == at_round_2
        await pilot.press("U")  # redo into round 3 again
        await settle(pilot)
        while screen.tracker.state.round < 3:
            await pilot.press("U")
            await settle(pilot)
        assert "the opposition is all down" in _line(screen)


async def test_a_module_npc_typed_by_name_comes_with_its_stat_block(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(SKIRMISH, session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("w", *"the FOREMAN", "enter")
        await settle(pilot)
        foreman = screen.tracker.state.combatants["foreman"]
        assert (foreman.ref, foreman.health, foreman.kind) == ("foreman", 5, "npc")
        assert "stat block" in _notice(screen)
        await pilot.press("w", *"quarry-guard 2", "enter")
        await settle(pilot)
        guards = [c for c in screen.tracker.state.combatants.values() if c.ref == "quarry-guard"]
        assert [g.health for g in guards] == [3, 3]
        await pilot.press("w", *"Tess 5", "enter")  # anyone else: by name, as before
        await settle(pilot)
        tess = screen.tracker.state.combatants["tess"]
        assert (tess.ref, tess.health) == (None, 5)


async def test_the_scene_declares_its_fight_so_friends_stay_out(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(
        bundled_modules_dir() / "living-daylights", session=str(tmp_path / "fight.sqlite")
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.session is not None
        module = app.screen.module  # type: ignore[attr-defined]
        screen = CombatScreen(module, app.session, "a2-the-milkman")
        await app.push_screen(screen)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert list(screen.tracker.state.combatants) == ["necros"]
        notice = _notice(screen)
        assert "The scene's fight: 1 joined (Necros)" in notice
        for friend in ("General Georgi Koskov", "M", "w adds"):
            assert friend in notice, notice
