"""Reading a journal row's data: `parse` is `json.loads`, value for value and error for error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign.session.events import encode, parse

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
