"""Spotlight count: for each act, which pregen is best at how many checks.

    .venv/bin/python scripts/spotlight.py living-daylights [--json]

A pregen is "best" at a check when no other pregen has a better chance of a
success or better there (a check that needs no roll counts as certain). Each
cell reads "best/sole": ties are shared in the first number, and the second
counts only the checks where that pregen alone is best (its spotlight). The
figures are lint's own (`campaign.lint.all_check_odds`), so they are the odds
the table shows.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict

from campaign.lint import CheckOdds, all_check_odds
from campaign.loader import load_module
from campaign.loader.discovery import find_module

# Chances closer than this count as equal (float noise from the exact odds).
_SAME = 1e-9


def best_pregens(check: CheckOdds) -> list[str]:
    """The pregens with the highest chance of success at a check (ties shared)."""
    if not check.chances:
        return []
    top = max(chance.success for chance in check.chances)
    return [chance.pc for chance in check.chances if chance.success >= top - _SAME]


def spotlight(checks: list[CheckOdds], *, sole: bool = False) -> dict[str, Counter[str]]:
    """Act id -> pregen id -> how many of the act's checks that pregen is best at
    (with `sole`, only those where no other pregen ties with it)."""
    by_act: dict[str, Counter[str]] = defaultdict(Counter)
    for check in checks:
        best = best_pregens(check)
        if not sole or len(best) == 1:
            by_act[check.act].update(best)
    return dict(by_act)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="module folder or id")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    module = load_module(find_module(args.module))
    checks = all_check_odds(module)
    pcs = list(module.pcs)
    acts = sorted({check.act for check in checks}, key=lambda act: module.acts[act].number)
    shared, alone = spotlight(checks), spotlight(checks, sole=True)
    totals: dict[str, Counter[str]] = {"best": Counter(), "sole": Counter()}
    for act in acts:
        totals["best"].update(shared.get(act, Counter()))
        totals["sole"].update(alone.get(act, Counter()))
    if args.json:
        data = {"checks": len(checks), "best": shared, "sole": alone, "total": totals}
        print(json.dumps(data, indent=1))
        return
    width = max(len(pc) for pc in pcs)
    print(f"{len(checks)} checks; each cell: best at (ties shared) / sole best")
    print(f"{'act':8}" + "".join(f"{pc:>{width + 1}}" for pc in pcs) + "  checks  no sole best")
    for act in acts:
        best, sole = shared.get(act, Counter()), alone.get(act, Counter())
        missing = [pc for pc in pcs if not sole[pc]]
        count = sum(1 for check in checks if check.act == act)
        cells = "".join(f"{f'{best[pc]}/{sole[pc]}':>{width + 1}}" for pc in pcs)
        print(f"{act:8}{cells}  {count:>6}  {', '.join(missing) or '-'}")
    best, sole = totals["best"], totals["sole"]
    cells = "".join(f"{f'{best[pc]}/{sole[pc]}':>{width + 1}}" for pc in pcs)
    print(f"{'total':8}{cells}")


if __name__ == "__main__":
    main()
