"""`open5e-monster`: Open5e API v1 monsters -> NPCs, field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from campaign.importers import import_files
from campaign.importers.report import ImportInputError
from campaign.loader import load_module

from .conftest import FIXTURES, read_yaml

OPEN5E = FIXTURES / "open5e"


def _npc(module: Path, npc_id: str) -> dict[str, Any]:
    data = read_yaml(module / "npcs" / f"{npc_id}.yaml")
    assert isinstance(data, dict)
    return data


def test_aboleth_single_object(tmp_path: Path) -> None:
    into = tmp_path / "m"
    report = import_files("open5e-monster", [OPEN5E / "aboleth.json"], into)
    assert report.problems == []
    npc = _npc(into, "aboleth")
    assert npc["name"] == "Aboleth"
    assert npc["tags"] == ["aberration", "underdark", "sewer", "caverns", "plane-of-water", "water"]
    assert "description" not in npc  # desc is '' in the API
    assert npc["attributes"] == {"str": 21, "dex": 9, "con": 15, "int": 18, "wis": 15, "cha": 18}
    # History +12 and Perception +10 less the Int and Wis modifiers (+4, +2).
    assert npc["skills"] == {"history": 8, "perception": 8}
    assert (npc["health"], npc["health_roll"]) == (135, "18d10+36")
    assert npc["defences"] == {"AC": 17}
    assert npc["speed"] == "10 ft., swim 40 ft."
    tentacle, tail = npc["attacks"]
    assert (tentacle["name"], tentacle["roll"], tentacle["damage"]) == (
        "Tentacle",
        "1d20+9",
        "2d6+5",
    )
    assert tentacle["range"] == "reach 10 ft."
    assert tentacle["notes"].startswith("Melee Weapon Attack: +9 to hit, reach 10 ft.")
    assert (tail["name"], tail["roll"], tail["damage"]) == ("Tail", "1d20+9", "3d6+5")
    assert [trait["name"] for trait in npc["traits"]] == [
        "Amphibious",
        "Mucous Cloud",
        "Probing Telepathy",
    ]
    multiattack, enslave = npc["actions"]
    assert multiattack == {
        "name": "Multiattack",
        "text": "The aboleth makes three tentacle attacks.",
    }
    assert (enslave["name"], enslave["uses"]) == ("Enslave", "3/day")
    assert "roll" not in enslave
    assert "\nWhenever the charmed target takes damage" in enslave["text"]
    assert "reactions" not in npc
    detect, swipe, drain = npc["legendary_actions"]
    assert detect == {"name": "Detect", "text": "The aboleth makes a Wisdom (Perception) check."}
    assert swipe["name"] == "Tail Swipe"
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
        "Legendary Actions": (
            "The aboleth can take 3 legendary actions, choosing from the options below. Only "
            "one legendary action option can be used at a time and only at the end of another "
            "creature's turn. The aboleth regains spent legendary actions at the start of its turn."
        ),
        "Source": "5e Core Rules, p. 261",
    }
    assert report.lines() == [
        f"{OPEN5E / 'aboleth.json'}: Aboleth: img_main "
        "http://api.open5e.com/static/img/monsters/aboleth.png not carried over "
        "(modules have no creature images)"
    ]
    module = load_module(into)
    assert module.npcs["aboleth"].attacks[0].damage == "2d6+5"
    assert module.ruleset.id == "srd-5e"


def test_results_page_and_extra_damage(tmp_path: Path) -> None:
    into = tmp_path / "m"
    report = import_files("open5e-monster", [OPEN5E / "dragons-page.json"], into)
    assert report.lines() == [] and report.problems == []
    npc = _npc(into, "adult-black-dragon")
    bite = npc["attacks"][0]
    # damage_dice '2d10+1d8' plus damage_bonus 6: the acid is part of every bite.
    assert (bite["roll"], bite["damage"], bite["range"]) == (
        "1d20+11",
        "2d10+1d8+6",
        "reach 10 ft.",
    )
    breath = next(action for action in npc["actions"] if action["name"] == "Acid Breath")
    assert (breath["uses"], breath["roll"]) == ("Recharge 5-6", "12d8")
    resistance = npc["traits"][1]
    assert (resistance["name"], resistance["uses"]) == ("Legendary Resistance", "3/Day")
    assert npc["speed"] == "40 ft., fly 80 ft., swim 40 ft."
    assert npc["skills"] == {"perception": 10, "stealth": 5}
    assert npc["properties"]["Damage Immunities"] == "acid"
    assert npc["properties"]["Challenge"] == "14 (11,500 XP)"
    assert npc["tags"] == ["dragon", "black-dragon", "swamp"]


def test_source_data_variant_bonus_actions_and_unknown_fields(tmp_path: Path) -> None:
    """Open5e's own data files give speed as text and skills as top-level numbers."""
    source = tmp_path / "goblin.json"
    goblin = {
        "name": "Goblin Boss",
        "size": "Small",
        "type": "humanoid",
        "subtype": "goblinoid",
        "alignment": "neutral evil",
        "armor_class": 17,
        "armor_desc": "chain shirt, shield",
        "hit_points": 21,
        "hit_dice": "6d6",
        "speed": "30 ft.",
        "strength": 10,
        "dexterity": 14,
        "constitution": 10,
        "intelligence": 10,
        "wisdom": 8,
        "charisma": 10,
        "stealth": 6,
        "senses": "darkvision 60 ft., passive Perception 9",
        "languages": "Common, Goblin",
        "challenge_rating": "1",
        "actions": [
            {
                "name": "Scimitar",
                "desc": "Melee Weapon Attack: +4 to hit, reach 5 ft., one "
                "target. Hit: 5 (1d6 + 2) slashing damage.",
            },
        ],
        "bonus_actions": [{"name": "Nimble Escape", "desc": "Disengage or Hide."}],
        "reactions": [{"name": "Redirect Attack", "desc": "Swap places with a goblin."}],
        "spell_list": ["https://api.open5e.com/spells/light/"],
        "hair_colour": "green",
    }
    source.write_text(json.dumps(goblin), encoding="utf-8")
    report = import_files("open5e-monster", [source], tmp_path / "m")
    npc = _npc(tmp_path / "m", "goblin-boss")
    assert npc["skills"] == {"stealth": 4}
    assert npc["speed"] == "30 ft."
    assert npc["attacks"] == [
        {
            "name": "Scimitar",
            "roll": "1d20+4",
            "damage": "1d6+2",
            "range": "reach 5 ft.",
            "notes": goblin["actions"][0]["desc"],
        }
    ]
    assert npc["actions"] == [
        {"name": "Nimble Escape (bonus action)", "text": "Disengage or Hide."}
    ]
    assert npc["reactions"] == [{"name": "Redirect Attack", "text": "Swap places with a goblin."}]
    assert npc["properties"]["Challenge"] == "1 (200 XP)"
    assert npc["properties"]["Armor"] == "chain shirt, shield"
    assert report.lines() == [
        f"{source}: Goblin Boss: spell list (1 spell) not carried over (links to Open5e spell "
        "entries; the Spellcasting trait's text names the spells)",
        f"{source}: Goblin Boss: hair_colour not carried over (not a field of an Open5e monster "
        "that campaign knows)",
    ]


