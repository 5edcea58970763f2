"""Pilot tests of the journal (j, N) and clocks (c) drawer, and its SVG snapshot."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from campaign.tui.app import CampaignApp
from campaign.tui.widgets.clocks import ClocksPanel
from campaign.tui.widgets.drawer import SessionDrawer
from campaign.tui.widgets.journal import JournalPanel

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def lines_of(app: CampaignApp, selector: str, count: int = 12) -> str:
    widget = app.screen.query_one(selector)
    return "\n".join(str(widget.render_line(y).text).rstrip() for y in range(count))


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every event at 20:15:03 UTC, shown in UTC: journal times that do not move."""
    monkeypatch.setattr("campaign.session.store.now", lambda: "2026-11-24T20:15:03.000+00:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def test_j_toggles_the_journal_and_lists_events_in_order(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None, session="journal")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drawer = app.screen.query_one(SessionDrawer)
        assert not drawer.display or not drawer.journal_open
        await pilot.press("d", *"2d6", "enter", "escape", "t", "down", "enter")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert drawer.journal_open and app.screen.query_one(JournalPanel).has_focus_within
        listing = lines_of(app, "#journal-list")
        roll_line, scene_line = listing.splitlines()[:2]
        assert "roll" in roll_line and "2d6" in roll_line
        assert "scene" in scene_line and "Scene: The Lamp Room" in scene_line
        assert app.focused is app.screen.query_one("#journal-note")  # j is for writing
        await pilot.press("escape", "u")  # out of the note box: u is a key again
        await settle(pilot)
        listing = lines_of(app, "#journal-list")
        assert "(undone)" in listing.splitlines()[1]
        assert "Undo #" in listing.splitlines()[2]
        await pilot.press("j")  # focused: j closes it
        await settle(pilot)
        assert not drawer.journal_open


async def test_a_note_is_added_and_persists(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=None, session="notes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N", *"Morwenna watches from the chapel", "enter")
        await settle(pilot)
        assert app.session is not None
        (note,) = app.session.state.journal()
        assert note.kind == "note" and note.data["text"] == "Morwenna watches from the chapel"
        assert "Morwenna watches from the chapel" in lines_of(app, "#journal-list")
        assert app.screen.query_one("#journal-note").value == ""  # type: ignore[attr-defined]

    again = app_factory(seed=None, session="notes")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert "note    Morwenna watches from the chapel" in lines_of(again, "#journal-list")


async def test_a_clock_ticked_to_full_announces_it(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=None, session="storm")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        panel = app.screen.query_one(ClocksPanel)
        assert panel.has_focus_within
        listing = lines_of(app, "#clock-list")
        assert listing.splitlines()[0].strip() == "This act"
        assert "0/4 ▱▱▱▱" in listing
        await pilot.press("space", "plus", "plus", "backspace", "plus", "plus")
        await settle(pilot)
        assert app.session is not None
        assert app.session.state.clocks["storm"].filled == 4
        assert panel.rows["storm"].full
        listing = lines_of(app, "#clock-list")
        assert "4/4 ▰▰▰▰  FULL" in listing
        assert "→ The storm makes the cove impassable" in listing
        full = [note for note in app._notifications if note.title == "The storm is full"]
        assert len(full) == 1
        assert full[0].message.startswith("The storm makes the cove impassable")
        await pilot.press("plus")  # already full: nothing recorded
        await settle(pilot)
        assert len(app.session.state.journal()) == 6
        event = app.session.state.journal()[-1]
        assert event.data == {
            "clock": "storm",
            "name": "The storm",
            "delta": 1,
            "segments": 4,
            "start": 0,
        }


async def test_without_a_session_the_drawer_says_so(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=7)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert "No session" in str(app.screen.query_one("#journal-empty").render())
        await pilot.press("c", "plus")
        await settle(pilot)
        assert any("not recorded" in str(note.message) for note in app._notifications)


def test_journal_and_clocks_snapshot(
    snap_compare: Callable[..., bool], app_factory: Factory, fixed_clock: None
) -> None:
    async def play(pilot: Pilot[None]) -> None:
        for _ in range(4):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("d", *"2d6+1", "enter", "escape", "t", "down", "enter")
        await pilot.press("c", "plus", "plus", "plus")
        await pilot.press("N", *"Morwenna watches from the chapel", "enter")
        for _ in range(4):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    app = app_factory(seed=7, session="snapshot")
    assert snap_compare(app, terminal_size=SIZE, run_before=play)


def test_a_rolls_dropped_dice_are_struck_through_not_tilded(tmp_path: Path) -> None:
    from campaign.cache import load_module_cached
    from campaign.session import Session
    from campaign.tui.widgets.journal import journal_line

    from .conftest import LIGHTHOUSE

    module = load_module_cached(LIGHTHOUSE)
    with Session.open(tmp_path / "s.sqlite", module=module, seed=1) as session:
        session.roll("4d6kh3")
        event = session.events()[-1]
    assert "~~" in event.summary()  # the journal's words mark the dropped die so
    line = journal_line(event, module, undone=False, own="campaign")
    assert "~~" not in line.body.plain
    body = line.body
    struck = [body.plain[span.start : span.end] for span in body.spans if span.style == "strike"]
    assert struck and all(part.strip().isdigit() for part in struck), struck


async def test_the_journal_keeps_the_newest_in_sight_when_the_window_shrinks(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    from campaign.cache import load_module_cached
    from campaign.session import Session
    from campaign.tui.widgets.journal import JournalList

    from .conftest import LIGHTHOUSE

    path = tmp_path / "long.sqlite"
    with Session.open(path, module=load_module_cached(LIGHTHOUSE), seed=1) as session:
        for number in range(40):
            session.note(f"note {number}: the keeper's dog barks at the tide again, twice")
    app = app_factory(session=str(path))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("j", "escape")  # open, and out of the note box into the list
        await settle(pilot)
        listing = app.screen.query_one(JournalList)
        assert listing.highlighted == listing.option_count - 1
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert listing.max_scroll_y > 0 and listing.scroll_y == listing.max_scroll_y
