"""Session journal speed: appending one event, and reopening a long session.

In one run, against plain sqlite3 doing the same work on a file with the same
pragmas (WAL, synchronous=NORMAL):

- append: median time of `Session.note()` (one BEGIN IMMEDIATE transaction
  that catches up, inserts and commits) vs a bare INSERT + COMMIT;
- reopen: `Session.open()` of a 10,000-event session (read every event and
  derive the state) vs a bare `SELECT *` of the same rows.

Budgets: append < 2 ms, reopen < 200 ms.

    python bench/session.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from campaign.session import Session

EVENTS = 10_000
APPENDS = 400
APPEND_BUDGET_MS = 2.0
REOPEN_BUDGET_MS = 200.0


def bare_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, at TEXT, kind TEXT, "
        "data TEXT, origin TEXT)"
    )
    return connection


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure_append(folder: Path) -> tuple[float, float]:
    session = Session.open(folder / "append.sqlite", seed=1)
    bare = bare_connection(folder / "append-bare.sqlite")
    ours: list[float] = []
    theirs: list[float] = []
    for index in range(APPENDS):  # interleaved, so machine noise hits both alike
        start = time.perf_counter()
        session.note(f"note {index}")
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare.execute("BEGIN IMMEDIATE")
        bare.execute(
            "INSERT INTO events (at, kind, data, origin) VALUES (?, ?, ?, ?)",
            ("2026-01-01T00:00:00.000+00:00", "note", json.dumps({"text": f"note {index}"}), "x"),
        )
        bare.execute("COMMIT")
        theirs.append(time.perf_counter() - start)
    session.close()
    bare.close()
    return median_ms(ours), median_ms(theirs)


def measure_reopen(folder: Path, repeat: int = 5) -> tuple[float, float]:
    path = folder / "long.sqlite"
    with Session.open(path, seed=2) as session:
        for index in range(EVENTS // 2):
            session.note(f"a note about scene {index}")
            session.roll("2d6+1")
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        reopened = Session.open(path)
        assert len(reopened.events()) > EVENTS
        reopened.close()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare = sqlite3.connect(path)
        query = "SELECT seq, at, kind, data, origin FROM events ORDER BY seq"
        rows = bare.execute(query).fetchall()
        assert len(rows) > EVENTS
        bare.close()
        theirs.append(time.perf_counter() - start)
    return min(ours) * 1000, min(theirs) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        append_ms, bare_append_ms = measure_append(folder)
        reopen_ms, bare_reopen_ms = measure_reopen(folder)
    result = {
        "events": EVENTS,
        "append_ms": round(append_ms, 3),
        "sqlite_append_ms": round(bare_append_ms, 3),
        "append_vs_sqlite_ratio": round(append_ms / bare_append_ms, 2),
        "reopen_ms": round(reopen_ms, 1),
        "sqlite_reopen_ms": round(bare_reopen_ms, 1),
        "reopen_vs_sqlite_ratio": round(reopen_ms / bare_reopen_ms, 2),
        "within_budget": append_ms < APPEND_BUDGET_MS and reopen_ms < REOPEN_BUDGET_MS,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{'measure':<34}{'campaign':>12}{'sqlite3':>12}{'ratio':>8}")
        print(
            f"{'append one event, median (ms)':<34}{append_ms:>12.3f}{bare_append_ms:>12.3f}"
            f"{result['append_vs_sqlite_ratio']:>8}"
        )
        print(
            f"{f'reopen {EVENTS:,} events (ms)':<34}{reopen_ms:>12.1f}{bare_reopen_ms:>12.1f}"
            f"{result['reopen_vs_sqlite_ratio']:>8}"
        )
        print(f"budgets: append < {APPEND_BUDGET_MS} ms, reopen < {REOPEN_BUDGET_MS:.0f} ms")
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
