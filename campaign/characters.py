"""Numbers of a character under a ruleset: what goes into a dice template.

A ruleset's templates name attributes and skills (`2d6+{reflexes}`,
`1d20+{attribute}+{skill}`). This fills them for one stat block: attributes
as they are, or as the d20 modifier of a score (16 -> +3) when the ruleset
says so; skills as rated; anything missing counts 0. A check made ready for a
character is `campaign.checks.check_roll`, which starts from these numbers.
"""

from __future__ import annotations

from campaign.model import Ruleset, StatBlock
from campaign.model.common import fill_template


def attribute_bonus(ruleset: Ruleset, value: int) -> int:
    """What an attribute adds to a roll."""
    if ruleset.check.attribute_bonus == "d20-modifier":
        return (value - 10) // 2
    return value


def template_values(ruleset: Ruleset, block: StatBlock) -> dict[str, int]:
    """Every placeholder a template may name, for this character."""
    # A missing ability score is the average (10, a +0 modifier); a missing
    # attribute in a value system is 0.
    missing = 10 if ruleset.check.attribute_bonus == "d20-modifier" else 0
    values = {
        attribute.id: attribute_bonus(ruleset, block.attributes.get(attribute.id, missing))
        for attribute in ruleset.attributes
    }
    values.update({skill.id: block.skills.get(skill.id, 0) for skill in ruleset.skills})
    return values


def initiative_expression(ruleset: Ruleset, block: StatBlock) -> str:
    """The character's initiative roll: its own template, else the ruleset's."""
    template = block.initiative or ruleset.initiative.roll
    values = template_values(ruleset, block)
    values.setdefault("attribute", 0)
    values.setdefault("skill", 0)
    return fill_template(template, values)


def max_health(ruleset: Ruleset, block: StatBlock) -> int:
    """Maximum wounds or hit points of a character (the ruleset's default if it gives none)."""
    return block.health if block.health is not None else ruleset.health.default
