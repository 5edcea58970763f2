"""Attack rules: the defence an attack must beat, the result its margin reads as, damage."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from campaign.checks.attacks import attack_odds, defence_of, landed_damage, read_attack
from campaign.errors import CampaignError
from campaign.loader import load_module
from campaign.model import PC, Attack, AttackRules, Ruleset
from campaign.paths import bundled_modules_dir

LIVING = load_module(bundled_modules_dir() / "living-daylights")
DROWNED = load_module(bundled_modules_dir() / "drowned-bell")


def ruleset_with(attack: dict[str, object]) -> Ruleset:
    data = LIVING.ruleset.model_dump(exclude_none=True)
    data["attack"] = attack
    return Ruleset.model_validate(data)


def test_a_d20_attack_beats_the_targets_armour_class() -> None:
    ruleset, bite = DROWNED.ruleset, DROWNED.npcs["sahuagin"].attacks[0]
    knight = next(pc for pc in DROWNED.pcs.values() if pc.defences.get("AC") == 18)
    assert defence_of(ruleset, knight) == 18
    odds = attack_odds(ruleset, bite, knight)
    assert bite.roll == "1d20+3"
    assert odds.chances["hit"] == pytest.approx(6 / 20)  # 15+ on the d20
    no_armour = PC(id="x", name="X")
    assert defence_of(ruleset, no_armour) == 10  # the ruleset's default


def test_double_o_defence_is_the_situation_plus_the_targets_reflexes() -> None:
    # Issue 25: the defence an attack must beat depends on the target, not only
    # on the situation, so Necros no longer hits anyone in the open 35 times in 36.
    ruleset, necros = LIVING.ruleset, LIVING.npcs["necros"]
    bond, lindqvist = LIVING.pcs["pc-bond"], LIVING.pcs["pc-lindqvist"]
    pistol = next(attack for attack in necros.attacks if attack.name == "Silenced pistol")
    assert bond.attributes["reflexes"] == 2 and lindqvist.attributes["reflexes"] == 1
    assert [defence_of(ruleset, bond, s) for s in ("open", "cover", "unaware")] == [11, 13, 9]
    assert defence_of(ruleset, lindqvist) == 10  # open is the default situation
    assert pistol.roll == "2d6+5"
    assert attack_odds(ruleset, pistol, bond).chances["hit"] == pytest.approx(26 / 36)  # 6+ on 2d6
    assert attack_odds(ruleset, pistol, lindqvist).hit_chance == pytest.approx(30 / 36)  # 5+
    in_cover = attack_odds(ruleset, pistol, bond, "cover")
    assert in_cover.situation == "cover" and in_cover.hit_chance == pytest.approx(15 / 36)  # 8+
    # The same attacker finds a quick target harder to hit than a slow one.
    assert defence_of(ruleset, necros) > defence_of(ruleset, LIVING.npcs["koskov"])
    with pytest.raises(CampaignError, match="no situation 'behind'"):
        defence_of(ruleset, bond, "behind")


def test_a_partial_lands_half_and_the_expected_damage_is_exact() -> None:
    ruleset = ruleset_with(
        {
            "defence": {"by_situation": {"open": 9}, "bonus": "{reflexes}"},
            "results": [
                {"id": "hit", "label": "Hit", "min_margin": 0},
                {"id": "partial", "label": "Graze", "min_margin": -2, "damage": 0.5},
                {"id": "miss", "label": "Miss", "damage": 0},
            ],
        }
    )
    target = PC(id="t", name="T", attributes={"reflexes": 2})
    assert defence_of(ruleset, target) == 11  # 9 in the open + Reflexes 2
    attack = Attack(name="Punch", roll="2d6+2", damage="1d4")
    odds = attack_odds(ruleset, attack, target)
    # 2d6+2 vs 11: hit on 9+ (10/36), graze on 7-8 (11/36).
    assert odds.chances["hit"] == pytest.approx(10 / 36)
    assert odds.chances["partial"] == pytest.approx(11 / 36)
    graze_mean = sum(value // 2 for value in range(1, 5)) / 4  # half of 1d4, rounded down
    assert odds.expected_damage == pytest.approx(10 / 36 * 2.5 + 11 / 36 * graze_mean)
    rules = ruleset.attack
    assert rules is not None
    assert read_attack(rules, 9, 11).id == "partial" and read_attack(rules, 8, 11).id == "miss"
    assert landed_damage(rules.results[1], 3) == 1


def test_attack_results_must_run_best_first_and_end_with_a_catch_all() -> None:
    with pytest.raises(ValidationError, match="last attack result"):
        AttackRules.model_validate(
            {
                "results": [
                    {"id": "hit", "label": "H", "min_margin": 0},
                    {"id": "miss", "label": "M", "min_margin": -5},
                ]
            }
        )
    with pytest.raises(ValidationError, match="best first"):
        AttackRules.model_validate(
            {
                "results": [
                    {"id": "partial", "label": "P", "min_margin": -2},
                    {"id": "hit", "label": "H", "min_margin": 0},
                    {"id": "miss", "label": "M"},
                ]
            }
        )
