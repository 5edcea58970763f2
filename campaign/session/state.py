"""State derived from the event journal: current scene, clocks, journal, undo/redo.

`SessionState` folds events in order. Undo and redo are events that name the
event they take back or restore; the state keeps the stacks so a GM's `u`
always undoes the latest thing still in effect, whichever process wrote it.
Undo never rewinds the dice: a roll that is undone leaves the journal, but the
next roll still comes from the next random stream.

Undo and redo cost the same at event 100 and at event 100,000 (they once
folded the whole journal again, so reopening a long session with undos took
quadratic time). The state keeps the events that change it (scenes, clocks,
registered kinds) in a list of their own, with a copy of the state every
`CHECKPOINT_EVERY` of them. Taking the latest scene or clock change back
reverses it in one step; any other undo or redo goes back to the copy before
the event it names and folds at most that many events again. Notes, rolls and
table rolls change nothing here, so undoing one folds nothing at all. The
result is the state a fold of every event in effect gives, and the tests hold
it to that.
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from campaign.session.events import (
    CLOCK,
    REDO,
    SCENE,
    SESSION_START,
    UNDO,
    UNDOABLE_KINDS,
    Event,
)

Reducer = Callable[["SessionState", Event], None]
"""Applies one (not undone) event of a kind to the derived state."""

_REDUCERS: dict[str, Reducer] = {}

CHECKPOINT_EVERY = 32
"""Events that change the state between two copies of it: the most an undo or redo folds again
(plus those after the one it names, which in a journal `Session` wrote change nothing)."""


def register_reducer(kind: str, reducer: Reducer) -> None:
    """Let another part (the combat tracker) derive its own state from its events."""
    _REDUCERS[kind] = reducer


Part = TypeVar("Part")
MAX_CLOCK_NUMBER = 10_000
"""A clock's segments, start or step past this is damage, not a clock."""


