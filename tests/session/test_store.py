"""Sessions: the journal is the truth; resume, undo, several writers, crashes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest

from campaign.dice import compile as compile_dice
from campaign.loader import load_module
from campaign.scaffold import create_module
from campaign.session import Session, SessionError, list_sessions, session_path
from campaign.session.store import new_session_name


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "evening.sqlite"


def test_roll_is_replayable_from_its_event(path: Path) -> None:
    with Session.open(path, seed=1234) as session:
        event, roll = session.roll("4d6kh3+2", source="Kara: strength")
    stream = event.data["rng"]
    replay = compile_dice("4d6kh3+2").roll(random.Random(f"{stream['seed']}:{stream['stream']}"))
    assert replay.total == roll.total == event.data["total"]
    assert event.summary().startswith("Kara: strength: 4d6kh3")


def test_resume_restores_scene_clocks_journal_and_dice(path: Path) -> None:
    with Session.open(path, seed=99) as session:
        session.visit_scene("a1-concert-hall", "The concert hall")
        session.change_clock("kgb-alert", 2, name="KGB alert", segments=8)
        session.note("Kara's cello has a bullet hole")
        session.roll("2d6")
        journal = [event.summary() for event in session.state.journal()]
    with Session.open(path) as resumed:
        assert resumed.state.scene == "a1-concert-hall"
        assert resumed.state.clocks["kgb-alert"].filled == 2
        assert [event.summary() for event in resumed.state.journal()] == journal
        next_roll = resumed.roll("1d1000")[1].total
    # The next roll continues the seeded sequence: same seed, same position, same dice.
    with Session.open(path.with_name("twin.sqlite"), seed=99) as twin:
        for _ in range(4):
            twin.note("x")
        assert twin.roll("1d1000")[1].total == next_roll


def test_undo_and_redo_are_events_and_never_rewind_dice(path: Path) -> None:
    with Session.open(path, seed=5) as session:
        session.change_clock("storm", 1, segments=4)
        first = session.roll("1d1000")
        undo = session.undo()
        assert undo is not None and undo.data["target"] == first[0].seq
        assert first[0].seq not in [event.seq for event in session.state.journal()]
        second = session.roll("1d1000")
        assert second[0].data["rng"]["stream"] != first[0].data["rng"]["stream"]
        session.undo()  # the second roll
        session.undo()  # the clock
        assert "storm" not in session.state.clocks
        session.redo()
        assert session.state.clocks["storm"].filled == 1
        kinds = [event.kind for event in session.events()]
        assert kinds.count("undo") == 3 and kinds.count("redo") == 1
        count = len(session.events())
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM events").fetchone()[0] == count


def test_new_action_clears_redo(path: Path) -> None:
    with Session.open(path, seed=1) as session:
        session.note("one")
        session.undo()
        session.note("two")
        assert session.redo() is None
        assert [e.summary() for e in session.state.journal() if e.kind == "note"] == ["two"]


def test_undo_with_nothing_to_undo(path: Path) -> None:
    with Session.open(path, seed=1) as session:
        assert session.undo() is None
        assert session.redo() is None


def test_clock_clamps_and_starts_from_module_value(path: Path) -> None:
    with Session.open(path, seed=1) as session:
        session.change_clock("alert", 3, segments=4, start=2)
        assert session.state.clocks["alert"].filled == 4 and session.state.clocks["alert"].full
        session.change_clock("alert", -9, segments=4)
        assert session.state.clocks["alert"].filled == 0


def test_table_roll_is_journaled(tmp_path: Path, path: Path) -> None:
    module = load_module(create_module("m", tmp_path))
    with Session.open(path, module=module, seed=3) as session:
        event, result = session.roll_table(module, "cove-events")
        assert event.data["text"] == result.text
        assert session.meta["module_id"] == "m"
    assert Session.open(path).state.journal()[-1].data["table"] == "cove-events"


def test_two_writers_interleave_without_clashes(path: Path) -> None:
    first = Session.open(path, seed=7, origin="gm-screen")
    second = Session.open(path, origin="cli")
    streams = set()
    for index in range(20):
        writer = first if index % 2 else second
        streams.add(writer.roll("1d6")[0].data["rng"]["stream"])
    assert len(streams) == 20
    # Each writer caught up with the other before writing, so after one more
    # poll both hold the whole journal, in the same order as the file.
    first.poll()
    second.poll()
    on_disk = [event.seq for event in Session.open(path).events()]
    assert [event.seq for event in first.events()] == on_disk
    assert [event.seq for event in second.events()] == on_disk
    assert {event.origin.split(":")[0] for event in first.events()} >= {"gm-screen", "cli"}
    first.close()
    second.close()


def test_another_process_events_are_picked_up(path: Path) -> None:
    with Session.open(path, seed=11) as session:
        script = textwrap.dedent(
            f"""
            from campaign.session import Session
            with Session.open({str(path)!r}, origin="cli") as other:
                other.roll("2d6")
                other.note("from the shell")
            """
        )
        subprocess.run([sys.executable, "-c", script], check=True)
        fresh = session.poll()
        assert [event.kind for event in fresh] == ["roll", "note"]
        assert session.state.journal()[-1].data["text"] == "from the shell"


def test_killed_writer_loses_nothing_it_finished(path: Path) -> None:
    Session.open(path, seed=1).close()
    script = textwrap.dedent(
        f"""
        import sys
        from campaign.session import Session
        session = Session.open({str(path)!r}, origin="writer")
        while True:
            event = session.note("line")
            print(event.seq, flush=True)
        """
    )
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    finished: list[int] = []
    deadline = time.monotonic() + 30
    while len(finished) < 200 and time.monotonic() < deadline:
        finished.append(int(writer.stdout.readline()))
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert len(finished) == 200
    with Session.open(path) as session:
        seqs = {event.seq for event in session.events()}
    assert set(finished) <= seqs


def test_corrupt_file_is_refused_and_untouched(path: Path) -> None:
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 10)
    before = path.read_bytes()
    with pytest.raises(SessionError, match="not a campaign session"):
        Session.open(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused_and_untouched(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(SessionError, match="another program"):
        Session.open(path)
    assert path.read_bytes() == before


def test_damaged_session_is_refused(path: Path) -> None:
    Session.open(path, seed=1).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(SessionError):
        Session.open(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(path: Path) -> None:
    Session.open(path, seed=1).close()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version=99")
    with pytest.raises(SessionError, match="newer version"):
        Session.open(path)


def test_session_names_and_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert session_path("./here/x.sqlite") == Path("here/x.sqlite")
    assert session_path("friday.sqlite") == Path("friday.sqlite")
    named = session_path("friday")
    assert named.name == "friday.sqlite" and "sessions" in named.parts
    with pytest.raises(SessionError):
        session_path("")
    evening = datetime(1987, 6, 30, 20, 15)
    name = new_session_name("living-daylights", evening)
    assert name == "living-daylights-1987-06-30-2015"
    Session.open(session_path(name), seed=1).close()
    assert new_session_name("living-daylights", evening) == f"{name}-2"
    rows = list_sessions()
    assert [row["name"] for row in rows] == [name]
    assert rows[0]["events"] == 1
