"""The session's scene read straight from its file (the first frame of `--session`
and `--continue`) is the scene `campaign.session` derives, and the file is only read."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from campaign import session_point
from campaign.errors import CampaignError
from campaign.session import Session, session_path, start_next_evening
from campaign.session import events as session_events
from campaign.session.continuity import CARRY
from campaign.session.integrity import APPLICATION_ID
from campaign.session_point import current_scene, session_file

SCENES = ["harbour", "lighthouse", "cellar", "cliff"]


def test_the_copies_match_the_session_layer() -> None:
    assert session_point.APPLICATION_ID == APPLICATION_ID
    assert session_point.SCENE == session_events.SCENE
    assert (session_point.UNDO, session_point.REDO) == (session_events.UNDO, session_events.REDO)
    assert session_point.CARRY == CARRY


@pytest.mark.parametrize("name", ["tuesday", "a/b.sqlite", "x.sqlite", "~/s/evening"])
def test_session_file_finds_what_session_path_finds(name: str) -> None:
    assert session_file(name) == session_path(name)


@pytest.mark.parametrize("name", ["", "  ", ".hidden"])
def test_a_name_that_is_no_sessions_is_refused_alike(name: str) -> None:
    assert session_file(name) is None
    with pytest.raises(CampaignError, match="is not a session name"):
        session_path(name)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_random_journals_give_the_scene_the_session_derives(tmp_path: Path) -> None:
    """Scene changes, undos, redos and rolls in random order: after each step the file
    read straight gives the scene `SessionState` folds (None there: the opening, '')."""
    rng = random.Random(20_261_206)
    for journal in range(12):
        path = tmp_path / f"evening-{journal}.sqlite"
        with Session.open(path, seed=journal) as session:
            for _ in range(rng.randint(5, 40)):
                step = rng.random()
                if step < 0.4:
                    session.visit_scene(rng.choice(SCENES))
                elif step < 0.6:
                    session.undo()
                elif step < 0.75:
                    session.redo()
                elif step < 0.9:
                    session.roll("d20")
                else:
                    session.note("the bell rang twice")
                session.poll()
                assert current_scene(path) == (session.state.scene or "")


def test_a_new_evening_starts_on_the_scene_carried_over(tmp_path: Path) -> None:
    with Session.open(tmp_path / "first.sqlite", seed=1) as first:
        first.visit_scene("cellar")
        first.visit_scene("cliff")
        first.undo()
        start_next_evening(first, tmp_path / "second.sqlite").close()
    assert current_scene(tmp_path / "second.sqlite") == "cellar"
    with Session.open(tmp_path / "second.sqlite") as second:
        assert second.state.scene == "cellar"
        second.visit_scene("harbour")
    assert current_scene(tmp_path / "second.sqlite") == "harbour"


def test_the_file_is_only_read(tmp_path: Path) -> None:
    path = tmp_path / "evening.sqlite"
    with Session.open(path, seed=1) as session:
        session.visit_scene("cliff")
    before = sorted(p.name for p in tmp_path.iterdir()), _digest(path)
    assert current_scene(path) == "cliff"
    assert (sorted(p.name for p in tmp_path.iterdir()), _digest(path)) == before


def test_anything_but_a_campaign_session_answers_none(tmp_path: Path) -> None:
    assert current_scene(tmp_path / "missing.sqlite") is None
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database", encoding="utf-8")
    assert current_scene(text) is None
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE events (seq INTEGER, kind TEXT, data TEXT)")
        connection.execute("INSERT INTO events VALUES (1, 'scene', '{\"scene\": \"x\"}')")
    connection.close()
    assert current_scene(other) is None  # no application id: another program's file
    assert current_scene(tmp_path) is None  # a folder


def test_damaged_event_data_answers_none(tmp_path: Path) -> None:
    path = tmp_path / "evening.sqlite"
    with Session.open(path, seed=1) as session:
        session.visit_scene("cliff")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE events SET data = '{broken' WHERE kind = 'scene'")
    connection.close()
    assert current_scene(path) is None