def _whole(value: Any, what: str) -> int:
    """A clock number as written by `Session`: a whole number, nothing else (not '3', not
    2.5, not true, not infinity); anything else is damage (ValueError)."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_CLOCK_NUMBER:
        raise ValueError(f"clock {what} {str(value)[:20]!r} is not a whole number of segments")
    return value


def extra_part(state: SessionState, key: str, kind: type[Part]) -> Part:
    """A registered part's own record in `state.extra` (the fight, the campaign record,
    what is shown), made empty on first use."""
    part = state.extra.get(key)
    if not isinstance(part, kind):
        part = kind()
        state.extra[key] = part
    return part


@dataclass
class ClockValue:
    clock_id: str
    name: str
    filled: int
    segments: int

    @property
    def full(self) -> bool:
        return self.filled >= self.segments


@dataclass(frozen=True, slots=True)
class _Checkpoint:
    """The derived state after folding a prefix of the events that change it."""

    scene: str | None
    visited: list[str]
    clocks: dict[str, ClockValue]
    extra: dict[str, Any]


_SceneBack = tuple[str | None, bool]
"""Before a scene event: the scene, and whether the event added to `visited`."""
_ClockBack = tuple[str, "ClockValue | None"]
"""Before a clock event: the clock's id and value (None: it was not there)."""


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

    # How the state is kept incrementally; none of it is part of what the journal adds up to.
    _folded: list[Event] = field(default_factory=list, repr=False, compare=False)
    """The events in effect that change the state, in journal order: the state is their fold."""
    _backs: list[_SceneBack | _ClockBack | None] = field(
        default_factory=list, repr=False, compare=False
    )
    """Per folded event, how to reverse it in one step (None: a registered kind, folded again)."""
    _checkpoints: list[_Checkpoint] = field(default_factory=list, repr=False, compare=False)
    """Entry j: the state after folding `_folded[: j * CHECKPOINT_EVERY]`."""
    _by_seq: dict[int, Event] = field(default_factory=dict, repr=False, compare=False)
    _on_stack: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    """How often each seq is on `undo_stack` (its end is searched, not its whole length)."""
    _on_redo: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    _stale: bool = field(default=False, repr=False, compare=False)
    """An event already undone was folded (an undo named it before it was read): the next
    undo or redo folds everything again, as every undo and redo once did."""
    _irregular: bool = field(default=False, repr=False, compare=False)
    """Events came out of seq order: every undo and redo folds everything again."""

    def __post_init__(self) -> None:
        for seq in self.undo_stack:
            self._on_stack[seq] = self._on_stack.get(seq, 0) + 1
        for seq in self.redo_stack:
            self._on_redo[seq] = self._on_redo.get(seq, 0) + 1
        for event in self.events:
            self._by_seq[event.seq] = event
        # Given events but no fold of them: the first undo or redo folds them all, as it did.
        self._stale = bool(self.events)

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
        return self._by_seq.get(seq)

    def next_undo(self) -> Event | None:
        return self.by_seq(self.undo_stack[-1]) if self.undo_stack else None

    def next_redo(self) -> Event | None:
        return self.by_seq(self.redo_stack[-1]) if self.redo_stack else None

    # folding

    def apply_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self.apply(event)

    def apply(self, event: Event) -> None:
        seq, kind, events = event.seq, event.kind, self.events
        if events and seq <= events[-1].seq:
            self._irregular = True
        events.append(event)
        self._by_seq[seq] = event
        if kind == UNDO:
            target = int(event.data.get("target", 0))
            if _remove(self.undo_stack, self._on_stack, target):
                _push(self.redo_stack, self._on_redo, target)
            self.undone.add(target)
            self._take_back(target)
        elif kind == REDO:
            target = int(event.data.get("target", 0))
            _remove(self.redo_stack, self._on_redo, target)
            _push(self.undo_stack, self._on_stack, target)
            self.undone.discard(target)
            self._bring_back(target)
        else:
            if kind in UNDOABLE_KINDS:
                _push(self.undo_stack, self._on_stack, seq)
                if self.redo_stack:
                    self.redo_stack.clear()
                    self._on_redo.clear()
            if kind in _CORE or kind in _REDUCERS:
                # Folded even if an undo already named it, as always: the next undo or
                # redo leaves it out again.
                self._stale = self._stale or seq in self.undone
                self._folded.append(event)
                self._fold(len(self._folded) - 1)

    def _take_back(self, target: int) -> None:
        if self._stale or self._irregular:
            self._rederive()
            return
        index = self._folded_index(target)
        if index is None:  # changes nothing, or already undone, or not read yet
            return
        del self._folded[index]
        back = self._backs[index]
        if back is not None and index == len(self._folded):
            del self._backs[index]
            self._reverse(back)
        else:
            self._refold(index)

    def _bring_back(self, target: int) -> None:
        if self._stale or self._irregular:
            self._rederive()
            return
        event = self._by_seq.get(target)
        if event is None or not _changes_state(event) or self._folded_index(target) is not None:
            return  # not read yet (folded when it is), changes nothing, or still in effect
        index = bisect_left(self._folded, target, key=_seq)
        self._folded.insert(index, event)
        if index == len(self._folded) - 1:
            self._fold(index)  # the latest in effect: fold it onto the state as it stands
        else:
            self._refold(index)

    def _folded_index(self, seq: int) -> int | None:
        index = bisect_left(self._folded, seq, key=_seq)
        found = index < len(self._folded) and self._folded[index].seq == seq
        return index if found else None

    def _refold(self, index: int) -> None:
        """`_folded` changed at `index`: back to the checkpoint before it, fold from there."""
        checkpoint = index // CHECKPOINT_EVERY
        start = checkpoint * CHECKPOINT_EVERY
        del self._checkpoints[checkpoint + 1 :]
        del self._backs[start:]
        self._restore(self._checkpoints[checkpoint])
        for position in range(start, len(self._folded)):
            self._fold(position)

    def _fold(self, position: int) -> None:
        """Fold `_folded[position]` onto the state of every one before it."""
        if position % CHECKPOINT_EVERY == 0 and len(self._checkpoints) == (
            position // CHECKPOINT_EVERY
        ):
            self._checkpoints.append(
                _Checkpoint(self.scene, list(self.visited), dict(self.clocks), _copied(self.extra))
            )
        back = None
        try:
            back = self._derive(self._folded[position])
        finally:
            # Kept in step with `_folded` even when an event's data cannot be folded.
            self._backs.append(back)

    def _reverse(self, back: _SceneBack | _ClockBack) -> None:
        """Take back the latest folded event, a scene or clock change, from what it recorded."""
        first, second = back
        if isinstance(second, bool):  # a scene
            self.scene = first
            if second:
                self.visited.pop()
        elif second is None:
            del self.clocks[str(first)]
        else:
            self.clocks[str(first)] = second

    def _restore(self, checkpoint: _Checkpoint) -> None:
        # Copied again: folding changes the state in place, and the checkpoint must not change.
        self.scene = checkpoint.scene
        self.visited = list(checkpoint.visited)
        self.clocks = dict(checkpoint.clocks)
        self.extra = _copied(checkpoint.extra)

    def _rederive(self) -> None:
        """Fold every event in effect from the start: for journals out of order or undone early."""
        self.scene = None
        self.visited = []
        self.clocks = {}
        self.extra = {}
        self._folded = []
        self._backs = []
        self._checkpoints = []
        self._stale = False
        for event in self.events:
            if event.seq not in self.undone and _changes_state(event):
                self._folded.append(event)
                self._fold(len(self._folded) - 1)

    def _derive(self, event: Event) -> _SceneBack | _ClockBack | None:
        """Fold one event; returns how to reverse it, if it is a scene or clock change alone."""
        data = event.data
        back: _SceneBack | _ClockBack | None = None
        if event.kind == SCENE:
            scene = str(data.get("scene", ""))
            added = scene not in self.visited
            back = (self.scene, added)
            self.scene = scene
            if added:
                self.visited.append(scene)
        elif event.kind == CLOCK:
            clock_id = str(data.get("clock", ""))
            segments = _whole(data.get("segments", 0), "segments") or 1
            current = self.clocks.get(clock_id)
            start = current.filled if current else _whole(data.get("start", 0), "start")
            filled = max(0, min(segments, start + _whole(data.get("delta", 0), "delta")))
            back = (clock_id, current)
            self.clocks[clock_id] = ClockValue(
                clock_id, str(data.get("name") or clock_id), filled, segments
            )
        reducer = _REDUCERS.get(event.kind)
        if reducer is not None:
            reducer(self, event)
            return None  # what a reducer changed has no recorded reverse
        return back


