"""Story structure: acts and their numbers, outcomes and the threads that read them later,
which act each scene belongs to, revelations, and where the module starts."""

from __future__ import annotations

from campaign.errors import did_you_mean
from campaign.loader.reading import Document
from campaign.loader.references.context import CheckContext
from campaign.model import Act, Revelation

Outcomes = dict[str, tuple[int, set[str]]]
"""Outcome id -> (number of the act that settles it, the ids of its options)."""


def check_outcomes(context: CheckContext) -> Outcomes:
    """Outcome ids are unique across acts and defaults are options; the outcomes found."""
    outcomes: Outcomes = {}
    for key, act in context.module.acts.items():
        document = context.doc("act", key)
        for index, outcome in enumerate(act.outcomes):
            options = {option.id for option in outcome.options}
            if outcome.id in outcomes:
                context.at(
                    document, ("outcomes", index, "id"), f"duplicate outcome id '{outcome.id}'"
                )
                continue
            outcomes[outcome.id] = (act.number, options)
            if outcome.default is not None and outcome.default not in options:
                context.at(
                    document,
                    ("outcomes", index, "default"),
                    f"'{outcome.default}' is not one of this outcome's options "
                    f"({', '.join(sorted(options))})",
                )
    return outcomes


def check_act(context: CheckContext, document: Document, act: Act, outcomes: Outcomes) -> None:
    """An act's number is its own and its scenes, clocks and alternatives' acts exist."""
    module = context.module
    numbers = [other.number for other in module.acts.values()]
    if numbers.count(act.number) > 1:
        context.at(document, ("number",), f"another act also has number {act.number}")
    for index, scene in enumerate(act.scenes):
        context.ref(document, ("scenes", index), scene, module.scenes, "scene")
    for index, clock in enumerate(act.clocks):
        context.ref(document, ("clocks", index), clock, module.clocks, "clock")
    for index, path in enumerate(act.alternatives):
        for later, affected in enumerate(path.affects):
            context.ref(
                document,
                ("alternatives", index, "affects", later),
                affected,
                module.acts,
                "act",
            )
    _check_threads(context, document, act, outcomes)


def _check_threads(context: CheckContext, document: Document, act: Act, outcomes: Outcomes) -> None:
    """A thread reads an outcome settled in an earlier act, and only that outcome's options."""
    for index, thread in enumerate(act.threads):
        found = outcomes.get(thread.outcome)
        if found is None and thread.outcome in context.reporter.invalid_ids:
            continue  # settled in an act with problems of its own, reported there
        if found is None:
            context.at(
                document,
                ("threads", index, "outcome"),
                f"no outcome with id '{thread.outcome}'{did_you_mean(thread.outcome, outcomes)}",
            )
            continue
        number, options = found
        if number >= act.number:
            context.at(
                document,
                ("threads", index, "outcome"),
                f"outcome '{thread.outcome}' is settled in act {number}, "
                f"not before act {act.number}",
            )
        for effect_index, effect in enumerate(thread.effects):
            if effect.option not in options:
                context.at(
                    document,
                    ("threads", index, "effects", effect_index, "option"),
                    f"'{effect.option}' is not an option of outcome '{thread.outcome}'"
                    f"{did_you_mean(effect.option, options)}; expected one of: "
                    f"{', '.join(sorted(options))}",
                )


def check_scene_membership(context: CheckContext) -> None:
    """Every scene is in exactly one act (scenes an act that failed to load lists are in
    one; with an unreadable file or an act whose list is unreadable, no scene is blamed)."""
    module = context.module
    reporter = context.reporter
    if reporter.unreadable or reporter.invalid_act_unlisted:
        unplaced_ok: set[str] | None = None
    else:
        unplaced_ok = reporter.scenes_of_invalid_acts
    owner: dict[str, str] = {}
    for act_id, act in module.acts.items():
        for index, scene in enumerate(act.scenes):
            if scene in owner and scene in module.scenes:
                context.at(
                    context.doc("act", act_id),
                    ("scenes", index),
                    f"scene '{scene}' is already in act '{owner[scene]}'",
                )
            owner.setdefault(scene, act_id)
    for key in module.scenes:
        if unplaced_ok is None or key in unplaced_ok:
            continue
        if key not in owner:
            context.at(
                context.doc("scene", key),
                ("id",),
                f"scene '{key}' is in no act; list it in an act's scenes",
            )


def check_revelation(context: CheckContext, document: Document, revelation: Revelation) -> None:
    """A revelation's act exists."""
    context.ref(document, ("act",), revelation.act, context.module.acts, "act")


def check_start(context: CheckContext) -> None:
    """The module's starting scene, if it names one, exists."""
    info = context.module.info
    if info.start is not None:
        info_doc = next(iter(context.by_kind["module"].values()))
        context.ref(info_doc, ("start",), info.start, context.module.scenes, "scene")
