"""The sessions on disk: list them, summarise one, check one for damage.

All of it reads only: a file's bytes are the same after any of these.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campaign import paths
from campaign.session.integrity import (
    SessionError,
    connect_read_only,
    damaged_rows,
    read_only_message,
    translated,
    verify_existing,
    writable,
)
from campaign.session.store import Session


def session_summary(path: Path) -> dict[str, Any]:
    """Module, start, last played and event count of a session file, read-only."""
    verify_existing(path)
    with translated(path):
        connection = connect_read_only(path)
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            count, last = connection.execute("SELECT count(*), MAX(at) FROM events").fetchone()
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


def check_session(path: Path) -> list[str]:
    """Everything wrong with a session file, one line each; empty when it is sound.

    Read-only throughout: the file's bytes are the same afterwards.
    """
    try:
        verify_existing(path)
        problems = damaged_rows(path)
        if not problems:
            Session.open(path, read_only=True).close()  # events that cannot be folded
    except SessionError as error:
        return [str(error)]
    if not problems and not writable(path):
        problems.append(read_only_message(path))
    return problems
