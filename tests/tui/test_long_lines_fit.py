"""Long lines fit on one line, cut with '…', at 80x24 and at 160x48 (a GM review
saw them wrap): clock names beside the journal, the rows of the help, and the
lines of a search result."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Static

from campaign.tui.app import CampaignApp
from campaign.tui.screens.help import HelpScreen
from campaign.tui.screens.search import SearchScreen
from campaign.tui.widgets.clocks import ClockList

from .conftest import FIXTURES

CHECKPOINT = FIXTURES / "layout" / "checkpoint"
"""A module whose names are all too long: its alarm clock is named in 51 letters."""

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def _drawn(widget: Widget) -> list[str]:
    """Every line the widget draws, scrolled or not, as plain text."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def _option_lines(options: OptionList) -> int:
    """Lines the options hold, one per line of their text (none wrapped)."""
    return sum(
        len(str(options.get_option_at_index(i).prompt).split("\n"))
        for i in range(options.option_count)
    )


@pytest.mark.parametrize("size", list(SIZES))
async def test_clock_names_fit_beside_the_journal(
    app_factory: Factory, settle: Settle, size: str
) -> None:
    app = app_factory(CHECKPOINT, session="clocks")
    async with app.run_test(size=SIZES[size]) as pilot:
        await settle(pilot)
        await pilot.press("j", "escape", "c")  # the journal and the clocks, side by side
        await settle(pilot)
        listing = app.screen.query_one(ClockList)
        assert listing.region.width < 50  # beside the journal: the alarm's name cannot fit
        assert listing.virtual_size.height == _option_lines(listing)
        lines = _drawn(listing)
        name = next(line for line in lines if line.strip().startswith("The alarm at"))
        assert name.endswith("…") and len(name) <= listing.region.width
        assert lines[lines.index(name) + 1].strip().startswith("0/6")


@pytest.mark.parametrize("size", list(SIZES))
async def test_the_help_wraps_a_tooltip_under_its_own_column(
    app_factory: Factory, settle: Settle, size: str
) -> None:
    app = app_factory(CHECKPOINT)
    async with app.run_test(size=SIZES[size]) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body", Static)
        rows = str(body.render()).split("\n")
        assert body.size.height == len(rows)  # laid out for the width: nothing wraps again
        drawn = _drawn(body)
        assert all(len(line) <= body.size.width and "…" not in line for line in drawn)
        at = next(index for index, line in enumerate(drawn) if " Quit " in line)
        column = drawn[at].index("Quit the app")  # the tooltip's column
        said = [drawn[at][column:].strip()]
        for line in drawn[at + 1 :]:
            if line[:column].strip():  # the next key's row
                break
            said.append(line.strip())
        # the whole tooltip, its tail under itself and never under the keys
        assert " ".join(said) == "Quit the app and return to the command prompt."
        assert (size == "80x24") == (len(said) > 1)
        # the rule about typing is a sentence, not a row of keys: it still wraps, whole
        rule = str(app.screen.query_one("#help-rule", Static).render())
        assert rule.endswith("still opens this help.")


@pytest.mark.parametrize("size", list(SIZES))
async def test_search_results_take_two_lines_each(
    app_factory: Factory, settle: Settle, size: str
) -> None:
    app = app_factory(CHECKPOINT)
    async with app.run_test(size=SIZES[size]) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"searchlight")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#search-results", OptionList)
        assert app.screen.hits and results.option_count == len(app.screen.hits)
        assert results.virtual_size.height == 2 * results.option_count
        drawn = [line for line in _drawn(results) if line.strip("│╭╮╰╯─ ")]
        assert all(len(line) <= results.region.width for line in drawn)
        if size == "80x24":
            assert any(line.rstrip(" │▁▇").endswith("…") for line in drawn)
