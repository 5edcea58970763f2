"""Search speed: fuzzy names per keystroke, and a full-text query of a module.

In one run:

- fuzzy: 5,000 synthetic NPC names; a 6-letter query typed one character at a
  time, each prefix matched against every name, with `campaign.search.FuzzyNames`
  (all names lowercased and joined once: one regex scan per keystroke, only
  matches scored) and with Textual's own `textual.fuzzy.Matcher` (what the
  command palette uses: one `match()` per name). Per-keystroke time is the
  median over several rounds of the mean over the six prefixes.
- full text: `SearchIndex.search` of a phrase over the bundled module
  (the index built once, as the GM screen does; build time reported too).

Budget: ours per keystroke no slower than Matcher (`vs_matcher_ratio` <= 1).

    python bench/search.py [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from textual.fuzzy import Matcher

from campaign.loader import load_module
from campaign.search import FuzzyNames, SearchIndex

NAMES = 5_000
QUERY = "koskov"
ROUNDS = 7
PHRASE = "cello case"
MODULE = Path(__file__).resolve().parent.parent / "modules" / "living-daylights"

FIRST = [
    "Georgi",
    "Leonid",
    "Kara",
    "Brad",
    "Felix",
    "Saunders",
    "Necros",
    "Anatol",
    "Rosika",
    "Kamran",
    "Jaws",
    "Ilse",
    "Boris",
    "Miles",
    "Pyotr",
    "Olga",
    "Dmitri",
    "Elena",
    "Yuri",
]
LAST = [
    "Koskov",
    "Pushkin",
    "Milovy",
    "Whitaker",
    "Leiter",
    "Gogol",
    "Miklos",
    "Shah",
    "Orlov",
    "Petrov",
    "Ivanova",
    "Hargreaves",
    "Trevail",
    "Moneypenny",
    "Karpov",
    "Volkov",
    "Sokolov",
]
ROLES = ["guard", "courier", "sniper", "clerk", "driver", "colonel", "agent", "smuggler"]


def synthetic_names(count: int, seed: int = 1987) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(FIRST)} {rng.choice(LAST)} the {rng.choice(ROLES)} {number}"
        for number in range(count)
    ]


def per_keystroke_ours(names: list[str]) -> float:
    fuzzy = FuzzyNames((name, index) for index, name in enumerate(names))
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for end in range(1, len(QUERY) + 1):
            fuzzy.match(QUERY[:end])
        rounds.append((time.perf_counter() - start) / len(QUERY))
    return statistics.median(rounds) * 1000


def per_keystroke_matcher(names: list[str]) -> float:
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for end in range(1, len(QUERY) + 1):
            matcher = Matcher(QUERY[:end])
            scored = [(score, name) for name in names if (score := matcher.match(name)) > 0]
            scored.sort(reverse=True)
        rounds.append((time.perf_counter() - start) / len(QUERY))
    return statistics.median(rounds) * 1000


def fulltext() -> tuple[float, float, int]:
    module = load_module(MODULE)
    start = time.perf_counter()
    index = SearchIndex.build(module)
    build_ms = (time.perf_counter() - start) * 1000
    samples = []
    hits = []
    for _ in range(ROUNDS * 3):
        start = time.perf_counter()
        hits = index.search(PHRASE)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000, build_ms, len(hits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    options = parser.parse_args(argv)

    names = synthetic_names(NAMES)
    ours = per_keystroke_ours(names)
    theirs = per_keystroke_matcher(names)
    query_ms, build_ms, hits = fulltext()
    result = {
        "names": NAMES,
        "query": QUERY,
        "per_keystroke_ms": round(ours, 3),
        "matcher_per_keystroke_ms": round(theirs, 3),
        "vs_matcher_ratio": round(ours / theirs, 3),
        "fulltext_ms": round(query_ms, 3),
        "fulltext_index_build_ms": round(build_ms, 3),
        "fulltext_hits": hits,
    }
    within = ours <= theirs
    if options.json:
        print(json.dumps(result, indent=2))
    else:
        rows = [
            ("fuzzy, campaign.search.FuzzyNames", f"{ours:.3f} ms / keystroke"),
            ("fuzzy, textual.fuzzy.Matcher", f"{theirs:.3f} ms / keystroke"),
            ("ratio (ours / Matcher, budget <= 1)", f"{ours / theirs:.3f}"),
            (f"full text '{PHRASE}' ({hits} hits)", f"{query_ms:.3f} ms"),
            ("full-text index build", f"{build_ms:.3f} ms"),
        ]
        width = max(len(label) for label, _ in rows)
        print(f"{NAMES:,} names, query '{QUERY}' typed one letter at a time")
        for label, value in rows:
            print(f"  {label:<{width}}  {value:>22}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
