"""A session that will not open stops the GM screen with a panel of choices:
never a silent rehearsal, and the file is never changed."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from unittest import mock

from textual.pilot import Pilot

from campaign.loader import load_module
from campaign.session import Session
from campaign.tui.app import CampaignApp
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.session_problem import SessionProblemScreen
from campaign.tui.widgets.dice_tray import DiceTray

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_foreign_file_asks_and_rehearses_only_when_told(
    tmp_path: Path, app_factory: Factory, settle: Settle
) -> None:
    path = tmp_path / "friday.sqlite"
    path.write_bytes(b"")
    app = app_factory(seed=None, session=str(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionProblemScreen)
        assert "an empty file" in app.screen.message
        assert not app.screen.readable
        await pilot.press("v")  # not offered for a damaged file: nothing happens
        assert isinstance(app.screen, SessionProblemScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        assert app.session is None
        assert "rehearsal" in app.title and "friday" not in app.title
        await pilot.press("d", *"2d6", "enter")
        await settle(pilot)
        assert app.screen.query_one(DiceTray).history[0].seq is None
    assert path.read_bytes() == b""


async def test_quitting_over_a_damaged_session_exits_2(
    tmp_path: Path, app_factory: Factory, settle: Settle
) -> None:
    path = tmp_path / "friday.sqlite"
    path.write_bytes(b"not a database at all " * 100)
    before = digest(path)
    app = app_factory(seed=None, session=str(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionProblemScreen)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 2
    assert digest(path) == before


async def test_a_read_only_session_opens_for_reading(
    tmp_path: Path, app_factory: Factory, settle: Settle
) -> None:
    path = tmp_path / "friday.sqlite"
    with Session.open(path, module=load_module(LIGHTHOUSE), seed=3) as session:
        session.note("the keeper lied about the lamp")
    before = digest(path)
    # As a user who may not write it sees it (the tests may run as root).
    with mock.patch("campaign.session.store.writable", return_value=False):
        app = app_factory(seed=None, session=str(path))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, SessionProblemScreen)
            assert app.screen.readable and "read-only" in app.screen.message
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, GMScreen)
            session = app.session
            assert session is not None and session.read_only
            assert "read-only" in app.title and "friday" in app.title
            notes = [e.data.get("text") for e in session.events() if e.kind == "note"]
            assert notes == ["the keeper lied about the lamp"]
            await pilot.press("d", *"1d6", "enter")  # rolls, unrecorded, no crash
            await settle(pilot)
            assert app.screen.query_one(DiceTray).history[0].seq is None
            await pilot.press("escape", "n", "u")  # a scene change and an undo: not recorded
            await settle(pilot)
            assert isinstance(app.screen, GMScreen)
    assert digest(path) == before
