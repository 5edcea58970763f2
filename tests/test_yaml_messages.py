"""YAML's errors as an author can act on them: where a bracket opened, a tab said as a tab,
an alias bomb at its alias, and no follow-on problem that only repeats the first."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.errors import ModuleError
from campaign.loader import load_module
from campaign.scaffold import create_module


def problems(folder: Path) -> list[str]:
    with pytest.raises(ModuleError) as caught:
        load_module(folder)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    return create_module("starter", tmp_path)


def test_an_unclosed_bracket_names_where_it_opened_and_nothing_follows(starter: Path) -> None:
    act = starter / "acts" / "act-1.yaml"
    text = act.read_text(encoding="utf-8")
    act.write_text(text.replace("lamp-room]", "lamp-room", 1), encoding="utf-8")
    opened = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("scenes: ["))
    (only,) = problems(starter)  # no "the module has no acts" as well
    assert only.startswith("acts/act-1.yaml:") or "act-1.yaml:" in only
    assert f"the '[' opened at line {opened}, column 9 is not closed" in only


def test_a_tab_is_called_a_tab(starter: Path) -> None:
    (starter / "npcs" / "tab.yaml").write_text("\tid: tabby\n", encoding="utf-8")
    (only,) = problems(starter)
    assert "tab.yaml:1:1:" in only and "a tab: YAML indents with spaces only" in only
    (starter / "npcs" / "tab.yaml").write_text(
        "id: tabby\nname: Tab\n\trole: x\n", encoding="utf-8"
    )
    (only,) = problems(starter)
    assert "tab.yaml:3:" in only and "a tab" in only


def test_an_alias_bomb_points_at_its_alias_and_its_id_is_not_dangling(starter: Path) -> None:
    lines = ["id: smuggler", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (starter / "npcs" / "smuggler.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (only,) = problems(starter)  # scenes and tables naming 'smuggler' say nothing more
    assert "smuggler.yaml:6:" in only and "the alias *a3" in only


def test_a_control_character_is_one_line_at_its_place(starter: Path) -> None:
    (starter / "npcs" / "nul.yaml").write_text("id: nully\nname: N\nrole: a\x00b\n", "utf-8")
    (only,) = problems(starter)
    assert "\n" not in only
    assert "nul.yaml:3:8: YAML syntax: a control character (code 0x0000)" in only


def test_an_act_that_fails_to_load_does_not_leave_its_scenes_in_no_act(starter: Path) -> None:
    """A comma split in the act's outcomes is the one problem: its scenes (listed by the
    act, in the same file) are not also 'in no act', nor has the module 'no acts'."""
    act = starter / "acts" / "act-1.yaml"
    text = act.read_text(encoding="utf-8")
    act.write_text(
        text.replace("{id: lost, label: Never found}", "{id: lost, label: Never, found}", 1),
        encoding="utf-8",
    )
    (only,) = problems(starter)
    assert "act-1.yaml:23:" in only and "unknown field 'found'" in only


def test_a_scene_no_act_lists_is_still_reported_beside_a_broken_act(starter: Path) -> None:
    act = starter / "acts" / "act-1.yaml"
    text = act.read_text(encoding="utf-8")
    broken = text.replace("{id: lost, label: Never found}", "{id: lost, label: Never, found}")
    act.write_text(broken, encoding="utf-8")
    (starter / "scenes").mkdir()
    (starter / "scenes" / "stray.yaml").write_text(
        "id: stray\ntitle: A stray scene\n", encoding="utf-8"
    )
    found = problems(starter)
    assert len(found) == 2
    assert any("scene 'stray' is in no act" in problem for problem in found)
