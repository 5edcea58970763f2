"""`5e-bits-monster`: 5e-database monsters -> NPCs, field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from campaign.importers import import_files
from campaign.importers.report import ImportInputError
from campaign.loader import load_module

from .conftest import FIXTURES, read_yaml

MONSTERS = FIXTURES / "5e-bits/monsters.json"


def _npc(module: Path, npc_id: str) -> dict[str, Any]:
    data = read_yaml(module / "npcs" / f"{npc_id}.yaml")
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    into = tmp_path_factory.mktemp("bits") / "m"
    report = import_files("5e-bits-monster", [MONSTERS], into)
    assert report.problems == []
    return into, report.lines()


def test_three_monsters_written_and_loaded(imported: tuple[Path, list[str]]) -> None:
    into, lines = imported
    module = load_module(into)
    assert sorted(module.npcs) == ["aboleth", "hell-hound", "knight"]
    assert lines == [
        f"{MONSTERS}: {name}: image /api/images/monsters/{index}.png not carried over "
        "(modules have no creature images)"
        for name, index in (
            ("Aboleth", "aboleth"),
            ("Knight", "knight"),
            ("Hell Hound", "hell-hound"),
        )
    ]


def test_aboleth(imported: tuple[Path, list[str]]) -> None:
    npc = _npc(imported[0], "aboleth")
    assert npc["name"] == "Aboleth"
    assert npc["attributes"] == {"str": 21, "dex": 9, "con": 15, "int": 18, "wis": 15, "cha": 18}
    assert npc["skills"] == {"history": 8, "perception": 8}
    assert (npc["health"], npc["health_roll"]) == (135, "18d10+36")  # hit_points_roll
    assert npc["defences"] == {"AC": 17}
    assert npc["speed"] == "10 ft., swim 40 ft."
    tentacle, tail = npc["attacks"]
    # The second damage entry (1d12 acid) is the disease's, not the hit's: not added.
    assert (tentacle["roll"], tentacle["damage"], tentacle["range"]) == (
        "1d20+9",
        "2d6+5",
        "reach 10 ft.",
    )
    assert (tail["roll"], tail["damage"]) == ("1d20+9", "3d6+5")
    enslave = npc["actions"][1]
    assert (enslave["name"], enslave["uses"]) == ("Enslave", "3/day")  # from usage {per day, 3}
    drain = npc["legendary_actions"][2]
    assert (drain["name"], drain["uses"], drain["roll"]) == (
        "Psychic Drain",
        "Costs 2 Actions",
        "3d6",
    )
    assert npc["properties"] == {
        "Size and type": "Large aberration, lawful evil",
        "Armor": "natural armor",
        "Saving Throws": "Con +6, Int +8, Wis +6",
        "Skills": "History +12, Perception +10",
        "Senses": "darkvision 120 ft., passive Perception 20",
        "Languages": "Deep Speech, telepathy 120 ft.",
        "Challenge": "10 (5,900 XP)",
        "Proficiency Bonus": "+4",
    }


def test_knight_armor_reaction_and_rest_recharge(imported: tuple[Path, list[str]]) -> None:
    npc = _npc(imported[0], "knight")
    assert npc["description"].startswith("Knights are warriors who pledge service")
    assert npc["tags"] == ["humanoid", "any-race"]
    assert "skills" not in npc
    assert npc["defences"] == {"AC": 18}
    assert npc["properties"]["Armor"] == "plate armor"
    assert npc["properties"]["Saving Throws"] == "Con +4, Wis +2"
    greatsword, crossbow = npc["attacks"]
    assert (greatsword["name"], greatsword["roll"], greatsword["damage"]) == (
        "Greatsword",
        "1d20+5",
        "2d6+3",
    )
    assert (crossbow["roll"], crossbow["damage"], crossbow["range"]) == (
        "1d20+2",
        "1d10",
        "range 100/400 ft.",
    )
    leadership = npc["actions"][1]
    assert (leadership["name"], leadership["uses"]) == (
        "Leadership",
        "Recharges after a Short or Long Rest",
    )
    assert npc["reactions"] == [
        {
            "name": "Parry",
            "text": "The knight adds 2 to its AC against one melee attack that would hit it. To "
            "do so, the knight must see the attacker and be wielding a melee weapon.",
        }
    ]
    assert npc["properties"]["Challenge"] == "3 (700 XP)"


def test_hell_hound_extra_fire_damage_and_recharge(imported: tuple[Path, list[str]]) -> None:
    npc = _npc(imported[0], "hell-hound")
    bite = npc["attacks"][0]
    # 'Hit: 7 (1d8 + 3) piercing damage plus 7 (2d6) fire damage.'
    assert (bite["roll"], bite["damage"]) == ("1d20+5", "1d8+2d6+3")
    breath = npc["actions"][0]
    assert (breath["name"], breath["uses"], breath["roll"]) == (
        "Fire Breath",
        "Recharge 5-6",
        "6d6",
    )
    assert npc["skills"] == {"perception": 4}
    assert npc["properties"]["Damage Immunities"] == "fire"


def test_single_object_and_forms(tmp_path: Path) -> None:
    knight = next(m for m in json.loads(MONSTERS.read_text()) if m["index"] == "knight")
    knight = {
        **knight,
        "forms": [{"index": "knight-mounted", "name": "Mounted Knight"}],
        "armor_class": [
            {"type": "armor", "value": 18, "armor": [{"name": "Plate Armor"}]},
            {"type": "spell", "value": 20, "spell": {"name": "Shield of Faith"}},
        ],
    }
    source = tmp_path / "knight.json"
    source.write_text(json.dumps(knight), encoding="utf-8")
    report = import_files("5e-bits-monster", [source], tmp_path / "m")
    npc = _npc(tmp_path / "m", "knight")
    assert npc["properties"]["Armor"] == "plate armor; AC 20 with shield of faith"
    assert (
        f"{source}: Knight: forms (Mounted Knight) not carried over (links between a "
        "creature's stat blocks; each form in the input is its own NPC)" in report.lines()
    )


def test_not_5e_bits(tmp_path: Path) -> None:
    with pytest.raises(ImportInputError, match="not a 5e-bits monster"):
        import_files("5e-bits-monster", [FIXTURES / "open5e/aboleth.json"], tmp_path / "m")
