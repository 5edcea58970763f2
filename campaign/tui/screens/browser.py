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
from textual.widgets import Input, OptionList

from campaign.model import Module
from campaign.tui.layout import NARROW_OR_WIDE
from campaign.tui.messages import RollRequest, TableRollRequest
from campaign.tui.protocols import gm_screen
from campaign.tui.widgets.notice import add_notice_line

if TYPE_CHECKING:
    from textual.app import App

    from campaign.session import Session


def active_session(app: App[Any]) -> Session | None:
    """The open session journal, if the app has one (else rolls are not recorded)."""
    from campaign.session import Session

    session = getattr(app, "session", None)
    return session if isinstance(session, Session) else None


class BrowserScreen(Screen[None]):
    """A full screen over the GM screen; escape goes back to it (from the filter box too).

    A browser that filters names its box in `FILTER` and its list in `LIST`: it
    opens with the box focused, so what the GM types first is text, never one of
    the browser's keys (a focused Input takes every printable key before any
    binding sees it); down moves from the box to the list.

    Rolls asked for here (RollRequest, TableRollRequest) go to the GM screen,
    which rolls them into its dice tray and the session's journal.
    """

    HORIZONTAL_BREAKPOINTS = NARROW_OR_WIDE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="browser.close", tooltip="Back to the GM screen"),
        Binding(
            "down",
            "to_list",
            "To the list",
            show=False,
            id="browser.to-list",
            tooltip="From the filter box to the list it filters",
        ),
    ]
    FILTER: ClassVar[str] = ""
    """Selector of the filter box, if the browser has one."""
    LIST: ClassVar[str] = ""
    """Selector of the OptionList the filter box narrows."""

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module
        self.sub_title = module.title

    def on_mount(self) -> None:
        # Runs after the subclass's on_mount (Textual walks the MRO downward-first).
        add_notice_line(self)  # messages above the footer, never a toast over it
        if self.FILTER:
            self.set_focus(self.query_one(self.FILTER, Input))

    def _filter_focused(self) -> bool:
        return bool(self.FILTER) and self.focused is self.query_one(self.FILTER, Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            return self._filter_focused()
        return True

    def action_to_list(self) -> None:
        listing = self.query_one(self.LIST, OptionList)
        if listing.option_count:
            listing.focus()
        else:
            self.app.bell()

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
