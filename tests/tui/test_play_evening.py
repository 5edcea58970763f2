"""Pilot tests of what a new GM found playing an evening (issue 19, 'h19-play'): a tray
roll's target survives a resume and reaches the recap, the journal's columns, module
text that looks like markup, toasts over keys lines, the browsers' filters and give
key, table results on the GM screen, stat-block bonuses, the pinned marker and the
cast's arrow keys."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import OptionList

from campaign.handouts.recap import render_session_recap
from campaign.session import Session
from campaign.session.events import Event, roll_reached, roll_target
from campaign.tui.app import CampaignApp
from campaign.tui.widgets.dice_tray import DiceTray

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def lines_of(app: CampaignApp, selector: str, count: int = 12) -> list[str]:
    """The lines a widget draws, as plain text."""
    widget = app.screen.query_one(selector)
    return [str(widget.render_line(y).text).rstrip() for y in range(count)]


# --- 1. a roll's 'vs N' is kept in its event -------------------------------------------


async def test_a_tray_rolls_target_is_kept_through_resume_and_recap(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None, session="targets")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"2d6+1 vs 9", "enter")
        await pilot.press(*"1d6 vs 1", "enter")  # Enter selected the text: typing replaces it
        await pilot.press(*"1d6", "enter")
        await settle(pilot)
        assert app.session is not None
        path = app.session.path
        rolls = [event for event in app.session.state.journal() if event.kind == "roll"]
        assert [event.data.get("target") for event in rolls] == [9, 1, None]
        first = rolls[0]
        reached_first = first.data["total"] >= 9
        assert roll_reached(first.data) is reached_first

    again = app_factory(seed=None, session="targets")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        history = again.screen.query_one(DiceTray).history
        assert [entry.target for entry in history] == [None, 1, 9]
        assert history[1].reached is True
        assert history[2].reached is reached_first
        verdict = "reached" if reached_first else "missed"
        tray = again.screen.query_one("#dice-history", OptionList)
        shown = [str(tray.get_option_at_index(index).prompt) for index in range(3)]
        assert shown[2].endswith(f"vs 9: {verdict}")
        assert shown[1].endswith("vs 1: reached")
        assert " vs " not in shown[0]
        await pilot.press("escape", "j")
        await settle(pilot)
        journal = "\n".join(lines_of(again, "#journal-list", 4))
        assert f"vs 9: {verdict}" in journal

    with Session.open(path, create=False, read_only=True) as session:
        recap = render_session_recap(session, fmt="md")
        players = render_session_recap(session, fmt="md", audience="players")
    assert isinstance(recap, str) and isinstance(players, str)
    for text in (recap, players):
        assert f"vs 9: {verdict}" in text
        assert "vs 1: reached" in text


def test_rolls_recorded_without_a_target_still_read() -> None:
    """Events written before targets were kept (or with a damaged one) read as no target."""
    old = Event(3, "2026-11-24T20:15:03.000+00:00", "roll", {"expression": "2d6", "total": 7})
    assert roll_target(old.data) is None and roll_reached(old.data) is None
    assert old.summary() == "2d6"
    for damaged in ("9", 9.5, True, None, [9]):
        event = Event(4, old.at, "roll", {**old.data, "target": damaged})
        assert roll_target(event.data) is None
        assert event.summary() == "2d6"
    reached = Event(5, old.at, "roll", {**old.data, "rendered": "2d6 [3, 4] = 7", "target": 7})
    assert reached.summary() == "2d6 [3, 4] = 7 vs 7: reached"
    missed = Event(6, old.at, "roll", {**old.data, "target": 8, "source": "Rook"})
    assert missed.summary() == "Rook: 2d6 vs 8: missed"


# --- 2. the journal's kind column and hanging text ----------------------------------------


async def test_the_journal_kind_column_fits_its_words_and_text_hangs(
    app_factory: Factory, settle: Settle
) -> None:
    from campaign.tui.widgets.journal import KIND_WIDTH, kind_word

    app = app_factory(seed=None, session="kinds")
    async with app.run_test(size=(80, 60)) as pilot:  # 80 wide, tall enough to list all
        await settle(pilot)
        session = app.session
        assert session is not None
        long_note = " ".join(f"word{number}" for number in range(40))
        events = [
            session.append("handout-given", {"handout": "letter", "title": "The letter"}),
            session.append("combat-start", {"name": "Ambush"}),
            session.append("some-future-kind", {"text": "from a later version"}),
            session.note(long_note),
        ]
        app.sessions.changed(events)
        await pilot.press("j")
        await settle(pilot)
        shown = [line for line in lines_of(app, "#journal-list", 12) if line]
    text_column = 8 + 1 + KIND_WIDTH + 1
    kinds = [line[9:text_column].strip() for line in shown if line[:2].isdigit()]
    assert kinds[-4:] == ["handout", "fight", "some-f…", "note"]
    note_lines = shown[shown.index(next(line for line in shown if "word0 " in line)) :]
    assert len(note_lines) > 1, "the long note wraps"
    for line in note_lines[1:]:
        assert line[:text_column].strip() == "", "a wrapped line hangs under the text"
        assert line[text_column] != " "
    words = " ".join(line[text_column:].strip() for line in note_lines)
    assert words == long_note  # nothing cut
    assert kind_word("campaign-carry") == "carried" and len("carried") <= KIND_WIDTH