def test_v2_and_other_json_exit_with_one_line(tmp_path: Path) -> None:
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps({"key": "srd_goblin", "name": "Goblin", "ability_scores": {}}))
    with pytest.raises(ImportInputError, match=r"Open5e API v2 creature; campaign reads the v1"):
        import_files("open5e-monster", [v2], tmp_path / "m")
    with pytest.raises(ImportInputError, match="not an Open5e monster"):
        import_files("open5e-monster", [FIXTURES / "foundry/bag-of-beans.json"], tmp_path / "m")


def test_values_beyond_module_limits_are_left_out_and_reported(tmp_path: Path) -> None:
    """A huge number or text from an API answer is not carried over: the module loads."""
    monster = json.loads((OPEN5E / "aboleth.json").read_text(encoding="utf-8"))
    monster["hit_points"] = 2**70
    monster["desc"] = "The deep ones whisper. " * 12_000  # 276 KB
    source = tmp_path / "huge.json"
    source.write_text(json.dumps(monster), encoding="utf-8")
    into = tmp_path / "m"
    report = import_files("open5e-monster", [source], into)
    npc = _npc(into, "aboleth")
    assert "health" not in npc and "description" not in npc
    assert npc["name"] == "Aboleth"
    lines = [str(line) for line in report.lines()]
    assert sum("not carried over: beyond what a module may hold" in line for line in lines) == 2
    load_module(into)
