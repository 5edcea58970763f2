"""The keys line while a text box has focus (issue 19): printable keys are text
there, so the footer lists only what works in the box (escape, enter, F1,
ctrl+...), never '/ Search' or 'n Next'. One rule in KeysFooter for every
screen, tried on the GM screen's dice tray, the journal's note box and a
browser's filter; and the module list uses the same footer, fitting 80 columns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from campaign.tui.app import CampaignApp
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.launcher import LauncherScreen
from campaign.tui.screens.tables import TablesScreen
from campaign.tui.widgets.keys_footer import PRINTABLE_KEYS, KeysFooter

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
SIZES = [(80, 24), (160, 48)]


def _keys(app: CampaignApp) -> dict[str, str]:
    """What the footer shows: description -> key."""
    return {key.description: key.key for key in app.screen.query_one(KeysFooter).query(FooterKey)}


def _fits(app: CampaignApp) -> bool:
    return all(key.region.right <= app.size.width for key in app.screen.query(FooterKey))


def _typing_footer_ok(app: CampaignApp) -> None:
    """A box has focus: no printable key in the footer, escape and enter in it."""
    assert isinstance(app.focused, Input)
    keys = _keys(app)
    printable = {what: key for what, key in keys.items() if key in PRINTABLE_KEYS}
    assert printable == {}
    assert "escape" in keys.values() and "enter" in keys.values()
    assert _fits(app)


def test_printable_keys_are_the_ones_a_box_types() -> None:
    assert {"a", "E", "question_mark", "slash", "space", "minus", "plus"} <= PRINTABLE_KEYS
    assert not {"escape", "enter", "f1", "ctrl+p", "tab", "down", "delete"} & PRINTABLE_KEYS


@pytest.mark.parametrize("size", SIZES)
async def test_the_dice_tray_footer_lists_only_what_works_in_the_box(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "Next" in _keys(app) and "Dice" in _keys(app)
        await pilot.press("d")
        await settle(pilot)
        _typing_footer_ok(app)
        keys = _keys(app)
        assert keys.get("Roll") == "enter"
        assert "Search" not in keys and "Next" not in keys and "Dice" not in keys
        assert "f1" in keys.values()  # the help still opens from a box, with f1
        await pilot.press("escape")  # leaves the box: the GM screen's keys return
        await settle(pilot)
        assert not isinstance(app.focused, Input)
        assert "Next" in _keys(app) and "Roll" not in _keys(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_journal_note_footer_lists_only_what_works_in_the_box(
    app_factory: Factory, settle: Settle, size: tuple[int, int], tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "note.sqlite"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        _typing_footer_ok(app)
        keys = _keys(app)
        assert keys.get("Save note") == "enter" and keys.get("To the journal") == "escape"
        assert not {"Search", "Next", "Undo", "Journal", "Clocks"} & set(keys)
        await pilot.press("escape")  # to the journal's list: its keys come back
        await settle(pilot)
        assert not isinstance(app.focused, Input)
        assert "Save note" not in _keys(app) and "Next" in _keys(app)


@pytest.mark.parametrize("size", SIZES)
async def test_a_browser_filter_footer_lists_only_what_works_in_the_box(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, TablesScreen)
        _typing_footer_ok(app)
        keys = _keys(app)
        assert keys.get("Back") == "escape" and keys.get("List") == "enter"
        assert keys.get("Result") == "ctrl+r"  # a ctrl key still works in the box
        await pilot.press("down")  # into the list: the list's keys (r rolls) show again
        await settle(pilot)
        assert not isinstance(app.focused, Input)
        assert any(key in PRINTABLE_KEYS for key in _keys(app).values())


@pytest.mark.parametrize("size", SIZES)
async def test_the_module_list_uses_the_fitting_footer(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory(None)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LauncherScreen)
        footers = list(app.screen.query(Footer))
        assert [type(footer) for footer in footers] == [KeysFooter]
        keys = _keys(app)
        assert keys.get("Open") == "enter" and keys.get("Refresh") == "r"
        assert _fits(app)


async def test_over_the_gm_screen_the_module_list_offers_back(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, LauncherScreen)
        assert _keys(app).get("Back") == "escape"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
