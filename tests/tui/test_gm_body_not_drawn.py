"""The GM screen's body container is not drawn, its panes are (issue 20's idle memory).

A drawn container's every line is cut at every pane edge by Textual's compositor
and kept: about 700 strips, 2 MB at rest. Hidden, it changes nothing on screen
only while it has no background of its own (the SVG snapshots hold the rest).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from campaign.tui.app import CampaignApp
from campaign.tui.screens.gm import GMScreen


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_body_is_not_drawn_and_its_panes_are(
    app_factory: Callable[..., CampaignApp],
    settle: Callable[[Pilot[None]], Awaitable[None]],
    size: tuple[int, int],
) -> None:
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        body = app.screen.query_one("#gm-body")
        assert not body.visible
        assert body.styles.background.a == 0, "a background would vanish with the container"
        drawn = app.screen._compositor.visible_widgets
        assert body not in drawn
        for pane in ("#act-tree", "#scene-pane"):
            widget = app.screen.query_one(pane)
            assert widget.visible and widget in drawn
        await pilot.press("t")  # the tray, open or closed, is a pane like the others
        await settle(pilot)
        tray = app.screen.query_one("#dice-tray")
        assert tray.visible
        assert (tray in app.screen._compositor.visible_widgets) == tray.display
