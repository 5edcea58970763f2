"""The Drowned Bell: a second bundled module, a d20 fantasy one-shot with SRD 5.1
monsters, on a ruleset unlike Double-O. It must load, lint clean and open."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.lint import character_bonus, lint_module
from campaign.loader import find_module, load_module
from campaign.model import Check, Module

FOLDER = Path(__file__).resolve().parent.parent / "modules" / "drowned-bell"

SRD_ATTRIBUTION = (
    'This work includes material taken from the System Reference Document 5.1 ("SRD 5.1") '
    "by Wizards of the Coast LLC and available at "
    "https://dnd.wizards.com/resources/systems-reference-document. The SRD 5.1 is licensed "
    "under the Creative Commons Attribution 4.0 International License available at "
    "https://creativecommons.org/licenses/by/4.0/legalcode."
)


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(FOLDER)


def test_validates_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FOLDER)]) == 0
    assert "ok (1 act, 5 scenes" in capsys.readouterr().out


def test_found_by_id(module: Module) -> None:
    assert module.id == "drowned-bell"
    assert find_module("drowned-bell").resolve() == FOLDER


def test_a_d20_ruleset_unlike_double_o(module: Module) -> None:
    ruleset = module.ruleset
    assert ruleset.id != "double-o"
    assert [attribute.id for attribute in ruleset.attributes] == [
        "str",
        "dex",
        "con",
        "int",
        "wis",
        "cha",
    ]
    assert {"athletics", "stealth", "perception", "arcana", "persuasion"} <= {
        skill.id for skill in ruleset.skills
    }
    assert ruleset.check.roll == "1d20+{attribute}+{skill}"
    assert ruleset.check.attribute_bonus == "d20-modifier"
    assert ruleset.check.family == "target"  # roll-over (written `mode: roll-over` before families)
    assert [tier.id for tier in ruleset.check.results] == ["success", "failure"]
    assert {d.id: d.target for d in ruleset.difficulties} == {"easy": 10, "medium": 15, "hard": 20}
    assert ruleset.initiative.roll == "1d20+{dex}"
    assert ruleset.health.track == "hp"
    assert {"prone", "poisoned", "frightened"} <= {c.id for c in ruleset.conditions}


def test_one_act_of_five_scenes(module: Module) -> None:
    assert len(module.acts) == 1
    act = next(iter(module.acts.values()))
    assert len(act.scenes) == 5
    assert module.start_scene.id == act.scenes[0]
    assert act.clocks == ("flood-tide",)


def test_monsters_read_like_5e_stat_blocks(module: Module) -> None:
    monsters = [npc for npc in module.npcs.values() if "monster" in npc.tags]
    assert len(monsters) >= 3
    for npc in monsters:
        assert "AC" in npc.defences, npc.id
        assert npc.health and npc.health_roll, npc.id
        assert npc.speed, npc.id
        assert set(npc.attributes) == {"str", "dex", "con", "int", "wis", "cha"}, npc.id
        assert npc.attacks or npc.actions, npc.id
        assert {"Senses", "Languages", "Challenge"} <= set(npc.properties), npc.id
    assert any(npc.legendary_actions for npc in monsters)
    sahuagin = module.npcs["sahuagin"]
    assert (sahuagin.defences["AC"], sahuagin.health, sahuagin.health_roll) == (12, 22, "4d8+4")


def test_pregens_are_third_level_heroes(module: Module) -> None:
    assert 3 <= len(module.pcs) <= 4
    for pc in module.pcs.values():
        assert "3" in pc.role, pc.id
        assert set(pc.attributes) == {"str", "dex", "con", "int", "wis", "cha"}, pc.id
        assert pc.health and "AC" in pc.defences, pc.id


def test_d20_modifier_in_check_bonus(module: Module) -> None:
    # Bryn: STR 16 -> +3, Athletics +2.  Tamsin: STR 8 -> -1, no Athletics.
    climb = Check(task="Climb", skill="athletics")
    assert character_bonus(module.ruleset, climb, module.pcs["pc-bryn"]) == 5
    assert character_bonus(module.ruleset, climb, module.pcs["pc-tamsin"]) == -1


def test_tables_handouts_clock(module: Module) -> None:
    assert len(module.tables) == 2
    assert any(table.weighted for table in module.tables.values())
    assert len(module.handouts) == 2
    assert len(module.clocks) >= 1


def test_three_clues_per_revelation_in_different_places(module: Module) -> None:
    places: dict[str, set[str]] = defaultdict(set)
    for clue, container in module.clues():
        places[clue.revelation].add(container.id)
    assert places.keys() == set(module.revelations)
    for revelation, found in places.items():
        assert len(found) >= 3, revelation


def test_srd_attribution_and_licence(module: Module) -> None:
    assert " ".join(module.info.attribution.split()) == SRD_ATTRIBUTION
    assert "CC BY 4.0" in module.info.license


def test_lints_clean(module: Module) -> None:
    report = lint_module(module)
    assert report.warnings == []
    assert report.errors == []
    assert len(report.checks) >= 10
    assert all(len(check.chances) == len(module.pcs) for check in report.checks)


async def test_opens_in_the_gm_screen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app_module = pytest.importorskip("campaign.tui.app")
    from campaign.tui.screens.gm import GMScreen
    from campaign.tui.widgets.scene_pane import ScenePane

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = app_module.make_app(FOLDER, seed=1, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(6):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, GMScreen)
        view = app.screen.query_one(ScenePane).view
        assert view is not None and view.id == "saltmere-quay"
