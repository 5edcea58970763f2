"""Obsidian notes as a real vault writes them (The-Big-Obsidian-Dnd-Vault, ttrpg-convert-cli).

Each fixture is a small note built from the pattern a reviewer found in a real
vault, where the import went wrong without a word.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from campaign.importers import import_files
from campaign.importers.report import ImportInputError
from campaign.importers.wikilinks import protect, restore, shown_text

from .conftest import read_yaml


def _note(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _npc(module: Path, npc_id: str) -> dict[str, Any]:
    data = read_yaml(module / "npcs" / f"{npc_id}.yaml")
    assert isinstance(data, dict)
    return data


BEAST_OF_THE_LAND = """# Beast of the Land
```statblock
layout: Basic 5e Layout
image: [[Beast of the Land BGR PNG.png]]
name: Beast of the Land
size: Medium
type: [[Beast]]
alignment: Unaligned
ac: 13
hp: 25
stats: [14, 14, 15, 8, 14, 11]
senses: [[Darkvision]] 60Ft, [[Passive Perception|passive Perception]] 12
languages: Understands the languages you speak
traits:
  - name: Charge.
    desc: The target is knocked [[prone]].
```
"""


def test_unquoted_wikilinks_in_a_statblock_read_as_their_text(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    _note(vault, "Beast/Beast of the Land.md", BEAST_OF_THE_LAND)
    into = tmp_path / "m"
    report = import_files("obsidian", [vault], into)
    assert report.failed == []
    npc = _npc(into, "beast-of-the-land")
    assert npc["properties"]["Senses"] == "Darkvision 60Ft, passive Perception 12"
    assert npc["properties"]["Size and type"] == "Medium beast, Unaligned"  # type: [[Beast]]
    assert npc["tags"] == ["beast"]
    assert npc["traits"][0]["text"] == "The target is knocked prone."
    assert any("image Beast of the Land BGR PNG.png not carried" in line for line in report.lines())


def test_a_yaml_error_after_a_link_points_at_the_notes_line_and_column(tmp_path: Path) -> None:
    broken = BEAST_OF_THE_LAND.replace("languages: Understands", "languages: - Understands")
    note = _note(tmp_path, "Beast of the Land.md", broken)
    with pytest.raises(ImportInputError) as error:
        import_files("obsidian", [note], tmp_path / "m")
    # line 13 of the note; the links before it on other lines do not move it
    assert str(error.value).endswith("(line 13, column 12)")
    senses = BEAST_OF_THE_LAND.replace("60Ft, [[Passive", "60Ft: x: [[Passive")
    with pytest.raises(ImportInputError) as error:
        import_files("obsidian", [_note(tmp_path, "b.md", senses)], tmp_path / "n")
    # the column counts the link as written: 'senses: [[Darkvision]] 60Ft' is 27 characters
    assert str(error.value).endswith("(line 12, column 28)")


def test_link_texts() -> None:
    assert shown_text("Target|Shown") == "Shown"
    assert shown_text("Rules/Conditions/Prone") == "Prone"
    assert shown_text("Conditions#Prone") == "Conditions > Prone"
    assert shown_text("image.png|100", embed=True) == "image.png"
    text, shown = protect("![[x.png|100]] and [text](https://x.org/a) [[b]]")
    assert "[" not in text and shown == ["x.png", "b", "text"]
    assert restore({"a": [text]}, shown) == {"a": ["x.png and text b"]}


HIT_IN_UNDERSCORES = """```statblock
name: Warhorse
stats: [18, 12, 13, 2, 12, 7]
actions:
  - name: "Hooves."
    desc: "_Melee Attack Roll:_\u00a0+6, reach 5 ft.\u00a0_Hit:_\u00a09 (2d4 + 4) Bludgeoning
      damage. If the horse moved 20+ feet toward it, the target takes an extra 5 (2d4)
      Bludgeoning damage."
  - name: Rend
    desc: "_Melee Attack Roll:_ +14, reach 15 ft. _Hit:_ 17 (2d8 + 8) Slashing damage plus
      7 (2d6) Cold damage."
  - name: Eldritch Touch
    desc: "_Melee Spell Attack_ +10 to hit, reach 5ft., one target. _Hit 22 (5d8) psychic damage"
```
"""


def test_hit_in_underscores_keeps_its_damage_and_an_unread_roll_is_reported(
    tmp_path: Path,
) -> None:
    note = _note(tmp_path, "Warhorse.md", HIT_IN_UNDERSCORES)
    report = import_files("obsidian", [note], tmp_path / "m")
    hooves, rend, touch = _npc(tmp_path / "m", "warhorse")["attacks"]
    assert (hooves["roll"], hooves["damage"]) == ("1d20+6", "2d4+4")  # not the conditional 2d4
    assert (rend["roll"], rend["damage"]) == ("1d20+14", "2d8+2d6+8")
    assert touch["roll"] == "1d20+10" and "damage" not in touch  # '_Hit 22': no colon
    assert report.lines() == [
        f"{note}: Warhorse: Eldritch Touch: damage not carried over (the text rolls damage "
        "after 'Hit:' that is not the hit's own (a saving throw, a later turn) or not written "
        "as 'N (XdY) type damage'; the attack rolls none)"
    ]


CUBE_2024 = """```ad-statblock
title: Gelatinous Cube
*Large ooze, Unaligned*
- **Armor Class** 6
- **Hit Points** 63 (`6d10 + 30`)

## Traits

***Ooze Cube.*** The puller takes `dice:3d6|noform|noparens|avg|text(10)` (`3d6`) Acid damage.

## Actions

***Pseudopod.*** *Melee Attack Roll:* `dice:1d20+4|noform|noparens|text(+4)`, reach 5 ft. \
*Hit:* `dice:3d6+2|noform|noparens|avg|text(12)` (`3d6 + 2`) Acid damage.

***Slam.*** *Melee Attack Roll:* `dice:1d20+4|text(+4)`, reach 5 ft. \
*Hit:* `dice:2d6+2|avg|noform` (`2d6 + 2`) Acid damage.
```
"""


def test_dice_roller_markup_with_options_reads_as_its_printed_text(tmp_path: Path) -> None:
    note = _note(tmp_path, "Gelatinous Cube.md", CUBE_2024)
    report = import_files("obsidian", [note], tmp_path / "m")
    assert report.lines() == []
    cube = _npc(tmp_path / "m", "gelatinous-cube")
    pseudopod, slam = cube["attacks"]
    assert pseudopod == {
        "name": "Pseudopod",
        "roll": "1d20+4",
        "damage": "3d6+2",
        "range": "reach 5 ft.",
        "notes": "*Melee Attack Roll:* +4, reach 5 ft. *Hit:* 12 (3d6 + 2) Acid damage.",
    }
    assert (slam["roll"], slam["damage"]) == ("1d20+4", "2d6+2")
    assert "*Hit:* 9 (2d6 + 2)" in slam["notes"]  # avg without text(): the average
    assert cube["traits"][0]["text"] == "The puller takes 10 (3d6) Acid damage."


BASILISK = """```statblock
name: Basilisk
type: [[Monstrosity]]
actions:
  - name: Bite
    desc: "Melee [[Attack Roll]]: +5, Reach 5 ft. Hit:10 (2d6+3) Piercing Damage Plus 7 (2d6)
      Poison Damage."
```
"""

BASILISK_PROSE = """```ad-statblock
title: Prose Basilisk
## Actions
**Bite.** *Melee [[Attack Rolls]]:* +5. Reach 5ft. *Hit* 10 (2d6+3) Piercing Damage Plus 7 \
(2d6) Poison Damage.
```
"""


def test_a_linked_attack_roll_is_an_attack_with_its_plus_damage(tmp_path: Path) -> None:
    _note(tmp_path / "vault", "Basilisk.md", BASILISK)
    _note(tmp_path / "vault", "Prose Basilisk.md", BASILISK_PROSE)
    report = import_files("obsidian", [tmp_path / "vault"], tmp_path / "m")
    assert report.lines() == [] and report.failed == []
    for npc_id in ("basilisk", "prose-basilisk"):
        (bite,) = _npc(tmp_path / "m", npc_id)["attacks"]
        assert (bite["name"], bite["roll"], bite["damage"]) == ("Bite", "1d20+5", "2d6+2d6+3")
        assert bite["notes"].startswith("Melee Attack Roll") or "Attack Rolls:*" in bite["notes"]
    assert _npc(tmp_path / "m", "basilisk")["properties"]["Size and type"] == "monstrosity"


def test_a_linked_creature_type_is_kept(tmp_path: Path) -> None:
    yaml_file = _note(
        tmp_path, "crag-cat.yaml", "name: Crag Cat\nsize: Large\ntype: [[Monstrosity]]\n"
    )
    prose = _note(
        tmp_path,
        "Basilisk.md",
        "```ad-statblock\ntitle: Basilisk\n*Medium [[Monstrosity]], Unaligned*\n```\n",
    )
    import_files("statblock-yaml", [yaml_file], tmp_path / "m")
    import_files("obsidian", [prose], tmp_path / "m")
    cat, basilisk = _npc(tmp_path / "m", "crag-cat"), _npc(tmp_path / "m", "basilisk")
    assert cat["properties"]["Size and type"] == "Large monstrosity"
    assert basilisk["properties"]["Size and type"] == "Medium monstrosity, Unaligned"
    assert cat["tags"] == basilisk["tags"] == ["monstrosity"]


NAMES_WITH_PERIODS = """```statblock
name: Ancient White Dragon
traits:
  - name: Ice Walk.
    desc: The dragon can move across icy surfaces.
actions:
  - name: "Rend."
    desc: "_Melee Attack Roll:_ +14, reach 15 ft. _Hit:_ 17 (2d8 + 8) Slashing damage."
  - name: Cold Breath.
    desc: "_Constitution Saving Throw:_ DC 22. _Failure:_ 63 (14d8) Cold damage."
bonus_actions:
  - name: Petrifying Gaze (Recharge 4-6).
    desc: "_Constitution Saving Throw:_ DC 12."
```
"""


def test_names_drop_their_trailing_period_for_attacks_too(tmp_path: Path) -> None:
    note = _note(tmp_path, "Ancient White Dragon.md", NAMES_WITH_PERIODS)
    import_files("obsidian", [note], tmp_path / "m")
    dragon = _npc(tmp_path / "m", "ancient-white-dragon")
    assert [attack["name"] for attack in dragon["attacks"]] == ["Rend"]
    assert [trait["name"] for trait in dragon["traits"]] == ["Ice Walk"]
    breath, gaze = dragon["actions"]
    assert breath["name"] == "Cold Breath"
    assert (gaze["name"], gaze["uses"]) == ("Petrifying Gaze (bonus action)", "Recharge 4-6")


CONVERTED_FRONTMATTER = """---
cssclass: json5e-monster
statblock: true
statblock-link: "#^statblock"
"name": "Avatar of Death"
"type": "undead"
"ac": !!int "20"
"traits":
- !!dev.ebullient.convert.tools.dnd5e.qute.Trait
  "desc": "The avatar can move through other creatures."
  "name": "Incorporeal Movement"
