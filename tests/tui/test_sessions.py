"""Pilot tests of sessions in the GM screen: starting, recording, resuming,
other writers (a second connection and a `campaign roll --session` process),
undo and redo, table rolls, vanished references and the launcher's sessions."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from campaign.model import Scene
from campaign.session import Session, list_sessions
from campaign.tui.app import CampaignApp
from campaign.tui.messages import RollRequest, TableRollRequest
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.launcher import LauncherScreen, SessionTable
from campaign.tui.screens.tables import TablesScreen
from campaign.tui.widgets.dice_tray import DiceTray
from campaign.tui.widgets.journal import JournalPanel
from campaign.tui.widgets.scene_pane import ScenePane

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def wait_until(pilot: Pilot[None], check: Callable[[], bool], timeout: float = 3.0) -> None:
    """Pause until `check()` holds (the poll timer and watcher run on their own clock)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "timed out waiting"
        await pilot.pause(0.05)


def tray(app: CampaignApp) -> DiceTray:
    return app.screen.query_one(DiceTray)


def scene_id(app: CampaignApp) -> str | None:
    view = app.screen.query_one(ScenePane).view
    return view.id if isinstance(view, Scene) else None


def lines_of(app: CampaignApp, selector: str, count: int = 10) -> str:
    """The first lines a list draws, as plain text."""
    widget = app.screen.query_one(selector)
    return "\n".join(str(widget.render_line(y).text).rstrip() for y in range(count))


def journal_kinds(app: CampaignApp) -> list[str]:
    assert app.session is not None
    return [event.kind for event in app.session.state.journal()]


async def test_play_starts_a_new_session_named_after_the_module(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        session = app.session
        assert session is not None
        assert session.name.startswith("lighthouse-")
        assert session.meta["module_id"] == "lighthouse"
        assert session.origin.startswith("gm-screen:")
        assert session.name in app.title
        path = session.path
    assert path.exists()
    assert [row["name"] for row in list_sessions()] == [path.stem]


async def test_a_seed_without_a_session_is_a_rehearsal(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=7)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is None
        await pilot.press("d", *"2d6", "enter")
        await settle(pilot)
        assert len(tray(app).history) == 1 and tray(app).history[0].seq is None
        await pilot.press("escape", "u")
        await settle(pilot)
    assert list_sessions() == []


async def test_roll_quit_and_resume_restores_tray_scene_and_clocks(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None, session="tuesday")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"2d6+1 vs 8", "enter")
        await settle(pilot)
        await pilot.press("escape", "t", "down", "enter")  # the lamp room
        await settle(pilot)
        assert scene_id(app) == "lamp-room"
        await pilot.press("c", "plus", "plus")
        await settle(pilot)
        assert app.session is not None
        assert app.session.state.clocks["storm"].filled == 2
        rolled = tray(app).history[0].roll
        assert journal_kinds(app) == ["roll", "scene", "clock", "clock"]

    again = app_factory(seed=None, session="tuesday")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.session is not None and again.session.name == "tuesday"
        history = tray(again).history
        assert [entry.roll for entry in history] == [rolled]
        assert history[0].text == "2d6+1"
        assert scene_id(again) == "lamp-room"
        assert again.session.state.clocks["storm"].filled == 2
        await pilot.press("c")
        await settle(pilot)
        assert "2/4 ▰▰▱▱" in lines_of(again, "#clock-list")
        # resuming shows the scene without recording another visit
        assert journal_kinds(again) == ["roll", "scene", "clock", "clock"]


