"""The handouts the players have been given: the players' copy, one at a time, pageable."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

if TYPE_CHECKING:
    from campaign.model import Module


class HandoutScreen(Screen[None]):
    """The players' copy of each handout given, rendered from its Markdown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("right,n", "step(1)", "Next"),
        Binding("left,p", "step(-1)", "Previous"),
    ]

    def __init__(self, module: Module, handouts: list[str]) -> None:
        super().__init__()
        self.module = module
        self.handouts = handouts
        self.index = len(handouts) - 1  # the newest first

    def compose(self) -> ComposeResult:
        # The handout scrolls in its own box: a screen that scrolled itself ran its
        # scrollbar down through the footer, leaving its last two cells black.
        yield Header()
        with VerticalScroll(id="handout-box"):
            yield Markdown(self._text(), id="handout")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Handouts"
        self._name_it()

    def _name_it(self) -> None:
        handout = self.module.handouts[self.handouts[self.index]]
        self.sub_title = f"{handout.title} ({self.index + 1} of {len(self.handouts)})"

    def _text(self) -> str:
        from campaign.errors import CampaignError
        from campaign.handouts import render_source

        handout = self.module.handouts[self.handouts[self.index]]
        try:
            return render_source(self.module, handout, fmt="md", audience="players")
        except CampaignError as error:
            return f"# {handout.title}\n\n(this handout cannot be shown: {error})"

    def action_step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.handouts)
        self.query_one("#handout", Markdown).update(self._text())
        self._name_it()
