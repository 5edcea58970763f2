"""A damaged, foreign, empty or read-only session file is named for what it is,
one line, and its bytes are never changed."""

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

from campaign.session import (
    Session,
    SessionDamaged,
    SessionError,
    SessionReadOnly,
    check_session,
)

NOBODY = 65534


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def played(tmp_path: Path) -> Path:
    """A session with a few events, checkpointed so the main file holds them all."""
    path = tmp_path / "evening.sqlite"
    with Session.open(path, seed=7) as session:
        for index in range(200):
            session.note(f"note {index}: " + "the cellist looks over her shoulder " * 4)
        session.change_clock("alarm", 1, segments=4)
        session.roll("2d6")
    _raw(path, ("PRAGMA journal_mode=DELETE", ()))
    return path


def _raw(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Run SQL on the file as another program would, and close it again."""
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        for sql, parameters in statements:
            raw.execute(sql, parameters)


def _rewrite_event(path: Path, seq: int, data: str) -> None:
    """Change one row as a crash or a careless editor would, outside campaign."""
    _raw(
        path,
        ("UPDATE events SET data = ? WHERE seq = ?", (data, seq)),
        ("PRAGMA journal_mode=DELETE", ()),
    )


def test_empty_file_is_refused_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with pytest.raises(SessionDamaged, match="an empty file"):
        Session.open(path)
    assert path.read_bytes() == b""
    assert check_session(path) and "empty file" in check_session(path)[0]


def test_random_bytes_in_a_used_page_are_damage(played: Path) -> None:
    data = bytearray(played.read_bytes())
    assert len(data) > 3 * 4096
    data[2 * 4096 : 3 * 4096] = random.Random(1).randbytes(4096)
    played.write_bytes(bytes(data))
    before = digest(played)
    for read_only in (False, True):
        with pytest.raises(SessionDamaged, match="damaged"):
            Session.open(played, read_only=read_only)
    problems = check_session(played)
    assert len(problems) == 1 and "damaged" in problems[0]
    assert digest(played) == before


def test_event_with_bad_json_is_named_by_its_number(played: Path) -> None:
    _rewrite_event(played, 12, "{not json")
    before = digest(played)
    with pytest.raises(SessionDamaged, match=r"event 12 \(note\) is damaged"):
        Session.open(played)
    assert check_session(played) == [
        f"{played}: event 12 (note) is damaged (not JSON: "
        "Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"
    ]
    assert digest(played) == before


def test_clock_with_a_word_for_a_delta_is_damage(played: Path) -> None:
    with closing(sqlite3.connect(played)) as raw:
        seq = raw.execute("SELECT seq FROM events WHERE kind = 'clock'").fetchone()[0]
    _rewrite_event(played, seq, '{"clock": "alarm", "delta": "lots", "segments": 4}')
    before = digest(played)
    with pytest.raises(SessionDamaged, match=rf"event {seq} \(clock\) is damaged"):
        Session.open(played)
    problems = check_session(played)
    assert len(problems) == 1 and f"event {seq} (clock) is damaged" in problems[0]
    assert digest(played) == before


def test_sound_session_checks_clean(played: Path) -> None:
    before = digest(played)
    assert check_session(played) == []
    assert digest(played) == before


def test_a_missing_folder_behind_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    with pytest.raises(SessionError, match="a file stands where the sessions folder goes"):
        Session.open(tmp_path / "blocker" / "evening.sqlite")


def test_read_only_session_reads_and_refuses_writes(
    played: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the GM screen's rehearsal sees it: events readable, every write refused."""
    before = digest(played)
    with Session.open(played, read_only=True) as session:
        assert len(session.events()) > 200
        with pytest.raises(SessionReadOnly, match="read-only"):
            session.note("this must not land")
        with pytest.raises(SessionReadOnly):
            session.roll("1d6")
    assert digest(played) == before


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
    """`python -m campaign ARGS` as a user who may not write what root made read-only."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop the write permission")
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    return subprocess.run(
        [*prefix, sys.executable, "-m", "campaign", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _reader_home(shared_dir: Path) -> Path:
    home = shared_dir / "home"
    home.mkdir()
    home.chmod(0o777)
    return home


@pytest.mark.parametrize("where", ["file", "folder"])
def test_cannot_write_is_read_only_never_damaged(shared_dir: Path, where: str) -> None:
    folder = shared_dir / "sessions"
    folder.mkdir()
    path = folder / "evening.sqlite"
    with Session.open(path, seed=3) as session:
        session.note("before the lights went out")
    _raw(path, ("PRAGMA journal_mode=DELETE", ()))
    path.chmod(0o444)
    folder.chmod(0o555 if where == "folder" else 0o777)
    home = _reader_home(shared_dir)
    before = digest(path)
    rolled = _as_reader(["roll", "1d6", "--session", str(path)], home)
    assert rolled.returncode == 2, rolled.stderr
    assert "Traceback" not in rolled.stderr
    assert "read-only" in rolled.stderr and "damaged" not in rolled.stderr
    assert len(rolled.stderr.strip().splitlines()) == 1
    assert digest(path) == before


def _campaign(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campaign", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("damage", ["page", "row", "empty", "foreign"])
def test_commands_name_the_damage_in_one_line(played: Path, damage: str) -> None:
    if damage == "page":
        data = bytearray(played.read_bytes())
        data[2 * 4096 : 3 * 4096] = random.Random(2).randbytes(4096)
        played.write_bytes(bytes(data))
        expected = "damaged"
    elif damage == "row":
        _rewrite_event(played, 5, "[1, 2")
        expected = "event 5 (note) is damaged (not JSON"
    elif damage == "empty":
        played.write_bytes(b"")
        expected = "an empty file"
    else:
        played.write_bytes(b"PK\x03\x04 a zip file, not a session" * 40)
        expected = "not a campaign session"
    before = digest(played)
    for args in (
        ["roll", "1d6", "--session", str(played)],
        ["recap", str(played)],
        ["sessions", "--check", str(played)],
    ):
        result = _campaign(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (args, lines)
    assert digest(played) == before


def test_check_says_ok_for_a_sound_session(played: Path) -> None:
    result = _campaign("sessions", "--check", str(played))
    assert result.returncode == 0, result.stderr
    assert "ok (" in result.stdout and "events" in result.stdout


def test_a_dangling_link_or_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    link = tmp_path / "gone.sqlite"
    link.symlink_to(tmp_path / "nowhere.sqlite")
    with pytest.raises(SessionDamaged, match="a link to a file that is not there"):
        Session.open(link)
    pipe = tmp_path / "pipe.sqlite"
    os.mkfifo(pipe)
    with pytest.raises(SessionDamaged, match="not a regular file"):
        Session.open(pipe)  # opening a FIFO to read its header would block forever
    assert "not a regular file" in check_session(pipe)[0]
    assert not (tmp_path / "nowhere.sqlite").exists()


def test_listing_goes_on_past_a_bad_entry(tmp_path: Path, played: Path) -> None:
    from campaign.session import list_sessions

    (played.parent / "gone.sqlite").symlink_to(tmp_path / "nowhere.sqlite")
    rows = {row["name"]: row for row in list_sessions(played.parent)}
    assert "error" in rows["gone"] and "events" in rows["evening"]


def test_deep_event_data_is_damage_not_a_crash(played: Path) -> None:
    _rewrite_event(played, 7, '{"a":' * 100_000 + "1" + "}" * 100_000)
    before = digest(played)
    with pytest.raises(SessionDamaged, match=r"event 7 \(note\) is damaged \(nested too deep\)"):
        Session.open(played)
    assert "nested too deep" in check_session(played)[0]
    assert digest(played) == before


def test_event_data_that_is_not_an_object_is_damage_everywhere(played: Path) -> None:
    _rewrite_event(played, 4, "[1, 2]")
    before = digest(played)
    with pytest.raises(SessionDamaged, match=r"event 4 \(note\) is damaged \(not a JSON object\)"):
        Session.open(played)  # so nothing writes into it either
    assert digest(played) == before


def test_a_damaged_seed_is_refused_before_any_roll(played: Path) -> None:
    _raw(
        played,
        ("UPDATE meta SET value = 'banana' WHERE key = 'seed'", ()),
        ("PRAGMA journal_mode=DELETE", ()),
    )
    before = digest(played)
    with pytest.raises(SessionDamaged, match="dice seed is damaged"):
        Session.open(played)
    result = _campaign("roll", "1d6", "--session", str(played))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "dice seed is damaged" in check_session(played)[0]
    assert digest(played) == before
