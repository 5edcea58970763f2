"""A modal showing one document: a stat block, a table's entries, a handout's text."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class DetailScreen(ModalScreen[None]):
    """Read-only view of one document; escape closes it."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="detail.close", tooltip="Close this view"),
    ]

    def __init__(self, title: str, body: Content, kind: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.kind = kind
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail", classes="dialog") as scroll:
            scroll.border_title = self.kind
            scroll.border_subtitle = "escape to close"
            yield Static(Content.styled(self.title_text, "bold $accent"), id="detail-title")
            yield Static(self.body, id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#detail").focus()

    def action_close(self) -> None:
        self.dismiss(None)
