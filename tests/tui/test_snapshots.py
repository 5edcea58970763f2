"""SVG snapshots of the GM screen, the dice tray with a seeded roll, and help;
and of every screen at 80x24 and 160x48 (the layout snapshots, at the end).

Drawn from the stable fixture modules, with animations and cursor blink off
(see conftest). Update with `pytest tests/tui --snapshot-update`
and look at the result before committing it.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from campaign.session import Session
from campaign.tui.app import CampaignApp
from campaign.tui.screens.cast import CastScreen
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.handouts import HandoutsScreen
from campaign.tui.screens.tables import TablesScreen
from campaign.tui.widgets.drawer import SessionDrawer
from campaign.tui.widgets.scene_pane import ScenePane
from campaign.tui.widgets.statblock import StatBlockView

from .conftest import BROKEN, FIXTURES, SIZE, open_tracker, settle_screen

CHECKPOINT = FIXTURES / "layout" / "checkpoint"

Factory = Callable[..., CampaignApp]


def test_gm_screen(snap_compare: Callable[..., bool], app_factory: Factory) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=settle_screen)


def test_dice_tray_with_a_roll(snap_compare: Callable[..., bool], app_factory: Factory) -> None:
    async def roll(pilot: Pilot[None]) -> None:
        await settle_screen(pilot)
        await pilot.press("d", *"4d6kh3+2", "enter", *"2d6 vs 9", "enter")
        await settle_screen(pilot)

    assert snap_compare(app_factory(seed=7), terminal_size=SIZE, run_before=roll)


def test_help_screen(snap_compare: Callable[..., bool], app_factory: Factory) -> None:
    async def help_screen(pilot: Pilot[None]) -> None:
        await settle_screen(pilot)
        await pilot.press("f1")
        await settle_screen(pilot)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=help_screen)


def test_error_panel(
    snap_compare: Callable[..., bool], app_factory: Factory, tmp_path: Path
) -> None:
    # A relative path (the tests run in tmp_path), so the picture is the same in any checkout.
    shutil.copytree(BROKEN, tmp_path / "broken")
    app = app_factory(Path("broken"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle_screen)


def test_gm_screen_narrow_with_the_tray_open(
    snap_compare: Callable[..., bool], app_factory: Factory
) -> None:
    """80x24: the tree narrows, the tray opens at the bottom."""

    async def open_tray(pilot: Pilot[None]) -> None:
        await settle_screen(pilot)
        await pilot.press("d", *"d66", "enter")
        await settle_screen(pilot)

    assert snap_compare(app_factory(seed=3), terminal_size=(80, 24), run_before=open_tray)


# --- the layout snapshots: every screen at 80x24 and 160x48 ------------------------
#
# Drawn from the layout fixture (fixtures/layout/checkpoint), whose names, exits,
# notes and table entries are all longer than a narrow screen: the pictures show
# that nothing is cut without a "…", that exits keep their destination, and that
# a dozen combatants, the fight log and the table result fit at 80x24.

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}
Steps = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every event at 20:15:03 UTC, shown in UTC: journal times that do not move."""
    monkeypatch.setattr("campaign.session.store.now", lambda: "2026-11-24T20:15:03.000+00:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def _gm(app: CampaignApp) -> GMScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, GMScreen))


def _session(app: CampaignApp) -> Session:
    assert app.session is not None
    return app.session


async def _gm_screen(pilot: Pilot[None]) -> None:
    """The barrier scene scrolled to its exits."""
    await settle_screen(pilot)
    pane = _gm(pilot.app).query_one(ScenePane)
    pane.scroll_end(animate=False)
    await settle_screen(pilot)


async def _cast(pilot: Pilot[None]) -> None:
    """The police officer's stat block at its attacks (a note that wraps)."""
    await settle_screen(pilot)
    gm = _gm(pilot.app)
    await pilot.app.push_screen(CastScreen(gm.module, "npc", "czech-police"))
    await settle_screen(pilot)
    block = pilot.app.screen.query_one(StatBlockView)
    block.scroll_to_widget(block.query(".sb-note").first(), animate=False, top=True)
    await settle_screen(pilot)


async def _tables(pilot: Pilot[None]) -> None:
    await settle_screen(pilot)
    gm = _gm(pilot.app)
    screen = TablesScreen(gm.module, "border-events")
    await pilot.app.push_screen(screen)
    await settle_screen(pilot)
    screen.roll("border-events")
    await settle_screen(pilot)


async def _combat(pilot: Pilot[None]) -> None:
    """Twelve combatants in round 1: a wound, a condition, an attack in the log."""
    screen = await open_tracker(pilot)
    tracker = screen.tracker
    tracker.start("The barrier")
    tracker.add_from_scene("barrier")
    for name in ("Ada Lovelace", "Ben Okafor", "Cleo Brandt", "Dov Lindqvist"):
        tracker.add_named(name)
    tracker.roll_initiative()
    tracker.next_turn()
    officer = "czech-police-3"
    tracker.harm(officer, 1)
    tracker.add_condition("kgb-agent-2", "stunned")
    _session(pilot.app).roll("2d6+2", source="Ada Lovelace attacks Czechoslovak police officer 3")
    screen.refresh_view(follow_turn=True)
    await settle_screen(pilot)


async def _handouts(pilot: Pilot[None]) -> None:
    await settle_screen(pilot)
    await pilot.app.push_screen(HandoutsScreen(_gm(pilot.app).module))
    await settle_screen(pilot)


def _play_a_little(app: CampaignApp) -> None:
    session = _session(app)
    session.roll("2d6+1", source="Bluff past the barrier")
    session.note("The sergeant took the slivovitz and waved them through, then thought again")
    for _ in range(3):
        session.change_clock("alarm", 1, name="The alarm", segments=6)
    session.change_clock("dawn", 5, name="Dawn", segments=12)


async def _journal(pilot: Pilot[None]) -> None:
    await settle_screen(pilot)
    _play_a_little(pilot.app)
    drawer = _gm(pilot.app).query_one(SessionDrawer)
    drawer.journal_open = True
    _gm(pilot.app)._refresh_drawer()
    await settle_screen(pilot)


async def _clocks(pilot: Pilot[None]) -> None:
    await settle_screen(pilot)
    _play_a_little(pilot.app)
    drawer = _gm(pilot.app).query_one(SessionDrawer)
    drawer.clocks_open = True
    _gm(pilot.app)._refresh_drawer()
    await settle_screen(pilot)


SCREENS: dict[str, Steps] = {
    "gm": _gm_screen,
    "cast": _cast,
    "tables": _tables,
    "combat": _combat,
    "handouts": _handouts,
    "journal": _journal,
    "clocks": _clocks,
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_layout(
    snap_compare: Callable[..., bool],
    app_factory: Factory,
    fixed_clock: None,
    screen: str,
    size: str,
) -> None:
    app = app_factory(CHECKPOINT, session="evening")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=SCREENS[screen])


# --- the combat tracker's forecast line (issue 22) --------------------------------

SKIRMISH = Path(__file__).resolve().parents[1] / "fixtures" / "skirmish"


async def _forecast(pilot: Pilot[None]) -> None:
    """Round 2 of the quarry fight: a guard down, Vera hurt, Tess typed in by name."""
    screen = await open_tracker(pilot)
    tracker = screen.tracker
    tracker.start("The Quarry Gate")
    tracker.add_from_scene("gate")
    for pc in ("pc-hale", "pc-osei"):
        tracker.add_pc(pc)
    tracker.add_named("Tess", health=5)
    tracker.roll_initiative()
    tracker.next_turn()
    tracker.harm("quarry-guard-1", 3)
    tracker.harm("pc-hale", 2)
    while tracker.state.round < 2:
        tracker.next_turn()
    screen.refresh_view(follow_turn=True)
    await settle_screen(pilot)


@pytest.mark.parametrize("size", list(SIZES))
def test_combat_forecast(
    snap_compare: Callable[..., bool], app_factory: Factory, fixed_clock: None, size: str
) -> None:
    """The forecast line fits: whole at 160 columns, cut with … at 80."""
    app = app_factory(SKIRMISH, session="evening")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_forecast)
