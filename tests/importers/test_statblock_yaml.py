"""`statblock-yaml`: Fantasy Statblocks YAML and ```statblock blocks in Markdown -> NPCs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from campaign.importers import import_files
from campaign.importers.report import ImportInputError
from campaign.loader import load_module

from .conftest import FIXTURES, read_yaml

STATBLOCK = FIXTURES / "statblock"


def _npc(module: Path, npc_id: str) -> dict[str, Any]:
    data = read_yaml(module / "npcs" / f"{npc_id}.yaml")
    assert isinstance(data, dict)
    return data


def test_markdown_note_with_a_filled_and_an_empty_block(tmp_path: Path) -> None:
    into = tmp_path / "m"
    source = STATBLOCK / "basic-5e-layout.md"
    report = import_files("statblock-yaml", [source], into)
    assert report.problems == []
    npc = _npc(into, "ancient-black-dragon")
    assert npc["name"] == "Ancient Black Dragon"
    assert npc["attributes"] == {"str": 27, "dex": 14, "con": 25, "int": 16, "wis": 15, "cha": 19}
    assert npc["skills"] == {"perception": 14, "stealth": 7}  # +16 and +9 less Wis +2, Dex +2
    assert (npc["health"], npc["health_roll"]) == (367, "21d20")
    assert npc["defences"] == {"AC": 22}
    assert npc["speed"] == "40 ft., fly 80 ft., swim 40 ft."
    bite, claw, tail = npc["attacks"]
    assert (bite["roll"], bite["damage"], bite["range"]) == (
        "1d20+15",
        "2d10+2d8+8",
        "reach 15 ft.",
    )
    assert (claw["roll"], claw["damage"]) == ("1d20+15", "2d6+8")
    assert (tail["damage"], tail["range"]) == ("2d8+8", "reach 20 ft.")  # printed 'reach 20 ft .'
    spellcasting = npc["traits"][0]
    assert spellcasting["name"] == "Spellcasting"
    assert spellcasting["text"].splitlines()[1] == (
        "Cantrips (at will): fire bolt, light, mage hand, prestidigitation, shocking grasp"
    )
    assert npc["traits"][2] == {
        "name": "Legendary Resistance",
        "text": "If the dragon fails a saving throw, it can choose to succeed instead.",
        "uses": "3/Day",
    }
    breath = npc["actions"][-1]
    assert (breath["name"], breath["uses"], breath["roll"]) == (
        "Acid Breath",
        "Recharge 5-6",
        "15d8",
    )
    assert [item["name"] for item in npc["reactions"]] == ["Amphibious", "Legendary Resistance"]
    wing = npc["legendary_actions"][2]
    assert (wing["name"], wing["uses"], wing["roll"]) == ("Wing Attack", "Costs 2 Actions", "2d6+8")
    assert npc["properties"] == {
        "Size and type": "Gargantuan dragon, chaotic evil",
        "Saving Throws": "Dex +9, Con +14, Wis +9, Cha +11",
        "Skills": "Perception +16, Stealth +9",
        "Damage Resistances": "bludgeoning, piercing, and slashing from nonmagical attacks",
        "Damage Immunities": "fire, poison",
        "Condition Immunities": "charmed, frightened, grappled, paralyzed, petrified, "
        "poisoned, prone, restrained",
        "Senses": "blindsight 60 ft., darkvision 120 ft., passive Perception 26",
        "Languages": "Common, Draconic",
        "Challenge": "21 (33,000 XP)",
    }
    assert report.lines() == [
        f"{source}: Ancient Black Dragon: image Ancient Black Dragon.jpg not carried over "
        "(modules have no creature images)",
        f"{source}: block 2 (line 100): stat block not carried over (it has no name)",
    ]


def test_yaml_file_with_attack_fields(tmp_path: Path) -> None:
    into = tmp_path / "m"
    report = import_files("statblock-yaml", [STATBLOCK / "knight.yaml"], into)
    assert report.lines() == [] and report.problems == []
    npc = _npc(into, "knight")
    assert (npc["health"], npc["health_roll"], npc["defences"]) == (52, "8d8+16", {"AC": 18})
    greatsword, crossbow = npc["attacks"]
    assert (greatsword["roll"], greatsword["damage"]) == ("1d20+5", "2d6+3")
    assert (crossbow["roll"], crossbow["damage"], crossbow["range"]) == (
        "1d20+2",
        "1d10",
        "range 100/400 ft.",
    )
    assert npc["actions"][1]["name"] == "Leadership"
    assert npc["actions"][1]["uses"] == "Recharges after a Short or Long Rest"
    assert npc["reactions"][0]["name"] == "Parry"
    assert npc["properties"]["Saving Throws"] == "Con +4, Wis +2"
    assert npc["properties"]["Source"] == "5e SRD"
    assert npc["properties"]["Challenge"] == "3 (700 XP)"
    assert load_module(into).npcs["knight"].reactions[0].name == "Parry"


NOTE = """\
# Troll limb

Some notes first.

```statblock
layout: Basic 5e Layout
monster: Troll
```

~~~statblock
name: Riven
ac: 15 (studded leather armor)
hp: 15
hit_dice: 1d8, 1d6
stats: [8, 16, 14, 10, 10, 16]
saves:
  - Dexterity: 5
  - Intelligence: 2
