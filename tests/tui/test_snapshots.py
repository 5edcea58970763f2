"""SVG snapshots of the GM screen, the dice tray with a seeded roll, and help.

Drawn from the stable fixture module, at 120x40, with animations and cursor
blink off (see conftest). Update with `pytest tests/tui --snapshot-update`
and look at the result before committing it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from campaign.tui.app import CampaignApp

from .conftest import BROKEN, SIZE

Factory = Callable[..., CampaignApp]


async def _settle(pilot: Pilot[None]) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_gm_screen(snap_compare: Callable[..., bool], app_factory: Factory) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=_settle)


def test_dice_tray_with_a_roll(snap_compare: Callable[..., bool], app_factory: Factory) -> None:
    async def roll(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("d", *"4d6kh3+2", "enter", *"2d6 vs 9", "enter")
        await _settle(pilot)

    assert snap_compare(app_factory(seed=7), terminal_size=SIZE, run_before=roll)


def test_help_screen(snap_compare: Callable[..., bool], app_factory: Factory) -> None:
    async def help_screen(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("f1")
        await _settle(pilot)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=help_screen)


def test_error_panel(
    snap_compare: Callable[..., bool], app_factory: Factory, tmp_path: Path
) -> None:
    # A relative path (the tests run in tmp_path), so the picture is the same in any checkout.
    shutil.copytree(BROKEN, tmp_path / "broken")
    app = app_factory(Path("broken"))
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_gm_screen_narrow_with_the_tray_open(
    snap_compare: Callable[..., bool], app_factory: Factory
) -> None:
    """80x24: the tree narrows, the tray opens at the bottom."""

    async def open_tray(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("d", *"d66", "enter")
        await _settle(pilot)

    assert snap_compare(app_factory(seed=3), terminal_size=(80, 24), run_before=open_tray)
