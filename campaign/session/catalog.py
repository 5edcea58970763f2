"""The sessions on disk: list them, summarise one, check one for damage.

All of it reads only: a file's bytes are the same after any of these.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from campaign import paths
from campaign.session.integrity import (
    SessionError,
    connect_read_only,
    damaged_rows,
    translated,
    verify_existing,
    writable,
)
from campaign.session.store import Session


def _readable_time(value: object) -> str:
    """`value` if it is a timestamp, else '' (an edited or damaged row)."""
    if not isinstance(value, str):
        return ""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return ""
    return value


def _file_time(path: Path) -> str:
    """When the file was last written, in the events' own format."""
    moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return moment.isoformat(timespec="milliseconds")


def session_summary(path: Path) -> dict[str, Any]:
    """Module, start, last played and event count of a session file, read-only.

    `last_played` is the last event's time; where that cannot be read (a damaged
    or hand-edited row) it is the file's own modification time, and
    `last_played_from` says "file" so nobody takes it for a recorded time.
    """
    verify_existing(path)
    with translated(path):
        connection = connect_read_only(path)
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            (count,) = connection.execute("SELECT count(*) FROM events").fetchone()
            last_row = connection.execute(
                "SELECT at FROM events ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        finally:
            connection.close()
    started = _readable_time(meta.get("created", ""))
    last = _readable_time(last_row[0]) if last_row else started
    source = "events"
    if not last:
        last, source = _file_time(path), "file"
    return {
        "name": path.stem,
        "path": str(path),
        "module": meta.get("module_id", ""),
        "module_title": meta.get("module_title", ""),
        "module_path": meta.get("module_path", ""),
        "started": started,
        "last_played": last,
        "last_played_from": source,
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


def check_session(path: Path) -> list[str]:
    """Everything wrong with a session file, one line each; empty when it is sound.

    A file the user cannot write is not wrong (it reads and rehearses): that is
    `read_only_note`'s to say. Read-only throughout: no byte changes and no file
    is left beside it.
    """
    try:
        verify_existing(path)
        problems = damaged_rows(path)
        if not problems:
            Session.open(path, read_only=True).close()  # events that cannot be folded
    except SessionError as error:
        return [str(error)]
    return problems


def read_only_note(path: Path) -> str:
    """A line for a sound session the user cannot write; '' when it can be written."""
    if writable(path):
        return ""
    return (
        f"{path}: read-only (the file or its folder cannot be written); it can still "
        "be read, recapped and rehearsed, not played into"
    )