skillsaves:
  - Thieves tools: 7
  - Sleight of Hand: 7
cr: 1/4
traits:
  - name: Pounce
  - desc: "If Riven moves 20 feet first, the next attack has advantage."
actions:
  - name: Shortsword
    desc: "*Melee Attack Roll:* +5, reach 5 ft. *Hit:* 6 (1d6 + 3) Piercing damage, \\
      plus 2 (1d4) Piercing damage if the attack roll had Advantage."
fage_stats: [1, 2]
~~~
"""


def test_hand_written_note_variants(tmp_path: Path) -> None:
    source = tmp_path / "riven.md"
    source.write_text(NOTE, encoding="utf-8")
    report = import_files("statblock-yaml", [source], tmp_path / "m")
    npc = _npc(tmp_path / "m", "riven")
    assert npc["defences"] == {"AC": 15}
    assert npc["health"] == 15 and "health_roll" not in npc
    assert npc["skills"] == {"sleight-of-hand": 4}
    assert npc["properties"]["Armor"] == "studded leather armor"
    assert npc["properties"]["Saving Throws"] == "Dex +5, Int +2"
    assert npc["properties"]["Skills"] == "Sleight of Hand +7, Thieves tools +7"
    assert npc["properties"]["Challenge"] == "1/4 (50 XP)"
    assert npc["traits"] == [
        {"name": "Pounce", "text": "If Riven moves 20 feet first, the next attack has advantage."}
    ]
    # SRD 5.2 wording; the advantage-only extra damage is not part of every hit.
    assert npc["attacks"][0]["roll"] == "1d20+5"
    assert npc["attacks"][0]["damage"] == "1d6+3"
    assert report.lines() == [
        f"{source}: block 1 (line 6): stat block not carried over (it only names the bestiary "
        "entry 'Troll', which is not in the file)",
        f"{source}:14: Riven: hit_dice not carried over ('1d8, 1d6' is not a dice expression)",
        f"{source}: Riven: fage_stats not carried over (Fantasy AGE stats have no place in a 5e "
        "stat block)",
    ]


def test_broken_yaml_in_a_note_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "severin.md"
    source.write_text(
        "```statblock\nname: Severin\ntraits:\n  - name: Equipment\n"
        # links are read as their text (tested in test_vault_notes); a '- ' after
        # 'desc:' is not YAML (Crag Cat in a real vault has 'languages: -')
        "    desc: - [[Severin]] has the [[Tarcian Headpiece]]\n```\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportInputError) as error:
        import_files("statblock-yaml", [source], tmp_path / "m")
    message = str(error.value)
    assert message.startswith(f"{source}: not valid YAML: ")
    assert message.endswith("(line 5, column 11)") and "\n" not in message
    assert not (tmp_path / "m").exists()


def test_note_without_blocks(tmp_path: Path) -> None:
    source = tmp_path / "plain.md"
    source.write_text("# Just notes\n", encoding="utf-8")
    with pytest.raises(ImportInputError, match="no ```statblock blocks"):
        import_files("statblock-yaml", [source], tmp_path / "m")


NUMBERS_AS_HIT_DICE = """# As a real vault writes them (Basilisk: hp 52, hit_dice 52)
```statblock
name: Basilisk
hp: 52
hit_dice: 52
```

```statblock
name: Riding Horse
hp: 13
hit_dice: 8
```

```statblock
name: Dancing Item
"hit_dice": "10"
```

```statblock
name: Bestial Spirit
hp: 30 (Land and Water only)
```
"""


def test_a_number_as_hit_dice_is_fixed_hit_points_and_never_silent(tmp_path: Path) -> None:
    source = tmp_path / "numbers.md"
    source.write_text(NUMBERS_AS_HIT_DICE, encoding="utf-8")
    report = import_files("statblock-yaml", [source], tmp_path / "m")
    for npc_id, health in (("basilisk", 52), ("riding-horse", 13), ("dancing-item", 10)):
        npc = _npc(tmp_path / "m", npc_id)
        assert npc["health"] == health and "health_roll" not in npc  # '52 (52)' is no roll
    expected = "no roll; hit dice are written as dice, such as '8d8+16')"
    assert report.lines() == [
        f"{source}:11: Riding Horse: hit_dice '8' not carried over (a number, not dice, and "
        f"not the hit points given (13): the NPC has 13 hit points and {expected}",
        f"{source}:16: Dancing Item: hit_dice '10' as a roll not carried over (a number, not "
        f"dice, and no hit points given: rolling '10' always gives 10, so the NPC has 10 hit "
        f"points and {expected}",
        f"{source}:21: Bestial Spirit: hp's dice not carried over ('Land and Water only' is "
        "not a dice expression)",  # no hit_dice field: the report names hp, where it came from
    ]
    note = tmp_path / "vault" / "Horse.md"
    note.parent.mkdir()
    note.write_text("---\nstatblock: true\nname: Horse\nhp: 13\nhit_dice: 8\n---\n", "utf-8")
    (line,) = import_files("obsidian", [note], tmp_path / "m").lines()
    assert line.startswith(f"{note}:5: Horse: hit_dice '8' not carried over (a number, not dice")
