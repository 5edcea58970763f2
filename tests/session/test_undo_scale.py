"""Undo and redo at scale: the incremental state is the full replay's, at bounded cost.

`FullReplay` is the state as it was derived before undo became incremental:
every undo and redo folded every event in effect again. Whatever the journal,
the incremental `SessionState` must end where it ends, event by event; and an
undo or redo must fold a bounded number of events, whether the session holds a
thousand events or ten thousand (counted, not timed).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.loader import load_module
from campaign.model import Module
from campaign.session import CombatTracker, Session
from campaign.session import combat as kinds
from campaign.session import state as state_module
from campaign.session.continuity import CLUE_FOUND, PC_STATE
from campaign.session.events import CLOCK, NOTE, REDO, ROLL, SCENE, SESSION_START, UNDO, Event
from campaign.session.state import CHECKPOINT_EVERY, ClockValue, SessionState

MODULE_DIR = Path(__file__).resolve().parents[2] / "modules" / "living-daylights"
AT = "2026-01-01T20:00:00.000+00:00"


class FullReplay(SessionState):
    """The derivation as it was: each undo or redo folds every event in effect from scratch."""

    def apply(self, event: Event) -> None:
        self.events.append(event)
        if event.kind == UNDO:
            target = int(event.data.get("target", 0))
            if target in self.undo_stack:
                self.undo_stack.remove(target)
                self.redo_stack.append(target)
            self.undone.add(target)
            self._replay_all()
        elif event.kind == REDO:
            target = int(event.data.get("target", 0))
            if target in self.redo_stack:
                self.redo_stack.remove(target)
            self.undo_stack.append(target)
            self.undone.discard(target)
            self._replay_all()
        else:
            if event.undoable:
                self.undo_stack.append(event.seq)
                self.redo_stack.clear()
            self._derive_one(event)

    def next_undo(self) -> Event | None:
        return self._find(self.undo_stack[-1]) if self.undo_stack else None

    def next_redo(self) -> Event | None:
        return self._find(self.redo_stack[-1]) if self.redo_stack else None

    def _find(self, seq: int) -> Event | None:
        return next((event for event in reversed(self.events) if event.seq == seq), None)

    def _replay_all(self) -> None:
        self.scene = None
        self.visited = []
        self.clocks = {}
        self.extra = {}
        for event in self.events:
            if event.kind not in (UNDO, REDO) and event.seq not in self.undone:
                self._derive_one(event)

    def _derive_one(self, event: Event) -> None:
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
        reducer = state_module._REDUCERS.get(event.kind)
        if reducer is not None:
            reducer(self, event)


def picture(state: SessionState) -> dict[str, Any]:
    """Everything the journal adds up to, comparable with ==."""
    return {
        "scene": state.scene,
        "visited": list(state.visited),
        "clocks": dict(state.clocks),
        "extra": dict(state.extra),
        "undone": set(state.undone),
        "undo_stack": list(state.undo_stack),
        "redo_stack": list(state.redo_stack),
        "journal": [event.seq for event in state.journal()],
        "next_undo": state.next_undo(),
        "next_redo": state.next_redo(),
        "last_seq": state.last_seq,
    }


# --- journals of every kind, written as Session and CombatTracker write them ----------


def combat_data(kind: str, rng: random.Random) -> dict[str, Any]:
    cid = f"c{rng.randrange(4)}"
    if kind == kinds.START:
        return {"name": f"fight {rng.randrange(3)}"}
    if kind == kinds.ADD:
        return {
            "combatants": [
                {
                    "cid": cid,
                    "name": cid,
                    "kind": "npc",
                    "ref": "guard",
                    "health": 5,
                    "tie_break": 1,
                }
            ]
        }
    if kind == kinds.INITIATIVE:
        return {
            "rolls": [{"cid": cid, "total": rng.randrange(2, 13), "rendered": "2d6", "coin": 0.5}]
        }
    if kind == kinds.ORDER:
        return {"order": [f"c{n}" for n in rng.sample(range(4), 3)]}
    if kind in (kinds.NEXT, kinds.PREVIOUS):
        change = {"cid": cid, "condition": "stunned", "rounds": rng.randrange(3)}
        return {"round": rng.randrange(1, 5), "turn": rng.randrange(3), "conditions": [change]}
    if kind == kinds.HARM:
        return {"cid": cid, "amount": rng.randrange(-2, 4)}
    if kind == kinds.CONDITION:
        return {"cid": cid, "condition": "stunned", "name": "Stunned", "rounds": 2}
    if kind in (kinds.END_CONDITION, kinds.REMOVE):
        return {"cid": cid, "condition": "stunned"}
    return {}


def event_data(kind: str, rng: random.Random) -> dict[str, Any]:
    if kind == SCENE:
        return {"scene": f"scene-{rng.randrange(6)}", "title": ""}
    if kind == CLOCK:
        return {"clock": f"k{rng.randrange(3)}", "name": "", "delta": rng.choice((-1, 1, 2))} | {
            "segments": 4,
            "start": 0,
        }
    if kind == CLUE_FOUND:
        return {"clue": f"clue-{rng.randrange(4)}", "by": "pc-bond"}
    if kind == PC_STATE:
        return {"pc": "pc-bond", "harm": rng.randrange(-1, 3), "health": 10}
    if kind in (NOTE, ROLL, SESSION_START, "unknown-kind"):
        return {"text": "x"}
    return combat_data(kind, rng)


KINDS = [
    NOTE,
    ROLL,
    SCENE,
    CLOCK,
    CLUE_FOUND,
    PC_STATE,
    SESSION_START,
    "unknown-kind",
    *kinds.KINDS,
]


def journal(
    length: int,
    seed: int,
    *,
    undo_share: float = 0.3,
    odd_share: float = 0.0,
    keeper: type[SessionState] = FullReplay,
) -> Iterator[Event]:
    """`length` events; undos and redos name what `Session` would (the `keeper`'s stacks),
    or, for `odd_share` of them, any seq at all (damaged or hand-made journals)."""
    rng = random.Random(seed)
    reference = keeper()
    for seq in range(1, length + 1):
        kind = rng.choice(KINDS)
        event = Event(seq, AT, kind, event_data(kind, rng))
        if rng.random() < undo_share:
            kind = UNDO if rng.random() < 0.6 else REDO
            target = reference.next_undo() if kind == UNDO else reference.next_redo()
            if rng.random() < odd_share:
                number = rng.randrange(0, seq + 3)  # past, this one, the future, or nothing
                event = Event(seq, AT, kind, {"target": number, "summary": ""})
            elif target is not None:  # else, as `Session` would, nothing is written
                event = Event(seq, AT, kind, {"target": target.seq, "summary": ""})
        reference.apply(event)
        yield event


def assert_same_as_full_replay(events: list[Event]) -> None:
    incremental, reference = SessionState(), FullReplay()
    for event in events:
        incremental.apply(event)
        reference.apply(event)
        assert picture(incremental) == picture(reference), f"after event {event.seq} ({event.kind})"


@pytest.mark.parametrize("seed", range(6))
def test_long_mixed_journals_derive_what_a_full_replay_derives(seed: int) -> None:
    # Long enough to cross many checkpoints, with undo chains reaching back past them.
    events = list(journal(600, seed, undo_share=0.45))
    assert_same_as_full_replay(events)
    assert any(event.kind == UNDO for event in events) and any(e.kind == REDO for e in events)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    length=st.integers(0, 160),
    seed=st.integers(0, 2**32),
    undo_share=st.sampled_from([0.1, 0.4, 0.7]),
    odd_share=st.sampled_from([0.0, 0.2, 1.0]),
)
def test_any_journal_derives_what_a_full_replay_derives(
    length: int, seed: int, undo_share: float, odd_share: float
) -> None:
    assert_same_as_full_replay(
        list(journal(length, seed, undo_share=undo_share, odd_share=odd_share))
    )


@settings(max_examples=60, deadline=None)
@given(
    events=st.lists(
        st.tuples(
            st.integers(1, 30),
            st.sampled_from([UNDO, REDO, SCENE, CLOCK, NOTE, kinds.START, kinds.ADD, kinds.HARM]),
            st.integers(0, 31),
        ),
        max_size=80,
    )
)
def test_events_out_of_seq_order_derive_what_a_full_replay_derives(
    events: list[tuple[int, str, int]],
) -> None:
    """`apply` is public: repeated and out-of-order seqs (never read from a file) still agree."""
    rng = random.Random(len(events))
    built = [
        Event(seq, AT, kind, {"target": number} if kind in (UNDO, REDO) else event_data(kind, rng))
        for seq, kind, number in events
    ]
    assert_same_as_full_replay(built)


# --- a session file with undos reopens to the state it was played into ----------------


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(MODULE_DIR)


def test_a_played_session_with_undone_combat_reopens_to_the_full_replay(
    tmp_path: Path, module: Module
) -> None:
    path = tmp_path / "evening.sqlite"
    with Session.open(path, module=module, seed=11) as session:
        session.visit_scene(next(iter(module.scenes)))
        fight = CombatTracker(session, module)
        fight.start("The concert hall")
        fight.add_pc("pc-bond")
        agents = fight.add_npc("kgb-agent", 2)
        fight.roll_initiative()
        fight.next_turn()
        fight.harm(agents[0], 2)
        assert session.undo() is not None  # the harm
        fight.harm(agents[1], 1)
        fight.next_turn()
        assert session.undo() is not None and session.undo() is not None  # turn, harm
        assert session.redo() is not None  # the harm again
        for index in range(CHECKPOINT_EVERY * 3):  # past a few checkpoints
            session.change_clock("alarm", 1, name="Alarm", segments=8)
            session.roll("2d6")
            if index % 7 == 0:
                fight.harm(agents[1], 1)
                session.undo()
        session.note("Bond slips out through the orchestra pit")
        for _ in range(5):
            session.undo()
        session.redo()
        played = picture(session.state)
        events = session.events()

    reference = FullReplay()
    for event in events:
        reference.apply(event)
    assert played == picture(reference)
    with Session.open(path, read_only=True) as reopened:
        assert picture(reopened.state) == played
    combat = played["extra"]["combat"]
    assert combat.combatants[agents[0]].damage == 0  # its harm was undone for good
    assert [e.kind for e in events].count(UNDO) > 10


# --- bounded cost: folds counted, not timed -------------------------------------------


class Counting:
    """Counts events folded (and full refolds) while installed on `SessionState`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folds = 0
        self.full = 0
        fold, rederive = SessionState._derive, SessionState._rederive

        def counted_fold(state: SessionState, event: Event) -> Any:
            self.folds += 1
            return fold(state, event)

        def counted_rederive(state: SessionState) -> None:
            self.full += 1
            rederive(state)

        monkeypatch.setattr(SessionState, "_derive", counted_fold)
        monkeypatch.setattr(SessionState, "_rederive", counted_rederive)


def long_state(length: int) -> SessionState:
    """A session of `length` events that all change the state: scenes, clocks, combat."""
    state = SessionState()
    rng = random.Random(length)
    state.apply(Event(1, AT, kinds.START, {"name": "long fight"}))
    team = [{"cid": f"c{n}", "name": "", "kind": "npc", "ref": None, "health": 9} for n in range(4)]
    state.apply(Event(2, AT, kinds.ADD, {"combatants": team}))
    for seq in range(3, length + 1):
        kind = (SCENE, CLOCK, kinds.HARM, kinds.CONDITION)[seq % 4]
        state.apply(Event(seq, AT, kind, event_data(kind, rng)))
    return state


def undo_redo_folds(state: SessionState, counting: Counting) -> list[int]:
    """Folds per undo and redo for a GM's run of them: six undos, three redos, two undos."""
    per_step: list[int] = []
    for kind in [UNDO] * 6 + [REDO] * 3 + [UNDO] * 2:
        target = state.next_undo() if kind == UNDO else state.next_redo()
        assert target is not None
        before = counting.folds
        state.apply(Event(state.last_seq + 1, AT, kind, {"target": target.seq}))
        per_step.append(counting.folds - before)
    return per_step


def test_undo_and_redo_fold_a_bounded_number_of_events(monkeypatch: pytest.MonkeyPatch) -> None:
    short, long = long_state(1_000), long_state(10_000)
    counting = Counting(monkeypatch)
    at_1k = undo_redo_folds(short, counting)
    at_10k = undo_redo_folds(long, counting)
    assert counting.full == 0  # never the whole journal again
    assert max(at_1k + at_10k) <= CHECKPOINT_EVERY
    assert sum(at_10k) <= sum(at_1k) + CHECKPOINT_EVERY  # ten times the journal, not the cost
    # The latest scene or clock change is reversed without folding anything.
    for state in (short, long):
        target = state.next_undo()
        assert target is not None and target.kind in (SCENE, CLOCK, kinds.HARM, kinds.CONDITION)
    reference = FullReplay()
    for event in long.events:
        reference.apply(event)
    assert picture(long) == picture(reference)


def test_undoing_a_scene_a_clock_or_a_note_folds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    state = long_state(5_000)
    counting = Counting(monkeypatch)
    for seq, kind, data in [
        (5_001, SCENE, {"scene": "vault"}),
        (5_002, CLOCK, {"clock": "alarm", "delta": 1, "segments": 6}),
        (5_003, NOTE, {"text": "a note"}),
    ]:
        state.apply(Event(seq, AT, kind, data))
    before = counting.folds
    for seq in (5_004, 5_005, 5_006):
        target = state.next_undo()
        assert target is not None
        state.apply(Event(seq, AT, UNDO, {"target": target.seq}))
    assert counting.folds == before and counting.full == 0
    assert state.scene != "vault" and "alarm" not in state.clocks and "vault" not in state.visited


def test_reopening_folds_each_event_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reopen is linear: one undo in ten adds at most a checkpoint's worth of folds per undo."""
    journals = {
        n: list(journal(n, n, undo_share=0.1, keeper=SessionState)) for n in (2_000, 20_000)
    }
    counting = Counting(monkeypatch)
    for length, events in journals.items():
        counting.folds = 0
        SessionState().apply_all(events)
        undos = sum(1 for event in events if event.kind in (UNDO, REDO))
        assert undos > length // 20
        assert counting.full == 0
        assert counting.folds <= length + undos * CHECKPOINT_EVERY


def test_session_undo_touches_a_bounded_number_of_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the store: `Session.undo` and `redo` on a long session fold a few events."""
    path = tmp_path / "long.sqlite"
    with Session.open(path, seed=5) as session:
        session.change_clock("alarm", 1, segments=4)
    rows = [event.to_row() for event in long_state(6_000).events]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO events (seq, at, kind, data, origin) VALUES (?, ?, ?, ?, ?)",
        [(seq + 10, at, kind, data, origin) for seq, at, kind, data, origin in rows],
    )
    connection.execute("COMMIT")
    connection.close()
    with Session.open(path) as session:
        counting = Counting(monkeypatch)
        for step in ("undo", "undo", "redo", "undo"):
            before = counting.folds
            assert getattr(session, step)() is not None
            assert counting.folds - before <= CHECKPOINT_EVERY
        assert counting.full == 0
