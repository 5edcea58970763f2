"""Adding combatants to the tracker: the scene's NPCs (its declared fight when it
has one), the pregens (with the harm they carry), someone by name (a module NPC
typed by name comes with its stat block), a pinned slot, the NPCs of the latest
table roll. Each adding starts a fight when none runs; `CombatScreen.do` writes
the events and redraws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from campaign.errors import CampaignError
from campaign.session.combat import declared_fight, scene_opposition
from campaign.tui.screens.combat_view import name_and_number
from campaign.tui.widgets.prompts import AskScreen, PickScreen

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.tui.screens.combat import CombatScreen


def add_scene(screen: CombatScreen) -> None:
    """Add the scene's opposition, its declared fight if it has one (asking whether
    identical ones share a turn); starts a fight."""
    scene = screen.module.scenes.get(screen.scene_id or "")
    if scene is None or (not scene.npcs and declared_fight(scene) is None):
        screen.notify("This scene has no NPCs: w adds someone by name", severity="warning")
        return
    brings = scene_opposition(scene).brings
    several = any(not isinstance(b.count, int) or b.count > 1 for b in brings)
    if not several:
        _add_scene(screen, scene.id, group=False)
        return

    def chosen(answer: str | None) -> None:
        if answer is not None:
            _add_scene(screen, scene.id, group=answer == "group")

    screen.app.push_screen(
        PickScreen(
            "Identical NPCs",
            [
                ("group", "Group them: one initiative and one slot per kind"),
                ("single", "Each acts on its own"),
            ],
        ),
        chosen,
    )


def _add_scene(screen: CombatScreen, scene_id: str, *, group: bool) -> None:
    def add() -> None:
        screen.ensure_fight()
        added = screen.tracker.add_from_scene(scene_id, group=group)
        screen.notify(scene_added_notice(screen.module, scene_id, len(added)), timeout=3)

    screen.do(add)


def scene_added_notice(module: Module, scene_id: str, added: int) -> str:
    """'3 joined the fight', or for a declared fight 'The scene's fight: 1 joined
    (Necros) · not added: M, General Koskov, Safe-house guard: w adds one by name'."""
    scene = module.scenes[scene_id]
    opposition = scene_opposition(scene)
    if not opposition.declared:
        return f"{added} joined the fight"
    roster = ", ".join(
        _npc_name(module, b.npc) + (f" ×{b.count}" if b.count != 1 else "")
        for b in opposition.brings
    )
    said = f"The scene's fight: {added} joined ({roster})"
    if opposition.left_out:
        names = ", ".join(_npc_name(module, npc_id) for npc_id in opposition.left_out)
        said += f" · also present, not added: {names} (w adds one by name)"
    return said


def _npc_name(module: Module, npc_id: str) -> str:
    npc = module.npcs.get(npc_id)
    return npc.name if npc is not None else npc_id


def add_pcs(screen: CombatScreen) -> None:
    """Add every pregenerated character not yet in the fight."""

    def add() -> None:
        screen.ensure_fight()
        present = {c.ref for c in screen.tracker.state.combatants.values()}
        missing = [pc_id for pc_id in screen.module.pcs if pc_id not in present]
        if not screen.module.pcs:
            raise CampaignError("this module has no pregenerated characters: w adds by name")
        for pc_id in missing:
            screen.tracker.add_pc(pc_id)
        screen.notify(f"{len(missing)} pregens joined the fight", timeout=3)

    screen.do(add)


def add_named(screen: CombatScreen) -> None:
    """Add someone by name, with a health track: 'Bystander 5'. A module NPC's id or
    name ('necros', 'Safe-house guard 2') adds that NPC with its stat block (the number
    is then how many, so an NPC's name is never the example of a health track)."""
    default = screen.module.ruleset.health.default

    def answered(answer: str | None) -> None:
        if not answer:
            return
        npc_id, count = _typed_npc(screen, answer)
        if npc_id is not None:
            npc = screen.module.npcs[npc_id]

            def add_npc() -> None:
                screen.ensure_fight()
                screen.tracker.add_npc(npc_id, count)

            what = npc.name if count == 1 else f"{count} × {npc.name}"
            screen.do(add_npc, f"{what} joined with the module's stat block")
            return
        name, health = name_and_number(answer)

        def add() -> None:
            screen.ensure_fight()
            screen.tracker.add_named(name, health=health)

        screen.do(add)

    screen.app.push_screen(
        AskScreen(
            "Add someone by name",
            placeholder=f"name [{screen.module.ruleset.health.name.lower()}, default {default}]",
            hint=(
                "'Bystander 5': a name, then its health · a module NPC comes with its "
                "stats, the number is how many ('necros', 'kgb-agent 3')"
            ),
        ),
        answered,
    )


def _typed_npc(screen: CombatScreen, answer: str) -> tuple[str | None, int]:
    """The module NPC typed, and how many: the whole text as an id or name, else the
    text before a trailing number ('KGB agent 3' is three KGB agents)."""
    whole = screen.tracker.npc_named(answer)
    if whole is not None:
        return whole, 1
    name, number = name_and_number(answer)
    if number is not None and number >= 1:
        return screen.tracker.npc_named(name), number
    return None, 1


def add_pinned(screen: CombatScreen) -> None:
    """Add a scripted slot acting on a fixed count: 'Bomb timer 10'."""

    def answered(answer: str | None) -> None:
        if not answer:
            return
        name, count = name_and_number(answer)
        if count is None:
            screen.notify("Give the count it acts on, e.g. 'Bomb timer 10'", severity="warning")
            return

        def add() -> None:
            assert count is not None
            screen.ensure_fight()
            screen.tracker.add_pinned(name, count)

        screen.do(add)

    screen.app.push_screen(
        AskScreen("Add a pinned slot", placeholder="name count, e.g. Bomb timer 10"), answered
    )


def add_table(screen: CombatScreen) -> None:
    """Add the NPCs the latest table roll brought."""
    latest = next((e for e in reversed(screen.session.state.journal()) if e.kind == "table"), None)
    npcs = (latest.data.get("result") or {}).get("npcs", []) if latest else []
    if not npcs:
        screen.notify("The latest table roll brought no NPCs", severity="warning")
        return

    def add() -> None:
        screen.ensure_fight()
        for item in npcs:
            if item.get("count", 0) > 0:
                screen.tracker.add_npc(str(item["npc"]), int(item["count"]))

    screen.do(add, f"From {latest.data.get('title', 'the table') if latest else ''}")
