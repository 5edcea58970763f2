"""What the browsers (cast, tables, search, handouts) share: a full screen over
the GM screen that forwards rolls to it, and opening any document in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen

from campaign.model import Module
from campaign.tui.messages import GoTo, RollRequest, TableRollRequest

if TYPE_CHECKING:
    from textual.app import App

    from campaign.session import Session
    from campaign.tui.screens.gm import GMScreen


def gm_screen(app: App[Any]) -> GMScreen | None:
    """The GM screen under the browsers, if there is one."""
    from campaign.tui.screens.gm import GMScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, GMScreen):
            return screen
    return None


def active_session(app: App[Any]) -> Session | None:
    """The open session journal, if the app has one (else rolls are not recorded)."""
    from campaign.session import Session

    session = getattr(app, "session", None)
    return session if isinstance(session, Session) else None


def open_document(app: App[Any], kind: str, identifier: str) -> None:
    """Show a document where it belongs: a scene or act on the GM screen, an NPC
    or PC in the cast browser, a table in the tables browser, a handout in the
    handouts screen. Browsers above the GM screen are closed first."""
    gm = gm_screen(app)
    if gm is None:
        return
    while app.screen is not gm and len(app.screen_stack) > 1:
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


class BrowserScreen(Screen[None]):
    """A full screen over the GM screen; escape goes back to it.

    Rolls asked for here (RollRequest, TableRollRequest) go to the GM screen,
    which rolls them into its dice tray and the session's journal.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="browser.close", tooltip="Back to the GM screen"),
    ]

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module
        self.sub_title = module.title

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)

    @on(RollRequest)
    def _forward_roll(self, event: RollRequest) -> None:
        event.stop()
        gm = gm_screen(self.app)
        if gm is not None:
            gm.post_message(RollRequest(event.expression, event.source))

    @on(TableRollRequest)
    def _forward_table_roll(self, event: TableRollRequest) -> None:
        event.stop()
        gm = gm_screen(self.app)
        if gm is not None:
            gm.post_message(TableRollRequest(event.table_id))


def open_browser(gm: GMScreen, what: str) -> None:
    """Open one of the browsers over the GM screen (its keys: / b T h)."""
    app = gm.app
    module = gm.module
    if what == "search":
        from campaign.tui.screens.search import SearchScreen

        app.push_screen(SearchScreen(module))
    elif what == "cast":
        from campaign.tui.screens.cast import CastScreen

        app.push_screen(CastScreen(module))
    elif what == "tables":
        from campaign.tui.screens.tables import TablesScreen

        app.push_screen(TablesScreen(module))
    elif what == "handouts":
        from campaign.tui.screens.handouts import HandoutsScreen

        app.push_screen(HandoutsScreen(module))
