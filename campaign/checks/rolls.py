"""A check made ready for one character: what is rolled, what it shows, its odds.

Every place that shows a check (the dice tray, the scene pane, the cast, lint,
the fight) asks `check_roll` for it, so the modifier shown is worked out from
the same dice expression the tray rolls: a template that never names
`{attribute}` adds no attribute, whatever the character's numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaign.characters import template_values
from campaign.checks.reading import read_odds
from campaign.checks.targets import Target, check_difficulty, check_target
from campaign.errors import CampaignError
from campaign.model import Check, Difficulty, Ruleset, StatBlock
from campaign.model.common import fill_template, template_placeholders

_SIGNED_PLACEHOLDER = re.compile(r"([+-]?)\s*\{([a-z0-9][a-z0-9_-]*)\}")


@dataclass(frozen=True, slots=True)
class CheckRoll:
    """One character's check, ready to roll and to show."""

    expression: str
    """What the tray rolls ('1d20+3', '5d10>=8', '1d100'); '' when no roll is needed."""
    modifier: int
    """What the character adds to the dice (0 for pools and bare percentile rolls)."""
    dice: int | None
    """Pool: how many dice; None for other families."""
    target: Target | None
    """What it is rolled against (None for bands, or when no target can be worked out)."""
    base: int | None
    """Roll-under with `under`: the character's own number, before a difficulty divides it."""
    automatic: bool = False
    """The character's rating meets the difficulty's `no_roll_at`: it succeeds unrolled."""

    @property
    def shown(self) -> str:
        """The character's number as the table reads it: '+3', '5 dice', '45', 'no roll'."""
        if self.automatic:
            return "no roll"
        if self.dice is not None:
            return f"{self.dice} {'die' if self.dice == 1 else 'dice'}"
        if self.base is not None:
            return str(self.base)
        return f"{self.modifier:+d}"


def used_placeholders(ruleset: Ruleset) -> list[str]:
    """Every placeholder the ruleset's check templates name (roll, under and pool)."""
    rules = ruleset.check
    names: list[str] = []
    for template in (rules.roll, rules.under, rules.pool):
        if template is not None:
            names.extend(name for name in template_placeholders(template) if name not in names)
    return names


def template_modifier(template: str, values: dict[str, int]) -> int:
    """What the placeholders of a linear template add: '1d20+{skill}' adds the skill only."""
    total = 0
    for sign, name in _SIGNED_PLACEHOLDER.findall(template):
        value = values.get(name, 0)
        total += -value if sign == "-" else value
    return total


def _fixed_number(template: str, values: dict[str, int], what: str) -> int:
    """A template with no dice in it ('{attribute}+{skill}', '{skill}*5') as one number."""
    from campaign.dice import odds

    outcome = odds(fill_template(template, values)).distribution
    if len(outcome) != 1:
        raise CampaignError(f"the ruleset's {what} '{template}' must give one number, not a roll")
    return int(next(iter(outcome)))


def check_values(ruleset: Ruleset, block: StatBlock | None, check: Check) -> dict[str, int]:
    """The numbers a template may name for this character and check, {attribute} and {skill}
    among them (the skill's own attribute when the check names none)."""
    values = template_values(ruleset, block) if block is not None else {}
    attribute = check.attribute
    if attribute is None and check.skill is not None:
        skill = next((entry for entry in ruleset.skills if entry.id == check.skill), None)
        attribute = skill.attribute if skill is not None else None
    values["attribute"] = values.get(attribute, 0) if attribute else 0
    values["skill"] = values.get(check.skill, 0) if check.skill else 0
    return values


def _rating(block: StatBlock | None, check: Check) -> int | None:
    """The character's own rating in what the check names (skill first), unconverted."""
    if block is None:
        return None
    if check.skill is not None:
        return block.skills.get(check.skill, 0)
    if check.attribute is not None:
        return block.attributes.get(check.attribute)
    return None


def _needs_no_roll(ruleset: Ruleset, block: StatBlock | None, check: Check) -> bool:
    rung = check_difficulty(ruleset, check)
    rating = _rating(block, check)
    return (
        isinstance(rung, Difficulty)
        and rung.no_roll_at is not None
        and rating is not None
        and rating >= rung.no_roll_at
    )


def check_roll(
    ruleset: Ruleset, block: StatBlock | None, check: Check, *, unrolled: bool = True
) -> CheckRoll:
    """The check for this character (None: a character with every number 0).

    `unrolled=False` always gives the dice, even where the difficulty's
    `no_roll_at` would let the character succeed without them (a roll chip).

    Raises CampaignError when a template that must give a fixed number (a
    roll-under `under`, a pool size) gives a roll instead.
    """
    rules = ruleset.check
    values = check_values(ruleset, block, check)
    automatic = unrolled and _needs_no_roll(ruleset, block, check)
    if rules.family == "pool":
        assert rules.pool is not None  # the model requires it for pools
        dice = max(0, _fixed_number(rules.pool, values, "pool"))
        explode = f"!>={rules.explode_on}" if rules.explode_on is not None else ""
        expression = f"{dice}d{rules.die}{explode}>={rules.success_on}" if dice else "0"
        target = check_target(ruleset, check)
        return CheckRoll("" if automatic else expression, 0, dice, target, None, automatic)
    assert rules.roll is not None  # the model requires it for every other family
    expression = fill_template(rules.roll, values)
    modifier = template_modifier(rules.roll, values)
    base = None
    if rules.family == "roll-under" and rules.under is not None:
        base = _fixed_number(rules.under, values, "under")
    target = check_target(ruleset, check, base=base)
    return CheckRoll("" if automatic else expression, modifier, None, target, base, automatic)


def roll_odds(ruleset: Ruleset, roll: CheckRoll) -> dict[str, float]:
    """Chance of each result tier (by id, best first); empty when there is no target
    to read against (bands need none)."""
    rules = ruleset.check
    tiers = [tier.id for tier in rules.results]
    if roll.automatic:
        sure = "success" if "success" in tiers else tiers[0]
        return {tier: (1.0 if tier == sure else 0.0) for tier in tiers}
    if roll.target is None and rules.needs_difficulty:
        return {}
    from campaign.dice import odds

    number = roll.target.number if roll.target is not None else None
    return read_odds(rules, odds(roll.expression).distribution, number, roll.base)


def check_rolled(ruleset: Ruleset, check: Check) -> str:
    """What is rolled, in words, as the templates roll it: 'Nerve + Persuade' when they
    add both, 'Persuade' when they name only {skill}; '' if the check names neither."""
    skills = {skill.id: skill for skill in ruleset.skills}
    attributes = {attribute.id: attribute.name for attribute in ruleset.attributes}
    used = used_placeholders(ruleset)
    # Templates that name neither placeholder (only stat ids, or none) roll what the
    # check names; otherwise only what they name is rolled.
    generic = "attribute" in used or "skill" in used
    skill = skills.get(check.skill) if check.skill else None
    attribute_id = check.attribute or (skill.attribute if skill else None)
    attribute = attributes.get(attribute_id, attribute_id) if attribute_id else None
    skill_name = skill.name if skill is not None else check.skill
    if generic:
        attribute = attribute if "attribute" in used else None
        skill_name = skill_name if "skill" in used else None
    return " + ".join(name for name in (attribute, skill_name) if name)
