"""The Living Daylights' agents are fair (issue 25): equal points, a job in every act,
Routine work unrolled for a specialist, defence that follows the target, a secret
each with a scene that pays it off, rules for death and capture, rumours by act."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from campaign.characters import template_values
from campaign.checks import check_roll
from campaign.checks.attacks import attack_odds, defence_of
from campaign.dice import odds
from campaign.lint import all_check_odds
from campaign.loader import load_module
from campaign.model import Module
from campaign.model.common import fill_template
from campaign.paths import bundled_modules_dir
from campaign.tables import TableRoller


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(bundled_modules_dir() / "living-daylights")


def test_every_pregen_is_built_on_the_same_points(module: Module) -> None:
    attribute_points = {pc.id: sum(pc.attributes.values()) for pc in module.pcs.values()}
    skill_points = {pc.id: sum(pc.skills.values()) for pc in module.pcs.values()}
    assert set(attribute_points.values()) == {7}, attribute_points
    assert set(skill_points.values()) == {11}, skill_points
    for pc in module.pcs.values():
        assert max([*pc.attributes.values(), *pc.skills.values()]) <= 3, pc.id


def test_every_pregen_alone_is_best_at_a_check_in_every_act(module: Module) -> None:
    sole: dict[str, Counter[str]] = {act: Counter() for act in module.acts}
    for check in all_check_odds(module):
        top = max(chance.success for chance in check.chances)
        best = [chance.pc for chance in check.chances if chance.success >= top - 1e-9]
        if len(best) == 1:
            sole[check.act][best[0]] += 1
    missing = [(act, pc) for act in module.acts for pc in module.pcs if not sole[act][pc]]
    assert not missing, f"(act, pregen) with no check of its own: {missing}"


def test_a_specialist_does_routine_work_without_rolling(module: Module) -> None:
    ruleset = module.ruleset
    routine = next(rung for rung in ruleset.difficulties if rung.id == "routine")
    assert routine.no_roll_at == 3
    assert all(rung.no_roll_at is None for rung in ruleset.difficulties if rung is not routine)
    routine_checks = [
        check
        for scene in module.scenes.values()
        for check in [
            *scene.checks,
            *(
                c
                for stage in (scene.set_piece.stages if scene.set_piece else [])
                for c in stage.checks
            ),
        ]
        if check.difficulty == "routine"
    ]
    assert len(routine_checks) >= 10
    for check in routine_checks:
        rolls = {pc.id: check_roll(ruleset, pc, check) for pc in module.pcs.values()}
        specialists = [pc for pc, roll in rolls.items() if roll.automatic]
        assert specialists, f"no specialist for the Routine check '{check.task}'"
        # Anyone without the skill at 3 still rolls, and can fail.
        assert any(not roll.automatic and roll.expression for roll in rolls.values())


def test_defence_follows_the_target_so_necros_hits_nobody_for_certain(module: Module) -> None:
    ruleset, necros = module.ruleset, module.npcs["necros"]
    for pc in module.pcs.values():
        assert defence_of(ruleset, pc) == 9 + pc.attributes["reflexes"]
        assert defence_of(ruleset, pc, "cover") == 11 + pc.attributes["reflexes"]
        for attack in necros.attacks:
            assert attack_odds(ruleset, attack, pc).hit_chance < 0.9, (attack.name, pc.id)
    rifle = next(a for a in module.npcs["whitaker"].attacks if "rifle" in a.name)
    bond = module.pcs["pc-bond"]
    assert attack_odds(ruleset, rifle, bond).hit_chance < 0.8


def test_a_garrotted_agent_can_twist_free(module: Module) -> None:
    restrained = next(c for c in module.ruleset.conditions if c.id == "restrained")
    assert restrained.save is not None and restrained.save_target is not None
    lindqvist = module.pcs["pc-lindqvist"]
    save = fill_template(restrained.save, template_values(module.ruleset, lindqvist))
    chances = odds(save).distribution.items()
    chance = sum(p for total, p in chances if total >= restrained.save_target)
    assert chance > 0.25  # was 3 in 36, Brawn + Athletics vs 11


def test_every_pregen_has_a_secret_paid_off_in_a_scene(module: Module) -> None:
    for pc in module.pcs.values():
        assert len(pc.secret.split()) >= 40, pc.id
        paying = [
            scene.id for scene in module.scenes.values() if f"secret ({pc.id})" in scene.gm_notes
        ]
        assert paying, f"no scene pays off {pc.id}'s secret"


@pytest.mark.parametrize(
    ("pc", "first_act"),
    [("pc-lindqvist", 3), ("pc-okafor", 9), ("pc-reyes", 8)],
)
def test_each_hook_comes_back_in_a_later_act(module: Module, pc: str, first_act: int) -> None:
    returns = [scene.id for scene in module.scenes.values() if f"({pc}'s hook)" in scene.gm_notes]
    assert returns, pc
    acts = [module.act_of_scene(scene_id) for scene_id in returns]
    assert all(act is not None and act.number >= first_act for act in acts)


def test_the_rules_say_when_an_agent_dies_or_is_captured(module: Module) -> None:
    section = next(s for s in module.ruleset.sections if s.id == "death-and-capture")
    for needed in ("captured", "dies in only three ways", "Running away is"):
        assert needed in section.text, needed
    summary = " ".join(module.handouts["rules-summary"].body.split())
    for needed in ("**capture** you", "You **die** only", "Running away is always allowed"):
        assert needed.replace("**", "") in summary.replace("**", ""), needed


def test_no_rumour_gives_the_recall_away_before_koskov_runs(module: Module) -> None:
    rumours = module.tables["rumours"]
    recall = next(entry for entry in rumours.entries if "called home" in entry.result)
    assert recall.acts and min(recall.acts) >= 3
    antonov = next(entry for entry in rumours.entries if "Antonov" in entry.result)
    assert min(antonov.acts) >= 5
    for act in range(10):
        roller = TableRoller(module, random.Random(act), act=act)
        for _ in range(20):
            entry = roller.roll("rumours")
            assert entry is not None


def test_the_spotlight_script_counts_each_acts_best_pregens() -> None:
    script = Path(__file__).resolve().parents[1] / "scripts" / "spotlight.py"
    done = subprocess.run(
        [sys.executable, str(script), "living-daylights", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    assert set(data) == {"checks", "best", "sole", "total"}
    assert data["checks"] >= 100
    assert set(data["sole"]) == {f"act-{number}" for number in range(10)}
    for act, counts in data["sole"].items():
        assert len(counts) == 5 and min(counts.values()) >= 1, act
    assert sum(data["total"]["sole"].values()) <= data["checks"]
