"""Numbers of a character under a ruleset: what goes into a dice template.

A ruleset's templates name attributes and skills (`2d6+{reflexes}`,
`1d20+{attribute}+{skill}`). This fills them for one stat block: attributes
as they are, or as the d20 modifier of a score (16 -> +3) when the ruleset
says so; skills as rated; anything missing counts 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.model import Check, Ruleset, StatBlock
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


@dataclass(frozen=True, slots=True)
class FilledCheck:
    """A check made ready to roll for one character."""

    expression: str
    """The dice expression with the character's numbers in it ('2d6+3+2')."""
    attribute: str | None
    skill: str | None
    attribute_bonus: int
    skill_rating: int

    @property
    def bonus(self) -> int:
        return self.attribute_bonus + self.skill_rating


def fill_check(
    ruleset: Ruleset,
    block: StatBlock,
    *,
    skill: str | None = None,
    attribute: str | None = None,
) -> FilledCheck:
    """The ruleset's check template for this character rolling a skill and/or attribute.

    The attribute defaults to the skill's own attribute in the ruleset.
    """
    skills = {entry.id: entry for entry in ruleset.skills}
    if attribute is None and skill is not None and skill in skills:
        attribute = skills[skill].attribute
    values = template_values(ruleset, block)
    attribute_value = values.get(attribute, 0) if attribute else 0
    skill_value = values.get(skill, 0) if skill else 0
    values = {**values, "attribute": attribute_value, "skill": skill_value}
    return FilledCheck(
        expression=fill_template(ruleset.check.roll, values),
        attribute=attribute,
        skill=skill,
        attribute_bonus=attribute_value,
        skill_rating=skill_value,
    )


def fill_scene_check(ruleset: Ruleset, block: StatBlock, check: Check) -> FilledCheck:
    """A scene's check made ready for one character."""
    return fill_check(ruleset, block, skill=check.skill, attribute=check.attribute)


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
