"""The odds of a scene's checks under a module's ruleset. No Textual here.

A check names a skill (or attribute) and a difficulty; the ruleset says how a
check is rolled (a dice template such as '2d6+{attribute}+{skill}'), whether
the total must reach the target or stay under it, and how the margin reads
(result tiers with a `min_margin` each, best first). `check_odds` puts a
character's total bonus into the template and reads the exact distribution of
the dice engine's `odds()` into the chance of each tier.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from campaign.model import Check, Ruleset
from campaign.model.common import fill_template, template_placeholders

SUCCESS_TIERS = frozenset({"critical", "success"})
"""Tiers that count as a success (the check does what was attempted)."""


@dataclass(frozen=True, slots=True)
class Target:
    """The number a check is rolled against, and what the ladder calls it."""

    number: int
    name: str
    """The difficulty's name ('Hard'), or '' for a bare number."""


def check_target(ruleset: Ruleset, check: Check) -> Target | None:
    """The check's target: its difficulty (an id or a number), else the ruleset's default.

    None when neither the check nor the ruleset gives one, or the id is unknown.
    """
    difficulty = check.difficulty
    if difficulty is None:
        difficulty = ruleset.check.default_difficulty
    if difficulty is None:
        return None
    if isinstance(difficulty, int):
        return Target(difficulty, "")
    for rung in ruleset.difficulties:
        if rung.id == difficulty:
            return Target(rung.target, rung.name)
    return None


def check_expression(ruleset: Ruleset, bonus: int) -> str:
    """The ruleset's check template with the whole bonus in its first placeholder.

    '2d6+{attribute}+{skill}' with bonus 3 reads '2d6+3+0': what matters to the
    odds is the total that attribute and skill add, not how it is split.
    """
    template = ruleset.check.roll
    names = template_placeholders(template)
    values = {name: 0 for name in names}
    if names:
        values[names[0]] = bonus
    return fill_template(template, values)


def tier_odds(
    distribution: Mapping[int, float],
    target: int,
    tiers: Sequence[tuple[str, int | None]],
    *,
    roll_under: bool = False,
) -> dict[str, float]:
    """Chance of each tier from an outcome distribution.

    `tiers` are (id, min_margin) best first, the last with None; the margin is
    total - target (target - total when rolling under). The first tier whose
    min_margin the margin reaches wins.
    """
    result = {tier_id: 0.0 for tier_id, _ in tiers}
    for total, probability in distribution.items():
        margin = target - total if roll_under else total - target
        for tier_id, min_margin in tiers:
            if min_margin is None or margin >= min_margin:
                result[tier_id] += probability
                break
    return result


def check_odds(ruleset: Ruleset, check: Check, bonus: int) -> dict[str, float]:
    """Chance of each result tier (by tier id, best first) for a character with `bonus`.

    `bonus` is what attribute and skill add together. Empty when the check has
    no target (no difficulty and no default in the ruleset).
    """
    target = check_target(ruleset, check)
    if target is None:
        return {}
    from campaign.dice import odds

    outcome = odds(check_expression(ruleset, bonus))
    tiers = [(tier.id, tier.min_margin) for tier in ruleset.check.results]
    return tier_odds(
        outcome.distribution,
        target.number,
        tiers,
        roll_under=ruleset.check.mode == "roll-under",
    )


def success_chance(chances: Mapping[str, float]) -> float:
    """Chance of a success or better, from `check_odds`."""
    return sum(value for tier_id, value in chances.items() if tier_id in SUCCESS_TIERS)


def check_rolled(ruleset: Ruleset, check: Check) -> str:
    """What is rolled, in words: 'Notice (Wits)', 'Wits', or '' if neither is named."""
    skills = {skill.id: skill for skill in ruleset.skills}
    attributes = {attribute.id: attribute.name for attribute in ruleset.attributes}
    skill = skills.get(check.skill) if check.skill else None
    attribute_id = check.attribute or (skill.attribute if skill else None)
    attribute = attributes.get(attribute_id, attribute_id) if attribute_id else None
    if skill is not None:
        return f"{attribute} + {skill.name}" if attribute else skill.name
    if check.skill:
        return check.skill
    return attribute or ""
