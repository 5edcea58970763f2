"""Is this file ours, intact and writable? Answered without ever writing to it.

A session file is opened read-write only after it is known to be a campaign
session (SQLite header, application id), of a schema this version knows, and
intact (`PRAGMA quick_check`). Every answer is a `SessionError` with one line a
GM can act on; a file the user cannot write is `SessionReadOnly` (never called
damaged), so the GM screen can still open it for reading and rehearsal.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from campaign.errors import CampaignError

APPLICATION_ID = 0x43414D50  # "CAMP": marks a file as a campaign session
SCHEMA_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
UNCHANGED = "the file was not changed"


class SessionError(CampaignError):
    """A session file that cannot be used, or an action the journal refuses."""

    title = "Session error"


class SessionDamaged(SessionError):
    """The file is not a campaign session, or is one whose pages or events are broken."""

    title = "Session file damaged"


class SessionReadOnly(SessionError):
    """The file or its folder cannot be written: reading and rehearsal still work."""

    title = "Session is read-only"


def read_only_message(path: Path) -> str:
    return (
        f"{path}: read-only (the file or its folder cannot be written); "
        f"it can be read and rehearsed, not played into; {UNCHANGED}"
    )


def writable(path: Path) -> bool:
    """Whether SQLite can write the file and its journal files beside it."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
JOURNAL_MAGIC = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _starts_with(path: Path, prefixes: tuple[bytes, ...]) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(max(len(prefix) for prefix in prefixes))
    except OSError:
        return False
    return head.startswith(prefixes)


def _uri(path: Path, query: str) -> sqlite3.Connection:
    uri = path.resolve().as_uri()
    return sqlite3.connect(f"{uri}?{query}", uri=True, check_same_thread=False)


