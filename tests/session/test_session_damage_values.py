"""Damage found by a hostile review: a clock number that is not a whole number, and a
session whose dice seed is gone, are refused as damage, and the file stays as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from campaign.loader import load_module
from campaign.session import Session, SessionDamaged
from campaign.session.catalog import check_session

MODULE = load_module(Path(__file__).resolve().parents[2] / "modules" / "drowned-bell")


def evening(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite"
    with Session.open(path, module=MODULE, seed=3) as session:
        session.note("before")
        session.change_clock("tide", 1, name="The tide", segments=6)
        session.note("after")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "delta", ["Infinity", '"3"', "2.5", "true", "1e308", "-9223372036854775809"]
)
def test_a_clock_delta_that_is_not_a_whole_number_is_damage(tmp_path: Path, delta: str) -> None:
    path = evening(tmp_path)
    with closing(sqlite3.connect(path)) as connection, connection:
        seq, data = connection.execute(
            "SELECT seq, data FROM events WHERE kind = 'clock'"
        ).fetchone()
        fields = json.loads(data)
        fields["delta"] = "@@"
        damaged = json.dumps(fields).replace('"@@"', delta)
        connection.execute("UPDATE events SET data = ? WHERE seq = ?", (damaged, seq))
    before = digest(path)
    with pytest.raises(SessionDamaged, match=r"event \d+ \(clock\) is damaged \(clock delta"):
        Session.open(path)
    problems = check_session(path)
    assert problems and "clock delta" in problems[0]
    assert digest(path) == before


def test_a_session_without_its_seed_is_damage_and_is_not_written(tmp_path: Path) -> None:
    path = evening(tmp_path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("DELETE FROM meta WHERE key = 'seed'")
    before = digest(path)
    with pytest.raises(SessionDamaged, match="dice seed is missing"):
        Session.open(path)
    assert digest(path) == before
