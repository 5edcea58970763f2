"""Module load + validate time against parsing the same YAML files with libyaml.

Builds a synthetic module (5,000 NPCs, 500 tables, one file each, plus a small
act) in a temporary folder, then measures, interleaved (one run of each per
repeat, back to back):

- baseline: read every YAML file and `yaml.load_all(..., CLoader)` it (PyYAML
  with libyaml, its fastest loader: parse and build Python objects, no checks);
- campaign: `load_module()` (read, parse with every safety limit, validate,
  compile every dice expression, cross-check references).

Every NPC carries a dice string no other NPC has (its damage roll), as a real
bestiary does, and the dice compile cache is cleared before each timed load,
so each load compiles its 5,000-odd expressions as a GM's first load of the
evening would; nothing is warmed up between runs. Times are CPU time of this
process (user + system): the machine may be shared, and time spent waiting
for another process is neither side's. The ratio is taken repeat by repeat;
min and median over repeats are printed.

Budget: vs_yaml_median_ratio <= 2.0.

    python bench/load.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from campaign.dice import compile as compile_dice
from campaign.loader import load_module
from campaign.scaffold import create_module

NPCS = 5_000
TABLES = 500
BUDGET = 2.0

NPC_TEMPLATE = """\
id: npc-{n}
name: Guard number {n}
role: A guard of the {n}th watch
tags: [guard, watch-{watch}]
description: >
  A tired guard in a rain-dark coat who has seen too many night shifts and
  wants nothing more than a warm drink and a quiet watch.
secret: Takes bribes from the smugglers on odd-numbered nights.
attributes: {{body: {body}, mind: 1, spirit: 1}}
skills: {{fight: 2, search: 1}}
health: 3
attacks:
  - {{name: Cudgel, roll: "2d6+{bonus}", damage: "{damage}"}}
  - {{name: Crossbow, roll: "2d6+{bonus2} [aimed]", damage: "1d6"}}
traits:
  - Never leaves a post without being relieved.
  - {{name: Whistle, text: Calls 1d3 more guards when blown.}}
tactics: Blows the whistle first and fights second.
"""

TABLE_TEMPLATE = """\
id: table-{n}
title: Watch events {n}
roll: 2d6
entries:
  - {{range: 2-4, result: "A patrol of [[1d3]] guards", npcs: [{{npc: npc-{a}, count: "1d3"}}]}}
  - {{range: 5-6, result: A cart with a broken wheel blocks the lane.}}
  - {{range: 7, result: "Nothing but rain; roll [[1d6]] for the minutes that pass."}}
  - {{range: 8-9, result: A lantern goes out further up the street.}}
  - {{range: 10-12, result: "Another table", table: table-{next}}}
"""


SIDES = (4, 6, 8, 10, 12, 20)


def damage(n: int) -> str:
    """A damage roll no other NPC has: n = 60q + 10r + s gives (s+1)d(SIDES[r])+q."""
    return f"{n % 10 + 1}d{SIDES[n // 10 % 6]}+{n // 60}"


def build(root: Path) -> Path:
    folder = create_module("Bench Module", root)
    npcs = folder / "npcs"
    for n in range(NPCS):
        (npcs / f"npc-{n}.yaml").write_text(
            NPC_TEMPLATE.format(
                n=n, watch=n % 7, body=n % 4, bonus=n % 5, bonus2=n % 3, damage=damage(n)
            ),
            encoding="utf-8",
        )
    tables = folder / "tables"
    for n in range(TABLES):
        (tables / f"table-{n}.yaml").write_text(
            TABLE_TEMPLATE.format(n=n, a=n * 7 % NPCS, next=(n + 1) % TABLES),
            encoding="utf-8",
        )
    return folder


def baseline(folder: Path) -> int:
    loader = getattr(yaml, "CLoader", yaml.Loader)
    count = 0
    for path in sorted(folder.rglob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            count += sum(1 for _ in yaml.load_all(handle.read(), Loader=loader))
    return count


def campaign_load(folder: Path) -> int:
    module = load_module(folder)
    return len(module.npcs) + len(module.tables)


def cpu_seconds(function: Callable[[Path], int], folder: Path) -> float:
    started = time.process_time()
    function(folder)
    return time.process_time() - started


def measure(folder: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Seconds of each side per repeat, interleaved."""
    yaml_runs: list[float] = []
    campaign_runs: list[float] = []
    for _ in range(repeat):
        yaml_runs.append(cpu_seconds(baseline, folder))
        compile_dice.cache_clear()  # this load compiles every dice string afresh
        campaign_runs.append(cpu_seconds(campaign_load, folder))
    return yaml_runs, campaign_runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved runs of each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = build(Path(temporary))
        # A correctness check, not a warm-up: the cache is cleared before each timed load.
        assert campaign_load(folder) == NPCS + 1 + TABLES + 1
        yaml_runs, campaign_runs = measure(folder, max(1, args.repeat))
    ratios = [ours / theirs for ours, theirs in zip(campaign_runs, yaml_runs, strict=True)]
    median = statistics.median(ratios)
    result = {
        "npcs": NPCS,
        "tables": TABLES,
        "distinct_dice_strings": NPCS,
        "repeats": len(ratios),
        "yaml_cloader_s_median": round(statistics.median(yaml_runs), 4),
        "load_module_s_median": round(statistics.median(campaign_runs), 4),
        "vs_yaml_min_ratio": round(min(ratios), 3),
        "vs_yaml_median_ratio": round(median, 3),
        "budget_ratio": BUDGET,
        "within_budget": median <= BUDGET,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"synthetic module: {NPCS} NPCs (a distinct dice string each), {TABLES} tables; "
            f"CPU seconds, median of {len(ratios)} interleaved runs, dice cache cleared per run"
        )
        print(f"{'what':<36}{'seconds':>10}")
        print(f"{'yaml.load_all(CLoader), all files':<36}{result['yaml_cloader_s_median']:>10.3f}")
        print(f"{'load_module (parse+validate+refs)':<36}{result['load_module_s_median']:>10.3f}")
        print(f"vs_yaml_ratio min {min(ratios):.2f} median {median:.2f} (budget <= {BUDGET})")
    return 0 if median <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
