"""Showing things to the players from the GM screen: P, and the 'players see' strip."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from campaign.session import shown_of
from campaign.tui.app import CampaignApp
from campaign.tui.widgets.prompts import AskScreen
from campaign.tui.widgets.showing import PlayersStrip

from .conftest import SIZE, pick_choice

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def test_p_shows_and_hides_and_the_strip_says_so(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "evening.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.screen.query_one(PlayersStrip)
        assert not strip.display  # nothing shown yet: the row stays the GM's
        await pilot.press("P")
        await settle(pilot)
        await pick_choice(pilot, "read")
        session = app.session  # type: ignore[attr-defined]
        assert shown_of(session.state).read_aloud == "lighthouse-door"
        assert strip.display and "read-aloud (The Lighthouse Door)" in str(strip.render())
        await pilot.press("P")
        await settle(pilot)
        await pick_choice(pilot, "npc:smuggler")
        assert "Cove Smuggler" in str(strip.render())
        await pilot.press("P")
        await settle(pilot)
        await pick_choice(pilot, "roll")
        assert isinstance(app.screen, AskScreen)
        await pilot.press("enter")  # nothing typed: says so, rolls nothing
        await settle(pilot)
        assert not isinstance(app.screen, AskScreen)
        assert any("Nothing rolled" in str(n.message) for n in app._notifications)
        assert "roll" not in str(strip.render())
        await pilot.press("P")
        await settle(pilot)
        await pick_choice(pilot, "roll")
        await pilot.press(*"2d6+1", "enter")
        await settle(pilot)
        assert "1 roll" in str(strip.render())
        await pilot.press("u")  # the roll shown comes off again
        await settle(pilot)
        assert "roll" not in str(strip.render())
        await pilot.press("P")
        await settle(pilot)
        await pick_choice(pilot, "read")  # now a hide
        assert shown_of(session.state).read_aloud is None


async def test_the_strip_ends_in_an_ellipsis_when_it_is_too_long(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "evening.sqlite"))
    async with app.run_test(size=(40, 24)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        await pick_choice(pilot, "read")
        strip = app.screen.query_one(PlayersStrip)
        rendered = strip.render_line(0).text
        assert rendered.rstrip().endswith("…"), rendered
