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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from campaign.dice import Roll
from campaign.dice import compile as compile_dice
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
    cycle_collection_paused,
    parse,
)
from campaign.session.integrity import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    UNCHANGED,
    SessionDamaged,
    SessionReadOnly,
    connect_following,
    connect_read_only,
    read_only_message,
    translated,
    verify_existing,
    writable,
)
from campaign.session.integrity import (
    SessionError as SessionError,
)
from campaign.session.state import SessionState
from campaign.session_point import NOT_A_NAME, session_file

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.tables import TableResult

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


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def session_path(name: str) -> Path:
    """`--session NAME`: a path if it has a '/' or ends in .sqlite, else a name in the data dir."""
    path = session_file(name)
    if path is None:
        raise SessionError(NOT_A_NAME.format(name=name))
    return path


def new_session_name(module_id: str, when: datetime | None = None) -> str:
    """A fresh name for an evening's session: module id and local date and time."""
    moment = when or datetime.now()
    base = f"{module_id}-{moment:%Y-%m-%d-%H%M}"
    name, suffix = base, 2
    while session_path(name).exists():
        name, suffix = f"{base}-{suffix}", suffix + 1
    return name


class Session:
    """An open session: append events, derive state, pick up other processes' events.

    Safe to call from several threads (one lock around one connection).
    """

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        origin: str,
        *,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.origin = origin
        self.read_only = read_only
        """Opened for reading only: every write raises `SessionReadOnly`."""
        self._connection = connection
        self._lock = threading.RLock()
        self.state = SessionState()
        with translated(path):
            self.meta: dict[str, str] = dict(
                connection.execute("SELECT key, value FROM meta").fetchall()
            )
            self._check_meta()
            with cycle_collection_paused():
                self._apply(self._read_after(0))

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
        read_only: bool = False,
        follow: bool = False,
    ) -> Session:
        """Open (or create) the session file at `path`.

        An existing file is checked before anything writes to it; a file or
        folder the user cannot write raises `SessionReadOnly` unless `read_only`.
        `follow` opens it read-only to follow another process's writes (`poll`).
        """
        path = Path(path)
        origin = f"{origin}:{socket.gethostname()}:{os.getpid()}"
        if path.exists() or path.is_symlink():
            verify_existing(path)
            if read_only or follow:
                return cls._open_read_only(path, origin, follow=follow)
            if not writable(path):
                raise SessionReadOnly(read_only_message(path))
        elif not create or read_only or follow:
            raise SessionError(f"{path}: no such session")
        else:
            cls._make_folder(path)
        with translated(path):
            connection = sqlite3.connect(
                path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=10000")
            _migrate(connection)
        try:
            # Reading every event first: a damaged row is refused before anything
            # (even the switch to WAL) writes to the file.
            session = cls(path, connection, origin)
            with translated(path):
                connection.execute("PRAGMA journal_mode=WAL")
        except BaseException:
            connection.close()
            raise
        if "seed" not in session.meta:
            session._initialise(module, seed)
        return session

    @classmethod
    def _open_read_only(cls, path: Path, origin: str, *, follow: bool = False) -> Session:
        with translated(path):
            connection = connect_following(path) if follow else connect_read_only(path)
        try:
            return cls(path, connection, origin, read_only=True)
        except BaseException:
            connection.close()
            raise

    @staticmethod
    def _make_folder(path: Path) -> None:
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise SessionError(f"{folder}: a file stands where the sessions folder goes") from None
        except OSError as error:
            raise SessionError(f"{folder}: cannot make the folder ({error.strerror})") from None
        if not writable(path):
            raise SessionReadOnly(read_only_message(path))

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
        with translated(self.path):
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
        with translated(self.path):
            rows = self._connection.execute(
                "SELECT seq, at, kind, data, origin FROM events WHERE seq > ? ORDER BY seq", (seq,)
            ).fetchall()
        events = []
        for row in rows:
            try:
                data = parse(row[3])
            except RecursionError:
                raise self._damaged_event(row[0], row[2], "nested too deep") from None
            except (ValueError, TypeError) as error:
                raise self._damaged_event(row[0], row[2], f"not JSON: {error}") from None
            if not isinstance(data, dict):
                raise self._damaged_event(row[0], row[2], "not a JSON object")
            events.append(Event(int(row[0]), str(row[1]), str(row[2]), data, str(row[4])))
        return events

    def _check_meta(self) -> None:
        """The seed every roll replays from must be a number, or no roll can be made."""
        seed = self.meta.get("seed")
        if seed is None and self._has_events():
            # Made with its seed; without it a roll would write a new one into the file.
            raise SessionDamaged(f"{self.path}: the session's dice seed is missing; {UNCHANGED}")
        if seed is not None and not seed.strip().lstrip("-").isdigit():
            raise SessionDamaged(
                f"{self.path}: the session's dice seed is damaged ({seed[:20]!r}); {UNCHANGED}"
            )

    def _has_events(self) -> bool:
        return self._connection.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None

    def _damaged_event(self, seq: object, kind: object, reason: str) -> SessionDamaged:
        return SessionDamaged(
            f"{self.path}: event {seq} ({kind}) is damaged ({reason}); {UNCHANGED}"
        )

    def _apply(self, events: list[Event]) -> None:
        """Fold events into `state`; an event whose data cannot be folded is damage."""
        for event in events:
            try:
                self.state.apply(event)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
                reason = str(error).splitlines()[0] if str(error) else type(error).__name__
                raise self._damaged_event(event.seq, event.kind, reason) from None

    def poll(self) -> list[Event]:
        """Events other processes appended since we last looked, applied to `state`."""
        with self._lock:
            fresh = self._read_after(self.state.last_seq)
            self._apply(fresh)
            return fresh

    def events(self) -> list[Event]:
        return list(self.state.events)

    # writing

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise SessionReadOnly(read_only_message(self.path))
        with self._lock, translated(self.path):
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
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
            self._apply(self._read_after(self.state.last_seq))
            event = self._insert(connection, kind, data)
        self.state.apply(event)
        return event

    def _append_with_rng(self, kind: str, build: Any) -> tuple[Event, Any]:
        """Write an event whose data needs dice: `build(rng) -> (data, result)`."""
        with self._write() as connection:
            self._apply(self._read_after(self.state.last_seq))
            seq = connection.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events").fetchone()[0]
            rng = random.Random(f"{self.seed}:{seq}")
            data, result = build(rng)
            data["rng"] = {"seed": self.seed, "stream": seq}
            event = self._insert(connection, kind, data)
        self.state.apply(event)
        return event, result

    def roll(
        self,
        expression: str,
        *,
        source: str = "",
        target: int | None = None,
        read: Callable[[int], tuple[str, bool]] | None = None,
    ) -> tuple[Event, Roll]:
        """Roll a dice expression into the journal; `target` is the 'vs N' it must reach,
        kept so a resumed tray and the recap still say whether it did. `read` turns the
        total into the module's own words for it and whether it succeeds ('success at a
        cost', True), kept with it so every later reader says the same."""
        compiled = compile_dice(expression)

        def build(rng: random.Random) -> tuple[dict[str, Any], Roll]:
            roll = compiled.roll(rng)
            data = roll.to_dict()
            data.pop("seed", None)  # the event's rng stream replays it instead
            data["rendered"] = roll.render()
            if source:
                data["source"] = source
            if target is not None:
                data["target"] = target
                if read is not None:
                    data["reading"], data["reached"] = read(roll.total)
            return data, roll

        event, roll = self._append_with_rng(ROLL, build)
        return event, roll

    def roll_table(self, module: Module, table_id: str) -> tuple[Event, TableResult]:
        """Roll on one of the module's tables into the journal (in the act of the
        current scene: results the table limits to other acts are rolled again)."""
        from campaign.tables import TableRoller

        act = module.act_of_scene(self.state.scene) if self.state.scene else None
        number = act.number if act is not None else None

        def build(rng: random.Random) -> tuple[dict[str, Any], TableResult]:
            result = TableRoller(module, rng, act=number).roll(table_id)
            data = {
                "table": result.table_id,
                "title": result.title,
                "text": result.text,
                "result": result.to_dict(),
            }
            return (data | {"act": number}) if number is not None else data, result

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
            self._apply(self._read_after(self.state.last_seq))
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
            self._apply(self._read_after(self.state.last_seq))
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
