"""App-wide messages: what screens and widgets tell the app (messages up).

Widget-specific messages live on their widgets as nested classes; these are
the ones more than one screen posts or handles.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:  # the model loads in the load worker, not at startup
    from campaign.model import Module


class OpenModule(Message):
    """Load the module in a folder and show it (from the launcher or a retry)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ModuleLoaded(Message):
    """A module loaded cleanly in the load worker."""

    def __init__(self, path: Path, module: Module) -> None:
        super().__init__()
        self.path = path
        self.module = module


class ModuleFailed(Message):
    """A module could not be loaded; `problems` are (where 'path:line:col', what) pairs."""

    def __init__(
        self, path: Path, problems: list[tuple[str, str]], title: str = "Module has problems"
    ) -> None:
        super().__init__()
        self.path = path
        self.problems = problems
        self.title = title


class ShowLauncher(Message):
    """Go back to the list of modules."""


class GoTo(Message):
    """Show a scene or an act on the GM screen (from an exit, the palette, the tree)."""

    def __init__(self, kind: str, identifier: str) -> None:
        super().__init__()
        self.kind = kind
        """'scene' or 'act'."""
        self.identifier = identifier


class ShowDetail(Message):
    """Open the detail view of an NPC, a table or a handout."""

    def __init__(self, kind: str, identifier: str) -> None:
        super().__init__()
        self.kind = kind
        """'npc', 'pc', 'table' or 'handout'."""
        self.identifier = identifier


class RollRequest(Message):
    """Roll an expression into the dice tray (from the palette or a stat block)."""

    def __init__(self, expression: str, source: str = "") -> None:
        super().__init__()
        self.expression = expression
        self.source = source
        """Who or what rolls ('Koskov: Service pistol'), shown in the tray and the journal."""


class TableRollRequest(Message):
    """Roll on one of the module's random tables (from a scene, the table browser, the palette)."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id


class GiveHandout(Message):
    """Give a handout to the players (from the handouts browser), as the GM screen's `g`."""

    def __init__(self, handout_id: str) -> None:
        super().__init__()
        self.handout_id = handout_id


class JournalChanged(Message):
    """The session's journal changed (this process or another wrote events): refresh views.

    Posted by the app to the active screen; `events` are the new ones, in order.
    """

    def __init__(self, events: list[Any]) -> None:
        super().__init__()
        self.events = events
