"""The session asked for would not open: say why, and let the GM choose.

Never a silent rehearsal: the GM picks rehearsing (nothing recorded), reading a
read-only session (its journal shows, nothing recorded) or quitting, and the
file is not touched whichever they pick.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

Choice = Literal["rehearse", "read-only", "quit"]


class SessionProblemScreen(ModalScreen[Choice]):
    """One line of what is wrong, then the choices as keys."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('rehearse')", "Rehearse", id="session-problem.rehearse"),
        Binding("v", "choose('read-only')", "Read only", id="session-problem.read-only"),
        Binding("q,escape", "choose('quit')", "Quit", id="session-problem.quit"),
    ]

    def __init__(self, path: Path, title: str, message: str, *, readable: bool) -> None:
        super().__init__()
        self.path = path
        self.heading = title
        self.message = message
        self.readable = readable
        """Whether the file can still be opened for reading (read-only, not damaged)."""

    def compose(self) -> ComposeResult:
        choices = [
            "[b]r[/]  rehearse with this module: nothing is recorded anywhere",
        ]
        if self.readable:
            choices.append("[b]v[/]  open it read-only: its journal shows, nothing is recorded")
        choices.append("[b]q[/]  quit; the session file stays as it is")
        with Vertical(id="session-problem", classes="dialog") as box:
            box.border_title = self.heading
            yield Static(Content(self.message), id="session-problem-message")
            yield Static(Content.from_markup("\n".join(choices)), id="session-problem-choices")

    def action_choose(self, choice: Choice) -> None:
        if choice == "read-only" and not self.readable:
            self.app.bell()
            return
        self.dismiss(choice)
