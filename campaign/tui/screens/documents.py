"""Opening any document of the module where it belongs (search results, the palette)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from campaign.tui.messages import GoTo
from campaign.tui.protocols import gm_screen

if TYPE_CHECKING:
    from textual.app import App


def open_document(app: App[Any], kind: str, identifier: str) -> None:
    """Show a document where it belongs: a scene or act on the GM screen, an NPC
    or PC in the cast browser, a table in the tables browser, a handout in the
    handouts screen. Browsers above the GM screen are closed first."""
    gm = gm_screen(app)
    if gm is None:
        return
    under: object = gm  # the GM screen (a Screen), seen as a GMView
    while app.screen is not under and len(app.screen_stack) > 1:
        app.pop_screen()
    module = gm.module
    if kind in ("scene", "act"):
        gm.post_message(GoTo(kind, identifier))
    elif kind in ("npc", "pc"):
        from campaign.tui.screens.cast import CastScreen

        app.push_screen(CastScreen(module, kind, identifier))
    elif kind == "table":
        from campaign.tui.screens.tables import TablesScreen

        app.push_screen(TablesScreen(module, identifier))
    elif kind == "handout":
        from campaign.tui.screens.handouts import HandoutsScreen

        app.push_screen(HandoutsScreen(module, identifier))
    elif kind in ("chapter", "location"):
        gm.action_detail(kind, identifier)
