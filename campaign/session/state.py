"""State derived from the event journal: current scene, clocks, journal, undo/redo.

`SessionState` folds events in order. Undo and redo are events that name the
event they take back or restore; the state keeps the stacks so a GM's `u`
always undoes the latest thing still in effect, whichever process wrote it.
Undo never rewinds the dice: a roll that is undone leaves the journal, but the
next roll still comes from the next random stream.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from campaign.session.events import (
    CLOCK,
    REDO,
    SCENE,
    SESSION_START,
    UNDO,
    Event,
)

Reducer = Callable[["SessionState", Event], None]
"""Applies one (not undone) event of a kind to the derived state."""

_REDUCERS: dict[str, Reducer] = {}


def register_reducer(kind: str, reducer: Reducer) -> None:
    """Let another part (the combat tracker) derive its own state from its events."""
    _REDUCERS[kind] = reducer


@dataclass
class ClockValue:
    clock_id: str
    name: str
    filled: int
    segments: int

    @property
    def full(self) -> bool:
        return self.filled >= self.segments


@dataclass
class SessionState:
    """What the journal adds up to."""

    events: list[Event] = field(default_factory=list)
    """Every event read so far, in order (undone ones included)."""
    undone: set[int] = field(default_factory=set)
    undo_stack: list[int] = field(default_factory=list)
    redo_stack: list[int] = field(default_factory=list)
    scene: str | None = None
    visited: list[str] = field(default_factory=list)
    clocks: dict[str, ClockValue] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """State owned by registered reducers (e.g. 'combat')."""

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0

    def journal(self) -> list[Event]:
        """Events in effect, in order: what the GM sees in the journal."""
        return [
            event
            for event in self.events
            if event.seq not in self.undone and event.kind != SESSION_START
        ]

    def by_seq(self, seq: int) -> Event | None:
        for event in reversed(self.events):
            if event.seq == seq:
                return event
        return None

    def next_undo(self) -> Event | None:
        return self.by_seq(self.undo_stack[-1]) if self.undo_stack else None

    def next_redo(self) -> Event | None:
        return self.by_seq(self.redo_stack[-1]) if self.redo_stack else None

    # folding

    def apply_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self.apply(event)

    def apply(self, event: Event) -> None:
        self.events.append(event)
        if event.kind == UNDO:
            target = int(event.data.get("target", 0))
            if target in self.undo_stack:
                self.undo_stack.remove(target)
                self.redo_stack.append(target)
            self.undone.add(target)
            self._rederive()
        elif event.kind == REDO:
            target = int(event.data.get("target", 0))
            if target in self.redo_stack:
                self.redo_stack.remove(target)
            self.undo_stack.append(target)
            self.undone.discard(target)
            self._rederive()
        else:
            if event.undoable:
                self.undo_stack.append(event.seq)
                self.redo_stack.clear()
            self._derive(event)

    def _rederive(self) -> None:
        self.scene = None
        self.visited = []
        self.clocks = {}
        self.extra = {}
        for event in self.events:
            if event.kind not in (UNDO, REDO) and event.seq not in self.undone:
                self._derive(event)

    def _derive(self, event: Event) -> None:
        data = event.data
        if event.kind == SCENE:
            scene = str(data.get("scene", ""))
            self.scene = scene
            if scene not in self.visited:
                self.visited.append(scene)
        elif event.kind == CLOCK:
            clock_id = str(data.get("clock", ""))
            segments = int(data.get("segments", 0)) or 1
            current = self.clocks.get(clock_id)
            start = current.filled if current else int(data.get("start", 0))
            filled = max(0, min(segments, start + int(data.get("delta", 0))))
            self.clocks[clock_id] = ClockValue(
                clock_id, str(data.get("name") or clock_id), filled, segments
            )
        reducer = _REDUCERS.get(event.kind)
        if reducer is not None:
            reducer(self, event)
