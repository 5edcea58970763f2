"""Reading a journal: `parse` is `json.loads`, value for value and error for error; the
cycle collector is paused while a whole journal is read, and on again after."""

from __future__ import annotations

import gc
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign.session import Session, SessionDamaged
from campaign.session.events import Event, encode, parse

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


def outcome(function: Any, text: object) -> tuple[str, Any]:
    try:
        return "value", function(text)
    except (ValueError, TypeError, RecursionError) as error:
        return type(error).__name__, str(error)


@given(value=st.dictionaries(st.text(max_size=8), json_values, max_size=5))
def test_rows_as_the_journal_writes_them(value: dict[str, Any]) -> None:
    text = encode(value)
    assert parse(text) == json.loads(text) == value


@given(
    text=st.one_of(
        st.text(max_size=40),
        st.builds(
            lambda value, before, after: before + json.dumps(value) + after,
            json_values,
            st.sampled_from(["", " ", "\n", "\ufeff", "x"]),
            st.sampled_from(["", " ", "\t\n", "}", ",1", "x"]),
        ),
    )
)
def test_any_text_gives_what_json_loads_gives(text: str) -> None:
    assert outcome(parse, text) == outcome(json.loads, text)


@pytest.mark.parametrize(
    "text", [None, 7, 2.5, b'{"a": 1}', b"\xff", "NaN", "[" * 100_000 + "]" * 100_000, ""]
)
def test_what_a_damaged_row_holds_gives_what_json_loads_gives(text: object) -> None:
    assert outcome(parse, text) == outcome(json.loads, text)


# --- the collector is paused while a journal is read, and only then ------------------


def test_reopening_pauses_the_cycle_collector_and_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "evening.sqlite"
    with Session.open(path, seed=3) as session:
        session.note("the courier is late")
    seen: list[bool] = []
    fold = Session._apply

    def watched(session: Session, events: list[Event]) -> None:
        seen.append(gc.isenabled())
        fold(session, events)

    monkeypatch.setattr(Session, "_apply", watched)
    assert gc.isenabled()
    with Session.open(path) as session:
        assert gc.isenabled()  # on again once the journal is read
        session.poll()  # a few events from another process: the collector stays on
    assert seen == [False, True]
    gc.disable()
    try:
        Session.open(path).close()
        assert not gc.isenabled()  # off before, so left off
    finally:
        gc.enable()


def test_a_damaged_journal_leaves_the_collector_on(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    with Session.open(path, seed=3) as session:
        session.note("fine")
    connection = sqlite3.connect(path)
    connection.execute("UPDATE events SET data = '{broken' WHERE kind = 'note'")
    connection.commit()
    connection.close()
    with pytest.raises(SessionDamaged, match="not JSON"):
        Session.open(path)
    assert gc.isenabled()
