"""Dice Roller markup as ttrpg-convert-cli wrote it over its versions, read as the printed text.

Every form here was seen in public vaults converted by ttrpg-convert-cli: the
2023 YAML (`dice: 1d6 + 2|avg (1d6 + 2)`), its Markdown twin in backticks, the
2024 YAML with options and no backticks (`dice:1d8+1|noform|noparens|avg|text(5)
(1d8 + 1)`), and a source's own average kept before the markup
(`5 (dice: 1d6 + 2|avg (1d6 + 2))`), which read markup by markup doubled the
average: '5 (5 (1d6 + 2))'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from campaign.importers import import_files
from campaign.importers.srd.dice_roller import plain_text

from .conftest import read_yaml


@pytest.mark.parametrize(
    ("markup", "printed"),
    [
        # a printed average before the markup: the markup's own average is not repeated
        ("Hit: 5 (dice: 1d6 + 2|avg (1d6 + 2)) piercing", "Hit: 5 (1d6 + 2) piercing"),
        ("taking 31 (dice: 7d8|avg (7d8)) poison", "taking 31 (7d8) poison"),
        ("or 8 (dice: 1d8 + 4|avg (1d8 + 4)) if", "or 8 (1d8 + 4) if"),
        ("an extra 22 (`dice: 4d10|avg` (`4d10`)) thunder", "an extra 22 (4d10) thunder"),
        ("an extra 3 (`dice: 1d6` (`1d6`)) slashing", "an extra 3 (1d6) slashing"),
        ("7 (`dice:1d6+4|noform|avg` (`1d6 + 4`))", "7 (1d6 + 4)"),
        ("taking 31 (dice:7d8|noform|avg (7d8)) poison", "taking 31 (7d8) poison"),
        ("7 (`dice:1d8+3|noform|avg|text(7)` (`1d8 + 3`))", "7 (1d8 + 3)"),
        ("Hit: 7 (`dice: 1d8 + 3|avg`) piercing", "Hit: 7 (1d8 + 3) piercing"),
        ("26 (`dice:1d20+8|noform|text(+8)`)", "26 (+8)"),  # its text is not the average
        # 2024 YAML: options in any order and no backticks
        (
            "Hit: dice:1d8+1|noform|noparens|avg|text(5) (1d8 + 1) slashing",
            "Hit: 5 (1d8 + 1) slashing",
        ),
        ("dice:1d20+3|noform|noparens|text(+3) to hit", "+3 to hit"),
        ("in dice:1d10|noform|avg (1d10) days", "in 5 (1d10) days"),
        ("*Failure:* dice:2d6|noform|noparens|avg (2d6) Lightning", "*Failure:* 7 (2d6) Lightning"),
        (
            "[bolt](bolt.md) (dice: 8d6|avg|noform (8d6) damage)",
            "[bolt](bolt.md) (28 (8d6) damage)",
        ),
        ("Hit: dice:1d10|noform|noparens|avg|text(5) (d10) piercing", "Hit: 5 (d10) piercing"),
        # a table cell escapes the bar
        ("Hit: `dice: 4d10 + 3\\|avg` (`4d10 + 3`) necrotic", "Hit: 25 (4d10 + 3) necrotic"),
        # written by hand in a real vault: the dice printed, and a roll button beside them
        ("takes 1d4 `dice:1d4` Fire damage", "takes 1d4 Fire damage"),
        ("taking `dice:5d6` 5d6 Fire damage", "taking 5d6 Fire damage"),
        ("equal to 1d4+3 `dice:1d4+3` , 2d6 + 3", "equal to 1d4+3 , 2d6 + 3"),
        ("takes `dice: 1d10` 10d8 necrotic", "takes 1d10 10d8 necrotic"),  # not the same dice
        # forms read before, unchanged
        ("dice: d20+14 (+14) to hit", "+14 to hit"),
        ("Hit: dice:6d6 + 9|text(30) (6d6 + 9) slashing", "Hit: 30 (6d6 + 9) slashing"),
        ("`dice:3d6+2|noform|noparens|avg|text(12)` (`3d6 + 2`)", "12 (3d6 + 2)"),
        ("Hit: 13 (`dice: 3d6` + 3) Piercing", "Hit: 13 (3d6 + 3) Piercing"),
        ("| dice: d6 | NPC |", "| d6 | NPC |"),
    ],
)
def test_each_converter_form_reads_as_the_printed_stat_block(markup: str, printed: str) -> None:
    assert plain_text(markup) == printed


FRONTMATTER_2023 = """---
statblock: inline
name: Drow Skirmisher
ac: 15
hp: "71 (dice: 13d8 + 13|avg (13d8 + 13))"
stats: [10, 16, 12, 11, 13, 12]
actions:
  - name: Shortsword
    desc: "Melee Weapon Attack: dice: d20+5 (+5 to hit), reach 5 ft., one target.\\
      \\ Hit: 5 (dice: 1d6 + 2|avg (1d6 + 2)) piercing damage plus 17 (dice: 5d6|avg\\
      \\ (5d6)) poison damage."
  - name: Demon Staff
    desc: "Melee Weapon Attack: dice: d20+10 (+10 to hit), reach 5 ft., one target.\\
      \\ Hit: dice: 1d6 + 4|avg (1d6 + 4) bludgeoning damage, or 8 (dice: 1d8 +\\
      \\ 4|avg (1d8 + 4)) bludgeoning damage if used with two hands."
