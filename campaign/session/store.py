"""One SQLite file per session: the journal on disk.

WAL with synchronous=NORMAL: an event is durable once `append` returns, even
if the process is killed right after (WAL survives a process crash; only a
power loss can cost the last commits). Every write is one short
`BEGIN IMMEDIATE` transaction, so several processes can write one session:
the GM screen and `campaign roll --session` from a shell.

Dice in a session come from per-event random streams: the roll written as
event N uses `random.Random(f"{seed}:{N}")`, where the seed is fixed when the
session is created. Any roll can be replayed from its event, resuming needs no
saved generator state, and two processes never draw the same numbers.
"""

from __future__ import annotations

import os
import random
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from campaign import paths
from campaign.dice import Roll
from campaign.dice import compile as compile_dice
from campaign.errors import CampaignError
from campaign.session.events import (
    CLOCK,
    NOTE,
    REDO,
    ROLL,
    SCENE,
    SESSION_START,
    TABLE,
    UNDO,
    Event,
    decode,
)
from campaign.session.state import SessionState

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.tables import TableResult

APPLICATION_ID = 0x43414D50  # "CAMP": marks a file as a campaign session
SCHEMA_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE INDEX events_kind ON events (kind)""",
    ],
}
"""Schema version -> statements that bring a file from the version before to it."""


class SessionError(CampaignError):
    """A session file that cannot be used, or an action the journal refuses."""

    title = "Session error"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def session_path(name: str) -> Path:
    """`--session NAME`: a path if it has a '/' or ends in .sqlite, else a name in the data dir."""
    if "/" in name or name.endswith(".sqlite") or os.sep in name:
        return Path(name).expanduser()
    if not name.strip() or name.startswith("."):
        raise SessionError(f"'{name}' is not a session name; use letters, digits, '-' and '_'")
    return paths.user_sessions_dir() / f"{name}.sqlite"


def new_session_name(module_id: str, when: datetime | None = None) -> str:
    """A fresh name for an evening's session: module id and local date and time."""
    moment = when or datetime.now()
    base = f"{module_id}-{moment:%Y-%m-%d-%H%M}"
    name, suffix = base, 2
    while session_path(name).exists():
        name, suffix = f"{base}-{suffix}", suffix + 1
    return name


def _check_existing_file(path: Path) -> None:
    """Refuse a file that is not a campaign session, without writing to it."""
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise SessionError(
            f"{path}: not a campaign session (not an SQLite database); the file was not changed"
        )
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            application_id = probe.execute("PRAGMA application_id").fetchone()[0]
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        raise SessionError(
            f"{path}: the session file is damaged ({error}); the file was not changed"
        ) from None
    if application_id != APPLICATION_ID:
        raise SessionError(
            f"{path}: an SQLite database of another program, not a campaign session; "
            "the file was not changed"
        )
    if version > SCHEMA_VERSION:
        raise SessionError(
            f"{path}: written by a newer version of campaign (schema {version}, "
            f"this one knows {SCHEMA_VERSION}); the file was not changed"
        )


