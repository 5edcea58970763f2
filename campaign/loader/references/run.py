"""All cross-reference checks over an assembled module, in the order problems are found."""

from __future__ import annotations

from collections.abc import Mapping

from campaign.loader.reading import Document
from campaign.loader.references.conditions import (
    check_act_leads,
    check_scene_conditions,
    check_when,
)
from campaign.loader.references.context import CheckContext
from campaign.loader.references.locations import check_location, check_scene_location
from campaign.loader.references.rules import check_ruleset, check_statblock
from campaign.loader.references.scenes import ClueIds, check_clock, check_handout, check_scene
from campaign.loader.references.story import (
    check_act,
    check_outcomes,
    check_revelation,
    check_scene_membership,
    check_start,
)
from campaign.loader.references.tables import check_table
from campaign.loader.report import Reporter
from campaign.model import Module


def check_references(
    reporter: Reporter, module: Module, by_kind: Mapping[str, Mapping[str, Document]]
) -> None:
    """Check that ids resolve, ranges cover dice, and names exist in the ruleset."""
    context = CheckContext(reporter, module, by_kind)
    check_ruleset(context)
    outcomes = check_outcomes(context)
    for key, act in module.acts.items():
        check_act(context, context.doc("act", key), act, outcomes)
        check_act_leads(context, context.doc("act", key), act)
    check_scene_membership(context)
    clue_ids: ClueIds = {}
    for key, scene in module.scenes.items():
        check_scene(context, context.doc("scene", key), scene, clue_ids)
        check_scene_location(context, context.doc("scene", key), scene)
        check_scene_conditions(context, context.doc("scene", key), scene)
    for key, location in module.locations.items():
        check_location(context, context.doc("location", key), location)
    for key, npc in module.npcs.items():
        check_statblock(context, context.doc("npc", key), npc)
        if npc.known_as is not None and npc.known_as.until is not None:
            check_when(context, context.doc("npc", key), ("known_as", "until"), npc.known_as.until)
    for key, pc in module.pcs.items():
        document = context.doc("pc", key)
        check_statblock(context, document, pc)
        context.ref(document, ("handout",), pc.handout, module.handouts, "handout")
    for key, table in module.tables.items():
        check_table(context, context.doc("table", key), table)
    for key, handout in module.handouts.items():
        check_handout(context, context.doc("handout", key), handout, clue_ids)
    for key, clock in module.clocks.items():
        check_clock(context, context.doc("clock", key), clock)
    for key, revelation in module.revelations.items():
        check_revelation(context, context.doc("revelation", key), revelation)
    check_start(context)