---
# Drow Skirmisher
"""

STATBLOCK_2024 = """```statblock
"name": "Sildar"
"actions":
  - "desc": "Melee Weapon Attack: dice:1d20+3|noform|noparens|text(+3) to hit,\\
      \\ reach 5 ft., one target. Hit: dice:1d8+1|noform|noparens|avg|text(5) (1d8\\
      \\ + 1) slashing damage."
    "name": "Longsword"
  - "desc": "*Melee Spell Attack:* dice:1d20+8|noform|noparens|text(+8) to hit, reach\\
      \\ 5 ft., one target. *Hit:* 14 (dice:4d6|noform|avg (4d6)) cold damage."
    "name": "Chilling Grasp"
```
"""


def _npc(module: Path, npc_id: str) -> dict[str, Any]:
    data = read_yaml(module / "npcs" / f"{npc_id}.yaml")
    assert isinstance(data, dict)
    return data


def test_a_printed_average_before_the_markup_is_not_doubled(tmp_path: Path) -> None:
    note = tmp_path / "Drow Skirmisher.md"
    note.write_text(FRONTMATTER_2023, encoding="utf-8")
    report = import_files("obsidian", [note], tmp_path / "m")
    assert report.lines() == [] and report.failed == []
    drow = _npc(tmp_path / "m", "drow-skirmisher")
    assert (drow["health"], drow["health_roll"]) == (71, "13d8+13")
    sword, staff = drow["attacks"]
    assert sword["notes"].endswith("Hit: 5 (1d6 + 2) piercing damage plus 17 (5d6) poison damage.")
    assert (sword["roll"], sword["damage"]) == ("1d20+5", "1d6+5d6+2")
    assert "or 8 (1d8 + 4) bludgeoning damage if used" in staff["notes"]
    assert staff["damage"] == "1d6+4"


def test_2024_yaml_markup_with_options_and_no_backticks_reads_as_printed(tmp_path: Path) -> None:
    note = tmp_path / "Sildar.md"
    note.write_text(STATBLOCK_2024, encoding="utf-8")
    report = import_files("obsidian", [note], tmp_path / "m")
    assert report.lines() == [] and report.failed == []
    longsword, grasp = _npc(tmp_path / "m", "sildar")["attacks"]
    assert longsword["notes"] == (
        "Melee Weapon Attack: +3 to hit, reach 5 ft., one target. Hit: 5 (1d8 + 1) slashing damage."
    )
    assert (longsword["roll"], longsword["damage"]) == ("1d20+3", "1d8+1")
    assert "*Hit:* 14 (4d6) cold damage." in grasp["notes"]
    assert (grasp["roll"], grasp["damage"]) == ("1d20+8", "4d6")
