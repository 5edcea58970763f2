"""Where a saved session stands, read from its file before anything else loads.

`campaign play MODULE --session NAME` (and `--continue`) reopens a session on
the scene it was left at. The GM screen's first frame (`campaign.tui.raw_frame`)
shows that scene while the module and the session load; to know which scene,
this reads the journal's scene, undo and redo events straight from SQLite.
`campaign.session` would answer too, but it imports the session layer and the
model, which the first frame is painted ahead of.

The file is opened read-only and only if it is a campaign session; any surprise
(missing, locked, damaged, another program's) answers None and the screen shows
its loading screen as before. `campaign.session` still opens and checks the file
for real; a test holds the copies below to its constants and its scene.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from campaign import paths

if TYPE_CHECKING:  # imported when a file is read: finding one's name needs no SQLite
    import sqlite3

APPLICATION_ID = 0x43414D50
"""`campaign.session.integrity.APPLICATION_ID`: marks a file as a campaign session."""

SCENE, UNDO, REDO, CARRY = "scene", "undo", "redo", "campaign-carry"
"""The event kinds that decide the scene (`campaign.session.events`, `.continuity`)."""

NOT_A_NAME = "'{name}' is not a session name; use letters, digits, '-' and '_'"
"""What `campaign.session.session_path` says of a name `session_file` refuses."""

MAX_ROWS = 200_000
"""Scene, undo and redo events read at most; a journal with more gets no frame."""


def session_file(name: str) -> Path | None:
    """`--session NAME`'s file, as `campaign.session.session_path` finds it: a path if
    it has a '/' or ends in .sqlite, else NAME.sqlite in the sessions folder; None for a
    name that is no session's."""
    if "/" in name or name.endswith(".sqlite") or os.sep in name:
        return Path(name).expanduser()
    if not name.strip() or name.startswith("."):
        return None
    return paths.user_sessions_dir() / f"{name}.sqlite"


def current_scene(path: Path) -> str | None:
    """The id of the scene the session at `path` is on ("" when it has none yet: the
    module's opening scene), or None when the file cannot tell."""
    import sqlite3

    try:
        if not path.is_file():
            return None
        uri = f"file:{quote(str(path.resolve()))}?{_read_only(path)}"
        connection = sqlite3.connect(uri, uri=True, timeout=0.2)
    except (OSError, sqlite3.Error, ValueError):
        return None
    try:
        return _scene_of(connection)
    except (sqlite3.Error, ValueError, TypeError, AttributeError):
        return None
    finally:
        connection.close()


def _read_only(path: Path) -> str:
    """How to open the file without leaving a trace: a session closed cleanly has no
    write-ahead log, and a read-only reader would create one (and its index) beside
    it, so it is read as immutable; one still open (or not closed cleanly) has both,
    and is read through them, so its latest scene counts."""
    log, index = Path(f"{path}-wal"), Path(f"{path}-shm")
    return "mode=ro" if log.exists() and index.exists() else "mode=ro&immutable=1"


def _scene_of(connection: sqlite3.Connection) -> str | None:
    (application,) = connection.execute("PRAGMA application_id").fetchone()
    if application != APPLICATION_ID:
        return None
    rows = connection.execute(
        "SELECT seq, kind, data FROM events WHERE kind IN (?, ?, ?, ?) ORDER BY seq LIMIT ?",
        (SCENE, UNDO, REDO, CARRY, MAX_ROWS + 1),
    ).fetchall()
    if len(rows) > MAX_ROWS:
        return None
    undone: set[int] = set()
    scenes: list[tuple[int, str, str]] = []
    for seq, kind, data in rows:
        fields = json.loads(data)
        if kind == UNDO:
            undone.add(int(fields.get("target", 0)))
        elif kind == REDO:
            undone.discard(int(fields.get("target", 0)))
        else:
            scenes.append((seq, kind, str(fields.get("scene") or "")))
    in_effect = [(kind, scene) for seq, kind, scene in scenes if seq not in undone]
    # The last scene change in effect; before any, the scene a new evening carried over.
    changes = [scene for kind, scene in in_effect if kind == SCENE]
    if changes:
        return changes[-1]
    return next((scene for kind, scene in in_effect if kind == CARRY and scene), "")
