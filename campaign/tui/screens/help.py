"""Help: every key of the screen it was opened on, read from the live bindings.

Nothing here lists keys by hand: the rows come from the app's, the screen's
and each widget's bindings (after any keymap), so the help cannot go stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static

SECTION_NAMES: dict[str, str] = {
    "CampaignApp": "Everywhere",
    "GMScreen": "GM screen",
    "LauncherScreen": "Module list",
    "ErrorScreen": "Module problems",
    "ActTree": "Act and scene tree",
    "ScenePane": "Scene pane",
    "DiceTray": "Dice tray",
    "RollHistory": "Roll history (in the dice tray)",
    "ModuleTable": "Module list",
    "SessionTable": "Saved sessions",
    "ClockList": "Clocks",
    "JournalList": "Journal",
    "JournalPanel": "Journal",
    "NoteInput": "Journal note",
    "ReloadProblems": "Reload problems",
    "CombatScreen": "Combat tracker",
    "RosterScreen": "PC roster and NPC fates",
    "CastScreen": "Cast",
    "TablesScreen": "Tables",
    "HandoutsScreen": "Handouts",
    "SearchScreen": "Search",
    "StatBlockView": "Stat block",
    "RollChip": "Stat block rolls",
    "DetailScreen": "Details",
    "SessionProblemScreen": "Session problem",
}


def section_name(class_name: str) -> str:
    """A section's title: its name above, else the class name as words
    ('ReloadProblems' reads 'Reload problems')."""
    if class_name in SECTION_NAMES:
        return SECTION_NAMES[class_name]
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", class_name)
    if not words:
        return class_name
    return " ".join([words[0], *(w if w.isupper() else w.lower() for w in words[1:])])


@dataclass(frozen=True, slots=True)
class KeyRow:
    key: str
    description: str
    tooltip: str


def _rows(app: App[object], node: DOMNode) -> list[KeyRow]:
    """One row per action; keys bound to the same action (or group) share a row."""
    rows: dict[str, tuple[list[str], str, str]] = {}
    bindings = node._bindings.copy()
    if app._keymap:  # the keys the GM remapped, as the footer shows them
        bindings.apply_keymap(app._keymap)
    for _, binding in bindings:
        if binding.system and binding.action != "command_palette":
            continue
        if binding.group is not None:
            description = binding.group.description
            merge = f"group:{description}"
        else:
            description = binding.description or binding.action.replace("_", " ")
            merge = f"{binding.action}:{description}"
        keys, _, _ = rows.setdefault(merge, ([], description, binding.tooltip))
        key = app.get_key_display(binding)
        if key not in keys:
            keys.append(key)
    return [
        KeyRow(" ".join(keys), description, tooltip) for keys, description, tooltip in rows.values()
    ]


def key_sections(app: App[object], screen: Screen[object]) -> Iterator[tuple[str, list[KeyRow]]]:
    """(section title, rows) for the app, the screen and the widgets on it that have keys."""
    nodes: list[DOMNode] = [app, screen]
    names: set[str] = set()
    for widget in screen.walk_children(with_self=False):
        if isinstance(widget, Input) or not type(widget).__module__.startswith("campaign."):
            continue
        if getattr(widget, "HELP_ONLY_WHEN_SHOWN", False) and not widget.display:
            continue
        nodes.append(widget)
    for node in nodes:
        name = type(node).__name__
        if name in names:
            continue
        names.add(name)
        rows = _rows(app, node)
        if rows:
            yield section_name(name), rows


TYPING_RULE = (
    "While a text box has the focus (a note, a filter, the dice, a prompt), every key "
    "you can print is text, never one of the keys below: escape leaves the box, f1 "
    "still opens this help."
)
"""Said first, in a box of its own that wraps (the rows below are cut at the width
instead): the keys listed below do nothing while the GM types."""


MIN_TOOLTIP_WIDTH = 16
"""Narrower than this, a row's tooltip is cut with … rather than wrapped under itself."""


def help_lines(sections: list[tuple[str, list[KeyRow]]], width: int | None = None) -> list[Content]:
    """Every key, by section: the key, what it does, and its tooltip, which wraps under
    its own column (a hanging indent) within `width`, so no tail sits under the keys."""
    keys = max((len(row.key) for _, rows in sections for row in rows), default=8)
    words = min(18, max((len(row.description) for _, rows in sections for row in rows), default=8))
    indent = 2 + keys + 2 + words + 2
    room = (width - indent) if width else 0
    lines: list[Content] = []
    for title, rows in sections:
        if lines:
            lines.append(Content(""))
        lines.append(Content.from_markup("[b $accent]$title[/]", title=title))
        for row in rows:
            head = Content.from_markup(
                "  [b]$key[/]  $description  ",
                key=f"{row.key:>{keys}}",
                description=f"{row.description:<{words}}",
            )
            tooltip = Content.from_markup("[$text-muted]$tooltip[/]", tooltip=row.tooltip)
            if room < MIN_TOOLTIP_WIDTH or tooltip.cell_length <= room:
                lines.append(head + tooltip)
                continue
            pad = Content(" " * indent)
            for number, part in enumerate(tooltip.wrap(room)):
                lines.append((head if number == 0 else pad) + part.rstrip())
    return lines


class HelpBody(Static):
    """The rows of keys, laid out again for the width it is given."""

    def __init__(self, sections: list[tuple[str, list[KeyRow]]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections = sections

    def render(self) -> Content:
        return Content("\n").join(help_lines(self.sections, self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(help_lines(self.sections, width))


class HelpScreen(ModalScreen[None]):
    """Keys of the screen below, generated from its bindings."""

    CSS_PATH = "modal.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape to close · ctrl+p searches everything"
            yield Static(TYPING_RULE, id="help-rule", markup=False)
            yield HelpBody(list(key_sections(self.app, self.for_screen)), id="help-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
