"""Rolling on random tables: entry choice, nesting, inline dice, NPCs, re-rolls, CLI."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.loader import load_module
from campaign.model import Module
from campaign.scaffold import create_module
from campaign.tables import MAX_DEPTH, TableError, TableRoller, roll_table

TABLES = """\
id: streets
title: Street complications
roll: 2d6
entries:
  - {range: 2-4, result: "A tail: [[1d3]] watchers", npcs: [{npc: smuggler, count: "1d3"}]}
  - {range: 5-9, result: "Crowds: [[table:crowds]]"}
  - {range: 10-12, result: "A friend, [[npc:smuggler]] in disguise", table: omens}
---
id: crowds
title: Crowds
entries:
  - {weight: 3, result: A wedding procession}
  - {weight: 1, result: "A market brawl, [[2d4]] hurt"}
---
id: omens
title: Omens
roll: d66
entries:
  - {range: 11-36, result: A black cat}
  - {range: 41-66, result: A broken mirror}
---
id: loop-a
title: Loop A
roll: 1d1
entries:
  - {range: 1, result: "a", table: loop-b}
---
id: loop-b
title: Loop B
roll: 1d1
entries:
  - {range: 1, result: "b", table: loop-a}
"""


@pytest.fixture
def module(tmp_path: Path) -> Module:
    folder = create_module("tables", tmp_path)
    (folder / "tables/more.yaml").write_text(TABLES, encoding="utf-8")
    return load_module(folder)


def find_seed(module: Module, table: str, predicate: object) -> int:
    for seed in range(2000):
        if predicate(roll_table(module, table, random.Random(seed))):  # type: ignore[operator]
            return seed
    raise AssertionError("no seed found")


def test_ranged_entry_matches_die_total(module: Module) -> None:
    for seed in range(200):
        result = roll_table(module, "streets", random.Random(seed))
        low, high = result.entry.bounds or (0, 0)
        assert low <= result.roll.total <= high
        assert 2 <= result.roll.total <= 12


def test_same_seed_same_result(module: Module) -> None:
    first = roll_table(module, "streets", random.Random(42)).to_dict()
    second = roll_table(module, "streets", random.Random(42)).to_dict()
    assert first == second


def test_inline_dice_and_npc_counts(module: Module) -> None:
    seed = find_seed(module, "streets", lambda r: r.entry_index == 0)
    result = roll_table(module, "streets", random.Random(seed))
    [inline] = result.inline
    assert inline.expression == "1d3"
    assert 1 <= inline.roll.total <= 3
    assert result.text == f"A tail: {inline.roll.total} watchers"
    [npc] = result.npcs
    assert npc.name == "Cove Smuggler" and 1 <= npc.count <= 3


def test_nested_table_reference_fills_text_and_path(module: Module) -> None:
    seed = find_seed(module, "streets", lambda r: r.entry_index == 1)
    result = roll_table(module, "streets", random.Random(seed))
    [child] = result.nested
    assert child.table_id == "crowds" and child.depth == 1
    assert result.text == f"Crowds: {child.text}"
    assert [step.table_id for step in result.steps] == ["streets", "crowds"]
    assert "  Crowds (1d4 → " in result.render()


def test_entry_table_and_npc_reference(module: Module) -> None:
    seed = find_seed(module, "streets", lambda r: r.entry_index == 2)
    result = roll_table(module, "streets", random.Random(seed))
    assert result.text == "A friend, Cove Smuggler in disguise"
    [child] = result.nested
    assert child.table_id == "omens"
    assert child.roll.total in {10 * a + b for a in range(1, 7) for b in range(1, 7)}


def test_weighted_table_follows_weights(module: Module) -> None:
    rng = random.Random(7)
    roller = TableRoller(module, rng)
    counts = Counter(roller.roll("crowds").entry_index for _ in range(4000))
    assert 0.70 < counts[0] / 4000 < 0.80  # weight 3 of 4


def test_cycle_stops_at_max_depth(module: Module) -> None:
    result = roll_table(module, "loop-a", random.Random(1))
    steps = result.steps
    assert len(steps) == MAX_DEPTH + 1
    assert steps[-1].truncated


def test_reroll_one_step_keeps_the_rest(module: Module) -> None:
    seed = find_seed(module, "streets", lambda r: r.entry_index == 1)
    roller = TableRoller(module, random.Random(seed))
    result = roller.roll("streets")
    rerolled = result
    for _ in range(20):
        rerolled = roller.reroll_step(result, 1)
        if rerolled.nested[0].text != result.nested[0].text:
            break
    assert rerolled.roll is result.roll
    assert rerolled.nested[0] is not result.nested[0]
    assert rerolled.text == f"Crowds: {rerolled.nested[0].text}"
    with pytest.raises(TableError):
        roller.reroll_step(result, 5)


def test_unknown_table_did_you_mean(module: Module) -> None:
    with pytest.raises(TableError, match="did you mean 'streets'"):
        roll_table(module, "street", random.Random(1))


def test_cli_table_json_is_repeatable(module: Module, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["table", str(module.root), "streets", "--seed", "5", "--json"]
    assert main(arguments) == 0
    first = capsys.readouterr().out
    assert main(arguments) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert data["seed"] == 5 and data["table"] == "streets"
    assert data["text"]


def test_cli_table_text_and_errors(module: Module, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", str(module.root), "omens", "--seed", "1"]) == 0
    assert capsys.readouterr().out.startswith("Omens (d66 → ")
    assert main(["table", str(module.root), "nope"]) == 2
    assert "no table 'nope'" in capsys.readouterr().err
