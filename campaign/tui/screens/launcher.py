"""The module list: every module found, with its counts; broken ones marked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from campaign.tui.messages import OpenModule
from campaign.tui.protocols import gm_screen
from campaign.tui.session_link import ResumeSession, SessionRow, survey_sessions
from campaign.tui.widgets.keys_footer import KeysFooter


@dataclass(frozen=True, slots=True)
class ModuleRow:
    """One module folder as the list shows it."""

    path: Path
    id: str
    title: str
    counts: dict[str, int]
    problems: int = 0


def survey_modules() -> list[ModuleRow]:
    """Load every discovered module (slow: call it from a thread)."""
    from campaign.errors import CampaignError
    from campaign.loader import ModuleError, discover_modules, load_module

    rows: list[ModuleRow] = []
    for folder in discover_modules():
        try:
            module = load_module(folder)
        except ModuleError as error:
            rows.append(ModuleRow(folder, folder.name, "", {}, len(error.problems)))
        except CampaignError:
            rows.append(ModuleRow(folder, folder.name, "", {}, 1))
        else:
            rows.append(ModuleRow(folder, module.id, module.title, module.counts()))
    return rows


COLUMNS = ("acts", "scenes", "npcs", "tables", "handouts")

FOOTER_FIRST = ("launcher.open", "launcher.back", "launcher.refresh")
"""The footer's keys, most used first."""


class ModuleTable(DataTable[Text]):
    """The modules; Enter opens the highlighted one."""

    # the table's own enter (hidden) would hide the screen's from the footer
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", tooltip="Open the highlighted module"),
    ]


class SessionTable(DataTable[Text]):
    """Saved sessions, most recent first; Enter resumes the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Resume", tooltip="Resume the highlighted session"),
    ]


class LauncherScreen(Screen[None]):
    """Pick a module to run."""

    CSS_PATH = "screens.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="launcher.open", tooltip="Open the highlighted module"),
        Binding("r", "refresh", "Refresh", id="launcher.refresh", tooltip="Look for modules again"),
        Binding(
            "escape",
            "back",
            "Back",
            id="launcher.back",
            tooltip="Back to the module being played, as it was",
        ),
    ]

    class Surveyed(Message):
        def __init__(self, rows: list[ModuleRow]) -> None:
            super().__init__()
            self.rows = rows

    class SessionsSurveyed(Message):
        def __init__(self, rows: list[SessionRow]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ModuleRow] = []
        self.sessions: list[SessionRow] = []
        self.sub_title = "choose a module"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content.from_markup(
                "[b]Modules[/]  [$text-muted]Enter opens one · "
                "create one with `campaign new NAME`[/]"
            ),
            id="launcher-heading",
        )
        table = ModuleTable(id="modules", cursor_type="row", zebra_stripes=True)
        table.add_columns("id", "title", *COLUMNS, "status")
        yield table
        yield Static(
            Content.from_markup(
                "[b]Sessions[/]  [$text-muted]Enter resumes one where it was left[/]"
            ),
            id="sessions-heading",
        )
        sessions = SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
        sessions.add_columns("session", "module", "last played", "events")
        yield sessions
        # the project's footer, as on every screen: fits the width, '? more' for the rest
        yield KeysFooter(first=FOOTER_FIRST)

    def on_mount(self) -> None:
        self.action_refresh()

    def _over_a_module(self) -> bool:
        """Opened with `o` over the GM screen (not as the app's first screen)."""
        return self.is_current and gm_screen(self.app) is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self._over_a_module()
        return True

    def action_back(self) -> None:
        if self._over_a_module():
            self.dismiss(None)

    def action_refresh(self) -> None:
        table = self.query_one(ModuleTable)
        table.loading = True
        self._survey()

    @work(thread=True, exclusive=True, exit_on_error=False, group="survey")
    def _survey(self) -> None:
        self.post_message(self.Surveyed(survey_modules()))
        self.post_message(self.SessionsSurveyed(survey_sessions()))

    @on(Surveyed)
    def _surveyed(self, event: Surveyed) -> None:
        self.rows = event.rows
        table = self.query_one(ModuleTable)
        table.clear()
        for row in event.rows:
            if row.problems:
                status = Text(f"✗ {row.problems} problem{'s' if row.problems != 1 else ''}")
                status.stylize("bold")
            else:
                status = Text("✓ ok")
            table.add_row(
                Text(row.id),
                Text(row.title),
                *(Text(str(row.counts.get(key, "–")), justify="right") for key in COLUMNS),
                status,
                key=str(row.path),
            )
        table.loading = False
        if not event.rows:
            self.notify(
                "No modules found. Create one with `campaign new NAME`.", severity="warning"
            )
        table.focus()

    @on(SessionsSurveyed)
    def _sessions_surveyed(self, event: SessionsSurveyed) -> None:
        self.sessions = event.rows
        table = self.query_one(SessionTable)
        table.clear()
        for row in event.rows:
            table.add_row(
                Text(row.name),
                Text(row.module or row.error, style="" if row.module else "italic"),
                Text(row.last_played),
                Text(str(row.events), justify="right"),
                key=row.name,
            )
        shown = bool(event.rows)
        table.display = shown
        self.query_one("#sessions-heading").display = shown

    @on(DataTable.RowSelected, "#sessions")
    def _session_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = next((row for row in self.sessions if row.name == event.row_key.value), None)
        if row is None:
            return
        if row.error:
            self.notify(row.error, title="Cannot resume", severity="error", markup=False)
            return
        self.post_message(ResumeSession(row.path, row.module_path, row.module_id))

    @on(DataTable.RowSelected, "#modules")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenModule(Path(event.row_key.value)))

    def action_open(self) -> None:
        table = self.query_one(ModuleTable)
        if not self.rows or table.cursor_row < 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if key.value is not None:
            self.post_message(OpenModule(Path(key.value)))
