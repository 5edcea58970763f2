"""`campaign play`: arguments, and errors before any screen opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign import cli
from campaign.tui.app import CampaignApp

from .conftest import LIGHTHOUSE


def test_unknown_module_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["play", "no-such-module"]) == 2
    assert "no module 'no-such-module'" in capsys.readouterr().err


def test_play_builds_the_app_from_the_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[CampaignApp] = []
    monkeypatch.setattr(CampaignApp, "run", lambda self, **_: started.append(self))
    # --new: `--session` only resumes a session that exists (tests/test_cli_sessions_flags.py).
    assert cli.main(["play", str(LIGHTHOUSE), "--new", "tuesday", "--seed", "3"]) == 0
    (app,) = started
    assert app.module_path == Path(LIGHTHOUSE)
    assert app.session_name == "tuesday"
    assert app.seed == 3


def test_play_without_a_module_opens_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[CampaignApp] = []
    monkeypatch.setattr(CampaignApp, "run", lambda self, **_: started.append(self))
    assert cli.main(["play"]) == 0
    assert started[0].module_path is None
