"""What the browsers (cast, tables, search, handouts) share: a full screen over
the GM screen that forwards rolls to it.

Opening a document in its browser is `campaign.tui.screens.documents`; opening
a browser from the GM screen is `GMScreen.action_browse`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen

from campaign.model import Module
from campaign.tui.messages import RollRequest, TableRollRequest
from campaign.tui.protocols import gm_screen

if TYPE_CHECKING:
    from textual.app import App

    from campaign.session import Session


def active_session(app: App[Any]) -> Session | None:
    """The open session journal, if the app has one (else rolls are not recorded)."""
    from campaign.session import Session

    session = getattr(app, "session", None)
    return session if isinstance(session, Session) else None


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
