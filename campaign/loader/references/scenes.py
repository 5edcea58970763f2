"""What a scene or handout brings to the table: clues and their sources, NPCs, tables,
handouts, clocks, checks, set pieces and exits; and clocks that start within their segments.

Clue ids are unique across the whole module (scenes and handouts both hold
clues), so the checks share one `ClueIds` record of where each id was first seen.
"""

from __future__ import annotations

from campaign.errors import did_you_mean
from campaign.loader.reading import Document
from campaign.loader.references.context import CheckContext
from campaign.loader.references.rules import check_check
from campaign.loader.report import Loc
from campaign.model import Check, Clock, Clue, Exit, Fight, Handout, Scene
from campaign.wording import plural

ClueIds = dict[str, str]
"""Clue id -> where it was first defined ("scene 'docks'")."""


def check_scene(context: CheckContext, document: Document, scene: Scene, clue_ids: ClueIds) -> None:
    """A scene's clues, NPCs, tables, handouts, clocks, checks, set piece and exits."""
    module = context.module
    for index, clue in enumerate(scene.clues):
        check_clue(context, document, ("clues", index), clue, clue_ids)
    for index, bring in enumerate(scene.npcs):
        context.ref(document, ("npcs", index, "npc"), bring.npc, module.npcs, "NPC")
    for index, table in enumerate(scene.tables):
        context.ref(document, ("tables", index), table, module.tables, "table")
    for index, handout in enumerate(scene.handouts):
        context.ref(document, ("handouts", index), handout, module.handouts, "handout")
    for index, clock in enumerate(scene.clocks):
        context.ref(document, ("clocks", index), clock, module.clocks, "clock")
    for index, check in enumerate(scene.checks):
        check_check(context, document, ("checks", index), check)
    if scene.set_piece is not None:
        piece = scene.set_piece
        context.ref(document, ("set_piece", "clock"), piece.clock, module.clocks, "clock")
        context.ref(document, ("set_piece", "table"), piece.table, module.tables, "table")
        for stage_index, stage in enumerate(piece.stages):
            for check_index, check in enumerate(stage.checks):
                check_check(
                    context,
                    document,
                    ("set_piece", "stages", stage_index, "checks", check_index),
                    check,
                )
    for index, exit_ in enumerate(scene.exits):
        context.ref(document, ("exits", index, "to"), exit_.to, module.scenes, "scene")
        if exit_.check is not None:
            check_exit_check(context, document, ("exits", index), scene, exit_)
    if scene.fight is not None:
        check_fight(context, document, ("fight",), scene.fight)
    if scene.set_piece is not None and scene.set_piece.fight is not None:
        check_fight(context, document, ("set_piece", "fight"), scene.set_piece.fight)


def check_exit_check(
    context: CheckContext, document: Document, loc: Loc, scene: Scene, exit_: Exit
) -> None:
    """An exit's `check` is the id of one of its scene's checks, and its `on` a result."""
    wanted = exit_.check or ""
    ids = [check.id for check in scene.checks if check.id is not None]
    if wanted not in ids:
        known = ", ".join(ids) if ids else "none (give the check an `id`)"
        context.at(
            document,
            (*loc, "check"),
            f"no check '{wanted}' in this scene{did_you_mean(wanted, ids)}; "
            f"the ids of its checks are: {known}",
        )
    elif exit_.on == "any":
        context.at(
            document,
            (*loc, "on"),
            f"an exit that follows check '{wanted}' needs `on`: success, partial or failure",
        )


def check_fight(context: CheckContext, document: Document, loc: Loc, fight: Fight) -> None:
    """A fight's NPCs exist, and its situation is one the ruleset's attack rules know."""
    module = context.module
    for index, bring in enumerate(fight.npcs):
        context.ref(document, (*loc, "npcs", index, "npc"), bring.npc, module.npcs, "NPC")
    if fight.situation is None:
        return
    rules = module.ruleset.attack
    situations = rules.situations if rules is not None else ()
    if fight.situation not in situations:
        known = (
            ", ".join(situations) if situations else "none (the ruleset has no attack situations)"
        )
        context.at(
            document,
            (*loc, "situation"),
            f"unknown situation '{fight.situation}'{did_you_mean(fight.situation, situations)}; "
            f"the ruleset's are: {known}",
        )


def check_clue(
    context: CheckContext, document: Document, loc: Loc, clue: Clue, clue_ids: ClueIds
) -> None:
    """A clue's id is unique, it has exactly one source, and what it names exists."""
    module = context.module
    if clue.id in clue_ids:
        context.at(
            document,
            (*loc, "id"),
            f"duplicate clue id '{clue.id}' (also in {clue_ids[clue.id]})",
        )
    else:
        clue_ids[clue.id] = f"{document.kind} '{getattr(document.model, 'id', '?')}'"
    source = clue.source
    given = [name for name in ("npc", "handout", "place") if getattr(source, name)]
    if len(given) != 1:
        context.at(
            document,
            (*loc, "source"),
            "a clue's source names exactly one of npc, handout or place"
            + (f"; got {', '.join(given)}" if given else ""),
        )
    context.ref(document, (*loc, "source", "npc"), source.npc, module.npcs, "NPC")
    if clue.check is not None:
        roll = clue.check
        as_check = Check(
            task=clue.id, skill=roll.skill, attribute=roll.attribute, difficulty=roll.difficulty
        )
        check_check(context, document, (*loc, "check"), as_check)
    context.ref(document, (*loc, "source", "handout"), source.handout, module.handouts, "handout")
    context.ref(document, (*loc, "revelation"), clue.revelation, module.revelations, "revelation")


def check_handout(
    context: CheckContext, document: Document, handout: Handout, clue_ids: ClueIds
) -> None:
    """A handout's NPC, PC and revealed clue exist; clues it holds are checked like a scene's."""
    module = context.module
    context.ref(document, ("npc",), handout.npc, module.npcs, "NPC")
    context.ref(document, ("pc",), handout.pc, module.pcs, "PC")
    for index, clue in enumerate(handout.clues):
        check_clue(context, document, ("clues", index), clue, clue_ids)
    if handout.clue is not None and module.clue(handout.clue) is None:
        context.at(document, ("clue",), f"no clue with id '{handout.clue}'")


def check_clock(context: CheckContext, document: Document, clock: Clock) -> None:
    """A clock does not start past its last segment."""
    if clock.start > clock.segments:
        context.at(
            document,
            ("start",),
            f"start {clock.start} is more than the clock's {plural(clock.segments, 'segment')}",
        )
