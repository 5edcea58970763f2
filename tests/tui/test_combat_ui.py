"""The combat tracker screen: a fight from a scene's NPCs, turns, harm,
conditions, and the same tracker after reopening the session."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from campaign.session import CombatTracker
from campaign.tui.app import CampaignApp
from campaign.tui.screens.combat import CombatScreen
from campaign.tui.screens.detail import DetailScreen
from campaign.tui.widgets.prompts import AskScreen, PickScreen

from .conftest import SIZE, open_tracker, settle_screen

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def _snapshot(app: CampaignApp) -> dict[str, Any]:
    assert app.session is not None
    state = app.session.state.extra["combat"]
    data = dataclasses.asdict(state)
    data["slots"] = [[c.cid for c in slot] for slot in state.slots()]
    data["current"] = [c.cid for c in state.current()]
    return data


def _rows(screen: CombatScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [
        [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(i)]
        for i in range(table.row_count)
    ]


async def test_a_fight_from_the_scene_survives_reopening_the_session(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    path = str(tmp_path / "fight.sqlite")
    app = app_factory(session=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        assert "No fight running" in str(screen.query_one("#fight-status", Static).render())
        await pilot.press("a")  # two smugglers: asks whether to group them
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")  # each acts on its own
        await settle(pilot)
        state = screen.tracker.state
        assert state.active and sorted(state.combatants) == ["smuggler-1", "smuggler-2"]
        assert not any(c.group for c in state.combatants.values())

        await pilot.press("w")
        await pilot.press(*"Tess 5", "enter")
        await settle(pilot)
        assert state.combatants["tess"].health == 5

        await pilot.press("i")
        await settle(pilot)
        assert all(c.initiative is not None for c in screen.tracker.state.combatants.values())

        await pilot.press("space")  # round 1, first slot
        await settle(pilot)
        state = screen.tracker.state
        assert (state.round, state.turn) == (1, 0)
        first = state.current()[0]
        rows = _rows(screen)
        assert rows[0][0] == "▶" and first.name in rows[0][2]

        # damage the selected (first) row: '-' then an amount
        table = screen.query_one(DataTable)
        table.move_cursor(row=0)
        await pilot.press("minus")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await pilot.press("2", "enter")
        await settle(pilot)
        assert screen.tracker.state.combatants[first.cid].damage == 2

        # a condition on the second row
        table.move_cursor(row=1)
        second = screen.selected
        assert second is not None
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # stunned, one round
        await settle(pilot)
        conditions = screen.tracker.state.combatants[second.cid].conditions
        assert [c.condition_id for c in conditions] == ["stunned"]
        assert "Stunned 1r@start" in _rows(screen)[1][4]

        for _ in range(4):  # on into round two
            await pilot.press("n")
            await settle(pilot)
        state = screen.tracker.state
        assert state.round == 2
        assert "Stunned" not in " ".join(_rows(screen)[1])  # ticked away at its start
        assert "Stunned ends" in str(screen.query_one("#fight-log", Static).render())

        # a heal with '+', then the stat block with enter, attacks with r
        table.move_cursor(row=0)
        await pilot.press("plus", "enter")  # enter alone heals 1
        await settle(pilot)
        assert screen.tracker.state.combatants[first.cid].damage == 1
        smuggler_row = next(i for i, row in enumerate(_rows(screen)) if "Smuggler" in row[2])
        table.move_cursor(row=smuggler_row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        before = _snapshot(app)
        table_before = _rows(screen)

    # reopen the same session: the same tracker
    again = app_factory(session=path)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        assert _snapshot(again) == before
        assert _rows(screen) == table_before
        assert "Round 2" in str(screen.query_one("#fight-status", Static).render())
        # it opens on whoever's turn it is, where harm would go, not on the first row
        acting = screen.tracker.state.current()[0]
        assert screen.selected is not None and screen.selected.cid == acting.cid
        assert screen.query_one(DataTable).cursor_row == [r[0] for r in _rows(screen)].index("▶")


async def test_order_pinned_slots_pcs_and_ending(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "order.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("P")  # the fixture module has no pregens: refused inline
        await settle(pilot)
        await pilot.press("v", *"Lamp fails 10", "enter")
        await settle(pilot)
        await pilot.press("w", *"Ada", "enter")
        await settle(pilot)
        await pilot.press("w", *"Ben", "enter")
        await settle(pilot)
        state = screen.tracker.state
        assert state.combatants["lamp-fails"].pinned == 10
        assert state.combatants["ada"].health == 4  # the ruleset's default
        # set initiatives by hand, then move Ben above Ada
        for name, number in (("ada", "8"), ("ben", "6")):
            screen.query_one(DataTable).move_cursor(
                row=screen.query_one(DataTable).get_row_index(name)
            )
            await pilot.press("I", *number, "enter")
            await settle(pilot)
        assert [c.cid for c in screen.tracker.state.order()] == ["lamp-fails", "ada", "ben"]
        await pilot.press("left_square_bracket")  # Ben is selected: up one
        await settle(pilot)
        assert [c.cid for c in screen.tracker.state.order()] == ["lamp-fails", "ben", "ada"]
        assert screen.selected is not None and screen.selected.cid == "ben"
        await pilot.press("delete")
        await settle(pilot)
        assert "ben" not in screen.tracker.state.combatants
        # no question asked, but what happened and how to take it back is said
        notice = str(screen.query_one("#fight-notice", Static).render())
        assert notice == "Ben is out of the fight · u puts them back"
        await pilot.press("u")
        await settle(pilot)
        assert "ben" in screen.tracker.state.combatants
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("x", *"-3", "enter")  # heal at full health stays full
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert not screen.tracker.state.active
        # said plainly as over (issue 19): no turn, the round it ended in, who is down
        assert str(screen.query_one("#fight-status", Static).render()).startswith(
            "Fight ended — before round 1, 0 down"
        )
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CombatScreen)


async def test_damage_input_refuses_words(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "words.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        assert app.session is not None
        tracker = CombatTracker(app.session, screen.module)
        tracker.start("test")
        tracker.add_named("Ada")
        screen.refresh_view()
        await pilot.press("minus", *"lots")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        assert app.screen.query_one(Input).value == ""  # refused as typed, nothing else ran
        await pilot.press("escape")
        await settle(pilot)
        assert screen.tracker.state.combatants["ada"].damage == 0
        assert isinstance(app.screen, CombatScreen)
        assert not app.screen.query(Input)


async def test_no_session_no_tracker(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()  # --seed alone: a rehearsal, nothing recorded
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert not isinstance(app.screen, CombatScreen)


def test_combat_tracker_snapshot(
    snap_compare: Callable[..., bool], app_factory: Factory, tmp_path: Path
) -> None:
    """The smugglers of the lighthouse door, grouped, against one named agent:
    round 1, a wound and a condition."""

    async def fight(pilot: Pilot[None]) -> None:
        screen = await open_tracker(pilot)
        await pilot.press("a", "enter")  # grouped
        await settle_screen(pilot)
        await pilot.press("w", *"Tess 5", "enter")
        await settle_screen(pilot)
        await pilot.press("i", "space")
        await settle_screen(pilot)
        screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("minus", "2", "enter")
        await settle_screen(pilot)
        await pilot.press("c", "enter")
        await settle_screen(pilot)
        pilot.app.clear_notifications()
        await settle_screen(pilot)

    app = app_factory(session="fight.sqlite")  # relative: the tests run in tmp_path
    assert snap_compare(app, terminal_size=SIZE, run_before=fight)


def test_condition_picker_fills_the_bearers_numbers(tmp_path: Path) -> None:
    """'Pinned (1 round, ...)' and 'save 2d6+2 vs 9' with Bond's Nerve, not '{nerve}'."""
    from campaign.loader import load_module
    from campaign.session import CombatTracker, Session
    from campaign.tui.screens.combat_view import condition_choices

    # The bundled campaign (the TUI fixtures hide the module search path).
    module = load_module(Path(__file__).resolve().parents[2] / "modules" / "living-daylights")
    with Session.open(tmp_path / "s.sqlite", module=module, seed=1) as session:
        tracker = CombatTracker(session, module)
        tracker.start("test")
        cid = tracker.add_pc(next(iter(module.pcs)))
        bearer = tracker.state.combatants[cid]
        lines = {
            key: str(getattr(text, "plain", text))
            for key, text in condition_choices(module, module.ruleset.conditions, bearer)
        }
    assert "(1 round," in lines["pinned"]
    assert "{" not in lines["drugged"] and "save 2d6+" in lines["drugged"]
    assert "{" not in lines["restrained"]


async def test_removing_the_selected_one_selects_the_next_not_the_first(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    """Found in tmux: after delete the cursor went to the top row, so pressing delete
    again took out the first combatant instead of the next one down."""
    app = app_factory(session=str(tmp_path / "fight.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracker(pilot)
        tracker = screen.tracker
        tracker.start("The cove")
        for name in ("Ada", "Ben", "Cleo", "Dov"):
            tracker.add_named(name)
        screen.refresh_view()
        await settle(pilot)
        await pilot.press("down", "down")
        assert screen.selected is not None and screen.selected.name == "Cleo"
        await pilot.press("delete")
        await settle(pilot)
        assert screen.selected is not None and screen.selected.name == "Dov"
        await pilot.press("delete")  # the last row: the one above it is selected
        await settle(pilot)
        assert screen.selected is not None and screen.selected.name == "Ben"
        assert sorted(screen.tracker.state.combatants) == ["ada", "ben"]
