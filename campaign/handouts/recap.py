"""Session recaps and the players' look back at handouts given.

A recap is the journal read as a story: one row per event still in effect,
with its local time and a one-line summary, rendered by the `recap` handout
template. The players' recap is what the players saw, written by
`campaign.players.recap` (the one place that decides what players may read):
no GM-only events, private rolls, hides, turn changes or fight line-up, and
people under the names the players know them by. Neither has undo and redo
rows (what was taken back is already gone) or a second row for a roll made in the open.
A campaign recap chains every evening's session, oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from campaign.handouts.formats import Audience
from campaign.handouts.rendering import render_handout, render_recap
from campaign.loader import find_module, load_module
from campaign.model import Module
from campaign.players.recap import players_recap
from campaign.session.continuity import HANDOUT_GIVEN, campaign_chain
from campaign.session.events import (
    CLOCK,
    NOTE,
    REDO,
    SESSION_START,
    TABLE,
    UNDO,
    Event,
)
from campaign.session.showing import HIDDEN, SHOWN
from campaign.session.state import SessionState
from campaign.session.store import Session, SessionError
from campaign.session.when import facts_of

GM_ONLY_KINDS = frozenset(
    {
        NOTE,
        CLOCK,
        TABLE,
        UNDO,
        REDO,
        "npc-fate",
        "alternative",
        "outcome",
        "pc-state",
        "campaign-carry",
    }
)
"""Journal kinds only the GM's recap has (the players' recap keeps far less:
`campaign.players.recap`)."""

KIND_LABELS = {
    "roll": "Roll",
    "table": "Table",
    "note": "Note",
    "scene": "Scene",
    "clock": "Clock",
    "undo": "Undo",
    "redo": "Redo",
    "clue-found": "Clue",
    "handout-given": "Handout",
    "npc-fate": "NPC",
    "outcome": "Outcome",
    "alternative": "Path",
    "pc-state": "Agent",
    "campaign-carry": "Continued",
    SHOWN: "Players",
    HIDDEN: "Players",
}


def local_time(at: str) -> str:
    """'2026-11-24T20:15:03.120+00:00' -> '20:15' in the machine's time zone."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%H:%M")
    except ValueError:
        return at[:16]


def _label(kind: str) -> str:
    return KIND_LABELS.get(kind) or ("Fight" if kind.startswith("combat-") else kind)


def players_recap_rows(
    events: list[Event], module: Module, state: SessionState
) -> list[dict[str, Any]]:
    """Rows for the players' recap: only what the players saw, as they saw it."""
    return [
        {"time": local_time(event.at), "kind": _label(event.kind), "text": text}
        for event, text in players_recap(events, module, facts_of(state, module))
    ]


def recap_rows(events: list[Event], audience: Audience) -> list[dict[str, Any]]:
    """Rows for the recap template: {time, kind, text} for each event shown.

    Without the module this only leaves out GM-only kinds for the players; the
    recaps themselves use `players_recap_rows`, which leaves out far more."""
    rows = []
    for event in events:
        if event.kind in (SESSION_START, UNDO, REDO) or _open_roll_shown(event):
            # What was taken back is already gone from the journal, so the undo says
            # nothing more; a roll in the open has its own row already.
            continue
        if audience == "players" and event.kind in GM_ONLY_KINDS:
            continue
        rows.append(
            {"time": local_time(event.at), "kind": _label(event.kind), "text": event.summary()}
        )
    return rows


def _open_roll_shown(event: Event) -> bool:
    return event.kind == SHOWN and event.data.get("what") == "roll"


def module_of(session: Session) -> Module:
    """The session's module, found by its recorded path or id."""
    recorded = session.meta.get("module_path", "")
    candidates = [recorded] if recorded and Path(recorded).is_dir() else []
    if session.module_id:
        candidates.append(session.module_id)
    if not candidates:
        raise SessionError(f"{session.path}: the session names no module")
    return load_module(find_module(candidates[0]))


@dataclass(frozen=True)
class Recap:
    title: str
    rows: list[dict[str, Any]]
    module: Module


def build_recap(session: Session, audience: Audience, *, whole_campaign: bool) -> Recap:
    module = module_of(session)
    paths = campaign_chain(session) if whole_campaign else [session.path]
    rows: list[dict[str, Any]] = []
    for path in paths:
        if whole_campaign:
            rows.append({"time": "", "kind": "Evening", "text": path.stem})
        if path == session.path:
            rows.extend(_rows_of(session, module, audience))
        else:
            with Session.open(path, create=False, read_only=True) as earlier:
                rows.extend(_rows_of(earlier, module, audience))
    title = (
        f"{module.title}: campaign recap" if whole_campaign else f"Session recap: {session.name}"
    )
    return Recap(title, rows, module)


def _rows_of(session: Session, module: Module, audience: Audience) -> list[dict[str, Any]]:
    events = session.state.journal()
    if audience == "players":
        return players_recap_rows(events, module, session.state)
    return recap_rows(events, audience)


def render_session_recap(
    session: Session,
    *,
    fmt: Literal["md", "html", "pdf"] = "md",
    audience: Audience = "gm",
    whole_campaign: bool = False,
) -> str | bytes:
    recap = build_recap(session, audience, whole_campaign=whole_campaign)
    return render_recap(recap.module, recap.rows, fmt=fmt, audience=audience, title=recap.title)


def handouts_given(session: Session) -> list[Event]:
    """Handout events still in effect, in the order they were given (the latest of each)."""
    latest: dict[str, Event] = {}
    for event in session.state.journal():
        if event.kind == HANDOUT_GIVEN:
            latest.pop(str(event.data["handout"]), None)
            latest[str(event.data["handout"])] = event
    return list(latest.values())


def write_handouts_given(
    session: Session, out: Path, *, fmt: Literal["md", "html", "pdf"] = "html"
) -> list[Path]:
    """Render every handout given so far for the players, plus an index in order given."""
    module = module_of(session)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    index = [f"# Handouts given: {session.name}", ""]
    for event in handouts_given(session):
        handout_id = str(event.data["handout"])
        if handout_id not in module.handouts:
            index.append(f"- {local_time(event.at)}: {handout_id} (no longer in the module)")
            continue
        output = render_handout(module, handout_id, fmt=fmt, audience="players")
        path = out / f"{handout_id}.{fmt}"
        if isinstance(output, bytes):
            path.write_bytes(output)
        else:
            path.write_text(output, encoding="utf-8")
        written.append(path)
        to = f" (to {event.data['to']})" if event.data.get("to") else ""
        title = module.handouts[handout_id].title
        index.append(f"- {local_time(event.at)}: [{title}]({path.name}){to}")
    index_path = out / "index.md"
    index_path.write_text("\n".join(index) + "\n", encoding="utf-8")
    written.append(index_path)
    return written
