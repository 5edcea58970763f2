"""A footer that fits the terminal: the most used keys first, then `? more`.

Textual's `Footer` lists every key in binding order and lets the row run off
the right edge, so at 80 columns the GM screen's footer stopped at "p Pr" and
the keys a GM needs most (cast, tables, fight) could not be found. This one
puts the focused widget's keys first (what the GM is doing now), then the
screen's keys in the order the screen asks for (`first`: binding ids), then the
rest; it shows only as many as fit and ends with the help key ("? more" when
some were left out), which lists every key.

While a text box (Input, TextArea) has the focus, every printable key is text
(the project's rule: typing is never a command), so a footer listing "/ Search"
or "n Next" there would promise keys that type letters instead. Then the footer
lists only what works in the box: escape (what leaving it does), enter (what
it does in that box), and the keys no box takes (F1, ctrl+...). That rule lives
here, once, for every screen that uses this footer.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import NamedTuple

from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from campaign.tui.footer_fit import PALETTE_WIDTH, fitting, key_cells
from campaign.tui.key_names import PRINTABLE_KEYS

HELP_ACTION = "help"
"""The app's action that lists every key (F1, ?)."""

ENTER = "enter"
ENTER_SAYS: dict[str, str] = {
    "journal-note": "Save note",
    "dice-input": "Roll",
    "cast-query": "List",
    "tables-query": "List",
    "search-query": "Open first",
    "handouts-query": "To the list",
    "ask-input": "OK",
}
"""What enter does in each of the app's text boxes (by id), for the footer; a box
not listed gets 'Done'. A TextArea takes enter as a new line, so it gets none."""


def typing_in(widget: Widget | None) -> bool:
    """Whether `widget` is a text box, where printable keys are text."""
    if isinstance(widget, Input):
        return True
    # TextArea is looked up, not imported: its module and the document classes it
    # brings are 0.6 MB at rest (issue 20), and no widget is one until it is loaded.
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


def works_while_typing(key: str) -> bool:
    """Whether a binding's key still reaches the bindings while a text box has focus."""
    return key not in PRINTABLE_KEYS


class Entry(NamedTuple):
    """One key as the footer shows it."""

    binding: Binding
    enabled: bool
    tooltip: str
    key_display: str

    @property
    def width(self) -> int:
        """Cells it takes in a compact footer (`footer_fit.key_cells`)."""
        return key_cells(self.key_display, self.binding.description)


def order_entries(
    active: Iterable[ActiveBinding], screen: object, app: object, first: tuple[str, ...]
) -> list[ActiveBinding]:
    """One binding per action, shown ones only: the focused widget's first, then the
    screen's in the order of `first` (binding ids), then the rest as bound."""
    by_action: dict[str, ActiveBinding] = {}
    for item in active:
        if item.binding.show and item.binding.action not in by_action:
            by_action[item.binding.action] = item
    items = list(by_action.values())
    rank = {identifier: index for index, identifier in enumerate(first)}

    def key(pair: tuple[int, ActiveBinding]) -> tuple[int, int, int]:
        index, item = pair
        if item.node is not screen and item.node is not app:
            return (0, 0, index)  # the focused widget's own keys
        if item.binding.id in rank:
            return (1, rank[item.binding.id], index)
        return (2, 0, index)

    return [item for _, item in sorted(enumerate(items), key=key)]


def fit(entries: list[Entry], width: int) -> tuple[list[Entry], bool]:
    """The first entries that fit in `width` cells; True when some were left out."""
    count = fitting((entry.width for entry in entries), width)
    return entries[:count], count < len(entries)


