"""Reading a session (check, listing, recap) leaves its folder exactly as it was; a
leftover -journal is named for what it is; read-only is not damage; a damaged time
is never shown raw."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from campaign.loader import load_module
from campaign.session import Session, SessionDamaged, check_session, list_sessions

MODULE_DIR = Path(__file__).resolve().parents[2] / "modules" / "drowned-bell"

NOBODY = 65534
JOURNAL_MAGIC = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in the folder and the sha256 of its bytes."""
    return {
        entry.name: hashlib.sha256(entry.read_bytes()).hexdigest()
        for entry in sorted(folder.iterdir())
    }


def _campaign(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if data is not None:
        env["XDG_DATA_HOME"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "campaign", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def evening(tmp_path: Path) -> Path:
    """A session as campaign leaves it after play: WAL mode, no -wal or -shm beside it."""
    path = tmp_path / "data" / "campaign" / "sessions" / "evening.sqlite"
    with Session.open(path, module=load_module(MODULE_DIR), seed=5) as session:
        for index in range(30):
            session.note(f"note {index}: the harbour lights go out one by one")
        session.roll("2d6")
    assert sorted(entry.name for entry in path.parent.iterdir()) == ["evening.sqlite"]
    return path


def test_reading_a_session_leaves_no_file_beside_it(evening: Path) -> None:
    """mode=ro on a WAL file made -wal and -shm and left them there."""
    before = folder_state(evening.parent)
    assert check_session(evening) == []
    assert [row["events"] for row in list_sessions(evening.parent)] == [32]
    with Session.open(evening, read_only=True) as session:
        assert len(session.events()) == 32
    assert folder_state(evening.parent) == before
    data = evening.parents[2]
    for args in (["sessions"], ["sessions", "--check", "evening"], ["recap", "evening"]):
        result = _campaign(*args, data=data)
        assert result.returncode == 0, (args, result.stderr)
        assert folder_state(evening.parent) == before, args


def test_unmerged_wal_is_read_without_making_its_shm(evening: Path, tmp_path: Path) -> None:
    """A writer that stopped before merging its -wal: its events count, nothing is made."""
    copy = tmp_path / "copy"
    copy.mkdir()
    with closing(sqlite3.connect(evening, isolation_level=None)) as writer:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute(
            "INSERT INTO events(at, kind, data, origin) VALUES (?, 'note', ?, 'x')",
            ("2026-12-06T03:10:00.000+00:00", '{"text": "only in the -wal"}'),
        )
        # The pair as a crash leaves it: the main file and an unmerged -wal, no -shm.
        shutil.copyfile(evening, copy / evening.name)
        shutil.copyfile(f"{evening}-wal", copy / f"{evening.name}-wal")
    shutil.copyfile(copy / evening.name, evening)
    shutil.copyfile(copy / f"{evening.name}-wal", f"{evening}-wal")
    Path(f"{evening}-shm").unlink(missing_ok=True)
    before = folder_state(evening.parent)
    assert check_session(evening) == []
    assert [row["events"] for row in list_sessions(evening.parent)] == [33]
    with Session.open(evening, read_only=True) as session:
        assert session.events()[-1].data == {"text": "only in the -wal"}
    assert folder_state(evening.parent) == before


def _journal_beside(path: Path, head: bytes) -> Path:
    journal = Path(f"{path}-journal")
    journal.write_bytes(head + random.Random(3).randbytes(4096 - len(head)))
    return journal


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x7f", "not a rollback journal (its header is garbage"),
        (JOURNAL_MAGIC, "holds a write that never finished"),
    ],
)
def test_a_journal_beside_the_session_is_named(evening: Path, head: bytes, expected: str) -> None:
    """It read 'the session file is damaged (attempt to write a readonly database)'."""
    journal = _journal_beside(evening, head)
    before = folder_state(evening.parent)
    with pytest.raises(SessionDamaged, match=expected.replace("(", r"\(")):
        Session.open(evening)
    problems = check_session(evening)
    assert len(problems) == 1 and expected in problems[0] and journal.name in problems[0]
    assert "readonly database" not in problems[0]
    for args in (["sessions", "--check", str(evening)], ["recap", str(evening)]):
        result = _campaign(*args)
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (args, lines)
    assert folder_state(evening.parent) == before


def test_a_journal_sqlite_would_not_replay_is_no_problem(evening: Path) -> None:
    """An empty -journal, or one starting with a zero byte, is one SQLite ignores."""
    journal = Path(f"{evening}-journal")
    journal.write_bytes(b"")
    assert check_session(evening) == []
    journal.write_bytes(bytes(512))
    assert check_session(evening) == []


def test_listing_never_shows_a_damaged_time(evening: Path) -> None:
    with closing(sqlite3.connect(evening, isolation_level=None)) as raw:
        raw.execute("UPDATE events SET at = 'not a time' WHERE seq = (SELECT MAX(seq) FROM events)")
        raw.execute("PRAGMA journal_mode=DELETE")
    (row,) = list_sessions(evening.parent)
    assert row["last_played_from"] == "file"
    assert row["last_played"].startswith("20")
    result = _campaign("sessions", data=evening.parents[2])
    assert result.returncode == 0, result.stderr
    assert "not a time" not in result.stdout
    assert "last played ? (the last event's time is damaged; file saved 20" in result.stdout


# --- a user who cannot write: real permissions, so run as an unprivileged user ---


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="campaign-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _as_reader(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop the write permission")
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "campaign", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_read_only_session_checks_ok_with_a_note(shared_dir: Path) -> None:
    """`sessions --check` exited 2 for a file that merely cannot be written."""
    folder = shared_dir / "sessions"
    folder.mkdir()
    path = folder / "evening.sqlite"
    with Session.open(path, module=load_module(MODULE_DIR), seed=3) as session:
        session.note("before the lights went out")
    path.chmod(0o444)
    folder.chmod(0o555)
    home = shared_dir / "home"
    home.mkdir()
    home.chmod(0o777)
    before = folder_state(folder)
    checked = _as_reader(["sessions", "--check", str(path)], home)
    assert checked.returncode == 0, checked.stderr
    assert "ok (2 events" in checked.stdout
    assert "read-only" in checked.stdout and "recapped" in checked.stdout
    assert "damaged" not in checked.stdout + checked.stderr
    recap = _as_reader(["recap", str(path)], home)
    assert recap.returncode == 0 and "before the lights went out" in recap.stdout
    assert folder_state(folder) == before


def test_the_gm_screens_session_list_leaves_no_file_beside_them(
    evening: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The launcher's survey reads each session's module path from the listing."""
    from campaign.tui.session_link import survey_sessions

    monkeypatch.setenv("XDG_DATA_HOME", str(evening.parents[2]))
    before = folder_state(evening.parent)
    rows = survey_sessions()
    assert rows and folder_state(evening.parent) == before
    assert any(row.module_path for row in rows)
