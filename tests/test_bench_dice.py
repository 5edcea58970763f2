"""bench/dice.py compares like with like (issue 20): each library's spelling
rolls the same dice as the engine's, and each reader sees the whole breakdown."""

from __future__ import annotations

import importlib.util
import random
import statistics
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # dice 4.0.0 and pyparsing

BENCH = Path(__file__).resolve().parent.parent / "bench" / "dice.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    pytest.importorskip("d20")
    saved = list(sys.path)
    spec = importlib.util.spec_from_file_location("bench_dice", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        spec.loader.exec_module(module)
    sys.path[:] = saved  # the script drops its own folder from sys.path
    return module


def test_every_spelling_rolls_the_same_dice(bench: ModuleType) -> None:
    """Same mean total and same mean number of dice thrown, within sampling error.

    `10d10>=8` is left out of d20's totals: d20 sums the dice it keeps there
    (the module docstring says so); the dice are the same.
    """
    random.seed(20)
    for ours, d20_text, dice_text, _ in bench.CASES:
        calls = bench.contenders(ours, d20_text, dice_text)
        samples: dict[str, list[Any]] = {
            name: [calls[name]() for _ in range(1500)] for name in ("engine", "d20")
        }
        engine_totals = [total for total, _ in samples["engine"]]
        d20_totals = [total for total, _ in samples["d20"]]
        spread = statistics.pstdev(engine_totals) or 1.0
        if ours != "10d10>=8":
            gap = abs(statistics.fmean(engine_totals) - statistics.fmean(d20_totals))
            assert gap < 5 * spread / 1500**0.5 * 2**0.5, ours
        engine_dice = statistics.fmean(len(faces) for _, faces in samples["engine"])
        d20_dice = statistics.fmean(len(faces) for _, faces in samples["d20"])
        assert abs(engine_dice - d20_dice) < 0.1 * engine_dice, ours
        # `dice` counts successes as the engine does, so every total compares.
        dice_total = statistics.fmean(calls["dice_parsed_once"]()[0] for _ in range(1500))
        gap = abs(dice_total - statistics.fmean(engine_totals))
        assert gap < 5 * spread / 1500**0.5 * 2**0.5, ours


def test_the_d20_reader_sees_every_throw(bench: ModuleType) -> None:
    import d20

    random.seed(3)
    for _ in range(200):
        result = d20.roll("8d6e6")
        total, faces = bench.read_d20(result)
        assert total == sum(face for face, kept in faces if kept)
        assert len(faces) == 8 + sum(face == 6 for face, _ in faces)
        total, faces = bench.read_d20(d20.roll("4d6rr1"))
        assert len([kept for _, kept in faces if kept]) == 4
        assert all(face != 1 for face, kept in faces if kept)


def test_one_case_reports_min_and_median_ratios(bench: ModuleType) -> None:
    row = bench.case_row(("8d6!", "8d6e6", "8d6x", "general"), repeats=2)
    ratios = {key: value for key, value in row.items() if key.endswith("_ratio")}
    assert set(ratios) == {
        f"vs_{name}_{stat}_ratio"
        for name in ("d20", "dice_parsed_once", "dice_roll")
        for stat in ("min", "median")
    }
    assert all(value > 0 for value in ratios.values())
    assert row["vs_d20_min_ratio"] <= row["vs_d20_median_ratio"]
