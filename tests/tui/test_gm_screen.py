"""Pilot tests of the GM screen: the tree, the scene pane, exits, the dice tray,
the palette, help, and the error panel. Every app comes from `make_app`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from campaign.model import Act, Scene
from campaign.tui.app import CampaignApp
from campaign.tui.screens.detail import DetailScreen
from campaign.tui.screens.errors import ErrorScreen
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.help import HelpScreen
from campaign.tui.screens.launcher import LauncherScreen, ModuleTable
from campaign.tui.widgets.act_tree import ActTree
from campaign.tui.widgets.dice_tray import DiceTray
from campaign.tui.widgets.scene_pane import ScenePane

from .conftest import BROKEN, LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def pane_view(app: CampaignApp) -> Scene | Act | None:
    return app.screen.query_one(ScenePane).view


def text_of(app: CampaignApp, selector: str) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query(selector).results(Static))


async def test_opens_on_the_start_scene(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        view = pane_view(app)
        assert isinstance(view, Scene) and view.id == "lighthouse-door"
        assert "Rain needles your faces" in text_of(app, ".read-aloud")
        tree = app.screen.query_one(ActTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == (
            "scene",
            "lighthouse-door",
        )


async def test_select_a_scene_in_the_tree(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "enter")
        await settle(pilot)
        view = pane_view(app)
        assert isinstance(view, Scene) and view.id == "lamp-room"
        assert "The great lens turns" in text_of(app, ".read-aloud")


async def test_act_node_shows_the_overview(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "up", "enter")
        await settle(pilot)
        view = pane_view(app)
        assert isinstance(view, Act) and view.id == "act-1"
        body = text_of(app, ".section")
        assert "Morwenna, faked her disappearance" in body
        assert "The smugglers arrive first" in body
        assert "Did the agents find Morwenna?" in body


async def test_follow_an_exit(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        exit_button = app.screen.query_one(".exit")
        exit_button.focus()  # scrolls it into view
        await settle(pilot)
        await pilot.click(exit_button)
        await settle(pilot)
        view = pane_view(app)
        assert isinstance(view, Scene) and view.id == "lamp-room"
        # the number keys follow exits too; this one leads into the next act
        await pilot.press("1")
        await settle(pilot)
        view = pane_view(app)
        assert isinstance(view, Scene) and view.id == "chapel"
        tree = app.screen.query_one(ActTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == ("scene", "chapel")


async def test_check_odds_fill_in(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        odds = text_of(app, ".check-odds")
        assert "success" in odds and "%" in odds
        assert "vs Easy 7" in text_of(app, ".check")


async def test_roll_in_the_tray(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"2d6+3", "enter")
        await settle(pilot)
        tray = app.screen.query_one(DiceTray)
        assert len(tray.history) == 1
        entry = tray.history[0]
        assert entry.text == "2d6+3"
        assert 5 <= entry.roll.total <= 15
        history = app.screen.query_one("#dice-history", OptionList)
        assert history.option_count == 1
        # re-roll from the history: highlight the row, press r
        history.focus()
        await pilot.press("r")
        await settle(pilot)
        assert len(tray.history) == 2
        assert tray.history[0].text == "2d6+3"
        await pilot.press("enter")  # Enter on a history row rolls it again too
        await settle(pilot)
        assert len(tray.history) == 3


async def test_same_seed_same_rolls(app_factory: Factory, settle: Settle) -> None:
    totals = []
    for _ in range(2):
        app = app_factory(seed=42)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("d", *"4d6", "enter", "enter", "enter")
            await settle(pilot)
            totals.append([entry.roll.total for entry in app.screen.query_one(DiceTray).history])
    assert totals[0] == totals[1]
    assert len(totals[0]) == 3


async def test_invalid_expression_shows_the_error(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"2d6+")
        await settle(pilot)
        tray = app.screen.query_one(DiceTray)
        assert tray.error.startswith("column ")
        assert "expected" in tray.error
        assert tray.has_class("-error")
        assert tray.error in text_of(app, "#dice-feedback")
        await pilot.press("enter")  # rolling it is refused, not a crash
        await settle(pilot)
        assert tray.history == []
        assert isinstance(app.screen, GMScreen)
        # fixing it clears the error and shows the odds
        await pilot.press("1", *" vs 9")
        await settle(pilot)
        assert tray.error == ""
        assert "≥9:" in text_of(app, "#dice-feedback")


async def test_palette_jumps_to_an_npc(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Morwenna")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "Morwenna Trevail" in str(app.screen.query_one("#detail-title", Static).render())
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "The lighthouse keeper, in hiding" in body
        assert "kept the lamp lit" in body  # the GM-only secret is on the GM's screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)


async def test_palette_jumps_to_a_scene(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Ruined Chapel")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = pane_view(app)
        assert isinstance(view, Scene) and view.id == "chapel"


async def test_palette_rolls_into_the_tray(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"roll 3d6+1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        history = app.screen.query_one(DiceTray).history
        assert [entry.text for entry in history] == ["3d6+1"]


async def test_help_lists_the_keys(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one("#help-body", Static).render())
        for expected in ("Dice", "Re-roll", "Follow exit", "Next", "palette", "Help"):
            assert expected in body
        await pilot.press("escape")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_help_follows_a_keymap(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_keymap({"gm.dice": "ctrl+d"})
        await pilot.press("f1")
        await settle(pilot)
        body = str(app.screen.query_one("#help-body", Static).render())
        assert "^d" in body


async def test_broken_module_opens_the_error_panel(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(BROKEN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        problems = app.screen.problems
        assert any("module.yaml:3:10" in where for where, _ in problems)
        assert any("missing-ruleset" in what for _, what in problems)
        assert any("oops.yaml" in where for where, _ in problems)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LauncherScreen)


async def test_launcher_lists_modules_and_opens_one(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LauncherScreen)
        rows = {row.id: row for row in app.screen.rows}
        assert rows["broken"].problems >= 2
        assert rows["lighthouse"].counts["scenes"] == 3
        table = app.screen.query_one(ModuleTable)
        table.move_cursor(row=[row.id for row in app.screen.rows].index("lighthouse"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        assert app.screen.module.id == "lighthouse"
        await pilot.press("o")  # back to the list
        await settle(pilot)
        assert isinstance(app.screen, LauncherScreen)


async def test_session_name_in_the_title(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(session="tuesday")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "tuesday" in app.title


async def test_narrow_screen_tray_opens_at_the_bottom(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tray = app.screen.query_one(DiceTray)
        assert not tray.display
        await pilot.press("d")
        await settle(pilot)
        assert tray.display
        assert app.screen.query_one("#dice-input", Input).has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert not tray.display
        assert isinstance(app.screen, GMScreen)


async def test_next_and_previous_scene(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(LIGHTHOUSE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)
        view = pane_view(app)
        assert isinstance(view, Scene) and view.id == "chapel"
        await pilot.press("p")
        await settle(pilot)
        view = pane_view(app)
        assert isinstance(view, Scene) and view.id == "lamp-room"


async def test_table_and_handout_details(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Cove events")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "roll 1d6" in body and "The storm breaks a shutter loose." in body
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GMScreen)
        screen.action_detail("handout", "keepers-log")  # what a link in the pane runs
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "I will watch from the chapel" in body
        await pilot.press("escape")
        await settle(pilot)
        screen.action_detail("npc", "nobody")  # a bad id is a warning, not a crash
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)


async def test_the_tray_follows_the_width_across_the_narrow_line(
    app_factory: Factory, settle: Settle
) -> None:
    """Wide: the tray is always open on the right; narrow: closed until `d` (the docs)."""
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GMScreen) and screen.tray_open
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not screen.tray_open
        await pilot.press("d")
        await settle(pilot)
        assert screen.tray_open
        await pilot.press("escape")  # narrow: escape closes it
        await settle(pilot)
        assert not screen.tray_open
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert screen.tray_open
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not screen.tray_open
        await pilot.resize_terminal(79, 24)  # narrow to narrow: left as it was
        await settle(pilot)
        assert not screen.tray_open
