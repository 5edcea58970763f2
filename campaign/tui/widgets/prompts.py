"""Small modal prompts: pick one of a few choices, or type a short answer.

Used by the combat tracker, the PC roster and the continuity keys of the GM
screen. Each dismisses with the answer, or None when escaped.

Titles and labels are mostly module text (names, clues, handout titles), so a
`str` is shown as it is written, never read as markup: 'Guard [x]' stays
'Guard [x]', and '[@click=...]' in a name is text, not an action. A caller that
wants styling passes `Content`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from campaign.tui.widgets.keys_footer import KeysFooter


def plain(text: str | Content) -> Content:
    """Text to show as written: a `str` is not parsed as markup (see the module's notes)."""
    return Content(text) if isinstance(text, str) else text


class PickScreen(ModalScreen[str | None]):
    """Choose one of `choices` ((value, label) pairs); enter picks, escape cancels."""

    CSS_PATH = "prompts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Close without choosing"),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str | Content]],
        *,
        hint: str = "",
        highlight: int = 0,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.hint = hint
        self.start = highlight

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.title_text)
            box.border_subtitle = "enter picks · escape cancels"
            if self.hint:
                yield Static(Content(self.hint), classes="prompt-hint")
            yield OptionList(
                *(Option(plain(label), id=value) for value, label in self.choices),
                id="pick-options",
            )
        # Its own keys line over the screen's below: the keys there do nothing now.
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.choices:
            options.highlighted = min(self.start, len(self.choices) - 1)
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


NUMBER = r"[-+]?\d*"
"""What a number prompt lets through: a sign, then digits (letters are refused, not typed)."""
NUMBER_DIGITS = 9
"""A number prompt's longest answer (no hit points or initiative needs more)."""


class AskScreen(ModalScreen[str | None]):
    """Type a short answer; enter submits (even empty), escape cancels.

    While the box has focus every printable key is text: Textual's Input takes it
    before any binding of this screen or the one below. With `numeric`, the box
    refuses what is not a sign or a digit (the key does nothing else either).
    """

    CSS_PATH = "prompts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask.cancel", tooltip="Close without answering"),
    ]

    def __init__(
        self,
        title: str,
        *,
        placeholder: str = "",
        value: str = "",
        hint: str = "",
        numeric: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.hint = hint
        self.numeric = numeric

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.title_text)
            box.border_subtitle = "enter · escape cancels"
            if self.hint:
                yield Static(Content(self.hint), classes="prompt-hint")
            if self.numeric:
                yield Input(
                    self.value,
                    placeholder=self.placeholder,
                    restrict=NUMBER,
                    max_length=NUMBER_DIGITS,
                    id="ask-input",
                )
            else:
                yield Input(self.value, placeholder=self.placeholder, id="ask-input")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        field.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
