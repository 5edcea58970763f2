"""Benchmark the dice engine against `d20` and `dice`, interleaved, in one run.

    .venv/bin/python bench/dice.py                # a table
    .venv/bin/python bench/dice.py --json         # one JSON object
    .venv/bin/python bench/dice.py --repeat 9     # more repeats (default 5)

Every library rolls the same dice and hands back its per-die breakdown, and
the benchmark reads it: the total and every die's face and kept state (d20
builds its breakdown as a tree and computes its total on access, so reading
both is what makes the two sides do the same work). Per call:

- engine: `compile(text).roll(rng)` — the compile cache lookup included, as
  `d20.roll(text)` includes d20's parse-cache lookup;
- d20: `d20.roll(text)`;
- dice parsed once: the `dice` package's parsed element, `.evaluate()`d;
- `dice.roll(text)`: `dice` as its README uses it, which re-parses every call
  (pyparsing) and is mostly parse time; shown, but not the baseline to judge by.

Interleaved: each repeat runs, for every expression, rounds of one short
slice per library back to back and adds each library's slices up, so drift
on a shared machine (other processes, frequency changes) hits every library
alike. A ratio is engine rolls/s over the other's, per repeat; the table and
JSON give the min and the median over repeats. Budget (issue #3, kept by
issue #20): geometric mean of the median engine/d20 ratios >= 5, and no
expression's median below 3, general-path ones (explode, reroll) included.
The script exits 1 when the budget is missed.

Spellings: d20 has no success counting, so for `10d10>=8` it rolls
`10d10k>7` (the same ten dice, the same per-die test, summed instead of
counted); `dice` counts with `10d10e8`. Reroll until not 1 is `4d6rr1` in d20;
`dice` has no repeating reroll, its `4d6rr1` draws the new face from 2..6
directly (the same distribution, one draw). Reroll once is `ro1` in d20 and
`r1` in `dice`; explode on the highest face is `e6`/`e10` in d20 and `x` in
`dice` (all three explode exploded dice again).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from campaign.dice import Roll
from campaign.dice import compile as compile_dice

# Run as a script, this file's folder comes first on sys.path and `import dice`
# would import this very file (bench/dice.py) instead of the `dice` package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

with warnings.catch_warnings():
    # dice 4.0.0 uses pyparsing's deprecated camelCase API.
    warnings.simplefilter("ignore", DeprecationWarning)
    import dice

d20: Any
try:
    import d20
except ImportError:  # the `bench` extra is not installed
    d20 = None

# (engine, d20, dice, path): the same roll in each notation
CASES = [
    ("3d6", "3d6", "3d6", "plain"),
    ("4d6kh3+2", "4d6kh3+2", "4d6h3+2", "keep"),
    ("2d20kh1+7", "2d20kh1+7", "2d20h1+7", "keep"),
    ("10d10>=8", "10d10k>7", "10d10e8", "success"),
    ("8d6", "8d6", "8d6", "plain"),
    ("8d6!", "8d6e6", "8d6x", "general"),
    ("4d6r1", "4d6rr1", "4d6rr1", "general"),
    ("6d10!", "6d10e10", "6d10x", "general"),
    ("10d6ro1", "10d6ro1", "10d6r1", "general"),
]
TYPICAL = "4d6kh3+2 [str]"
LONG = (
    "4d6kh3+2 [str] + 2d20kh1+7 [to hit] + 10d10>=8 [pool] + (1d8+1d6)*2 [fire] "
    "- 1d4r1 [bane] + 3d6!/2 [wild] + 4dF [fate] + d66 [table] + 6d6dl2 + 2d8 [ok]"
)  # 152 characters
BUDGET_GEOMEAN = 5.0
BUDGET_MINIMUM = 3.0
SLICE_S = 0.008
"""About how long one slice of one library runs."""
ROUNDS = 5
"""Slices per library per expression per repeat, alternated."""

Breakdown = tuple[int, list[tuple[int, bool]]]


# --- reading each library's breakdown ------------------------------------------------


def read_engine(roll: Roll) -> Breakdown:
    return roll.total, [(die.face, die.kept) for die in roll.dice]


def read_d20(result: Any) -> Breakdown:
    """d20's total (computed on access) and every die's throws from its tree."""
    faces: list[tuple[int, bool]] = []
    stack = [result.expr]
    while stack:
        node = stack.pop()
        if isinstance(node, d20.Dice):
            for die in node.values:
                faces.extend((literal.number, literal.kept and die.kept) for literal in die.values)
        else:
            stack.extend(node.children)
    return result.total, faces


def read_dice(result: Any) -> Breakdown:
    """`dice` gives a list of faces for a dice term (dropped dice removed) and a
    bare number once arithmetic or counting is applied."""
    if isinstance(result, list):
        return sum(result), [(face, True) for face in result]
    return int(result), []


# --- timing ----------------------------------------------------------------------------


def contenders(ours: str, d20_text: str, dice_text: str) -> dict[str, Callable[[], Breakdown]]:
    """One call each: roll once and read the breakdown."""
    rng = random.Random(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        elements = list(dice.parse_expression(dice_text))
    assert len(elements) == 1, dice_text
    element = elements[0]
    calls: dict[str, Callable[[], Breakdown]] = {
        "engine": lambda: read_engine(compile_dice(ours).roll(rng)),
    }
    if d20 is not None:
        calls["d20"] = lambda: read_d20(d20.roll(d20_text))
    calls["dice_parsed_once"] = lambda: read_dice(element.evaluate())
    calls["dice_roll"] = lambda: read_dice(dice.roll(dice_text))
    return calls


def run(call: Callable[[], object], count: int) -> float:
    # CPU time of this process: on a shared machine, time spent descheduled
    # while another process runs is not the library's.
    started = time.process_time()
    for _ in range(count):
        call()
    return time.process_time() - started


def slice_size(call: Callable[[], object]) -> int:
    """Calls that take about SLICE_S (at least 1)."""
    count = 1
    while True:
        elapsed = run(call, count)
        if elapsed >= SLICE_S / 4 or count >= 1 << 20:
            return max(1, round(count * SLICE_S / max(elapsed, 1e-9)))
        count *= 4


def measure_case(calls: dict[str, Callable[[], Breakdown]], repeats: int) -> dict[str, list[float]]:
    """Seconds per call of each library, one figure per repeat, interleaved."""
    sizes = {name: slice_size(call) for name, call in calls.items()}
    sizes["dice_roll"] = max(1, sizes["dice_roll"] // ROUNDS)  # slow: one slice's worth per repeat
    per_call: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        spent = dict.fromkeys(calls, 0.0)
        done = dict.fromkeys(calls, 0)
        for _ in range(ROUNDS):
            for name, call in calls.items():
                spent[name] += run(call, sizes[name])
                done[name] += sizes[name]
        for name in calls:
            per_call[name].append(spent[name] / done[name])
    return per_call


def ratios(engine: list[float], other: list[float]) -> list[float]:
    """Engine speed over the other's, repeat by repeat (the same repeat's slices)."""
    return [theirs / ours for ours, theirs in zip(engine, other, strict=True)]


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(value) for value in values) / len(values))


def compile_microseconds(text: str) -> float:
    """Uncached compile time (CPU): best mean over a few batches."""
    uncached = compile_dice.__wrapped__
    best = math.inf
    for _ in range(5):
        started = time.process_time()
        for _ in range(200):
            uncached(text)
        best = min(best, (time.process_time() - started) / 200)
    return best * 1e6


def case_row(case: tuple[str, str, str, str], repeats: int) -> dict[str, Any]:
    ours, d20_text, dice_text, path = case
    calls = contenders(ours, d20_text, dice_text)
    per_call = measure_case(calls, repeats)
    engine = per_call["engine"]
    row: dict[str, Any] = {
        "expression": ours,
        "d20_expression": d20_text,
        "dice_expression": dice_text,
        "path": path,
    }
    for name, seconds in per_call.items():
        row[f"{name}_us_median"] = round(statistics.median(seconds) * 1e6, 3)
    for name in ("d20", "dice_parsed_once", "dice_roll"):
        if name not in per_call:
            row[f"vs_{name}_min_ratio"] = row[f"vs_{name}_median_ratio"] = None
            continue
        each = ratios(engine, per_call[name])
        row[f"vs_{name}_min_ratio"] = round(min(each), 2)
        row[f"vs_{name}_median_ratio"] = round(statistics.median(each), 2)
    return row


def measure(repeats: int) -> dict[str, Any]:
    rows = [case_row(case, repeats) for case in CASES]
    result: dict[str, Any] = {"expressions": rows, "repeats": repeats}
    for name in ("d20", "dice_parsed_once", "dice_roll"):
        medians = [row[f"vs_{name}_median_ratio"] for row in rows]
        if None in medians:
            result[f"vs_{name}_geomean_ratio"] = result[f"vs_{name}_lowest_ratio"] = None
            continue
        result[f"vs_{name}_geomean_ratio"] = round(geomean(medians), 2)
        result[f"vs_{name}_lowest_ratio"] = min(medians)
        result[f"vs_{name}_lowest_min_ratio"] = min(row[f"vs_{name}_min_ratio"] for row in rows)
    general = [row["vs_d20_median_ratio"] for row in rows if row["path"] == "general"]
    result["general_vs_d20_lowest_ratio"] = None if None in general else min(general)
    geomean_d20, lowest_d20 = result["vs_d20_geomean_ratio"], result["vs_d20_lowest_ratio"]
    result["compile_us"] = {
        "typical": round(compile_microseconds(TYPICAL), 1),
        "typical_expression": TYPICAL,
        "long": round(compile_microseconds(LONG), 1),
        "long_characters": len(LONG),
    }
    result["budget"] = {"vs_d20_geomean": BUDGET_GEOMEAN, "vs_d20_lowest": BUDGET_MINIMUM}
    result["meets_budget"] = (
        None
        if geomean_d20 is None
        else geomean_d20 >= BUDGET_GEOMEAN and lowest_d20 >= BUDGET_MINIMUM
    )
    result["python"] = sys.version.split()[0]
    return result


# --- output ----------------------------------------------------------------------------


def ratio_cell(row: dict[str, Any], name: str) -> str:
    low, middle = row[f"vs_{name}_min_ratio"], row[f"vs_{name}_median_ratio"]
    return "n/a" if middle is None else f"{low:.1f}/{middle:.1f}x"


def print_table(result: dict[str, Any]) -> None:
    header = (
        f"{'expression':<11}{'path':<9}{'engine µs':>10}{'d20 µs':>9}"
        f"{'vs d20':>13}{'vs dice once':>15}{'vs dice.roll':>16}"
    )
    print(f"min/median over {result['repeats']} interleaved repeats; breakdown read every roll")
    print(header)
    print("-" * len(header))
    for row in result["expressions"]:
        d20_us = row.get("d20_us_median")
        print(
            f"{row['expression']:<11}{row['path']:<9}{row['engine_us_median']:>10.2f}"
            f"{'n/a' if d20_us is None else f'{d20_us:.2f}':>9}{ratio_cell(row, 'd20'):>13}"
            f"{ratio_cell(row, 'dice_parsed_once'):>15}{ratio_cell(row, 'dice_roll'):>16}"
        )
    print()
    if result["vs_d20_geomean_ratio"] is None:
        print("d20 is not installed (pip install -e '.[bench]'): no d20 column, no budget check")
    else:
        verdict = "meets" if result["meets_budget"] else "MISSES"
        print(
            f"vs d20: geomean {result['vs_d20_geomean_ratio']:.1f}x, lowest "
            f"{result['vs_d20_lowest_ratio']:.1f}x (general path lowest "
            f"{result['general_vs_d20_lowest_ratio']:.1f}x) — {verdict} the budget: "
            f">= {BUDGET_GEOMEAN:g}x geomean, none below {BUDGET_MINIMUM:g}x (medians)"
        )
    print(
        f"vs dice parsed once: geomean {result['vs_dice_parsed_once_geomean_ratio']:.1f}x, "
        f"lowest {result['vs_dice_parsed_once_lowest_ratio']:.1f}x; "
        f"vs dice.roll (re-parses): geomean {result['vs_dice_roll_geomean_ratio']:.0f}x"
    )
    timings = result["compile_us"]
    print(
        f"compile (uncached): {timings['typical']:.1f} µs for {TYPICAL!r}, "
        f"{timings['long']:.1f} µs for a {timings['long_characters']}-character expression"
    )
    print("spellings: d20 '10d10k>7' for '10d10>=8'; dice '10d10e8', '8d6x', '4d6rr1', '10d6r1'")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved repeats (default 5)")
    args = parser.parse_args()
    result = measure(max(1, args.repeat))
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
    return 1 if result["meets_budget"] is False else 0


if __name__ == "__main__":
    raise SystemExit(main())
