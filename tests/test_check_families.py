"""Check families (target, roll-under, pool, bands): the number shown is the number rolled.

Each family has a small module under tests/fixtures/families/. For every
pregen and every check, the odds lint prints come from the very expression
the tray rolls, and rolling that expression many times lands on those odds.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from campaign.checks import (
    check_roll,
    check_rolled,
    describe_bands,
    describe_target,
    read_total,
    roll_odds,
    success_chance,
)
from campaign.dice import compile, odds
from campaign.lint import lint_module
from campaign.lint.checks import scene_checks
from campaign.loader import load_module
from campaign.model import Check, Module, Ruleset
from campaign.paths import bundled_modules_dir

FAMILIES = Path(__file__).parent / "fixtures" / "families"
FIXTURES = sorted(path.name for path in FAMILIES.iterdir() if path.is_dir())
BUNDLED = [bundled_modules_dir() / name for name in ("living-daylights", "drowned-bell")]


def family(name: str) -> Module:
    return load_module(FAMILIES / name)


def test_there_is_a_fixture_per_family() -> None:
    families = {family(name).ruleset.check.family for name in FIXTURES}
    assert families == {"target", "roll-under", "pool", "bands"}


def test_a_skill_only_d20_check_adds_the_skill_alone() -> None:
    """Nerve 2 and Persuade 3 under `1d20+{skill}`: +3 and 45% against DC 15, everywhere."""
    module = family("d20-skill")
    agent, check = module.pcs["agent"], module.scenes["bridge"].checks[0]
    roll = check_roll(module.ruleset, agent, check)
    assert (roll.expression, roll.shown) == ("1d20+3", "+3")
    assert success_chance(roll_odds(module.ruleset, roll)) == pytest.approx(0.45)
    assert check_rolled(module.ruleset, check) == "Persuade"
    assert describe_target(module.ruleset, check) == "Standard 15"
    report = lint_module(module)
    (row,) = report.checks
    (chance,) = row.chances
    assert (chance.shown, chance.bonus, chance.roll) == ("+3", 3, "1d20+3")
    assert chance.success == pytest.approx(0.45)
    assert (row.rolled, row.against) == ("Persuade", "Standard 15")


def test_roll_under_reads_the_skill_its_difficulty_divides() -> None:
    module = family("percentile")
    ruleset, agent = module.ruleset, module.pcs["agent"]
    hard = module.scenes["bridge"].checks[0]
    roll = check_roll(ruleset, agent, hard)
    assert (roll.expression, roll.base, roll.shown) == ("1d100", 45, "45")
    assert roll.target is not None and roll.target.number == 22
    chances = roll_odds(ruleset, roll)
    assert success_chance(chances) == pytest.approx(0.22)
    assert chances["critical"] == pytest.approx(0.01)
    assert chances["fumble"] == pytest.approx(0.01)
    # The extreme band is a fifth of the skill whatever the difficulty: 9.
    assert read_total(ruleset.check, 9, 22, 45).label == "Extreme success"
    assert read_total(ruleset.check, 10, 22, 45).label == "Success"
    assert read_total(ruleset.check, 23, 22, 45).id == "failure"
    assert describe_target(ruleset, hard) == "Hard (÷ 2)"


def test_a_hard_success_band_does_not_pass_an_extreme_check(tmp_path: Path) -> None:
    """A 'divide: 2' tier (half the skill) must still make the check: on an Extreme
    check (a fifth of 45 = 9) a roll of 20 is a failure, and the odds say 9%."""
    import shutil

    folder = tmp_path / "stacks"
    shutil.copytree(FAMILIES / "percentile", folder)
    ruleset_file = folder / "ruleset.yaml"
    ruleset_file.write_text(
        ruleset_file.read_text(encoding="utf-8").replace(
            "    - {id: success, label: Success, min_margin: 0}",
            "    - {id: success, label: Hard success, divide: 2}\n"
            "    - {id: success, label: Success, min_margin: 0}",
        ),
        encoding="utf-8",
    )
    module = load_module(folder)
    ruleset, agent = module.ruleset, module.pcs["agent"]
    extreme = Check(task="Talk fast", skill="persuade", difficulty="extreme")
    roll = check_roll(ruleset, agent, extreme)
    assert roll.target is not None and (roll.target.number, roll.base) == (9, 45)
    assert read_total(ruleset.check, 20, 9, 45).id == "failure"
    assert read_total(ruleset.check, 8, 9, 45).label == "Extreme success"
    assert success_chance(roll_odds(ruleset, roll)) == pytest.approx(0.09)
    regular = check_roll(ruleset, agent, Check(task="Talk", skill="persuade"))
    assert regular.target is not None
    assert read_total(ruleset.check, 20, regular.target.number, 45).label == "Hard success"


def test_a_pool_counts_successes_against_those_needed() -> None:
    module = family("pool")
    ruleset, agent = module.ruleset, module.pcs["agent"]
    check = module.scenes["bridge"].checks[0]
    roll = check_roll(ruleset, agent, check)
    assert (roll.expression, roll.dice, roll.shown) == ("5d10!>=10>=8", 5, "5 dice")
    assert describe_target(ruleset, check) == "Standard: 2 successes"
    outcome = odds(roll.expression).distribution
    assert success_chance(roll_odds(ruleset, roll)) == pytest.approx(
        sum(p for successes, p in outcome.items() if successes >= 2)
    )
    nobody = check_roll(ruleset, None, check)
    assert (nobody.expression, nobody.dice) == ("0", 0)
    assert success_chance(roll_odds(ruleset, nobody)) == 0


def test_bands_read_the_total_with_no_difficulty() -> None:
    module = family("bands")
    ruleset, agent = module.ruleset, module.pcs["agent"]
    check = module.scenes["bridge"].checks[0]
    roll = check_roll(ruleset, agent, check)
    assert (roll.expression, roll.shown, roll.target) == ("2d6+2", "+2", None)
    chances = roll_odds(ruleset, roll)
    assert chances["success"] == pytest.approx(15 / 36)  # 8+ on 2d6
    assert chances["partial"] == pytest.approx(15 / 36)  # 5-7 on 2d6
    assert check_rolled(ruleset, check) == "Hot"  # the roll adds no skill
    assert describe_target(ruleset, check) == "bands"
    assert describe_bands(ruleset) == "10+ Strong hit · 7-9 Weak hit · 6- Miss"
    assert not [w for w in lint_module(module).warnings if "difficulty" in w]


def _every_check(module: Module) -> list[Check]:
    return [check for scene in module.scenes.values() for _, _, check in scene_checks(scene)]


def _rolled_odds(
    ruleset: Ruleset, expression: str, target: int | None, base: int | None
) -> dict[str, float]:
    """Tier frequencies from actually rolling the expression (seeded)."""
    rng = random.Random(20261206)
    compiled = compile(expression)
    counts: dict[str, int] = {tier.id: 0 for tier in ruleset.check.results}
    rolls = 4000
    for _ in range(rolls):
        counts[read_total(ruleset.check, compiled.roll(rng).total, target, base).id] += 1
    return {tier: count / rolls for tier, count in counts.items()}


@pytest.mark.parametrize("path", [FAMILIES / name for name in FIXTURES] + BUNDLED, ids=str)
def test_every_shown_check_is_the_check_rolled(path: Path) -> None:
    """For every pregen and check: the shown modifier is what the rolled expression adds,
    and rolling it lands on the odds shown (within 4 standard errors)."""
    module = load_module(path)
    ruleset = module.ruleset
    for check in _every_check(module)[:12]:
        for pc in module.pcs.values():
            roll = check_roll(ruleset, pc, check)
            shown = roll_odds(ruleset, roll)
            if roll.automatic or not shown:
                continue
            if roll.dice is None and roll.base is None:
                assert ruleset.check.roll is not None
                bare = check_roll(ruleset, None, Check(task="bare"))
                assert odds(roll.expression).min == odds(bare.expression).min + roll.modifier
            number = roll.target.number if roll.target is not None else None
            rolled = _rolled_odds(ruleset, roll.expression, number, roll.base)
            for tier, chance in shown.items():
                error = 4 * (max(0.0, chance * (1 - chance)) / 4000) ** 0.5 + 1e-9
                assert abs(rolled[tier] - chance) <= error, (path.name, pc.id, check.task, tier)


def test_lint_gives_the_odds_of_a_clue_roll(tmp_path: Path) -> None:
    """A clue's `check:` is a row of lint's checks: where it is, its text, each pregen's odds."""
    import shutil

    folder = tmp_path / "stacks"
    shutil.copytree(FAMILIES / "percentile", folder)
    story = folder / "story.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace(
            "    revelation: impostor\n",
            "    revelation: impostor\n    check: {skill: library, difficulty: hard}\n",
            1,
        ),
        encoding="utf-8",
    )
    report = lint_module(load_module(folder))
    row = next(check for check in report.checks if check.where == "clues[0].check")
    assert row.task == "Clue: The prisoner's coat is cut for a taller man."
    assert (row.rolled, row.against) == ("Library Use", "Hard (÷ 2)")
    (chance,) = row.chances
    assert chance.shown == "70"
    assert chance.success == pytest.approx(0.35)


def test_the_outdated_mode_still_reads_and_lint_names_it(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "old"
    shutil.copytree(FAMILIES / "d20-skill", folder)
    ruleset = folder / "ruleset.yaml"
    ruleset.write_text(
        ruleset.read_text(encoding="utf-8").replace("family: target", "mode: roll-over"),
        encoding="utf-8",
    )
    module = load_module(folder)
    assert module.ruleset.check.family == "target"
    warnings = lint_module(module).warnings
    assert any("check.mode is outdated" in w and "family: target" in w for w in warnings)
