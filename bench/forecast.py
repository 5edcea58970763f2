"""Fight forecast speed: the numpy fast path against the plain Python reference loop.

Both play the very same model from the same plan (the same exact damage
tables, initiative and policies) and produce the same summary: each side's
chance to win, each fighter's chance to be taken out, rounds. In one run,
interleaved (each repeat times the fast path and the reference back to back),
CPU seconds of this process, min and median over repeats:

- fight_5v8: the bundled campaign's five pregens against eight KGB agents,
  10,000 runs each way (the issue's "5 against 8");
- duel: Bond against Necros, 10,000 runs each way.

The ratio is reference / fast (`vs_reference_ratio`, the median over repeats;
budget >= 10). Also printed: the 5v8 fast path's time (budget < 1 s) and, for
the duel, the exact Markov-chain chance against both simulations' figures.

    python bench/forecast.py [--json] [--repeat N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from campaign.forecast import forecast_plan, parse_spec, plan_for
from campaign.forecast.forecast import Engine
from campaign.forecast.plan import FightPlan
from campaign.loader import load_module
from campaign.paths import bundled_modules_dir

RATIO_BUDGET = 10.0
FAST_BUDGET_S = 1.0


def cpu_forecast(plan: FightPlan, runs: int, seed: int, engine: Engine) -> float:
    """CPU seconds of one forecast, summary included."""
    start = time.process_time()
    forecast_plan(plan, runs=runs, seed=seed, engine=engine)
    return time.process_time() - start


def measure(plan: FightPlan, runs: int, repeat: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"fast": [], "reference": []}
    forecast_plan(plan, runs=200, seed=0)  # imports numpy, warms the caches
    engines: tuple[Engine, Engine] = ("fast", "reference")
    for number in range(repeat):
        for engine in engines:
            times[engine].append(cpu_forecast(plan, runs, number, engine))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved repeats")
    parser.add_argument("--runs", type=int, default=10_000, help="fights per forecast")
    args = parser.parse_args()
    module = load_module(bundled_modules_dir() / "living-daylights")
    fights = {
        "fight_5v8": plan_for(module, parse_spec("kgb-agent:8")),
        "duel": plan_for(module, parse_spec("necros"), agents=parse_spec("pc-bond")),
    }
    result: dict[str, object] = {"runs": args.runs, "repeat": args.repeat}
    ratios: list[float] = []
    for name, plan in fights.items():
        times = measure(plan, args.runs, args.repeat)
        per_repeat = [r / f for f, r in zip(times["fast"], times["reference"], strict=True)]
        ratios.append(statistics.median(per_repeat))
        result[name] = {
            engine: {"min_s": round(min(v), 4), "median_s": round(statistics.median(v), 4)}
            for engine, v in times.items()
        }
        result[f"{name}_vs_reference_ratio"] = round(statistics.median(per_repeat), 2)
    duel = fights["duel"]
    fast = forecast_plan(duel, runs=args.runs, seed=1)
    reference = forecast_plan(duel, runs=args.runs, seed=1, engine="reference")
    result["duel_exact_agents_win"] = round(fast.exact_agents_win or 0.0, 4)
    result["duel_fast_agents_win"] = fast.agents_win.to_dict()
    result["duel_reference_agents_win"] = reference.agents_win.to_dict()
    result["vs_reference_ratio"] = round(min(ratios), 2)
    fast_5v8 = statistics.median(result["fight_5v8"]["fast"].values())  # type: ignore[index]
    within = min(ratios) >= RATIO_BUDGET and fast_5v8 < FAST_BUDGET_S
    result["within_budget"] = within
    if args.json:
        print(json.dumps(result))
        return 0 if within else 1
    print(f"{args.runs:,} runs per forecast, {args.repeat} interleaved repeats, CPU seconds")
    print(
        f"{'fight':<12}{'fast min':>10}{'median':>9}{'reference min':>15}{'median':>9}{'ratio':>8}"
    )
    for name in fights:
        row = result[name]
        assert isinstance(row, dict)
        print(
            f"{name:<12}{row['fast']['min_s']:>10.3f}{row['fast']['median_s']:>9.3f}"
            f"{row['reference']['min_s']:>15.3f}{row['reference']['median_s']:>9.3f}"
            f"{result[name + '_vs_reference_ratio']:>8.1f}"
        )
    exact = result["duel_exact_agents_win"]
    for label, figure in (("fast", fast.agents_win), ("reference", reference.agents_win)):
        print(
            f"duel, agents win: exact {exact:.4f}; {label} {figure.p:.4f} "
            f"({figure.low:.4f}-{figure.high:.4f})"
        )
    verdict = "ok" if within else "OVER BUDGET"
    print(
        f"vs_reference_ratio {min(ratios):.1f} (budget >= {RATIO_BUDGET}); "
        f"5v8 fast {fast_5v8:.3f} s (budget < {FAST_BUDGET_S} s): {verdict}"
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
