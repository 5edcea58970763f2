"""The combat tracker's line-up: a row-cursor table whose Home and End move the cursor.

Textual's `DataTable` binds Home and End to scrolling, which leaves the cursor (and so
the row that `del`, damage and attacks act on) where it was: a GM who pressed End to
reach the last combatant and then `del` removed someone else.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class FightTable(DataTable[Any]):
    """The line-up, one row per combatant; Home/End select the first/last."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first_row", "First", show=False),
        Binding("end", "last_row", "Last", show=False),
    ]

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