class Session:
    """An open session: append events, derive state, pick up other processes' events.

    Safe to call from several threads (one lock around one connection).
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, origin: str) -> None:
        self.path = path
        self.origin = origin
        self._connection = connection
        self._lock = threading.RLock()
        self.meta: dict[str, str] = dict(
            connection.execute("SELECT key, value FROM meta").fetchall()
        )
        self.state = SessionState()
        self.state.apply_all(self._read_after(0))

    # opening

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        module: Module | None = None,
        create: bool = True,
        origin: str = "campaign",
        seed: int | None = None,
    ) -> Session:
        """Open (or create) the session file at `path`."""
        path = Path(path)
        exists = path.exists()
        if exists:
            if path.is_dir():
                raise SessionError(f"{path}: is a folder, not a session file")
            _check_existing_file(path)
        elif not create:
            raise SessionError(f"{path}: no such session")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(
                path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=10000")
            _migrate(connection)
        except sqlite3.DatabaseError as error:
            raise SessionError(f"{path}: cannot open the session ({error})") from None
        session = cls(path, connection, f"{origin}:{socket.gethostname()}:{os.getpid()}")
        if "seed" not in session.meta:
            session._initialise(module, seed)
        return session

    def _initialise(self, module: Module | None, seed: int | None) -> None:
        chosen = seed if seed is not None else random.SystemRandom().randrange(2**32)
        values = {
            "seed": str(chosen),
            "created": now(),
            "module_id": module.id if module else "",
            "module_title": module.title if module else "",
            "module_path": str(module.root) if module else "",
        }
        with self._write() as connection:
            # Another process may have initialised it while we waited for the lock.
            existing = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            if "seed" not in existing:
                connection.executemany(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", values.items()
                )
                self._insert(
                    connection,
                    SESSION_START,
                    {
                        "module_id": values["module_id"],
                        "module_title": values["module_title"],
                    },
                )
        self.meta = dict(self._connection.execute("SELECT key, value FROM meta").fetchall())
        self.poll()

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about the session itself (e.g. which session it continues)."""
        with self._write() as connection:
            connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        self.meta[key] = value

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def seed(self) -> int:
        return int(self.meta["seed"])

    @property
    def module_id(self) -> str:
        return self.meta.get("module_id", "")

    # reading

    def _read_after(self, seq: int) -> list[Event]:
        rows = self._connection.execute(
            "SELECT seq, at, kind, data, origin FROM events WHERE seq > ? ORDER BY seq", (seq,)
        ).fetchall()
        return [Event(row[0], row[1], row[2], decode(row[3]), row[4]) for row in rows]

    def poll(self) -> list[Event]:
        """Events other processes appended since we last looked, applied to `state`."""
        with self._lock:
            fresh = self._read_after(self.state.last_seq)
            self.state.apply_all(fresh)
            return fresh

    def events(self) -> list[Event]:
        return list(self.state.events)

    # writing

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise SessionError(f"{self.path}: the session is busy ({error})") from None
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _insert(self, connection: sqlite3.Connection, kind: str, data: dict[str, Any]) -> Event:
        seq = connection.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events").fetchone()[0]
        event = Event(seq, now(), kind, data, self.origin)
        connection.execute(
            "INSERT INTO events (seq, at, kind, data, origin) VALUES (?, ?, ?, ?, ?)",
            event.to_row(),
        )
        return event

    def append(self, kind: str, data: dict[str, Any]) -> Event:
        """Write one event (after catching up with other writers) and apply it."""
        with self._write() as connection:
            self.state.apply_all(self._read_after(self.state.last_seq))
            event = self._insert(connection, kind, data)
        self.state.apply(event)
        return event

    def _append_with_rng(self, kind: str, build: Any) -> tuple[Event, Any]:
        """Write an event whose data needs dice: `build(rng) -> (data, result)`."""
        with self._write() as connection:
            self.state.apply_all(self._read_after(self.state.last_seq))
            seq = connection.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events").fetchone()[0]
            rng = random.Random(f"{self.seed}:{seq}")
            data, result = build(rng)
            data["rng"] = {"seed": self.seed, "stream": seq}
            event = self._insert(connection, kind, data)
        self.state.apply(event)
        return event, result

    def roll(self, expression: str, *, source: str = "") -> tuple[Event, Roll]:
        """Roll a dice expression into the journal."""
        compiled = compile_dice(expression)

        def build(rng: random.Random) -> tuple[dict[str, Any], Roll]:
            roll = compiled.roll(rng)
            data = roll.to_dict()
            data.pop("seed", None)  # the event's rng stream replays it instead
            data["rendered"] = roll.render()
            if source:
                data["source"] = source
            return data, roll

        event, roll = self._append_with_rng(ROLL, build)
        return event, roll

    def roll_table(self, module: Module, table_id: str) -> tuple[Event, TableResult]:
        """Roll on one of the module's tables into the journal."""
        from campaign.tables import TableRoller

        def build(rng: random.Random) -> tuple[dict[str, Any], TableResult]:
            result = TableRoller(module, rng).roll(table_id)
            return {
                "table": result.table_id,
                "title": result.title,
                "text": result.text,
                "result": result.to_dict(),
            }, result

        event, result = self._append_with_rng(TABLE, build)
        return event, result

    def note(self, text: str) -> Event:
        if not text.strip():
            raise SessionError("an empty note is not saved")
        return self.append(NOTE, {"text": text})

    def visit_scene(self, scene_id: str, title: str = "") -> Event:
        return self.append(SCENE, {"scene": scene_id, "title": title})

    def change_clock(
        self, clock_id: str, delta: int, *, name: str = "", segments: int, start: int = 0
    ) -> Event:
        return self.append(
            CLOCK,
            {"clock": clock_id, "name": name, "delta": delta, "segments": segments, "start": start},
        )

    def undo(self) -> Event | None:
        """Take back the latest event still in effect; None if there is nothing to undo."""
        with self._write() as connection:
            self.state.apply_all(self._read_after(self.state.last_seq))
            target = self.state.next_undo()
            if target is None:
                return None
            event = self._insert(
                connection, UNDO, {"target": target.seq, "summary": target.summary()}
            )
        self.state.apply(event)
        return event

    def redo(self) -> Event | None:
        """Restore the latest undone event; None if there is nothing to redo."""
        with self._write() as connection:
            self.state.apply_all(self._read_after(self.state.last_seq))
            target = self.state.next_redo()
            if target is None:
                return None
            event = self._insert(
                connection, REDO, {"target": target.seq, "summary": target.summary()}
            )
        self.state.apply(event)
        return event


def _migrate(connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target]:
                connection.execute(statement)
        connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def session_summary(path: Path) -> dict[str, Any]:
    """Module, start, last played and event count of a session file, read-only."""
    _check_existing_file(path)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        count, last = connection.execute("SELECT count(*), MAX(at) FROM events").fetchone()
    except sqlite3.DatabaseError as error:
        raise SessionError(f"{path}: cannot read the session ({error})") from None
    finally:
        connection.close()
    return {
        "name": path.stem,
        "path": str(path),
        "module": meta.get("module_id", ""),
        "module_title": meta.get("module_title", ""),
        "started": meta.get("created", ""),
        "last_played": last or meta.get("created", ""),
        "events": count,
    }


def list_sessions(directory: Path | None = None) -> list[dict[str, Any]]:
    """Every session in the sessions folder, most recently played first."""
    folder = directory or paths.user_sessions_dir()
    if not folder.is_dir():
        return []
    rows = []
    for path in sorted(folder.glob("*.sqlite")):
        try:
            rows.append(session_summary(path))
        except SessionError as error:
            rows.append({"name": path.stem, "path": str(path), "error": str(error)})
    rows.sort(key=lambda row: row.get("last_played", ""), reverse=True)
    return rows
