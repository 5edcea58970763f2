"""The scene pane says whose result takes an exit that follows one of several checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button

from campaign.scaffold import create_module
from campaign.tui.app import CampaignApp


def with_exit_check(folder: Path) -> Path:
    """The starter with its first scene's 'Climb the stairs' following the check `way-in`."""
    act = folder / "acts" / "act-1.yaml"
    text = act.read_text().replace(
        "  - task: Find a way in", "  - id: way-in\n    task: Find a way in"
    )
    act.write_text(
        text.replace(
            "label: Climb the stairs, on: success",
            "label: Climb the stairs, on: success, check: way-in",
        )
    )
    return folder


async def test_the_scene_pane_says_whose_result_takes_the_exit(
    tmp_path: Path,
    app_factory: Callable[..., CampaignApp],
    settle: Callable[[Pilot[None]], Awaitable[None]],
) -> None:
    app = app_factory(with_exit_check(create_module("Exit Checks", tmp_path / "m")))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        labels = [str(button.label) for button in app.screen.query(Button)]
        assert any(
            "Climb the stairs" in label and "(on success: Find a way in)" in label
            for label in labels
        ), labels
        assert any("Force the door" in label and "(on failure)" in label for label in labels)
