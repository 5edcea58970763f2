"""The clocks pane: the module's progress clocks as segments, ticked from the keyboard.

Clocks of the current scene and act come first, then the rest of the module's;
clocks the session knows but the module no longer has are listed last, as such.
The pane only shows and asks (`Tick`); the GM screen writes to the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.session import Session


FILLED = "▰"
EMPTY = "▱"
"""A clock's segments: filled and empty."""


@dataclass(frozen=True, slots=True)
class ClockRow:
    """A clock as the pane shows it."""

    clock_id: str
    name: str
    filled: int
    segments: int
    when_full: str = ""
    in_module: bool = True

    @property
    def full(self) -> bool:
        return self.filled >= self.segments

    def line(self) -> Text:
        """'The storm' over '3/4 ▰▰▰▱', with what happens once it is full.

        The count comes first: segments drawn wider than one cell (some terminals
        draw such symbols wide) then spill into empty space, never over the count.
        The symbols are ones Unicode gives a fixed narrow width.
        """
        text = Text(self.name, style="bold" if self.full else "")
        if not self.in_module:
            text.append(" (no longer in the module)", style="dim italic")
        text.append(f"\n  {self.filled}/{self.segments} ")
        text.append(FILLED * self.filled, style="bold red" if self.full else "bold yellow")
        text.append(EMPTY * max(0, self.segments - self.filled), style="dim")
        if self.full:
            text.append("  FULL", style="bold red")
            if self.when_full:
                text.append(f"\n  → {self.when_full.strip()}", style="italic")
        return text


def clock_rows(
    module: Module, session: Session | None, scene_id: str | None
) -> list[tuple[str, list[ClockRow]]]:
    """Sections of clocks: the current scene's and act's, the module's others, gone ones."""
    values = session.state.clocks if session is not None else {}

    def row(clock_id: str) -> ClockRow:
        clock = module.clocks[clock_id]
        value = values.get(clock_id)
        filled = value.filled if value is not None else min(clock.start, clock.segments)
        return ClockRow(clock_id, clock.name, filled, clock.segments, clock.when_full)

    here: list[str] = []
    if scene_id is not None:
        scene = module.scenes.get(scene_id)
        act = module.act_of_scene(scene_id) if scene is not None else None
        for clock_id in (*(scene.clocks if scene else ()), *(act.clocks if act else ())):
            if clock_id in module.clocks and clock_id not in here:
                here.append(clock_id)
    others = [clock_id for clock_id in module.clocks if clock_id not in here]
    gone = [
        ClockRow(value.clock_id, value.name, value.filled, value.segments, in_module=False)
        for clock_id, value in values.items()
        if clock_id not in module.clocks
    ]
    sections: list[tuple[str, list[ClockRow]]] = []
    if here:
        sections.append(("This act", [row(clock_id) for clock_id in here]))
    if others:
        sections.append(("Module" if here else "Clocks", [row(clock_id) for clock_id in others]))
    if gone:
        sections.append(("No longer in the module", gone))
    return sections


class ClockList(OptionList):
    """The clocks; +/space ticks the highlighted one, -/backspace winds it back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "plus,space,right",
            "tick(1)",
            "Tick",
            id="clocks.tick",
            tooltip="Fill one more segment of the highlighted clock",
        ),
        Binding(
            "minus,backspace,left",
            "tick(-1)",
            "Untick",
            id="clocks.untick",
            tooltip="Empty one segment of the highlighted clock",
        ),
    ]

    class Tick(Message):
        """The GM ticked (or unticked) a clock."""

        def __init__(self, clock_id: str, delta: int) -> None:
            super().__init__()
            self.clock_id = clock_id
            self.delta = delta

    def action_tick(self, delta: int) -> None:
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id is not None and not option.disabled:
            self.post_message(self.Tick(option.id, delta))


class ClocksPanel(Vertical):
    """The clocks list in a bordered panel."""

    DEFAULT_CSS = """
    ClocksPanel {
        height: 100%;
        width: 44;
        max-width: 45%;
        border: round $panel-lighten-2;
        border-title-color: $accent;
        border-title-style: bold;
        background: $surface;
    }
    ClocksPanel:focus-within {
        border: round $accent;
    }
    ClocksPanel ClockList, ClocksPanel ClockList:focus {
        height: 1fr;
        border: none;
        background: $surface;
        /* One line per line, cut with …: beside the journal the panel is 36 cells at
           80 columns, and a wrapped name or 'when full' pushes the other clocks out
           of sight. The whole 'when full' shows in the notice when the clock fills
           and under the scene's clocks in the scene pane. */
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ClocksPanel #clocks-empty {
        color: $text-muted;
        padding: 0 1;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Clocks"
        self.rows: dict[str, ClockRow] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="clocks-empty", markup=False)
        yield ClockList(id="clock-list")

    def show(self, module: Module, session: Session | None, scene_id: str | None) -> None:
        """List the clocks, keeping the highlighted one highlighted."""
        listing = self.query_one(ClockList)
        empty = self.query_one("#clocks-empty", Static)
        keep: str | None = None
        if listing.highlighted is not None and listing.option_count:
            keep = listing.get_option_at_index(listing.highlighted).id
        sections = clock_rows(module, session, scene_id)
        self.rows = {row.clock_id: row for _, rows in sections for row in rows}
        options: list[Option] = []
        for title, rows in sections:
            options.append(Option(Text(title, style="bold underline"), disabled=True))
            options.extend(Option(row.line(), id=row.clock_id) for row in rows)
        listing.clear_options()
        listing.add_options(options)
        if not self.rows:
            empty.update("This module has no clocks.")
        elif session is None:
            empty.update("No session: ticking needs one.")
        empty.display = not self.rows or session is None
        if keep is not None and keep in self.rows:
            listing.highlighted = listing.get_option_index(keep)
        elif self.rows:
            listing.highlighted = listing.get_option_index(next(iter(self.rows)))
