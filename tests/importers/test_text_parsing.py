"""The text rules shared by the importers: attack lines, uses, damage sums, Foundry rolls."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.importers.common import Context
from campaign.importers.foundry_table.convert import TableConverter as _Converter
from campaign.importers.foundry_table.documents import TableSource as _Source
from campaign.importers.report import Report
from campaign.importers.srd import challenge, combine, dice, parse_attack, speed_text, split_uses
from campaign.importers.writer import D20_RULESET_INFO


@pytest.mark.parametrize(
    ("text", "bonus", "reach", "damage"),
    [
        (
            "Melee Weapon Attack: +9 to hit, reach 10 ft., one target. Hit: 12 (2d6 + 5) "
            "bludgeoning damage. If the target is a creature, ... takes 6 (1d12) acid damage",
            9,
            "reach 10 ft.",
            ["2d6 + 5"],
        ),
        (
            "Melee Weapon Attack: +11 to hit, reach 10 ft., one target. Hit: 17 (2d10 + 6) "
            "piercing damage plus 4 (1d8) acid damage.",
            11,
            "reach 10 ft.",
            ["2d10 + 6", "1d8"],
        ),
        (
            "Melee or Ranged Weapon Attack: +3 to hit, reach 5 ft. or range 20/60 ft., one "
            "target. Hit: 4 (1d6 + 1) piercing damage.",
            3,
            "reach 5 ft. or range 20/60 ft.",
            ["1d6 + 1"],
        ),
        (  # SRD 5.2: no 'to hit', emphasis, and advantage-only extra damage
            "*Melee Attack Roll:* +4, reach 5 ft. *Hit:* 5 (1d6 + 2) Slashing damage, plus 2 "
            "(1d4) Slashing damage if the attack roll had Advantage.",
            4,
            "reach 5 ft.",
            ["1d6 + 2"],
        ),
        (  # no 'Hit:': the first roll of the attack's sentence
            "Ranged Spell Attack: +9 to hit, 120 ft., one target, 19 (4d6+5) fire.",
            9,
            None,
            ["4d6+5"],
        ),
        (
            "Melee Weapon Attack: -1 to hit, reach 5 ft. Hit: 1 piercing damage.",
            -1,
            "reach 5 ft.",
            ["1"],
        ),
        (
            "Melee Weapon Attack: +6 to hit, reach 5 ft., one creature. Hit: The creature is "
            "grappled (escape DC 14) and takes 10 (3d6) damage at the start of its turns.",
            6,
            "reach 5 ft.",
            [],
        ),
    ],
)
def test_parse_attack(text: str, bonus: int, reach: str | None, damage: list[str]) -> None:
    parsed = parse_attack(text)
    assert parsed is not None
    assert (parsed.bonus, parsed.reach, parsed.damage) == (bonus, reach, damage)


def test_not_an_attack() -> None:
    assert parse_attack("The dragon exhales acid in a 60-foot line. 54 (12d8) acid damage.") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acid Breath (Recharge 5-6)", ("Acid Breath", "Recharge 5-6")),
        ("Legendary Resistance (3/Day)", ("Legendary Resistance", "3/Day")),
        ("Wing Attack (Costs 2 Actions),", ("Wing Attack", "Costs 2 Actions")),
        (
            "Leadership (Recharges after a Short or Long Rest)",
            ("Leadership", "Recharges after a Short or Long Rest"),
        ),
        ("Multiattack", ("Multiattack", None)),
        ("Net (Humanoid Form Only)", ("Net (Humanoid Form Only)", None)),
    ],
)
def test_split_uses(name: str, expected: tuple[str, str | None]) -> None:
    assert split_uses(name) == expected


def test_damage_and_dice_helpers() -> None:
    assert combine(["2d10+6", "1d8"]) == "2d10+1d8+6"
    assert combine(["2d10 + 1d8+6"]) == "2d10+1d8+6"
    assert combine(["1d8-1"]) == "1d8-1"
    assert combine(["1"]) == "1"
    assert combine(["2d6 fire"]) is None
    assert dice("2d6 + -2") == "2d6-2"
    assert dice("18d10 + 36") == "18d10+36"
    assert challenge("1/4") == "1/4 (50 XP)"
    assert challenge(0.125) == "1/8 (25 XP)"
    assert challenge(10, xp=5900) == "10 (5,900 XP)"
    assert challenge("") is None
    assert (
        speed_text({"walk": "30 ft.", "fly": "60 ft.", "hover": True})
        == "30 ft., fly 60 ft. (hover)"
    )
    assert speed_text({"walk": 40, "burrow": 30}) == "40 ft., burrow 30 ft."
    assert speed_text({"swim": 40}) == "0 ft., swim 40 ft."


@pytest.mark.parametrize(
    ("foundry", "module"),
    [
        ("Roll [[/r 1d4]] for the direction", "Roll [[1d4]] for the direction"),
        ("[[1d6 + 6]] shriekers", "[[1d6+6]] shriekers"),
        ("[[/r d8]] and [[/roll 2d6[fire]]]", "[[d8]] and [[2d6]]"),
        ("take [[/damage 5d6 poison]] damage", "take [[5d6]] poison damage"),
        ("take [[/damage formula=2d6 type=fire average]] damage", "take [[2d6]] fire damage"),
        (
            "gains [[/healing 5d6 temp]]{5d6 temporary hit points}",
            "gains [[5d6]] temporary hit points",
        ),
        ("a [[/save constitution dc=15]] saving throw", "a DC 15 Constitution saving throw"),
        ("a [[/check skill=perception dc=12]] check", "a DC 12 Perception check"),
        ("a [[/save dex 14]] save", "a DC 14 Dexterity save"),
        # tables24 bag-of-beans-effect.yml; format=long is Foundry's own 'saving throw'
        (
            "must succeed on a [[/save ability=con dc=15 format=long]] or take",
            "must succeed on a DC 15 Constitution saving throw or take",
        ),
        ("[[/check skill=perception dc=12 format=long]]", "DC 12 Perception check"),
        ("[[/save ability=dex format=short]]", "Dexterity"),
        ("&amp;Reference[poisoned] and &Reference[condition=prone]", "poisoned and prone"),
        ("see @UUID[Compendium.x.y.RollTable.abc]{the other}", "see [[table:other]]"),
        ("meet @UUID[Compendium.x.monsters.Actor.q]{a bulette}", "meet a bulette"),
        ("<p>One</p><p>Two <em>three</em></p>", "One\n\nTwo *three*"),
        ("[[/gmr 1d4 # secret]] coins", "[[1d4]] coins"),
    ],
)
def test_foundry_text(foundry: str, module: str) -> None:
    context = Context(D20_RULESET_INFO, Report(), allocated={"table": {"t", "other"}})
    converter = _Converter(
        _Source(Path("t.json"), {"name": "T", "results": []}, 0), "t", {"abc": "other"}, context
    )
    assert converter.text(foundry, "result 1") == module


def test_finish_drops_and_reports_what_does_not_fit() -> None:
    from campaign.importers.common import Imported, finish

    report = Report()
    document = Imported(
        "npc",
        {
            "id": "ogre",
            "name": "Ogre",
            "health": 0,
            "attacks": [{"name": "Club", "roll": "1d20+6"}, {"roll": "1d20+1"}],
            "defences": {"AC": "eleven"},
        },
        "ogre.json",
        "Ogre",
    )
    kept = finish(document, report)
    assert kept is not None
    assert kept.data == {
        "id": "ogre",
        "name": "Ogre",
        "attacks": [{"name": "Club", "roll": "1d20+6"}],
    }
    assert report.lines() == [
        "ogre.json: Ogre: health not carried over (Input should be greater than or equal to 1)",
        "ogre.json: Ogre: defences.AC not carried over "
        "(Input should be a valid integer, unable to parse string as an integer)",
        "ogre.json: Ogre: attacks[1] not carried over (Field required)",
    ]
    nameless = Imported("npc", {"id": "x"}, "x.json", "x")
    assert finish(nameless, report) is None
    assert report.lines()[-1] == "x.json: x: npc not carried over (name: Field required)"