def connect_following(path: Path) -> sqlite3.Connection:
    """A read-only connection that sees what a writer adds later (a players' screen).

    Unlike `connect_read_only` it always uses mode=ro, so SQLite may make the
    -wal and -shm files beside the session, as any reader of a live session
    does (the GM screen's writer removes them when it closes).
    """
    connection = _uri(path, "mode=ro")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write the file and leaves nothing beside it.

    SQLite opening a WAL database with mode=ro makes the -wal and -shm files
    beside it and leaves them there (only a writer removes them), so a check or
    a listing would change the folder. Which way reads the session exactly
    without making anything depends on what is already there:

    - -wal and -shm both there (a writer at work, or one that stopped): mode=ro
      uses them, makes nothing, and sees what the writer adds later;
    - no -wal with a WAL header and no writer's pair: every committed change is
      in the main file, so `immutable=1` reads it alone and makes nothing (a
      garbage -wal is one SQLite itself would ignore);
    - a real -wal without its -shm (a writer that stopped before merging it):
      mode=ro would make the -shm, so a private copy of the pair is read instead.

    Where mode=ro cannot open a WAL file (its -shm cannot be made in a read-only
    folder), `immutable=1` reads the main file alone: nobody can be writing it
    then, since nobody can write the folder.
    """
    wal, shm = _side(path, "-wal"), _side(path, "-shm")
    if not (wal.exists() and shm.exists()):
        if wal.is_file() and _starts_with(wal, WAL_MAGIC):
            return _read_private_copy(path, wal)
        return _uri(path, "immutable=1")
    connection = _uri(path, "mode=ro")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        connection.close()
        if writable(path):
            raise
        connection = _uri(path, "immutable=1")
    return connection


def _read_private_copy(path: Path, wal: Path) -> sqlite3.Connection:
    """The session and its unmerged -wal, read from a copy in a private folder.

    SQLite merges the copied -wal as it reads; the copy is loaded into memory and
    its folder removed before this returns, so nothing is left anywhere.
    """
    with tempfile.TemporaryDirectory(prefix="campaign-session-") as folder:
        copy = Path(folder) / "session.sqlite"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, _side(copy, "-wal"))
        source = _uri(copy, "mode=ro")
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            source.backup(memory)
        except BaseException:
            memory.close()
            raise
        finally:
            source.close()
    return memory


def _check_journal(path: Path) -> None:
    """A rollback journal beside the file: SQLite would replay it before any read.

    campaign writes its sessions in WAL mode, so a -journal is either a write that
    never finished (its header is a journal's) or a stray file; a read-only open
    stops on both ("attempt to write a readonly database"), so it is named here.
    A journal SQLite would not replay (empty, or starting with a zero byte) is
    left alone, as SQLite leaves it.
    """
    journal = _side(path, "-journal")
    if not journal.is_file():
        return
    try:
        with journal.open("rb") as handle:
            head = handle.read(len(JOURNAL_MAGIC))
    except OSError:
        return
    if not head or head[0] == 0:
        return
    if head == JOURNAL_MAGIC:
        raise SessionDamaged(
            f"{path}: {journal.name} beside it holds a write that never finished "
            "(the program writing the session stopped); SQLite must replay it into "
            "the session before anything reads it, and a check never writes: back up "
            f"both files, then `sqlite3 {path} 'PRAGMA quick_check'` replays it; {UNCHANGED}"
        )
    raise SessionDamaged(
        f"{path}: a leftover {journal.name} beside it is not a rollback journal "
        "(its header is garbage, nothing of the session is in it), but SQLite stops "
        f"on it before reading the session: move {journal.name} out of the folder "
        f"and the session opens as it was; {UNCHANGED}"
    )


def _check_header(path: Path) -> None:
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not header:
        raise SessionDamaged(f"{path}: an empty file, not a campaign session; {UNCHANGED}")
    if header != SQLITE_HEADER:
        raise SessionDamaged(
            f"{path}: not a campaign session (not an SQLite database); {UNCHANGED}"
        )


def _check_database(path: Path, connection: sqlite3.Connection) -> None:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise SessionDamaged(
            f"{path}: an SQLite database of another program, not a campaign session; {UNCHANGED}"
        )
    if version > SCHEMA_VERSION:
        raise SessionError(
            f"{path}: written by a newer version of campaign (schema {version}, "
            f"this one knows {SCHEMA_VERSION}); {UNCHANGED}"
        )
    verdict = [row[0] for row in connection.execute("PRAGMA quick_check(5)").fetchall()]
    if verdict != ["ok"]:
        # quick_check answers over several lines; the GM gets one.
        reason = " ".join(verdict[0].replace("***", "").split())
        raise SessionDamaged(f"{path}: the session file is damaged ({reason}); {UNCHANGED}")


def verify_existing(path: Path) -> None:
    """Refuse a file that is not an intact campaign session, without writing to it."""
    if path.is_dir():
        raise SessionError(f"{path}: is a folder, not a session file")
    if path.is_symlink() and not path.exists():
        raise SessionDamaged(f"{path}: a link to a file that is not there; {UNCHANGED}")
    if not path.is_file():
        # A pipe or a device would block or never end: never opened at all.
        raise SessionDamaged(f"{path}: not a regular file, not a campaign session; {UNCHANGED}")
    try:
        _check_header(path)
    except PermissionError:
        raise SessionError(f"{path}: cannot be read (permission denied)") from None
    except OSError as error:
        raise SessionError(f"{path}: cannot be read ({error.strerror})") from None
    _check_journal(path)
    try:
        connection = connect_read_only(path)
        try:
            _check_database(path, connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        reason = " ".join(str(error).split())
        message = f"{path}: the session file is damaged ({reason}); {UNCHANGED}"
        raise SessionDamaged(message) from None


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """SQLite's exceptions, as one line a GM can act on."""
    try:
        yield
    except sqlite3.Error as error:
        text = str(error)
        if "readonly" in text or "read-only" in text:
            raise SessionReadOnly(read_only_message(path)) from None
        if isinstance(error, sqlite3.DatabaseError) and "locked" not in text:
            raise SessionDamaged(f"{path}: the session file is damaged ({text})") from None
        raise SessionError(f"{path}: cannot use the session ({text})") from None


def damaged_rows(path: Path) -> list[str]:
    """Every event row whose data is not a JSON object, by sequence number (read-only)."""
    problems = []
    with translated(path):
        connection = connect_read_only(path)
        try:
            rows = connection.execute("SELECT seq, kind, data FROM events ORDER BY seq").fetchall()
        finally:
            connection.close()
    for seq, kind, data in rows:
        try:
            value = json.loads(data)
        except RecursionError:
            problems.append(f"{path}: event {seq} ({kind}) is damaged (nested too deep)")
            continue
        except (TypeError, ValueError) as error:
            problems.append(f"{path}: event {seq} ({kind}) is damaged (not JSON: {error})")
            continue
        if not isinstance(value, dict):
            problems.append(f"{path}: event {seq} ({kind}) is damaged (not a JSON object)")
    return problems
