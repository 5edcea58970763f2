"""Check odds: every pregen's chance at every scene and set-piece check, and at the
roll each clue with a `check:` needs.

Each pregen's own attribute and skill are put into the ruleset's check template
(`campaign.characters` fills it) and the filled roll is read tier by tier
(`campaign.checks`). Warnings name checks with no difficulty and checks no
pregen can pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from campaign.checks import (
    check_roll,
    check_rolled,
    check_target,
    clue_checks,
    describe_target,
    roll_odds,
    success_chance,
)
from campaign.lint.report import CheckOdds, PCChance, shorten
from campaign.model import Check, Module, Ruleset, Scene, StatBlock


def character_bonus(ruleset: Ruleset, check: Check, block: StatBlock) -> int:
    """What a character adds to a check's dice: what the roll template names of its
    attribute (the d20 modifier of an ability score when the ruleset says so) and skill."""
    return check_roll(ruleset, block, check).modifier


def scene_checks(scene: Scene) -> Iterator[tuple[str, str, Check]]:
    """(where, stage title, check) for a scene's checks, its set piece's, and the
    rolls its clues need (`clues[0].check`, the clue's text as the task)."""
    for index, check in enumerate(scene.checks):
        yield f"checks[{index}]", "", check
    if scene.set_piece is not None:
        for stage_index, stage in enumerate(scene.set_piece.stages):
            for index, check in enumerate(stage.checks):
                yield f"set_piece.stages[{stage_index}].checks[{index}]", stage.title, check
    for index, check in clue_checks(scene):
        yield f"clues[{index}].check", "", check


def check_chances(module: Module, check: Check) -> tuple[PCChance, ...]:
    """Every pregen's chance of success (or better) and of a partial at a check.

    Each pregen's own roll is the one the tray would make (`campaign.checks.check_roll`),
    read tier by tier.
    """
    ruleset = module.ruleset
    chances: list[PCChance] = []
    for pc in module.pcs.values():
        roll = check_roll(ruleset, pc, check)
        by_tier = roll_odds(ruleset, roll)
        if not by_tier:
            return ()
        chances.append(
            PCChance(
                pc=pc.id,
                bonus=roll.modifier,
                roll=roll.expression or roll.shown,
                success=success_chance(by_tier),
                partial=by_tier.get("partial", 0.0),
                shown=roll.shown,
            )
        )
    return tuple(chances)


def all_check_odds(module: Module) -> list[CheckOdds]:
    """Every check of every scene (set-piece stages included) with each pregen's chances."""
    found: list[CheckOdds] = []
    for scene in module.scenes.values():
        act = module.act_of_scene(scene.id)
        for where, stage, check in scene_checks(scene):
            target = check_target(module.ruleset, check)
            against = describe_target(module.ruleset, check)
            found.append(
                CheckOdds(
                    scene=scene.id,
                    act=act.id if act else "",
                    where=where,
                    stage=stage,
                    task=check.task,
                    rolled=check_rolled(module.ruleset, check),
                    difficulty=target.name if target else against,
                    target=target.number if target else None,
                    chances=check_chances(module, check) if against else (),
                    against=against,
                )
            )
    return found


def check_warnings(module: Module, checks: Sequence[CheckOdds]) -> Iterator[str]:
    """The warnings about the checks: no pregens, no difficulty, or nobody can succeed."""
    if checks and not module.pcs:
        yield "no pregens (pcs): the checks' odds are worked out per pregen"
    for check in checks:
        where = f"scene {check.scene}: {check.where} ({shorten(check.task, 40)})"
        if not check.against:
            yield f"{where}: no difficulty, and the ruleset has no default_difficulty"
        elif check.chances and all(chance.success == 0 for chance in check.chances):
            yield f"{where}: no pregen can succeed"


def outdated_fields(module: Module) -> Iterator[str]:
    """Old names the format still reads, each with the name that replaced it."""
    mode = module.ruleset.check.mode
    if mode is not None:
        family = "target" if mode == "roll-over" else "roll-under"
        yield (
            f"ruleset {module.ruleset.id}: check.mode is outdated; "
            f"write `family: {family}` instead of `mode: {mode}`"
        )
