"""The app's session: which one to open, opening it, polling it, telling screens.

`campaign play MODULE` starts a new session named after the module and the
time; `--session NAME` opens (or creates) that one; the launcher resumes one.
`--seed` without `--session` is a rehearsal: nothing is recorded and the dice
come from the app's own seeded `random.Random`.

The app holds one `SessionLink`. The session itself is safe to call from any
thread and its appends are sub-millisecond, so screens call it directly; a
timer polls it for other processes' events (e.g. `campaign roll --session`).
Every change, local or polled, reaches the active screen (and the GM screen
under it) as `JournalChanged`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

from campaign.tui.messages import JournalChanged
from campaign.tui.protocols import gm_screen

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from campaign.errors import CampaignError
    from campaign.model import Module
    from campaign.session import Event, Session

POLL_SECONDS = 0.5
"""How often other processes' events are picked up."""


class ResumeSession(Message):
    """Open a saved session's module and carry on with it (from the launcher)."""

    def __init__(self, path: Path, module_path: str = "", module_id: str = "") -> None:
        super().__init__()
        self.path = path
        self.module_path = module_path
        self.module_id = module_id


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One saved session as the launcher lists it."""

    path: Path
    name: str
    module: str
    """The module's title (or id) as recorded in the session."""
    module_id: str
    module_path: str
    last_played: str
    events: int
    error: str = ""


def survey_sessions() -> list[SessionRow]:
    """Saved sessions, most recently played first (reads files: call it from a thread)."""
    from campaign.handouts.recap import local_time
    from campaign.session import list_sessions

    rows: list[SessionRow] = []
    for row in list_sessions():
        path = Path(str(row["path"]))
        if "error" in row:
            rows.append(SessionRow(path, str(row["name"]), "", "", "", "", 0, str(row["error"])))
            continue
        played = str(row.get("last_played", ""))
        rows.append(
            SessionRow(
                path,
                str(row["name"]),
                str(row.get("module_title") or row.get("module") or ""),
                str(row.get("module", "")),
                # The listing read it already, without leaving -wal/-shm files behind.
                str(row.get("module_path", "")),
                f"{played[:10]} {local_time(played)}" if played else "",
                int(row.get("events", 0)),
            )
        )
    return rows


def module_of_session(module_path: str, module_id: str) -> Path:
    """The module folder a session was played with (`campaign.loader.module_of_session`).

    The loader (and pydantic with it) is imported here, not at start-up: the GM
    screen's first frame needs neither.
    """
    from campaign.loader.discovery import module_of_session as find

    return find(module_path, module_id)


def time_of(at: str) -> str:
    """'2026-11-24T20:15:03.120+00:00' -> '20:15:03' in local time."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(at).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return at[11:19]


class SessionLink:
    """The app's open session, if any: opening, polling, closing, announcing changes."""

    def __init__(self, name: str | None, *, seed: int | None = None) -> None:
        self.requested: Path | None = None
        """The session file asked for (--session or the launcher), not yet opened."""
        self.rehearsal = name is None and seed is not None
        """--seed without --session: nothing is recorded."""
        self.seed = seed
        self.session: Session | None = None
        self.error = ""
        """Why the last session could not be opened ('' if it could)."""
        self.failed: tuple[Path, CampaignError] | None = None
        """The session file that would not open, and why: the GM chooses what next."""
        self._timer: Timer | None = None
        self._app: App[Any] | None = None
        if name is not None:
            # Not `campaign.session.session_path`: that imports the session and the model,
            # and this runs before the first frame is painted.
            from campaign.session_point import NOT_A_NAME, session_file

            self.requested = session_file(name)
            if self.requested is None:
                self.error = NOT_A_NAME.format(name=name)

    def request(self, path: Path) -> None:
        """Resume this session file next time a module opens."""
        self.requested = path
        self.rehearsal = False
        self.error = ""

    def prepare(self, module: Module) -> None:
        """Open the session for a freshly loaded module (runs in the load worker).

        Keeps the open session if it is for the same module and none was asked for;
        otherwise closes it and opens the one asked for, or a new one.
        """
        from campaign.errors import CampaignError
        from campaign.session import Session, new_session_name, session_path

        current = self.session
        if current is not None and self.requested is None and current.module_id == module.id:
            return
        if self.rehearsal:
            return
        if self.error and self.requested is None:
            return  # a bad --session name: say so rather than record elsewhere
        path = self.requested or session_path(new_session_name(module.id))
        self.requested = None
        try:
            opened = Session.open(
                path,
                module=module,
                origin="gm-screen",
                seed=self.seed,
            )
        except CampaignError as error:
            self.error = str(error)
            self.failed = (path, error)
            self.close()  # never record into an earlier session by mistake
            return
        self.error = ""
        self.failed = None
        self.close()
        self.session = opened
        if opened.module_id and opened.module_id != module.id:
            self.error = (
                f"session '{opened.name}' was played with module '{opened.module_id}', "
                f"not '{module.id}'"
            )

    def rehearse(self) -> None:
        """The GM chose to go on with nothing recorded."""
        self.failed = None
        self.error = ""
        self.rehearsal = True

    def open_read_only(self, path: Path) -> None:
        """Open a session the GM cannot write: its journal shows, nothing is recorded."""
        from campaign.session import Session

        opened = Session.open(path, create=False, origin="gm-screen", read_only=True)
        self.close()
        self.session = opened
        self.failed = None
        self.error = ""

    @property
    def recording(self) -> bool:
        """Whether what happens at the table is written down."""
        return self.session is not None and not self.session.read_only

    def attach(self, app: App[Any]) -> None:
        """Start polling (on the UI thread, once the module is shown)."""
        self._app = app
        if self._timer is None:
            self._timer = app.set_interval(POLL_SECONDS, self.poll, name="session-poll")

    def poll(self) -> list[Event]:
        """Pick up other processes' events and announce them."""
        session = self.session
        if session is None:
            return []
        import sqlite3

        from campaign.errors import CampaignError

        try:
            fresh = session.poll()
        except (CampaignError, OSError, sqlite3.Error) as error:  # disk trouble, or closed
            if self._app is not None:
                self._app.notify(str(error), title="Session", severity="error", markup=False)
            return []
        if fresh:
            self.changed(fresh)
        return fresh

    def changed(self, events: list[Event]) -> None:
        """Tell the active screen (and the GM screen under it) that the journal grew."""
        app = self._app
        if app is None or not events:
            return
        active: object = app.screen  # compared with the GM screen, seen as a GMView
        app.screen.post_message(JournalChanged(list(events)))
        gm = gm_screen(app)
        if gm is not None and gm is not active:
            gm.post_message(JournalChanged(list(events)))

    def close(self) -> None:
        """Close the session (the poll timer keeps running and finds none)."""
        session, self.session = self.session, None
        if session is not None:
            session.close()

    def stop(self) -> None:
        """Stop polling and close the session (the app is quitting)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.close()
