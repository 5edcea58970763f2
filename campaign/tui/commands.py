"""Command palette providers (ctrl+p), one per concern.

Each provider reads the module from the GM screen it was opened on and jumps
there with a message or a screen method; nothing here changes the module.
Providers see the GM screen as a `GMView` (campaign.tui.protocols).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from campaign.errors import CampaignError
from campaign.tui.protocols import GMView, gm_screen

if TYPE_CHECKING:
    from campaign.model import Module

Entry = tuple[str, str, str, str]
"""(text to match, help line, kind, id)."""


def palette_gm_screen(provider: Provider) -> GMView | None:
    """The GM screen, if the palette was opened on it (else the provider offers nothing)."""
    gm = gm_screen(provider.app)
    opened_on: object = provider.screen  # a Screen; the GM screen is one, seen as a GMView
    return gm if gm is opened_on else None


class _ModuleProvider(Provider):
    """Matches typed text against a list of module documents."""

    def gm_screen(self) -> GMView | None:
        return palette_gm_screen(self)

    def entries(self, module: Module) -> Iterator[Entry]:
        raise NotImplementedError

    def open(self, kind: str, identifier: str) -> None:
        screen = self.gm_screen()
        if screen is None:
            return
        if kind in ("scene", "act"):
            screen.show_target(kind, identifier)
        else:
            screen.action_detail(kind, identifier)

    async def search(self, query: str) -> Hits:
        screen = self.gm_screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        for text, help_text, kind, identifier in self.entries(screen.module):
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self.open, kind, identifier),
                    text=text,
                    help=help_text,
                )

    async def discover(self) -> Hits:
        screen = self.gm_screen()
        if screen is None:
            return
        for text, help_text, kind, identifier in self.entries(screen.module):
            yield DiscoveryHit(Content(text), partial(self.open, kind, identifier), help=help_text)


class SceneCommands(_ModuleProvider):
    """Acts and scenes: jump to one in the tree and the pane."""

    def entries(self, module: Module) -> Iterator[Entry]:
        for act in module.acts.values():
            yield f"Act {act.number}: {act.title}", act.summary or "Act overview", "act", act.id
            for scene_id in act.scenes:
                scene = module.scenes.get(scene_id)
                if scene is not None:
                    help_text = " · ".join(p for p in (scene.place, scene.summary) if p)
                    yield f"Scene: {scene.title}", help_text, "scene", scene.id


class NPCCommands(_ModuleProvider):
    """NPCs and pregenerated characters: open their stat block."""

    def entries(self, module: Module) -> Iterator[Entry]:
        for npc in module.npcs.values():
            yield f"NPC: {npc.name}", npc.role, "npc", npc.id
        for pc in module.pcs.values():
            yield f"PC: {pc.name}", pc.concept or pc.role, "pc", pc.id


class TableCommands(_ModuleProvider):
    """Random tables: open the entries."""

    def entries(self, module: Module) -> Iterator[Entry]:
        for table in module.tables.values():
            yield f"Table: {table.title}", f"roll {table.die}", "table", table.id


class BookCommands(_ModuleProvider):
    """The module's chapters and locations: open one."""

    def entries(self, module: Module) -> Iterator[Entry]:
        for key, chapter in module.chapters.items():
            yield f"Chapter: {chapter.title}", "the module's book", "chapter", key
        for key, place in module.locations.items():
            yield f"Location: {place.name}", f"map and {len(place.keys)} keys", "location", key


class HandoutCommands(_ModuleProvider):
    """Handouts: read the body."""

    def entries(self, module: Module) -> Iterator[Entry]:
        for handout in module.handouts.values():
            yield (
                f"Handout: {handout.title}",
                f"{handout.type} for the {handout.audience}",
                ("handout"),
                handout.id,
            )


def dice_query(query: str) -> str | None:
    """The expression to roll for what was typed: 'roll 2d6+3' or '2d6+3'; None if not dice."""
    from campaign.dice import compile as compile_dice
    from campaign.tui.widgets.dice_tray import split_target

    text = query.strip()
    if text.lower().startswith("roll "):
        text = text[5:].strip()
    elif text.lower() == "roll":
        return None
    expression, _ = split_target(text)
    if not expression or not any(char.isdigit() for char in expression):
        return None
    try:
        compile_dice(expression)
    except CampaignError:
        return None
    return text


class DiceCommands(Provider):
    """Dice: a valid expression offers to roll it into the tray."""

    async def search(self, query: str) -> Hits:
        screen = palette_gm_screen(self)
        if screen is None:
            return
        text = dice_query(query)
        if text is None:
            return
        yield Hit(
            1.0,
            Content(f"Roll {text}"),
            partial(screen.roll, text),
            text=f"Roll {text}",
            help="Roll into the dice tray",
        )

    async def discover(self) -> Hits:
        screen = palette_gm_screen(self)
        if screen is not None:
            yield DiscoveryHit(
                "Roll dice…",
                screen.action_dice,
                help="Type 'roll 2d6+3' here, or open the dice tray (d)",
            )


class SearchCommands(Provider):
    """Full-text search: a phrase from anywhere in the module (read-aloud, notes,
    clues, stat blocks, tables, handouts) opens where it was found."""

    async def search(self, query: str) -> Hits:
        from campaign.search import index_for
        from campaign.tui.screens.documents import open_document

        screen = palette_gm_screen(self)
        if screen is None or len(query.strip()) < 3:
            return
        for hit in index_for(screen.module).search(query, limit=20):
            yield Hit(
                hit.score / 100,
                Content.assemble(f"Found in {hit.kind} ", (hit.title, "bold"), f" · {hit.field}"),
                partial(open_document, self.app, hit.kind, hit.id),
                text=f"{hit.title} {hit.field}",
                help=hit.snippet,
            )

    async def discover(self) -> Hits:
        screen = palette_gm_screen(self)
        if screen is not None:
            yield DiscoveryHit(
                "Search the module…",
                partial(screen.action_browse, "search"),
                help="Full-text search of scenes, NPCs, tables and handouts (/)",
            )
