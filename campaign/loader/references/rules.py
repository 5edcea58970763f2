"""Names that must exist in the ruleset: its own cross-references, roll-template
placeholders, the skills and attributes of checks, and stat blocks."""

from __future__ import annotations

from campaign.errors import did_you_mean
from campaign.loader.reading import Document
from campaign.loader.references.context import CheckContext
from campaign.loader.report import Loc
from campaign.model import Check, StatBlock
from campaign.model.common import template_placeholders


def check_ruleset(context: CheckContext) -> None:
    """Skills name attributes, defaults name difficulties, roll templates name known things."""
    ruleset = context.module.ruleset
    document = context.doc("ruleset", ruleset.id)
    for index, skill in enumerate(ruleset.skills):
        context.ref(
            document,
            ("skills", index, "attribute"),
            skill.attribute,
            context.attributes,
            "attribute",
        )
    context.ref(
        document,
        ("check", "default_difficulty"),
        ruleset.check.default_difficulty,
        context.difficulties,
        "difficulty",
    )
    context.ref(
        document,
        ("initiative", "tie_breaker"),
        ruleset.initiative.tie_breaker,
        context.attributes,
        "attribute",
    )
    for field in ("roll", "under", "pool"):
        template = getattr(ruleset.check, field)
        if template is not None:
            check_template(context, document, ("check", field), template)
    check_template(context, document, ("initiative", "roll"), ruleset.initiative.roll)
    for index, condition in enumerate(ruleset.conditions):
        if condition.save is not None:
            check_template(context, document, ("conditions", index, "save"), condition.save)


def check_template(context: CheckContext, document: Document, loc: Loc, template: str) -> None:
    """Every `{placeholder}` of a roll template is an attribute, a skill, or {attribute}/{skill}."""
    allowed = context.attributes | context.skills | {"attribute", "skill"}
    for name in template_placeholders(template):
        if name not in allowed:
            context.at(
                document,
                loc,
                f"unknown placeholder '{{{name}}}'{did_you_mean(name, allowed)}; "
                "expected an attribute or skill id, {attribute} or {skill}",
            )


def check_check(context: CheckContext, document: Document, loc: Loc, check: Check) -> None:
    """A check's skill, attribute and difficulty are the ruleset's; its ticks name clocks."""
    if check.skill is None and check.attribute is None:
        context.at(document, loc, "a check names a skill, an attribute, or both")
    if check.skill is not None and check.skill not in context.skills:
        context.at(
            document,
            (*loc, "skill"),
            f"unknown skill '{check.skill}'{did_you_mean(check.skill, context.skills)}; "
            f"the ruleset's skills are: {', '.join(sorted(context.skills))}",
        )
    if check.attribute is not None and check.attribute not in context.attributes:
        context.at(
            document,
            (*loc, "attribute"),
            f"unknown attribute '{check.attribute}'"
            f"{did_you_mean(check.attribute, context.attributes)}; "
            f"the ruleset's attributes are: {', '.join(sorted(context.attributes))}",
        )
    if isinstance(check.difficulty, str) and check.difficulty not in context.difficulties:
        context.at(
            document,
            (*loc, "difficulty"),
            f"unknown difficulty '{check.difficulty}'"
            f"{did_you_mean(check.difficulty, context.difficulties)}; "
            # the ladder's order, easiest first (the set's order changed from run to run)
            "expected a number or one of: "
            + ", ".join(rung.id for rung in context.module.ruleset.difficulties),
        )
    for index, tick in enumerate(check.ticks):
        context.ref(
            document, (*loc, "ticks", index, "clock"), tick.clock, context.module.clocks, "clock"
        )


def check_statblock(context: CheckContext, document: Document, block: StatBlock) -> None:
    """An NPC's or PC's attributes and skills are the ruleset's; its initiative template too."""
    for name in block.attributes:
        if name not in context.attributes:
            context.at(
                document,
                ("attributes", name),
                f"unknown attribute '{name}'{did_you_mean(name, context.attributes)}; "
                f"the ruleset's attributes are: {', '.join(sorted(context.attributes))}",
                key=True,
            )
    for name in block.skills:
        if name not in context.skills:
            context.at(
                document,
                ("skills", name),
                f"unknown skill '{name}'{did_you_mean(name, context.skills)}; "
                f"the ruleset's skills are: {', '.join(sorted(context.skills))}",
                key=True,
            )
    if block.initiative is not None:
        check_template(context, document, ("initiative",), block.initiative)
