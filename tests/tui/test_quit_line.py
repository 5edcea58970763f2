"""On quit, `campaign play` prints one line: the session and the command that resumes it.

The app is driven through the factory, quit, and the line composed from what
it played; the command in the line is then run (as a shell would split it) to
show it resumes the same session on the same module.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from campaign import cli
from campaign.cli.play import quit_line
from campaign.loader import load_module
from campaign.session import Session, session_path
from campaign.tui.app import CampaignApp

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def _play_and_quit(app: CampaignApp, settle: Settle) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if app.session is not None:
            app.session.note("a note, so the evening has something in it")
        await pilot.press("ctrl+q")
    assert app.session is None  # closed on quit: the line comes from what was played


def _resume(line: str, monkeypatch: pytest.MonkeyPatch) -> CampaignApp:
    """Run the command after 'resume with' as pasted into a shell; the app it builds."""
    command = shlex.split(line.split(": resume with ", 1)[1])
    assert command[:2] == ["campaign", "play"]
    started: list[CampaignApp] = []
    monkeypatch.setattr(CampaignApp, "run", lambda self, **_: started.append(self))
    assert cli.main(command[1:]) == 0
    return started[0]


async def test_a_named_session_says_how_to_resume_it(
    app_factory: Factory, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory(session="tues day")
    await _play_and_quit(app, settle)
    line = quit_line(app)
    assert line == "session tues day: resume with campaign play lighthouse --session 'tues day'"
    resumed = _resume(line, monkeypatch)
    assert resumed.session_name == "tues day"
    assert resumed.module_path == LIGHTHOUSE


async def test_a_generated_session_is_named_in_the_line(
    app_factory: Factory, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory(seed=None)
    await _play_and_quit(app, settle)
    line = quit_line(app)
    assert line is not None and line.startswith("session lighthouse-")
    name = line.split(":", 1)[0].removeprefix("session ")
    assert session_path(name).is_file()
    assert _resume(line, monkeypatch).session_name == name


async def test_a_rehearsal_says_nothing_was_recorded(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=5)
    await _play_and_quit(app, settle)
    assert quit_line(app) == "rehearsal: nothing was recorded"


async def test_a_module_not_found_by_id_is_resumed_by_its_folder(
    app_factory: Factory, settle: Settle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A copy of the module in a folder with a space: `campaign play lighthouse` would
    # find the other one, so the line names this folder, quoted.
    copy = tmp_path / "my games" / "lighthouse"
    shutil.copytree(LIGHTHOUSE, copy)
    session_file = tmp_path / "kept elsewhere.sqlite"
    app = app_factory(copy, session=str(session_file))
    await _play_and_quit(app, settle)
    line = quit_line(app)
    assert line == (
        f"session kept elsewhere: resume with campaign play {shlex.quote(str(copy))} "
        f"--session {shlex.quote(str(session_file))}"
    )
    resumed = _resume(line, monkeypatch)
    assert resumed.module_path == copy and resumed.session_name == str(session_file)


def test_play_prints_the_line_after_the_screen_closes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = load_module(LIGHTHOUSE)

    def run(app: CampaignApp, **_: object) -> None:
        app.played = Session.open(session_path(str(app.session_name)), module=module)
        app.played.close()

    monkeypatch.setattr(CampaignApp, "run", run)
    assert cli.main(["play", str(LIGHTHOUSE), "--new", "friday"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "session friday: resume with campaign play lighthouse --session friday"
    ]


def test_a_session_without_its_module_recorded_names_the_folder_played(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(app: CampaignApp, **_: object) -> None:
        app.played = Session.open(session_path(str(app.session_name)), origin="test")
        app.played.close()

    monkeypatch.setattr(CampaignApp, "run", run)
    assert cli.main(["play", str(LIGHTHOUSE), "--new", "bare"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"session bare: resume with campaign play {shlex.quote(str(LIGHTHOUSE))} --session bare"
    ]
