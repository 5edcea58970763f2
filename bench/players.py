"""The players' screen: how soon a GM event shows on it, and what followers cost the GM.

In one run, for 1 and for 10 followers of one session:

- players: that many players' apps (`campaign.tui.players.PlayersApp`, run
  headless in their own processes, as `campaign players` runs them) follow a
  session while the GM writes EVENTS show/hide events to it, one every
  INTERVAL seconds; each app notes the newest event on its screen every time
  it redraws;
- floor: the same number of bare loops, each polling the same SQLite file at
  the same interval (`SELECT max(seq)` on a read-only connection) and noting
  the newest event it sees: the least any follower must do.

Latency is the time from an event's write to the first note that covers it,
pooled over followers: p50 and p95. `latency_vs_poll_ratio` = players' p95 /
floor's p95 (goal <= 1.5), and `gm_slowdown_ratio` = the GM's median time to
write one event with 10 players' apps following / with none (goal <= 1.1).
Goal: players' p95 under 1 s.

    python bench/players.py [--json] [--events N]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "modules" / "living-daylights"
EVENTS = 200
INTERVAL = 0.05
POLL = 0.5


def follower(session: Path, trace: Path) -> None:
    """A players' app that notes (newest seq on screen, time) after every redraw."""
    from campaign.tui.players import PlayersApp

    class Tracing(PlayersApp):
        async def refresh_view(self) -> None:
            await super().refresh_view()
            if self.session is not None:
                with trace.open("a") as handle:
                    handle.write(f"{self.session.state.last_seq} {time.time()}\n")

    Tracing(session, poll_seconds=POLL).run(headless=True, size=(100, 40))


def poller(session: Path, trace: Path) -> None:
    """The floor: poll the file for its newest event at the same interval, note it."""
    connection = sqlite3.connect(f"{session.resolve().as_uri()}?mode=ro", uri=True)
    seen = -1
    while True:
        newest = connection.execute("SELECT max(seq) FROM events").fetchone()[0] or 0
        if newest > seen:
            seen = newest
            with trace.open("a") as handle:
                handle.write(f"{seen} {time.time()}\n")
        time.sleep(POLL)


def _start(role: str, session: Path, trace: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, __file__, f"--{role}", str(session), str(trace)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )


def _ready(traces: list[Path], seconds: float) -> None:
    """Wait until every follower has drawn (or polled) once."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(trace.exists() and trace.stat().st_size for trace in traces):
            return
        time.sleep(0.2)
    raise SystemExit("a follower never started")


def _write_events(session: Path, count: int) -> tuple[dict[int, float], list[float]]:
    """The GM: `count` show/hide events; (seq -> when written, seconds per write)."""
    from campaign.session import Session, hide, show

    written: dict[int, float] = {}
    costs: list[float] = []
    with Session.open(session) as gm:
        for number in range(count):
            start = time.perf_counter()
            event = (show if number % 2 == 0 else hide)(gm, "npc", "koskov")
            costs.append(time.perf_counter() - start)
            written[event.seq] = time.time()
            time.sleep(INTERVAL)
    return written, costs


def _latencies(written: dict[int, float], traces: list[Path]) -> list[float]:
    latencies: list[float] = []
    for trace in traces:
        notes = [tuple(map(float, line.split())) for line in trace.read_text().splitlines()]
        for seq, at in written.items():
            seen = next((when for newest, when in notes if newest >= seq), None)
            if seen is not None:
                latencies.append(seen - at)
    return latencies


def _run(folder: Path, role: str, count: int, events: int) -> tuple[list[float], list[float]]:
    """Start `count` followers of a fresh session, write the events; (latencies, write costs)."""
    from campaign.loader import load_module
    from campaign.session import Session

    session = folder / f"{role}-{count}.sqlite"
    Session.open(session, module=load_module(MODULE), seed=1).close()
    traces = [folder / f"{role}-{count}-{n}.trace" for n in range(count)]
    processes = [_start(role, session, trace) for trace in traces] if count else []
    try:
        if processes:
            _ready(traces, 120)
        written, costs = _write_events(session, events)
        time.sleep(POLL * 4)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
    return _latencies(written, traces), costs


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--events", type=int, default=EVENTS, help="events the GM writes")
    parser.add_argument("--follower", nargs=2, metavar=("SESSION", "TRACE"), help=argparse.SUPPRESS)
    parser.add_argument("--poller", nargs=2, metavar=("SESSION", "TRACE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.follower:
        follower(Path(args.follower[0]), Path(args.follower[1]))
        return 0
    if args.poller:
        poller(Path(args.poller[0]), Path(args.poller[1]))
        return 0
    result: dict[str, object] = {"events": args.events, "interval_s": INTERVAL, "poll_s": POLL}
    with tempfile.TemporaryDirectory(prefix="campaign-players-bench-") as scratch:
        folder = Path(scratch)
        _, alone = _run(folder, "follower", 0, args.events)
        for count in (1, 10):
            players, costs = _run(folder, "follower", count, args.events)
            floor, _ = _run(folder, "poller", count, args.events)
            result[f"players_{count}"] = {
                "p50_s": round(percentile(players, 0.5), 4),
                "p95_s": round(percentile(players, 0.95), 4),
            }
            result[f"floor_{count}"] = {
                "p50_s": round(percentile(floor, 0.5), 4),
                "p95_s": round(percentile(floor, 0.95), 4),
            }
            ratio = percentile(players, 0.95) / percentile(floor, 0.95)
            result[f"latency_vs_poll_{count}_ratio"] = round(ratio, 3)
            if count == 10:
                slowdown = statistics.median(costs) / statistics.median(alone)
                result["gm_slowdown_ratio"] = round(slowdown, 3)
                result["gm_write_ms"] = {
                    "alone": round(statistics.median(alone) * 1000, 3),
                    "with_10": round(statistics.median(costs) * 1000, 3),
                }
    result["latency_vs_poll_ratio"] = max(
        float(result["latency_vs_poll_1_ratio"]),  # type: ignore[arg-type]
        float(result["latency_vs_poll_10_ratio"]),  # type: ignore[arg-type]
    )
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:<26} {value}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
