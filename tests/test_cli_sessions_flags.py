"""`campaign play --session / --new / --continue`: which session is played (issue 19).

Every refusal is one line and exit 2 *before* the GM screen takes the terminal:
the error cases run as real `python -m campaign play` processes with no
terminal, and a screen that started would write escape codes to stdout (or
hang until the timeout). The cases that do start the screen run in-process
with `CampaignApp.run` replaced, to see which session the app was given.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from campaign import cli
from campaign.loader import load_module
from campaign.session import Session, session_path
from campaign.tui.app import CampaignApp

LIGHTHOUSE = Path(__file__).resolve().parent / "tui" / "fixtures" / "lighthouse"


@pytest.fixture
def saved(tmp_path: Path) -> list[str]:
    """Two saved sessions of the lighthouse module, in this test's data folder."""
    module = load_module(LIGHTHOUSE)
    names = ["tuesday", "thursday"]
    for name in names:
        with Session.open(session_path(name), module=module, seed=1) as session:
            session.note(f"played on {name}")
    return names


def _play(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campaign", "play", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "TERM": "xterm-256color"},
        check=False,
    )


def _refused(run: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 2, one line on stderr, no traceback, and no screen was drawn."""
    assert run.returncode == 2, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "\x1b" not in run.stdout and run.stdout == "", run.stdout[:200]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_resuming_a_session_that_does_not_exist_names_the_nearest(saved: list[str]) -> None:
    line = _refused(
        _play(str(LIGHTHOUSE), "--session", "tuesdy"),
        "no such session 'tuesdy'",
        "did you mean 'tuesday'",
        "--new tuesdy",
    )
    assert "thursday" not in line.split("did you mean")[0]
    assert not session_path("tuesdy").exists()  # nothing was created on the way


def test_a_name_like_no_saved_one_still_says_how_to_start_it(saved: list[str]) -> None:
    _refused(
        _play(str(LIGHTHOUSE), "--session", "my evening"),
        "no such session 'my evening'",
        "campaign sessions lists",
        "--new 'my evening'",  # quoted: it works when pasted
    )


def test_new_refuses_a_name_that_exists(saved: list[str]) -> None:
    _refused(
        _play(str(LIGHTHOUSE), "--new", "tuesday"),
        "session 'tuesday' already exists",
        "--session tuesday",
    )


def test_session_and_new_together_are_refused(saved: list[str]) -> None:
    _refused(_play(str(LIGHTHOUSE), "--session", "tuesday", "--new", "friday"), "one of them")


def test_continue_refusals(saved: list[str]) -> None:
    _refused(_play(str(LIGHTHOUSE), "--continue", "tuesdy"), "did you mean 'tuesday'")
    _refused(
        _play(str(LIGHTHOUSE), "--continue", "tuesday", "--session", "friday"),
        "--new NAME",
    )
    _refused(
        _play(str(LIGHTHOUSE), "--continue", "tuesday", "--new", "thursday"),
        "'thursday' already exists",
    )
    _refused(_play("--continue", "tuesday"), "--continue needs a MODULE")
    assert not session_path("friday").exists()


# --- the cases that start the screen -------------------------------------------------


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[CampaignApp]:
    apps: list[CampaignApp] = []
    monkeypatch.setattr(CampaignApp, "run", lambda self, **_: apps.append(self))
    return apps


def test_session_resumes_one_that_exists(saved: list[str], started: list[CampaignApp]) -> None:
    assert cli.main(["play", str(LIGHTHOUSE), "--session", "tuesday"]) == 0
    assert started[0].session_name == "tuesday"


def test_new_names_a_new_session(
    saved: list[str], started: list[CampaignApp], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["play", str(LIGHTHOUSE), "--new", "friday", "--seed", "4"]) == 0
    assert started[0].session_name == "friday"
    assert not started[0].sessions.rehearsal  # --seed with --new records


def test_no_flag_starts_a_generated_session(started: list[CampaignApp]) -> None:
    assert cli.main(["play", str(LIGHTHOUSE)]) == 0
    assert started[0].session_name is None and not started[0].sessions.rehearsal


def test_continue_with_new_names_the_next_evening(
    saved: list[str], started: list[CampaignApp], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["play", str(LIGHTHOUSE), "--continue", "tuesday", "--new", "friday"]) == 0
    assert started[0].session_name == "friday"
    assert "new evening: session friday, continuing tuesday" in capsys.readouterr().out
    with Session.open(session_path("friday"), create=False, read_only=True) as evening:
        assert evening.module_id == "lighthouse"
        assert evening.meta["continues"] == str(session_path("tuesday"))


def test_continue_alone_still_generates_the_name(
    saved: list[str], started: list[CampaignApp], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["play", str(LIGHTHOUSE), "--continue", "tuesday"]) == 0
    name = started[0].session_name
    assert name is not None and name.startswith("lighthouse-")
    assert session_path(name).is_file()


def test_rolling_into_a_session_that_does_not_exist_names_the_nearest(
    saved: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["roll", "1d6", "--session", "thursdy"]) == 2
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert line.startswith("campaign: no such session 'thursdy' (did you mean 'thursday'")
    assert not session_path("thursdy").exists()
