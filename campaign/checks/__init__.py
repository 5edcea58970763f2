"""Checks under a module's ruleset: what a character rolls, against what, and the odds.

A ruleset declares a check family (`campaign.model.ruleset.CheckFamily`):
target, roll-under, pool or bands. `check_roll` makes a check ready for one
character (the exact dice expression the tray rolls, the number shown, the
target), `roll_odds` reads the dice engine's exact distribution into the
chance of each result tier, and `read_total` reads a rolled total. No Textual
here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from campaign.checks.reading import SUCCESS_TIERS, read_odds, read_total, success_chance
from campaign.checks.rolls import CheckRoll, check_roll, check_rolled, roll_odds, used_placeholders
from campaign.checks.targets import (
    Target,
    check_difficulty,
    check_target,
    describe_bands,
    describe_target,
)
from campaign.model import Check, ClueCheck, Ruleset, Scene
from campaign.model.common import fill_template, template_placeholders


def check_expression(ruleset: Ruleset, bonus: int) -> str:
    """The ruleset's check roll with a whole bonus in its first placeholder.

    '2d6+{attribute}+{skill}' with bonus 3 reads '2d6+3+0': for a table of odds
    by total bonus, what matters is the total the placeholders add. (A
    character's own roll comes from `check_roll`.)
    """
    template = ruleset.check.roll or "0"
    names = template_placeholders(template)
    values = {name: 0 for name in names}
    if names:
        values[names[0]] = bonus
    return fill_template(template, values)


def clue_checks(scene: Scene) -> Iterator[tuple[int, Check]]:
    """(index in the scene's clues, the roll as a check) for each clue with a `check:`.

    The check's task is the clue's own text, so lint and the scene pane show the
    roll that finds it beside the scene's other checks, with the same odds.
    """
    for index, clue in enumerate(scene.clues):
        if clue.check is not None:
            yield index, as_check(clue.check, f"Clue: {' '.join(clue.text.split())}")


def as_check(roll: ClueCheck, task: str) -> Check:
    """A clue's roll as a scene's check of that task (the clue was validated with the module)."""
    return Check(task=task, skill=roll.skill, attribute=roll.attribute, difficulty=roll.difficulty)


def tier_odds(
    distribution: Mapping[int, float],
    target: int,
    tiers: Sequence[tuple[str, int | None]],
    *,
    roll_under: bool = False,
) -> dict[str, float]:
    """Chance of each tier from a distribution, tiers given as (id, min_margin) best first."""
    result = {tier_id: 0.0 for tier_id, _ in tiers}
    for total, probability in distribution.items():
        margin = target - total if roll_under else total - target
        for tier_id, min_margin in tiers:
            if min_margin is None or margin >= min_margin:
                result[tier_id] += probability
                break
    return result


def check_odds(ruleset: Ruleset, check: Check, bonus: int) -> dict[str, float]:
    """Chance of each result tier for a roll whose placeholders add `bonus` in all.

    Empty when the check has no target, or the family is not read by a bonus
    (pools count dice, and roll-under with `under` reads the character's own number).
    """
    rules = ruleset.check
    if rules.family == "pool" or rules.under is not None:
        return {}
    target = check_target(ruleset, check)
    if target is None and rules.needs_difficulty:
        return {}
    from campaign.dice import odds

    number = target.number if target is not None else None
    return read_odds(rules, odds(check_expression(ruleset, bonus)).distribution, number)


__all__ = [
    "SUCCESS_TIERS",
    "CheckRoll",
    "Target",
    "as_check",
    "check_difficulty",
    "check_expression",
    "check_odds",
    "check_roll",
    "check_rolled",
    "check_target",
    "clue_checks",
    "describe_bands",
    "describe_target",
    "read_odds",
    "read_total",
    "roll_odds",
    "success_chance",
    "tier_odds",
    "used_placeholders",
]
