"""Conditions (`when:`) name what exists and can hold: scene variants and act leads.

A condition that names an outcome option the outcome does not have, a clock
past its segments, or anything that does not exist can never hold: each is a
located problem, like any other reference.
"""

from __future__ import annotations

from campaign.errors import did_you_mean
from campaign.loader.reading import Document
from campaign.loader.references.context import CheckContext
from campaign.loader.report import Loc
from campaign.model import Act, Scene, When


def _outcome_options(context: CheckContext) -> dict[str, list[str]]:
    return {
        outcome.id: [option.id for option in outcome.options]
        for act in context.module.acts.values()
        for outcome in act.outcomes
    }


def _alternatives(context: CheckContext) -> set[str]:
    return {path.id for act in context.module.acts.values() for path in act.alternatives}


def check_when(context: CheckContext, document: Document, loc: Loc, when: When) -> None:
    """Every name in a condition exists, and each test can hold."""
    module = context.module
    if when.outcome is not None:
        options = _outcome_options(context)
        context.ref(document, (*loc, "outcome"), when.outcome, options, "outcome")
        known = options.get(when.outcome)
        if known is not None and when.option not in known:
            context.at(
                document,
                (*loc, "option"),
                f"outcome '{when.outcome}' has no option '{when.option}'"
                f"{did_you_mean(str(when.option), known)}; its options are: {', '.join(known)}",
            )
    clues = {clue.id for clue, _ in module.clues()}
    context.ref(document, (*loc, "clue"), when.clue, clues, "clue")
    context.ref(
        document,
        (*loc, "alternative"),
        when.alternative,
        _alternatives(context),
        "alternative path",
    )
    context.ref(document, (*loc, "handout"), when.handout, module.handouts, "handout")
    context.ref(document, (*loc, "npc"), when.npc, module.npcs, "NPC")
    if when.clock is not None:
        context.ref(document, (*loc, "clock"), when.clock, module.clocks, "clock")
        clock = module.clocks.get(when.clock)
        if clock is not None and when.at_least is not None and when.at_least > clock.segments:
            context.at(
                document,
                (*loc, "at_least"),
                f"clock '{clock.id}' has {clock.segments} segments: at_least {when.at_least} "
                "can never hold",
            )
    if when.not_ is not None:
        check_when(context, document, (*loc, "not"), when.not_)
    for name, group in (("any", when.any), ("all", when.all)):
        for index, part in enumerate(group or ()):
            check_when(context, document, (*loc, name, index), part)


def check_scene_conditions(context: CheckContext, document: Document, scene: Scene) -> None:
    """A scene's read-aloud variants."""
    for index, variant in enumerate(scene.variants):
        check_when(context, document, ("variants", index, "when"), variant.when)


def check_act_leads(context: CheckContext, document: Document, act: Act) -> None:
    """An act's leads: where each goes, and when it applies."""
    for index, lead in enumerate(act.leads):
        context.ref(document, ("leads", index, "to"), lead.to, context.module.scenes, "scene")
        if lead.when is not None:
            check_when(context, document, ("leads", index, "when"), lead.when)
