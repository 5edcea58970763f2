"""Session journal speed: appending one event, and reopening long sessions with undos.

In one run, interleaved (each repeat times the project and its baseline back to
back, so drift on a noisy machine hits both alike), min and median over repeats:

- append: `Session.note()` (one BEGIN IMMEDIATE transaction that catches up,
  inserts and commits) vs a bare INSERT + COMMIT on a file with the same
  pragmas (WAL, synchronous=NORMAL);
- reopen: `Session.open()` of a session of 1,000 / 10,000 / 100,000 events,
  once with one undo in every ten events and once the same journal without
  undos, vs a bare `SELECT` of the same rows with `json.loads` of each row's
  data: the least any reader of the journal must do (both with the cycle
  collector paused, as `Session.open` pauses it).

Times are CPU seconds of this process. Ratios are taken within each repeat;
`--json` names them `*_ratio` (the median over repeats; `*_min_ratio` the
least). Budgets (medians): append < 2 ms; reopening 100,000 events with undos
<= 2x the same journal without undos (`undo_vs_plain_100k_ratio`) and <= 1.5 s.

    python bench/session.py [--json] [--repeat N] [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from campaign.dice import compile as compile_dice
from campaign.session import Session
from campaign.session.events import (
    CLOCK,
    NOTE,
    ROLL,
    SCENE,
    UNDO,
    Event,
    cycle_collection_paused,
)

SIZES = (1_000, 10_000, 100_000)
APPENDS = 400
APPEND_BUDGET_MS = 2.0
UNDO_RATIO_BUDGET = 2.0
UNDO_100K_BUDGET_S = 1.5
SEED = 7
AT = "2026-01-01T20:00:00.000+00:00"
ORIGIN = "gm-screen:bench:1"
PATTERN = (NOTE, ROLL, SCENE, ROLL, CLOCK, NOTE, ROLL, SCENE, CLOCK)
"""The nine events of each group of ten; the tenth is an undo (or, without undos, a note)."""


# --- building the journals ------------------------------------------------------------


def _data(kind: str, seq: int, group: int) -> dict[str, Any]:
    """Event data as `Session` writes it, so reopening parses and folds real events."""
    if kind == ROLL:
        roll = compile_dice("2d6+1").roll(random.Random(f"{SEED}:{seq}"))
        data = roll.to_dict()
        data.pop("seed", None)
        data["rendered"] = roll.render()
        data["rng"] = {"seed": SEED, "stream": seq}
        return data
    if kind == SCENE:
        scene = f"scene-{(group * 7 + seq) % 40}"
        return {"scene": scene, "title": f"Scene {scene}"}
    if kind == CLOCK:
        return {
            "clock": f"clock-{group % 5}",
            "name": f"Clock {group % 5}",
            "delta": 1 if seq % 3 else -1,
            "segments": 6,
            "start": 0,
        }
    return {"text": f"note {seq}: the guards change shift at the east gate"}


def journal_rows(size: int, *, undos: bool) -> Iterator[tuple[int, str, str, str, str]]:
    """`size` events after the session start; with `undos`, every tenth takes back the one before.

    The kinds rotate from group to group, so the undone event is by turns a
    note, a roll, a scene and a clock change. Undo targets are what
    `Session.undo` writes: the latest event still in effect.
    """
    seq = 1  # the session-start event
    last_kind, last_data = NOTE, dict[str, Any]()
    for index in range(size):
        seq += 1
        group, position = divmod(index, 10)
        if position == 9:
            if undos:
                target = Event(seq - 1, AT, last_kind, last_data, ORIGIN)
                yield Event(
                    seq, AT, UNDO, {"target": seq - 1, "summary": target.summary()}, ORIGIN
                ).to_row()
                continue
            kind = NOTE
        else:
            kind = PATTERN[(position + group) % len(PATTERN)]
        last_kind, last_data = kind, _data(kind, seq, group)
        yield Event(seq, AT, kind, last_data, ORIGIN).to_row()


def build(path: Path, size: int, *, undos: bool) -> None:
    Session.open(path, seed=SEED).close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO events (seq, at, kind, data, origin) VALUES (?, ?, ?, ?, ?)",
        journal_rows(size, undos=undos),
    )
    connection.execute("COMMIT")
    connection.close()


# --- timing ---------------------------------------------------------------------------


def reopen(path: Path) -> int:
    with Session.open(path) as session:
        return session.state.last_seq


def bare_reopen(path: Path) -> int:
    """The baseline: read every row and parse its JSON, as any reader of the journal must.

    With the cycle collector paused as `Session.open` pauses it, so that neither
    side is charged for the collector and the ratio is the project's own work.
    """
    with cycle_collection_paused():
        connection = sqlite3.connect(path)
        rows = connection.execute(
            "SELECT seq, at, kind, data, origin FROM events ORDER BY seq"
        ).fetchall()
        parsed = [json.loads(row[3]) for row in rows]
        connection.close()
    return rows[-1][0] if parsed else 0


def timed(function: Callable[..., object], *args: Any) -> float:
    """CPU seconds of this process (SQLite reads in it too): a busy machine's waits are not
    charged to either side."""
    start = time.process_time()
    function(*args)
    return time.process_time() - start


def measure_append(folder: Path) -> tuple[list[float], list[float]]:
    session = Session.open(folder / "append.sqlite", seed=1)
    bare = sqlite3.connect(folder / "append-bare.sqlite", isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=NORMAL")
    bare.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT, kind TEXT, data TEXT, origin TEXT)"
    )

    def bare_insert(index: int) -> None:
        bare.execute("BEGIN IMMEDIATE")
        bare.execute(
            "INSERT INTO events (at, kind, data, origin) VALUES (?, ?, ?, ?)",
            (AT, NOTE, json.dumps({"text": f"note {index}"}), "x"),
        )
        bare.execute("COMMIT")

    ours: list[float] = []
    theirs: list[float] = []
    for index in range(APPENDS):
        ours.append(timed(session.note, f"note {index}"))
        theirs.append(timed(bare_insert, index))
    session.close()
    bare.close()
    return ours, theirs


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def measure_reopen(
    folder: Path, sizes: list[int], repeat: int
) -> dict[tuple[int, str], tuple[list[float], list[float]]]:
    """(size, 'undo' | 'plain') -> (project seconds, baseline seconds), one per repeat."""
    files: dict[tuple[int, str], Path] = {}
    for size in sizes:
        for variant in ("plain", "undo"):
            path = folder / f"reopen-{size}-{variant}.sqlite"
            build(path, size, undos=variant == "undo")
            files[size, variant] = path
            assert reopen(path) == bare_reopen(path) == size + 1  # and warms the file cache
    samples: dict[tuple[int, str], tuple[list[float], list[float]]] = {
        key: ([], []) for key in files
    }
    for _ in range(repeat):
        for key, path in files.items():
            ours, theirs = samples[key]
            ours.append(timed(reopen, path))
            theirs.append(timed(bare_reopen, path))
    return samples


def summary(samples: list[float], scale: float = 1000.0, digits: int = 3) -> dict[str, float]:
    return {
        "min": round(min(samples) * scale, digits),
        "median": round(statistics.median(samples) * scale, digits),
    }


def ratios(ours: list[float], theirs: list[float]) -> dict[str, float]:
    """Min and median over repeats of the ratio within each repeat (timed back to back)."""
    return summary([a / b for a, b in zip(ours, theirs, strict=True)], scale=1.0)


def results(
    append: tuple[list[float], list[float]],
    reopens: dict[tuple[int, str], tuple[list[float], list[float]]],
) -> dict[str, Any]:
    appends, bare_appends = append
    result: dict[str, Any] = {
        "append_ms": summary(appends),
        "sqlite_append_ms": summary(bare_appends),
    }
    # One append is tens of microseconds, too short for a ratio per pair: medians and mins.
    median = statistics.median(appends) / statistics.median(bare_appends)
    result["append_vs_sqlite_ratio"] = round(median, 3)
    result["append_vs_sqlite_min_ratio"] = round(min(appends) / min(bare_appends), 3)
    for (size, variant), (ours, theirs) in reopens.items():
        name = f"reopen_{label(size)}_{variant}"
        result[f"{name}_ms"] = summary(ours, digits=1)
        result[f"{name}_json_loads_ms"] = summary(theirs, digits=1)
        spread = ratios(ours, theirs)
        result[f"{name}_vs_json_loads_ratio"] = spread["median"]
        result[f"{name}_vs_json_loads_min_ratio"] = spread["min"]
    for size in sorted({size for size, _ in reopens}):
        spread = ratios(reopens[size, "undo"][0], reopens[size, "plain"][0])
        result[f"undo_vs_plain_{label(size)}_ratio"] = spread["median"]
        result[f"undo_vs_plain_{label(size)}_min_ratio"] = spread["min"]
    within = result["append_ms"]["median"] < APPEND_BUDGET_MS
    if (100_000, "undo") in reopens:
        within = within and result["reopen_100k_undo_ms"]["median"] <= UNDO_100K_BUDGET_S * 1000
        within = within and result["undo_vs_plain_100k_ratio"] <= UNDO_RATIO_BUDGET
    result["within_budget"] = within
    return result


def print_table(result: dict[str, Any], sizes: list[int], repeat: int) -> None:
    print(f"CPU ms, min / median of {repeat} interleaved repeats (append: of {APPENDS} appends)")
    print(f"{'measure':<36}{'campaign':>20}{'baseline':>20}{'ratio':>16}")

    def row(title: str, name: str, baseline: str, ratio: str) -> None:
        ours, theirs = result[name], result[baseline]
        left = f"{ours['min']:.2f} / {ours['median']:.2f}"
        right = f"{theirs['min']:.2f} / {theirs['median']:.2f}"
        spread = f"{result[ratio.replace('_ratio', '_min_ratio')]} / {result[ratio]}"
        print(f"{title:<36}{left:>20}{right:>20}{spread:>16}")

    row("append one event (vs sqlite3)", "append_ms", "sqlite_append_ms", "append_vs_sqlite_ratio")
    for size in sizes:
        for variant in ("plain", "undo"):
            name = f"reopen_{label(size)}_{variant}"
            what = "1 undo in 10" if variant == "undo" else "no undos"
            row(
                f"reopen {size:,}, {what} (vs json)",
                f"{name}_ms",
                f"{name}_json_loads_ms",
                f"{name}_vs_json_loads_ratio",
            )
    for size in sizes:
        name = f"undo_vs_plain_{label(size)}_ratio"
        spread = f"{result[name.replace('_ratio', '_min_ratio')]} / {result[name]}"
        print(f"{name:<36}{spread:>56}")
    print(
        f"budgets: append < {APPEND_BUDGET_MS} ms; reopen of 100,000 with undos "
        f"<= {UNDO_RATIO_BUDGET}x without (median ratio) and <= {UNDO_100K_BUDGET_S} s (median)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved repeats of each")
    parser.add_argument(
        "--sizes",
        default=",".join(str(size) for size in SIZES),
        help="journal lengths to reopen, comma-separated",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        append = measure_append(folder)
        reopens = measure_reopen(folder, sizes, args.repeat)
    result = {"repeat": args.repeat, **results(append, reopens)}
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result, sizes, args.repeat)
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