class KeysFooter(Footer):
    """`Footer` that fits: most used keys first and `? more` for the rest."""

    DEFAULT_CSS = """
    KeysFooter FooterKey.-more .footer-key--description {
        text-style: italic;
    }
    """

    def __init__(
        self,
        *,
        first: tuple[str, ...] = (),
        show_command_palette: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, compact=True, show_command_palette=show_command_palette)
        self.first = first
        """Binding ids of the screen's most used keys, most used first."""
        self._laid_out_width = 0
        # Keys from the first compose: Textual's footer stays empty until the screen
        # first reports its bindings, a blank row for a moment as each screen opens
        # (the GM screen's over its first frame most of all). Focus moves re-lay it.
        self.set_reactive(Footer._bindings_ready, True)

    def _help_entry(self, active: dict[str, ActiveBinding]) -> Entry | None:
        """The app's help key, '?' when it has one (shorter than F1)."""
        helps = [item for item in active.values() if item.binding.action == HELP_ACTION]
        if not helps:
            return None
        chosen = next((item for item in helps if item.binding.key == "question_mark"), helps[0])
        return Entry(
            chosen.binding,
            chosen.enabled,
            chosen.binding.tooltip,
            self.app.get_key_display(chosen.binding),
        )

    def _entry(self, item: ActiveBinding) -> Entry:
        return Entry(
            item.binding, item.enabled, item.tooltip, self.app.get_key_display(item.binding)
        )

    def _typing_entries(self, active: dict[str, ActiveBinding], box: Widget) -> list[Entry]:
        """While a text box has focus: escape, enter, then the shown keys no box takes."""
        entries: list[Entry] = []
        escape = active.get("escape")
        if escape is not None:  # often hidden elsewhere (it is obvious), never here
            entries.append(self._entry(escape))
        if isinstance(box, Input):
            says = ENTER_SAYS.get(box.id or "", "Done")
            entries.append(Entry(Binding(ENTER, "submit", says), True, says, ENTER))
        entries += [
            self._entry(item)
            for item in order_entries(active.values(), self.screen, self.app, self.first)
            if item.binding.action != HELP_ACTION
            and works_while_typing(item.binding.key)
            and item.binding.key not in (ENTER, "escape")
        ]
        return entries

    def _entries(self) -> tuple[dict[str, ActiveBinding], list[Entry]]:
        """The screen's active bindings (those that work now), and every key the
        footer would show if it had the room, in order (help and the palette aside)."""
        screen = self.screen
        active = screen.active_bindings
        box = screen.focused if typing_in(screen.focused) else None
        if box is not None:  # printable keys are text: their bindings do not fire
            active = {key: item for key, item in active.items() if works_while_typing(key)}
            return active, self._typing_entries(active, box)
        ordered = [
            self._entry(item)
            for item in order_entries(active.values(), screen, self.app, self.first)
            if item.binding.action != HELP_ACTION
        ]
        return active, ordered

    def every_key(self) -> list[tuple[str, str]]:
        """(key, description) of every key it would show with the room, in order."""
        return [(entry.key_display, entry.binding.description) for entry in self._entries()[1]]

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        try:
            active, ordered = self._entries()
        except NoMatches:  # a screen's `check_action` asked for a widget not mounted yet:
            return  # its bindings signal comes once they are, and lays the keys out
        help_entry = self._help_entry(active)
        width = self.size.width or self.app.size.width
        self._laid_out_width = width
        palette = PALETTE_WIDTH if self.show_command_palette else 0
        # the help key always shows, as "more" when keys were left out
        help_width = help_entry.width if help_entry is not None else 0
        shown, cut = fit(ordered, width - palette - help_width)
        for entry in shown:
            yield self._key(entry)
        if help_entry is not None:
            described = help_entry._replace(
                binding=Binding(
                    help_entry.binding.key,
                    help_entry.binding.action,
                    "more" if cut else help_entry.binding.description,
                )
            )
            yield self._key(described, classes="-more" if cut else "")
        yield from self._palette(active)

    def _key(self, entry: Entry, classes: str = "") -> FooterKey:
        binding = entry.binding
        return FooterKey(
            binding.key,
            entry.key_display,
            binding.description,
            binding.action,
            disabled=not entry.enabled,
            tooltip=entry.tooltip or binding.tooltip or binding.description,
            classes=classes,
        ).data_bind(compact=Footer.compact)

    def _palette(self, active: dict[str, ActiveBinding]) -> ComposeResult:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return
        found = active.get(self.app.COMMAND_PALETTE_BINDING)
        if found is None:
            return
        binding = found.binding
        yield FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            classes="-command-palette",
            disabled=not found.enabled,
            tooltip=binding.tooltip or binding.description,
        )

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._laid_out_width:
            self.call_after_refresh(self.recompose)
