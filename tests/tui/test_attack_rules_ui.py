"""The combat tracker reads a to-hit roll with the ruleset's attack rules (issue 21):
rolled against the target's defence, kept as 'vs N' in the journal, said as hit or miss."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from campaign.paths import bundled_modules_dir
from campaign.tui.app import CampaignApp

from .conftest import SIZE, open_fight, pick_choice

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def test_a_to_hit_roll_is_read_against_the_targets_defence(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(
        bundled_modules_dir() / "living-daylights", session=str(tmp_path / "s.sqlite")
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_fight(
            pilot, "On the cargo net", npcs=(("necros", 1),), pcs=("pc-bond",)
        )
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("necros"))
        await pilot.press("r")
        await settle(pilot)
        await pick_choice(pilot, "2")  # the silenced pistol: to hit (2d6+5)
        await pick_choice(pilot, "pc-bond")
        event = screen.session.state.journal()[-1]
        # Double-O: open 9 plus the target's Reflexes (Bond's 2)
        assert event.kind == "roll" and event.data["target"] == 11
        notice = str(screen.query_one("#fight-notice", Static).render())
        total = event.data["total"]
        verdict = "Hit" if total >= 11 else "Miss"
        assert notice.startswith(f"{verdict}: {total} vs James Bond's defence 11"), notice
        # the journal (and so the fight log and the recap) says the same word
        assert event.summary().endswith(f"vs 11: {verdict.lower()}"), event.summary()
