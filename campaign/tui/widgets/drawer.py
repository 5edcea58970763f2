"""The GM screen's bottom drawer: the journal (`j`) and the clocks (`c`) side by side."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive

from campaign.tui.widgets.clocks import ClocksPanel
from campaign.tui.widgets.journal import JournalPanel


class SessionDrawer(Horizontal):
    """Shows whichever of the journal and the clocks are open; hidden when neither is."""

    DEFAULT_CSS = """
    SessionDrawer {
        height: 40%;
        min-height: 8;
        display: none;
    }
    SessionDrawer.-journal, SessionDrawer.-clocks {
        display: block;
    }
    SessionDrawer JournalPanel, SessionDrawer ClocksPanel {
        display: none;
    }
    SessionDrawer.-journal JournalPanel, SessionDrawer.-clocks ClocksPanel {
        display: block;
    }
    SessionDrawer.-clocks-alone ClocksPanel {
        width: 1fr;
    }
    """

    journal_open: reactive[bool] = reactive(False)
    clocks_open: reactive[bool] = reactive(False)

    def compose(self) -> ComposeResult:
        yield JournalPanel(id="journal")
        yield ClocksPanel(id="clocks")

    def watch_journal_open(self) -> None:
        self._show_panels()

    def watch_clocks_open(self) -> None:
        self._show_panels()

    def _show_panels(self) -> None:
        self.set_class(self.journal_open, "-journal")
        self.set_class(self.clocks_open, "-clocks")
        self.set_class(self.clocks_open and not self.journal_open, "-clocks-alone")