async def test_rolls_in_a_session_take_the_sessions_dice(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    path = tmp_path / "fixed.sqlite"
    app = app_factory(seed=None, session=str(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"4d6", "enter")
        await settle(pilot)
        assert app.session is not None and app.session.path == path
        (event,) = [event for event in app.session.state.journal() if event.kind == "roll"]
        entry = tray(app).history[0]
        assert entry.seq == event.seq
        assert event.data["total"] == entry.roll.total
        assert event.data["rng"]["stream"] == event.seq


async def test_undo_and_redo(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=None, session="undo")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "enter")
        await settle(pilot)
        await pilot.press("d", *"1d20", "enter", "escape")
        await settle(pilot)
        assert len(tray(app).history) == 1
        await pilot.press("u")
        await settle(pilot)
        assert tray(app).history == []
        assert any("Undone" in str(note.title) for note in app._notifications)
        await pilot.press("u")  # the scene visit: back to the door
        await settle(pilot)
        assert app.session is not None and app.session.state.scene is None
        await pilot.press("U")
        await settle(pilot)
        assert scene_id(app) == "lamp-room"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert len(tray(app).history) == 1
        assert journal_kinds(app) == ["scene", "roll", "undo", "undo", "redo", "redo"]
        await pilot.press("U")
        await settle(pilot)
        assert any("Nothing to redo" in str(note.message) for note in app._notifications)


async def test_another_writer_appears_in_the_journal_and_tray(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    path = tmp_path / "shared.sqlite"
    app = app_factory(seed=None, session=str(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        with Session.open(path, origin="cli") as other:
            event, roll = other.roll("3d6", source="Morwenna")
        await wait_until(pilot, lambda: any(entry.seq == event.seq for entry in tray(app).history))
        panel = app.screen.query_one(JournalPanel)
        assert [shown.seq for shown in panel.shown][-1] == event.seq
        assert tray(app).history[0].roll.total == roll.total
        assert tray(app).history[0].source == "Morwenna"


async def test_campaign_roll_in_a_shell_shows_up(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    path = tmp_path / "table.sqlite"
    app = app_factory(seed=None, session=str(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "campaign", "roll", "--session", str(path), "2d6"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        await wait_until(pilot, lambda: len(tray(app).history) == 1, timeout=2)
        assert app.session is not None
        (event,) = [event for event in app.session.state.journal() if event.kind == "roll"]
        assert event.origin.startswith("cli:")


async def test_roll_requests_and_table_rolls_are_recorded(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None, session="requests")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gm = app.screen
        gm.post_message(RollRequest("2d6+2", source="Smuggler: cutlass"))
        gm.post_message(TableRollRequest("cove-events"))
        gm.post_message(TableRollRequest("no-such-table"))
        await settle(pilot)
        assert app.session is not None
        roll, table = app.session.state.journal()
        assert roll.kind == "roll" and roll.data["source"] == "Smuggler: cutlass"
        assert gm.query_one(DiceTray).history[0].source == "Smuggler: cutlass"
        assert table.kind == "table" and table.data["table"] == "cove-events"
        # the result stays on screen (the tables browser's result pane), not a toast
        shown = app.screen
        assert isinstance(shown, TablesScreen) and shown.result is not None
        assert shown.result.text == table.data["text"]
        assert any(note.severity == "error" for note in app._notifications)


async def test_a_scene_that_left_the_module_is_named_not_fatal(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite"
    with Session.open(path, origin="cli") as before:
        before.visit_scene("a9-x", "The old quay")
        before.change_clock("gone-clock", 1, name="Old clock", segments=4)
    app = app_factory(seed=None, session=str(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert scene_id(app) == "lighthouse-door"
        assert any("a9-x (no longer in the module)" in str(n.message) for n in app._notifications)
        await pilot.press("j")
        await settle(pilot)
        assert "The old quay (a9-x) (no longer in the module)" in lines_of(app, "#journal-list")
        await pilot.press("escape", "c")  # leave the note box that j focused
        await settle(pilot)
        assert "Old clock (no longer in the module)" in lines_of(app, "#clock-list")


async def test_the_launcher_resumes_a_session(app_factory: Factory, settle: Settle) -> None:
    first = app_factory(seed=None, session="friday")
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "enter")
        await settle(pilot)
    app = app_factory(None, seed=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LauncherScreen)
        table = app.screen.query_one(SessionTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "friday"
        assert str(table.get_row_at(0)[1]) == "The Lighthouse Keeper"
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        assert app.session is not None and app.session.name == "friday"
        assert scene_id(app) == "lamp-room"
        assert app.module_path is None and LIGHTHOUSE.exists()


async def test_a_scene_change_is_journaled_before_what_follows_it(
    app_factory: Factory, settle: Settle
) -> None:
    """The visit is written when the GM moves, not once the pane has laid the scene
    out: a roll typed right after `n` on a busy screen (typed over the first frame,
    say) was journaled first, under the scene left behind."""
    app = app_factory(seed=None, session="friday")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GMScreen) and app.session is not None
        screen.show_target("scene", "lamp-room")
        assert app.session.state.scene == "lamp-room"  # before the pane has shown it
        await pilot.press("d", *"2d6", "enter")
        await settle(pilot)
        assert journal_kinds(app) == ["scene", "roll"]
        await pilot.press("escape", "p")  # back: one visit each way, none twice
        await settle(pilot)
        assert journal_kinds(app) == ["scene", "roll", "scene"]
        assert scene_id(app) == "lighthouse-door"
