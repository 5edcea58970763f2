"""Table results limited to acts: rolled again outside them, checked where written, and
rolled in the act of the session's current scene."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from campaign.errors import ModuleError
from campaign.lint import lint_module
from campaign.loader import load_module
from campaign.scaffold import create_module
from campaign.session import Session
from campaign.tables import TableError, roll_table


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    folder = create_module("starter", tmp_path)
    table = folder / "tables" / "cove-events.yaml"
    text = table.read_text(encoding="utf-8").replace(
        '"Smugglers on the path."', '"Smugglers on the path.", acts: [2]'
    )
    table.write_text(text, encoding="utf-8")
    return folder


def test_an_act_that_does_not_exist_is_a_located_problem(starter: Path) -> None:
    # The starter has one act (number 1): act 2 is not there yet, which is a located problem.
    with pytest.raises(ModuleError) as caught:
        load_module(starter)
    (problem,) = [str(p) for p in caught.value.problems]
    assert "cove-events.yaml" in problem and "entries[1].acts[0]: no act number 2" in problem


def test_rolled_in_act_1_the_act_2_result_is_rolled_again(starter: Path, tmp_path: Path) -> None:
    table = starter / "tables" / "cove-events.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("acts: [2]", "acts: [1]"))
    module = load_module(starter)
    counts = Counter(
        roll_table(module, "cove-events", random.Random(seed), act=1).entry_index
        for seed in range(300)
    )
    assert counts[1] > 0  # allowed in act 1
    elsewhere = Counter(
        roll_table(module, "cove-events", random.Random(seed), act=3).entry_index
        for seed in range(300)
    )
    assert elsewhere[1] == 0 and set(elsewhere) == {0, 2}
    # The others keep their relative odds: 1-2 and 5-6 on a d6, each now one half.
    assert 100 < elsewhere[0] < 200
    report = lint_module(module)
    assert any("[acts 1]" in entry.result for table in report.tables for entry in table.entries)
    with Session.open(tmp_path / "s.sqlite", module=module, seed=1) as session:
        session.visit_scene("lighthouse-door")
        event, _ = session.roll_table(module, "cove-events")
        assert event.data["act"] == 1


def test_a_table_with_nothing_for_the_act_says_so(starter: Path) -> None:
    table = starter / "tables" / "cove-events.yaml"
    text = table.read_text(encoding="utf-8").replace("acts: [2]", "acts: [1]")
    text = text.replace("range: 1-2, result", "range: 1-2, acts: [1], result").replace(
        "range: 5-6, result", "range: 5-6, acts: [1], result"
    )
    table.write_text(text, encoding="utf-8")
    module = load_module(starter)
    with pytest.raises(TableError, match="none of its results can come up in act 4"):
        roll_table(module, "cove-events", random.Random(1), act=4)
