"""Session events: the append-only journal that is the source of truth.

Every change at the table is one event: a dice roll, a table roll, a note, a
scene visit, a clock change, an undo or a redo (and, from the combat tracker,
combat events). State is derived from events; nothing is ever deleted.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

ROLL = "roll"
TABLE = "table"
NOTE = "note"
SCENE = "scene"
CLOCK = "clock"
UNDO = "undo"
REDO = "redo"
SESSION_START = "session-start"

UNDOABLE_KINDS = {ROLL, TABLE, NOTE, SCENE, CLOCK}
"""Kinds an undo can take back. Kinds registered by other parts (combat) add to it."""

_SUMMARIES: dict[str, Callable[[Event], str]] = {}


def register_summary(kind: str, summary: Callable[[Event], str]) -> None:
    """Let another part (the combat tracker) describe its own events in one line."""
    _SUMMARIES[kind] = summary


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the journal."""

    seq: int
    """Position in the journal, from 1; unique, increasing, never reused."""
    at: str
    """When it happened: ISO 8601, UTC, to the millisecond."""
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    origin: str = ""
    """Which process wrote it ('gm-screen', 'cli', ...), for the journal view."""

    @property
    def undoable(self) -> bool:
        return self.kind in UNDOABLE_KINDS

    def summary(self) -> str:
        """One line for the journal and the recap."""
        data = self.data
        if self.kind == ROLL:
            source = f"{data['source']}: " if data.get("source") else ""
            return f"{source}{data.get('rendered') or data.get('expression')}{verdict(data)}"
        if self.kind == TABLE:
            return f"{data.get('title', data.get('table'))}: {data.get('text', '')}"
        if self.kind == NOTE:
            return str(data.get("text", ""))
        if self.kind == SCENE:
            return f"Scene: {data.get('title') or data.get('scene')}"
        if self.kind == CLOCK:
            name = data.get("name") or data.get("clock")
            change = data.get("delta", 0)
            sign = "+" if change >= 0 else ""
            return f"Clock {name} {sign}{change}"
        if self.kind in (UNDO, REDO):
            return f"{self.kind.capitalize()} #{data.get('target')}: {data.get('summary', '')}"
        if self.kind == SESSION_START:
            return f"Session started: {data.get('module_title') or data.get('module_id', '')}"
        if self.kind in _SUMMARIES:
            return _SUMMARIES[self.kind](self)
        text = data.get("text")
        return str(text) if text else self.kind

    def to_row(self) -> tuple[int, str, str, str, str]:
        return (self.seq, self.at, self.kind, encode(self.data), self.origin)


def roll_target(data: Mapping[str, Any]) -> int | None:
    """The 'vs N' a roll was made against, or None: rolls recorded before targets were
    kept, and rolls without one, have no 'target' (a value that is not a whole number is
    read as none rather than failing the journal)."""
    target = data.get("target")
    return target if isinstance(target, int) and not isinstance(target, bool) else None


def roll_reached(data: Mapping[str, Any]) -> bool | None:
    """Whether the roll's total reached its target; None without a target (or a total)."""
    target = roll_target(data)
    total = data.get("total")
    if target is None or not isinstance(total, int) or isinstance(total, bool):
        return None
    if isinstance(data.get("reached"), bool):  # as the module read it (roll-under...)
        return bool(data["reached"])
    return total >= target


def kept_reading(data: Mapping[str, Any]) -> tuple[str, bool] | None:
    """How a roll was read when it was made, as its event keeps it ('miss', False), or None
    if it keeps no reading (rolls recorded before readings were kept, or without one)."""
    reading, reached = data.get("reading"), data.get("reached")
    if isinstance(reading, str) and reading.strip() and isinstance(reached, bool):
        return reading.strip(), reached
    return None


def verdict(data: Mapping[str, Any]) -> str:
    """' vs 9: reached' / ' vs 9: missed' after a roll's text, or the module's own words
    kept with it (' vs 9: success at a cost'); '' without a target."""
    reached = roll_reached(data)
    if reached is None:
        return ""
    reading = data.get("reading")
    if isinstance(reading, str) and reading.strip():
        return f" vs {roll_target(data)}: {reading.strip()[:40]}"
    return f" vs {roll_target(data)}: {'reached' if reached else 'missed'}"


def encode(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decode(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


_DECODER = json.JSONDecoder()


def parse(text: object) -> Any:
    """`json.loads(text)`: the same value, or the same error, for any row.

    The rows `encode` wrote (compact, no space around them) go straight to the
    decoder's `raw_decode`, skipping the whitespace passes and checks of
    `json.loads`: a session of 100,000 events reopens a tenth faster. Anything
    else (not text, space around it, not JSON) goes to `json.loads` itself.
    """
    if type(text) is str:
        try:
            value, end = _DECODER.raw_decode(text)
        except ValueError:
            pass
        else:
            if end == len(text):
                return value
    return json.loads(text)  # type: ignore[arg-type]


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a whole journal is read and folded.

    Reading 100,000 events makes about a million dicts, lists and events that
    all stay alive; Python's collector would walk them again and again as they
    pile up (over a third of the time of a reopen, measured), and could free
    none of them. Nothing made here forms a cycle, so nothing waits for it;
    the collector is on again afterwards unless it was off before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