"actions":
- !!dev.ebullient.convert.tools.dnd5e.qute.Trait
  "desc": "The avatar sweeps its spectral scythe, dealing 7 (1d8 + 3) slashing damage."
  "name": "Reaping Scythe"
---
# Avatar of Death

```ad-statblock
title: Avatar of Death
*Medium undead, Neutral Evil*
- **Armor Class** 20
```
"""


def test_ttrpg_convert_cli_tags_in_frontmatter_read_as_plain_data(tmp_path: Path) -> None:
    note = _note(tmp_path, "Avatar of Death.md", CONVERTED_FRONTMATTER)
    report = import_files("obsidian", [note], tmp_path / "m")
    assert report.lines() == [] and report.failed == []
    avatar = _npc(tmp_path / "m", "avatar-of-death")
    assert avatar["defences"] == {"AC": 20}
    assert [trait["name"] for trait in avatar["traits"]] == ["Incorporeal Movement"]
    assert avatar["actions"][0]["roll"] == "1d8+3"


def test_unreadable_frontmatter_gives_way_to_the_ad_statblock_and_says_so(tmp_path: Path) -> None:
    # a Python tag is never built; the note's ad-statblock is read instead, and reported
    unsafe = CONVERTED_FRONTMATTER.replace(
        "!!dev.ebullient.convert.tools.dnd5e.qute.Trait", "!!python/object:os.system", 1
    )
    note = _note(tmp_path, "Avatar of Death.md", unsafe)
    report = import_files("obsidian", [note], tmp_path / "m")
    avatar = _npc(tmp_path / "m", "avatar-of-death")
    assert "traits" not in avatar and avatar["defences"] == {"AC": 20}
    (line,) = report.lines()
    assert line.startswith(f"{note}: frontmatter: stat block not carried over (not valid YAML: ")
    assert line.endswith("(line 9, column 3); read the ad-statblock at line 20 instead)")
    alone = _note(tmp_path, "alone.md", unsafe.split("# Avatar")[0])
    with pytest.raises(ImportInputError, match="python/object"):
        import_files("obsidian", [alone], tmp_path / "n")


def test_a_folder_of_an_imported_vault_updates_the_same_npcs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    note = _note(vault, "Bestiary/Beast/Beast of the Land.md", BEAST_OF_THE_LAND)
    into = tmp_path / "m"
    import_files("obsidian", [vault], into)
    for again in ([vault / "Bestiary"], [note], [vault / "Bestiary/Beast"]):
        report = import_files("obsidian", again, into)
        assert report.renamed == [] and report.updated == {("npc", "beast-of-the-land")}
    monkeypatch.chdir(vault / "Bestiary")  # '.' and a note given twice: read once
    report = import_files("obsidian", [Path("Beast/Beast of the Land.md"), Path(".")], into)
    assert report.renamed == [] and len(report.written) == 1
    assert [path.name for path in (into / "npcs").iterdir()] == ["beast-of-the-land.yaml"]
    npc = _npc(into, "beast-of-the-land")
    assert npc["properties"]["Note"] == "Bestiary/Beast/Beast of the Land.md"
    header = (into / "npcs/beast-of-the-land.yaml").read_text(encoding="utf-8").splitlines()[1]
    assert header.endswith("from vault/Bestiary/Beast/Beast of the Land.md (Beast of the Land).")


SUMMONED = """```statblock
name: Drake Companion
actions:
  - name: "Bite."
    desc: "_Melee Weapon Attack:_ +3 plus PB to hit, reach 5 ft., one target. _Hit:_ 1d8 + 4
      piercing damage."
  - name: "Maul."
    desc: "_Melee Weapon Attack:_ your spell attack modifier to hit, reach 5 ft. _Hit:_ 6
      (1d8+2) + PB slashing damage."
```
"""


def test_dice_without_average_and_a_summoners_bonus_are_never_silent(tmp_path: Path) -> None:
    note = _note(tmp_path, "Drake Companion.md", SUMMONED)
    report = import_files("obsidian", [note], tmp_path / "m")
    drake = _npc(tmp_path / "m", "drake-companion")
    (bite,) = drake["attacks"]
    assert (bite["roll"], bite["damage"]) == ("1d20+3", "1d8+4")  # 'Hit: 1d8 + 4 piercing'
    assert drake["actions"][0]["roll"] == "1d8+2"  # no fixed to-hit: an action
    assert report.lines() == [
        f"{note}: Drake Companion: Bite: plus PB not carried over (the summoner's proficiency "
        "bonus is not in the attack's rolls; add it by hand)",
        f"{note}: Drake Companion: Maul: + PB not carried over (the summoner's proficiency "
        "bonus is not in the roll; add it by hand)",
    ]
