"""What points at what: NPCs, tables, handouts and clocks nothing uses, and scenes
no exit reaches."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from campaign.lint.checks import scene_checks
from campaign.lint.report import Unused
from campaign.model import Module
from campaign.model.tables import INLINE_REFERENCE

UNUSED_HINTS = {
    "npcs": "in no scene, table entry, handout or clue source",
    "tables": "in no scene, set piece or other table",
    "handouts": "given in no scene, clue source or pregen",
    "clocks": "in no act, scene, set piece or check",
}
"""Kind of document -> where lint looked for something pointing at it (for the warning)."""

UNUSED_NAMES = {"npcs": "NPC", "tables": "table", "handouts": "handout", "clocks": "clock"}
"""Kind of document -> its name in a warning."""


def _inline_targets(text: str, kind: str) -> Iterator[str]:
    for match in INLINE_REFERENCE.finditer(text):
        name, _, target = match.group(1).strip().partition(":")
        if target and name == kind:
            yield target.strip()


def find_unused(module: Module) -> Unused:
    """NPCs, tables, handouts and clocks nothing points at."""
    npcs: set[str] = set()
    tables: set[str] = set()
    handouts: set[str] = set()
    clocks: set[str] = set()
    for clue, _ in module.clues():
        if clue.source.npc:
            npcs.add(clue.source.npc)
        if clue.source.handout:
            handouts.add(clue.source.handout)
    for scene in module.scenes.values():
        npcs.update(bring.npc for bring in scene.npcs)
        tables.update(scene.tables)
        handouts.update(scene.handouts)
        clocks.update(scene.clocks)
        for _, _, check in scene_checks(scene):
            clocks.update(tick.clock for tick in check.ticks)
        if scene.set_piece is not None:
            if scene.set_piece.table:
                tables.add(scene.set_piece.table)
            if scene.set_piece.clock:
                clocks.add(scene.set_piece.clock)
    for act in module.acts.values():
        clocks.update(act.clocks)
    for table in module.tables.values():
        for entry in table.entries:
            npcs.update(bring.npc for bring in entry.npcs)
            npcs.update(_inline_targets(entry.result, "npc"))
            others = [*_inline_targets(entry.result, "table")]
            if entry.table:
                others.append(entry.table)
            tables.update(other for other in others if other != table.id)
    for handout in module.handouts.values():
        if handout.npc:
            npcs.add(handout.npc)
    for pc in module.pcs.values():
        if pc.handout:
            handouts.add(pc.handout)
    return Unused(
        npcs=tuple(key for key in module.npcs if key not in npcs),
        tables=tuple(key for key in module.tables if key not in tables),
        handouts=tuple(key for key in module.handouts if key not in handouts),
        clocks=tuple(key for key in module.clocks if key not in clocks),
    )


def unused_warnings(unused: Unused) -> Iterator[str]:
    """One warning per unused document, saying where lint looked."""
    for kind, ids in unused.items():
        for key in ids:
            yield f"unused {UNUSED_NAMES[kind]} {key}: {UNUSED_HINTS[kind]}"


def reachable_scenes(module: Module) -> set[str]:
    """Scenes play can reach: the start, each act's first scene, and every scene an exit
    leads to from those (across acts)."""
    starts = [module.start_scene.id, *(act.scenes[0] for act in module.acts.values())]
    seen: set[str] = set()
    queue = deque(scene for scene in starts if scene in module.scenes)
    while queue:
        key = queue.popleft()
        if key in seen:
            continue
        seen.add(key)
        for exit_ in module.scenes[key].exits:
            if exit_.to in module.scenes and exit_.to not in seen:
                queue.append(exit_.to)
    return seen


def unreachable_scenes(module: Module) -> list[str]:
    """Scenes no exit reaches (in act order)."""
    reached = reachable_scenes(module)
    ordered = [scene for act in module.acts.values() for scene in act.scenes]
    ordered += [scene for scene in module.scenes if scene not in ordered]
    return [scene for scene in ordered if scene in module.scenes and scene not in reached]


def unreachable_warnings(module: Module, scenes: list[str]) -> Iterator[str]:
    """One warning per scene no exit leads to, with its act."""
    for scene in scenes:
        act = module.act_of_scene(scene)
        where = f" (act {act.number})" if act else ""
        yield f"scene {scene}{where}: no exit leads here"
