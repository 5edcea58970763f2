"""The problems of a module that would not load, each located file:line:col."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from campaign.tui.messages import OpenModule, ShowLauncher

Problem = tuple[str, str]
"""(where: 'path:line:col', what: 'field: message')."""


def problem_prompt(where: str, what: str) -> Content:
    if not where:
        return Content(what)
    return Content.from_markup("[b $accent]$where[/]\n  $what", where=where, what=what)


class ErrorScreen(Screen[None]):
    """Lists every problem; the GM can fix the files and retry, or go back."""

    CSS_PATH = "screens.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry", id="errors.retry", tooltip="Load the module again"),
        Binding(
            "escape,o",
            "launcher",
            "Modules",
            id="errors.modules",
            tooltip="Back to the list of modules",
        ),
    ]

    def __init__(self, path: Path, problems: list[Problem], title: str) -> None:
        super().__init__()
        self.path = path
        self.problems = problems
        self.heading = title
        self.sub_title = f"{path}: {title.lower()}"

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        yield Header()
        yield Static(
            Content.from_markup(
                "[b]$title[/] — $path: $count\n"
                "[$text-muted]Fix the files in any editor, then press r to retry, "
                "or escape for the module list. `campaign validate` lists the same.[/]",
                title=self.heading,
                path=str(self.path),
                count=f"{count} problem{'s' if count != 1 else ''}",
            ),
            id="errors-heading",
        )
        yield OptionList(
            *(Option(problem_prompt(where, what)) for where, what in self.problems),
            id="errors-list",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#errors-list").focus()

    def action_retry(self) -> None:
        self.post_message(OpenModule(self.path))

    def action_launcher(self) -> None:
        self.post_message(ShowLauncher())
