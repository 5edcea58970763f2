"""Pilot tests of full-text search (`/` and the palette): results with the match
highlighted, and enter opening each kind of result where it belongs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import OptionList

from campaign.model import Scene
from campaign.tui.app import CampaignApp
from campaign.tui.screens.cast import CastScreen
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.handouts import HandoutsScreen
from campaign.tui.screens.search import SearchScreen
from campaign.tui.screens.tables import TablesScreen
from campaign.tui.widgets.scene_pane import ScenePane

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def search(pilot: Pilot[None], settle: Settle, phrase: str) -> SearchScreen:
    await settle(pilot)
    await pilot.press("slash")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*phrase)
    await settle(pilot)
    return screen


async def test_a_read_aloud_phrase_opens_its_scene(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, settle, "great lens turns")
        assert screen.hits[0].kind == "scene" and screen.hits[0].id == "lamp-room"
        assert screen.hits[0].field == "read-aloud"
        results = screen.query_one("#search-results", OptionList)
        assert results.option_count == len(screen.hits)
        assert "great lens turns" in str(results.get_option_at_index(0).prompt).lower()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        view = app.screen.query_one(ScenePane).view
        assert isinstance(view, Scene) and view.id == "lamp-room"


async def test_enter_in_the_box_opens_the_best_hit(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, settle, "paid by the harbourmaster")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CastScreen)
        assert app.screen.selected == "smuggler"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)


async def test_tables_and_handouts_open_in_their_browsers(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, settle, "shutter loose")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TablesScreen)
        assert app.screen.selected == "cove-events"
        await pilot.press("escape")
        await search(pilot, settle, "boats again without lights")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoutsScreen)
        assert app.screen.selected == "keepers-log"


async def test_nothing_found_and_too_short(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, settle, "q")
        assert screen.hits == []
        await pilot.press(*"zzxq")
        await settle(pilot)
        assert screen.hits == []
        status = str(screen.query_one("#search-status").render())
        assert "Nothing found" in status


async def test_the_palette_searches_the_text(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"great lens turns")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        view = app.screen.query_one(ScenePane).view
        assert isinstance(view, Scene) and view.id == "lamp-room"
