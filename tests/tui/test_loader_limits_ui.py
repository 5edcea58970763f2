"""`campaign play` on a module holding values the loader refuses: the problems panel, located.

Handout data nested 500 deep used to pass `validate` and then stop the GM
screen from loading the module at all (a RecursionError, reported as "could
not load the module").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from campaign.scaffold import create_module
from campaign.tui.app import CampaignApp
from campaign.tui.screens.errors import ErrorScreen

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def test_refused_values_open_the_problems_panel(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    folder = create_module("Test Module", tmp_path / "modules")
    handout = folder / "handouts/keepers-log.yaml"
    handout.write_text(
        "id: keepers-log\ntitle: Log\ntype: note\n"
        "data: " + "{a: " * 500 + "1" + "}" * 500 + "\n"
        "pages: " + "9" * 5000 + "\n"
    )
    npc = folder / "npcs/smuggler.yaml"
    npc.write_text(npc.read_text() + "health: 5\n")
    app = app_factory(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        column = len("data: ") + 4 * 63 + 1
        assert sorted(app.screen.problems) == [
            (
                f"{handout}:4:{column}",
                f"data{'.a' * 63}: refused: nested more than 64 levels deep",
            ),
            (
                f"{handout}:5:8",
                "pages: integer '99999999999999999999…' (5,000 characters) is out of range: "
                "it must fit in 64 bits (-9223372036854775808 to 9223372036854775807)",
            ),
            (f"{npc}:14:1", "health: duplicate key 'health' (first at line 10, column 1)"),
        ]
