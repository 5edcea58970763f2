"""An exit may name which of its scene's checks it follows (`check:` with a check's `id`):
the loader holds it to a real id and a result (the scene pane: tests/tui/test_exit_checks_ui.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.loader import ModuleError, load_module
from campaign.scaffold import create_module

ACT = "acts/act-1.yaml"


def with_exit_check(folder: Path) -> Path:
    """The starter module with its first scene's exit following the check `way-in`."""
    act = folder / ACT
    text = act.read_text()
    text = text.replace("  - task: Find a way in", "  - id: way-in\n    task: Find a way in", 1)
    text = text.replace(
        "{to: lamp-room, label: Climb the stairs, on: success}",
        "{to: lamp-room, label: Climb the stairs, on: success, check: way-in}",
        1,
    )
    act.write_text(text)
    return folder


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    return with_exit_check(create_module("Exit Checks", tmp_path))


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ModuleError) as caught:
        load_module(folder)
    return [line.replace(str(folder) + "/", "") for line in caught.value.lines()]


def test_an_exit_names_the_check_it_follows(module_dir: Path) -> None:
    scene = load_module(module_dir).scenes["lighthouse-door"]
    assert (scene.exits[0].check, scene.exits[0].on) == ("way-in", "success")
    assert scene.exits[1].check is None


def test_an_unknown_check_is_one_located_line_with_the_ids_there_are(module_dir: Path) -> None:
    act = module_dir / ACT
    act.write_text(act.read_text().replace("check: way-in}", "check: way-inn}", 1))
    lines = problems_of(module_dir)
    assert len(lines) == 1, lines
    line = lines[0]
    number = next(n for n, text in enumerate(act.read_text().splitlines(), 1) if "way-inn" in text)
    assert line.startswith(f"{ACT}:{number}:"), line
    assert "no check 'way-inn' in this scene (did you mean 'way-in'?)" in line
    assert "the ids of its checks are: way-in" in line


def test_an_exit_that_follows_a_check_needs_a_result(module_dir: Path) -> None:
    act = module_dir / ACT
    act.write_text(act.read_text().replace("on: success, check: way-in", "check: way-in", 1))
    (line,) = problems_of(module_dir)
    assert "needs `on`: success, partial or failure" in line and line.startswith(ACT), line
