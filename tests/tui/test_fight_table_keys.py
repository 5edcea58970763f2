"""Home and End in the combat tracker move the selection, so `del` after End removes
the last combatant, not whoever was selected before (a GM's smoke test found it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from campaign.paths import bundled_modules_dir
from campaign.tui.app import CampaignApp

from .conftest import SIZE, open_fight

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def test_end_then_delete_removes_the_last_row_and_home_selects_the_first(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(
        bundled_modules_dir() / "living-daylights", session=str(tmp_path / "s.sqlite")
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_fight(
            pilot, "On the cargo net", npcs=(("necros", 1),), pcs=("pc-bond", "pc-reyes")
        )
        table = screen.query_one(DataTable)
        rows = [str(key.value) for key in table.rows]
        table.move_cursor(row=0)
        await pilot.press("end")
        assert table.cursor_row == len(rows) - 1
        await pilot.press("delete")
        await settle(pilot)
        left = [str(key.value) for key in table.rows]
        assert left == rows[:-1], (rows, left)
        await pilot.press("home")
        assert table.cursor_row == 0