_CORE = frozenset((SCENE, CLOCK))
"""The journal's own kinds that change the state; registered kinds add to them."""


def _seq(event: Event) -> int:
    return event.seq


def _changes_state(event: Event) -> bool:
    """Whether folding the event can change the state (undo and redo change only the stacks)."""
    kind = event.kind
    return kind in _CORE or (kind in _REDUCERS and kind not in (UNDO, REDO))


def _copied(extra: dict[str, Any]) -> dict[str, Any]:
    # Reducers change their state in place (a combatant's harm), so a checkpoint owns a deep copy.
    return copy.deepcopy(extra) if extra else {}


def _push(stack: list[int], counts: dict[int, int], seq: int) -> None:
    stack.append(seq)
    counts[seq] = counts.get(seq, 0) + 1


def _remove(stack: list[int], counts: dict[int, int], seq: int) -> bool:
    """`stack.remove(seq)` if it is there, searching from the end when it is there only once."""
    count = counts.get(seq, 0)
    if not count:
        return False
    if count == 1:
        # Nearly always the top of the stack: searching from the end costs one step, not the
        # whole length of the session.
        for index in range(len(stack) - 1, -1, -1):
            if stack[index] == seq:
                del stack[index]
                break
        del counts[seq]
    else:
        stack.remove(seq)  # the first of several, as it always was
        counts[seq] = count - 1
    return True
