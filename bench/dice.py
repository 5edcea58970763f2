"""Benchmark the dice engine against `d20` and `dice` in one run.

    .venv/bin/python bench/dice.py          # a table
    .venv/bin/python bench/dice.py --json   # one JSON object

Each library rolls the same five expressions in the same loop shape (a bound
call in a `for` loop, timed with `time.perf_counter`, best of several
repeats). The engine is measured as the rest of campaign uses it:
`Expression.roll(rng)` with the full per-die breakdown. `dice.roll` re-parses
every call and manages a few hundred rolls a second, so it gets a short time
box. Budget (issue #3): geometric mean of engine/d20 >= 5, none below 3; the
script exits 1 when the budget is missed.

d20 has no success counting: for `10d10>=8` it rolls `10d10k>7`, the nearest
equivalent (the same ten dice, the same per-die test, but it sums the kept
dice instead of counting them). `dice` counts successes with `10d10e8`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

# (engine, d20, dice) spellings of the same roll
CASES = [
    ("3d6", "3d6", "3d6"),
    ("4d6kh3+2", "4d6kh3+2", "4d6h3+2"),
    ("2d20kh1+7", "2d20kh1+7", "2d20h1+7"),
    ("10d10>=8", "10d10k>7", "10d10e8"),
    ("8d6", "8d6", "8d6"),
]
TYPICAL = "4d6kh3+2 [str]"
LONG = (
    "4d6kh3+2 [str] + 2d20kh1+7 [to hit] + 10d10>=8 [pool] + (1d8+1d6)*2 [fire] "
    "- 1d4r1 [bane] + 3d6!/2 [wild] + 4dF [fate] + d66 [table] + 6d6dl2 + 2d8 [ok]"
)  # 152 characters
BUDGET_GEOMEAN = 5.0
BUDGET_MINIMUM = 3.0


def rolls_per_second(
    roll: Callable[[Any], object], argument: Any, seconds: float, repeats: int
) -> float:
    """Best rate over `repeats` runs of about `seconds` each."""
    best = 0.0
    for _ in range(repeats):
        batch, done, started = 16, 0, time.perf_counter()
        while True:
            for _ in range(batch):
                roll(argument)
            done += batch
            elapsed = time.perf_counter() - started
            if elapsed >= seconds:
                break
            batch = min(batch * 2, 4096)
        best = max(best, done / elapsed)
    return best


def compile_microseconds(text: str) -> float:
    """Uncached compile time: best mean over a few batches."""
    uncached = compile_dice.__wrapped__
    best = math.inf
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(200):
            uncached(text)
        best = min(best, (time.perf_counter() - started) / 200)
    return best * 1e6


def measure() -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for ours, d20_text, dice_text in CASES:
        expression = compile_dice(ours)
        engine = rolls_per_second(expression.roll, random.Random(1), 0.25, 3)
        theirs = rolls_per_second(d20.roll, d20_text, 0.25, 3) if d20 is not None else None
        slow = rolls_per_second(dice.roll, dice_text, 0.3, 1)
        rows.append(
            {
                "expression": ours,
                "d20_expression": d20_text,
                "dice_expression": dice_text,
                "engine_rolls_per_s": round(engine),
                "d20_rolls_per_s": None if theirs is None else round(theirs),
                "dice_rolls_per_s": round(slow),
                "vs_d20_ratio": None if theirs is None else round(engine / theirs, 2),
                "vs_dice_ratio": round(engine / slow, 1),
            }
        )
    d20_ratios = [row["vs_d20_ratio"] for row in rows if row["vs_d20_ratio"] is not None]
    geomean = (
        round(math.exp(sum(math.log(r) for r in d20_ratios) / len(d20_ratios)), 2)
        if d20_ratios
        else None
    )
    dice_geomean = math.exp(sum(math.log(row["vs_dice_ratio"]) for row in rows) / len(rows))
    return {
        "expressions": rows,
        "vs_d20_ratio_geomean": geomean,
        "vs_d20_ratio_min": min(d20_ratios) if d20_ratios else None,
        "vs_dice_ratio_geomean": round(dice_geomean, 1),
        "compile_us": {
            "typical": round(compile_microseconds(TYPICAL), 1),
            "typical_expression": TYPICAL,
            "long": round(compile_microseconds(LONG), 1),
            "long_characters": len(LONG),
        },
        "budget": {"vs_d20_geomean": BUDGET_GEOMEAN, "vs_d20_min": BUDGET_MINIMUM},
        "meets_budget": None
        if geomean is None
        else geomean >= BUDGET_GEOMEAN and min(d20_ratios) >= BUDGET_MINIMUM,
        "python": sys.version.split()[0],
    }


def print_table(result: dict[str, Any]) -> None:
    header = (
        f"{'expression':<12}{'engine/s':>12}{'d20/s':>12}{'dice/s':>10}{'vs d20':>9}{'vs dice':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in result["expressions"]:
        d20_rate = "n/a" if row["d20_rolls_per_s"] is None else f"{row['d20_rolls_per_s']:,}"
        ratio = "n/a" if row["vs_d20_ratio"] is None else f"{row['vs_d20_ratio']:.1f}x"
        print(
            f"{row['expression']:<12}{row['engine_rolls_per_s']:>12,}{d20_rate:>12}"
            f"{row['dice_rolls_per_s']:>10,}{ratio:>9}{row['vs_dice_ratio']:>8.0f}x"
        )
    print()
    if result["vs_d20_ratio_geomean"] is None:
        print("d20 is not installed (pip install -e '.[bench]'): no d20 column, no budget check")
    else:
        verdict = "meets" if result["meets_budget"] else "MISSES"
        print(
            f"vs d20: geomean {result['vs_d20_ratio_geomean']:.1f}x, "
            f"min {result['vs_d20_ratio_min']:.1f}x ({verdict} the budget: "
            f">= {BUDGET_GEOMEAN:g}x geomean, none below {BUDGET_MINIMUM:g}x)"
        )
    print(f"vs dice: geomean {result['vs_dice_ratio_geomean']:.0f}x")
    timings = result["compile_us"]
    print(
        f"compile (uncached): {timings['typical']:.1f} µs for {TYPICAL!r}, "
        f"{timings['long']:.1f} µs for a {timings['long_characters']}-character expression"
    )
    print("d20 rolls '10d10k>7' for '10d10>=8' (it cannot count successes); dice rolls '10d10e8'")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure()
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
    return 1 if result["meets_budget"] is False else 0


if __name__ == "__main__":
    raise SystemExit(main())
