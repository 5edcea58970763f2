"""Module load + validate time against parsing the same YAML files with libyaml.

Builds a synthetic module (5,000 NPCs, 500 tables, one file each, plus a small
act) in a temporary folder, then in one run measures, best of N:

- baseline: read every YAML file and `yaml.load(..., CLoader)` it;
- campaign: `load_module()` (read, parse, validate, cross-check).

Budget: vs_yaml_ratio <= 2.0.

    python bench/load.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import yaml

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
  - {{name: Cudgel, roll: "2d6+{bonus}", damage: "1d3+1"}}
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


def build(root: Path) -> Path:
    folder = create_module("Bench Module", root)
    npcs = folder / "npcs"
    for n in range(NPCS):
        (npcs / f"npc-{n}.yaml").write_text(
            NPC_TEMPLATE.format(n=n, watch=n % 7, body=n % 4, bonus=n % 5, bonus2=n % 3),
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


def best_of(repeat: int, function: object, folder: Path) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function(folder)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best taken")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = build(Path(temporary))
        assert campaign_load(folder) == NPCS + 1 + TABLES + 1
        yaml_s = campaign_s = float("inf")
        for _ in range(args.repeat):  # interleaved, so drift on a noisy machine hits both
            yaml_s = min(yaml_s, best_of(1, baseline, folder))
            campaign_s = min(campaign_s, best_of(1, campaign_load, folder))
    ratio = campaign_s / yaml_s
    result = {
        "npcs": NPCS,
        "tables": TABLES,
        "yaml_cloader_s": round(yaml_s, 4),
        "load_module_s": round(campaign_s, 4),
        "vs_yaml_ratio": round(ratio, 3),
        "budget_ratio": BUDGET,
        "within_budget": ratio <= BUDGET,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"synthetic module: {NPCS} NPCs, {TABLES} tables (one file each)")
        print(f"{'what':<36}{'seconds':>10}")
        print(f"{'yaml.load_all(CLoader), all files':<36}{yaml_s:>10.3f}")
        print(f"{'load_module (parse+validate+refs)':<36}{campaign_s:>10.3f}")
        print(f"vs_yaml_ratio {ratio:.2f} (budget <= {BUDGET})")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
