"""Start-up of the GM screen against a bare Textual app started the same way.

Each start is a fresh child process of this interpreter (`sys.executable -c CODE`,
the same for both apps, so imports and interpreter start-up count), timed from
just before the child is started to the moment it has painted:

- campaign: `make_app(<module>, exit_when_ready=True).run(headless=True)`; painted
  once the first scene's text is on screen: with a warm cache, the GM screen's
  first frame kept from the last start, drawn from plain data before the module
  loads; with an empty one, the first frame read from the module's YAML (its
  act tree and opening scene, unvalidated), then validated. How long the empty
  cache's GM screen itself takes to come up (the module validated, every key
  live) is timed too, in a start of its own, and printed beside it (no budget);
- bare Textual: an `App` whose `compose` yields a Header, one paragraph in a
  Static and a Footer, run headless, painted after its first refresh.

Each repeat runs, one after another: the bare app, the campaign with a warm
module cache (the GM's second evening), the campaign resuming a saved session
with that warm cache (`--session NAME`: a session left on the module's third
scene; its first frame is read from the YAML on that scene, never kept), and
the campaign with an empty cache (the first start after install or an edit).
The toolkit's bytecode is compiled first, as an install does, so both sides
start with their bytecode warm. A ratio is taken within a repeat, so a busy
machine slows both sides alike, and the min and the median over the repeats
are printed. Two measures: wall time,
and the child's CPU time (user + system, `time.process_time()` in the child
when it has painted), which other processes on a shared machine do not
inflate. Memory: the resident set of each app two seconds after it has
painted (for the campaign, after the GM screen itself has painted, its
workers started: the idle screen a GM sits at), read from /proc in the child,
in the first `--memory-repeat` repeats. `warm_from_first_frame` counts the warm
starts painted by the frame kept from the last start (an edit to the module or
the toolkit during a run makes a warm start cold). Before the repeats, the
campaign runs twice until its GM screen is up, as a GM's first evening does,
which fills the module cache and keeps the first frame.

Budgets (medians): vs_bare_textual_ratio <= 1.5, resumed_vs_bare_ratio <= 1.5,
cold_vs_bare_ratio <= 2, memory_ratio <= 1.5. Exits 1 if one is missed.

    python bench/startup.py [--json] [--repeat N] [--memory-repeat N] [--module PATH]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

BUDGET = 1.5
COLD_BUDGET = 2.0
MEMORY_BUDGET = 1.5
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODULE = ROOT / "modules" / "living-daylights"

RSS = """
def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
"""

CAMPAIGN = (
    """\
import os, sys, threading, time
from pathlib import Path
from typing import NamedTuple
from campaign.tui.app import make_app
"""
    + RSS
    + """
linger = sys.argv[2] in ("memory", "live")
session = sys.argv[3] if len(sys.argv) > 3 else None  # a saved session, resumed
app = make_app(Path(sys.argv[1]), session=session, exit_when_ready=not linger)
memory = []

def settle():  # two seconds after the GM screen itself has painted ("live": at once)
    deadline = time.monotonic() + 120
    while (app.live_at is None or not app.is_running) and time.monotonic() < deadline:
        time.sleep(0.01)
    if sys.argv[2] == "memory":
        time.sleep(2.0)
        memory.append(rss_mb())
    app.call_from_thread(app.exit)

if linger:
    threading.Thread(target=settle, daemon=True).start()
app.run(headless=True, size=(120, 40))
if app.ready_at is None:
    sys.exit("the GM screen never became ready: " + repr(app.screen))
kept = app.frame_kept  # painted by the frame kept from the last start
live = app.live_at or 0.0
rss = memory[0] if memory else 0.0
print(repr(app.ready_at), repr(app.ready_cpu), repr(rss), int(kept), repr(live))
"""
)

BARE = (
    """\
import os, sys, threading, time
from textual.app import App
from textual.widgets import Footer, Header, Static
"""
    + RSS
    + """
linger = sys.argv[1] == "memory"
memory = []

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Static(
            "The transport banks over the strait and the ramp opens on a grey dawn. "
            "Below, the Rock rises out of the sea, its summit lost in cloud, and "
            "somewhere in the scrub an exercise is waiting for you."
        )
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.painted)

    def painted(self) -> None:
        self.ready_at, self.ready_cpu = time.time(), time.process_time()
        if linger:
            self.set_timer(2.0, self.measured)
        else:
            self.exit()

    def measured(self) -> None:
        memory.append(rss_mb())
        self.exit()

app = Bare()
app.run(headless=True, size=(120, 40))
print(repr(app.ready_at), repr(app.ready_cpu), repr(memory[0] if memory else 0.0), 0, 0.0)
"""
)

SAVED = """
import sys
from pathlib import Path
from campaign.cache import load_module_cached
from campaign.session import Session, session_path
module = load_module_cached(Path(sys.argv[1]))
scenes = [scene for act in module.acts.values() for scene in act.scenes]
path = session_path(sys.argv[2])
path.parent.mkdir(parents=True, exist_ok=True)
with Session.open(path, module=module, origin="bench", seed=1) as session:
    for scene in scenes[:3]:
        session.visit_scene(scene)
    session.roll("d20+3")
    session.note("the evening so far")
"""
"""A saved session left on the module's third scene, with a roll and a note: what
`campaign play MODULE --session NAME` reopens on a GM's next evening."""

SESSION_NAME = "bench-evening"

# Children keep their sessions and module cache in a folder of the bench's own,
# so timing runs never add sessions to the GM's list.
PRIVATE = Path(tempfile.mkdtemp(prefix="campaign-startup-bench-"))


class Start(NamedTuple):
    """One child's start, timed from just before the child was started."""

    wall: float
    """Seconds to its first paint."""
    cpu: float
    """The child's CPU seconds by then."""
    memory: float
    """Its resident MB, if it was asked to measure it (else 0)."""
    kept: int
    """1 if the GM screen's kept first frame was what it painted."""
    live: float
    """Seconds to the GM screen itself on screen, if it was asked to wait for it (else 0)."""


def start(code: str, *args: str, cache: str = "warm") -> Start:
    environment = {
        **os.environ,
        "XDG_DATA_HOME": str(PRIVATE / "data"),
        "XDG_CACHE_HOME": str(PRIVATE / cache),
    }
    began = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    if result.returncode != 0:
        raise SystemExit(f"benchmark run failed:\n{result.stderr}")
    painted, cpu, memory, kept, live = result.stdout.strip().splitlines()[-1].split()
    live_wall = float(live) - began if float(live) else 0.0
    return Start(float(painted) - began, float(cpu), float(memory), int(kept), live_wall)


def saved_session(module: str) -> None:
    """Write the saved session the resumed starts reopen (untimed)."""
    environment = {**os.environ, "XDG_DATA_HOME": str(PRIVATE / "data")}
    done = subprocess.run(
        [sys.executable, "-c", SAVED, module, SESSION_NAME],
        capture_output=True,
        text=True,
        check=False,
        env={**environment, "XDG_CACHE_HOME": str(PRIVATE / "warm")},
    )
    if done.returncode != 0:
        raise SystemExit(f"could not write the saved session:\n{done.stderr}")


def summary(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


def run(repeat: int, memory_repeat: int, module: str) -> dict[str, list[float]]:
    """Every measure of every repeat, the apps interleaved within each repeat."""
    runs: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        runs.setdefault(name, []).append(value)

    # Bytecode warm on both sides, as after an install: Textual's was compiled when
    # it was installed; the toolkit's is compiled here (an editable install compiles
    # nothing, and children started with PYTHONDONTWRITEBYTECODE never would).
    compileall.compile_dir(ROOT / "campaign", quiet=1)
    # Warm the file cache, and the campaign's module cache and first frame: a GM's
    # first evening, the GM screen itself on screen (a start timed only to its
    # first paint never loads the module).
    start(BARE, "time")
    start(CAMPAIGN, module, "live")
    start(CAMPAIGN, module, "live")
    saved_session(module)
    start(CAMPAIGN, module, "live", SESSION_NAME)
    for attempt in range(repeat):
        bare = start(BARE, "time")
        warm = start(CAMPAIGN, module, "time")
        resumed = start(CAMPAIGN, module, "time", SESSION_NAME)
        cold = start(CAMPAIGN, module, "time", cache=f"cold-{attempt}")
        cold_live = start(CAMPAIGN, module, "live", cache=f"cold-live-{attempt}")
        for side, timed in (("bare", bare), ("warm", warm), ("resumed", resumed), ("cold", cold)):
            note(f"{side}_s", timed.wall)
            note(f"{side}_cpu_s", timed.cpu)
        note("cold_live_s", cold_live.live)
        note("warm_from_first_frame", warm.kept)  # 0 when edits made a warm start cold
        note("vs_bare_textual_ratio", warm.wall / bare.wall)
        note("cpu_vs_bare_ratio", warm.cpu / bare.cpu)
        note("resumed_vs_bare_ratio", resumed.wall / bare.wall)
        note("resumed_cpu_vs_bare_ratio", resumed.cpu / bare.cpu)
        note("cold_vs_bare_ratio", cold.wall / bare.wall)
        note("cold_cpu_vs_bare_ratio", cold.cpu / bare.cpu)
        if attempt < memory_repeat:
            bare_mb = start(BARE, "memory").memory
            campaign_mb = start(CAMPAIGN, module, "memory").memory
            note("bare_mb", bare_mb)
            note("campaign_mb", campaign_mb)
            note("memory_ratio", campaign_mb / bare_mb)
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--repeat", type=int, default=5, help="repeats (min and median shown)")
    parser.add_argument("--memory-repeat", type=int, default=3, help="repeats that measure RSS")
    parser.add_argument("--module", type=Path, default=DEFAULT_MODULE, help="module to open")
    args = parser.parse_args()
    try:
        runs = run(args.repeat, min(args.memory_repeat, args.repeat), str(args.module))
    finally:
        shutil.rmtree(PRIVATE, ignore_errors=True)

    framed = runs.pop("warm_from_first_frame")
    result: dict[str, object] = {"warm_from_first_frame": f"{sum(framed):.0f}/{len(framed)}"}
    for name, values in runs.items():
        least, middle = summary(values)
        stem = name.removesuffix("_ratio")
        if name.endswith("_ratio"):
            result[name] = round(middle, 3)
            result[f"{stem}_min_ratio"] = round(least, 3)
        else:
            result[name] = round(middle, 4)
            result[f"{name}_min"] = round(least, 4)
    budgets = {
        "vs_bare_textual_ratio": BUDGET,
        "resumed_vs_bare_ratio": BUDGET,
        "cold_vs_bare_ratio": COLD_BUDGET,
        "memory_ratio": MEMORY_BUDGET,
    }
    checks = {name: budget for name, budget in budgets.items() if name in runs}
    met = all(float(str(result[name])) <= budget for name, budget in checks.items())
    result.update(
        budget=BUDGET,
        cold_budget=COLD_BUDGET,
        memory_budget=MEMORY_BUDGET,
        repeat=args.repeat,
        module=str(args.module),
        within_budget=met,
    )
    if args.json:
        print(json.dumps(result))
    else:
        print_table(runs, checks, args.repeat)
        print(f"warm starts painted by the first frame: {result['warm_from_first_frame']}")
    return 0 if met else 1


def print_table(runs: dict[str, list[float]], checks: dict[str, float], repeat: int) -> None:
    rows = [
        ("bare Textual app", "bare_s", "bare_cpu_s", "s"),
        ("GM screen, warm cache", "warm_s", "warm_cpu_s", "s"),
        ("GM screen, session resumed", "resumed_s", "resumed_cpu_s", "s"),
        ("GM screen, empty cache", "cold_s", "cold_cpu_s", "s"),
        ("ratio, warm", "vs_bare_textual_ratio", "cpu_vs_bare_ratio", "x"),
        ("ratio, session resumed", "resumed_vs_bare_ratio", "resumed_cpu_vs_bare_ratio", "x"),
        ("ratio, empty cache", "cold_vs_bare_ratio", "cold_cpu_vs_bare_ratio", "x"),
    ]
    print(f"{repeat} repeats, interleaved; min / median")
    print(f"{'what':<26} {'wall':>17} {'CPU':>17}")
    for label, wall, cpu, unit in rows:
        cells = [
            f"{summary(runs[key])[0]:.3f} / {summary(runs[key])[1]:.3f}" for key in (wall, cpu)
        ]
        print(f"{label:<26} {cells[0]:>16}{unit} {cells[1]:>16}{unit}")
    least, middle = summary(runs["cold_live_s"])
    print(f"{'empty cache, GM screen up':<26} {least:.3f} / {middle:.3f}s (validated, keys live)")
    if "memory_ratio" in runs:
        for label, key in (("RSS bare (MB)", "bare_mb"), ("RSS GM screen (MB)", "campaign_mb")):
            least, middle = summary(runs[key])
            print(f"{label:<26} {least:>7.1f} / {middle:.1f}")
        least, middle = summary(runs["memory_ratio"])
        print(f"{'memory ratio':<26} {least:>7.2f} / {middle:.2f}x")
    for name, budget in checks.items():
        middle = statistics.median(runs[name])
        verdict = "ok" if middle <= budget else "OVER BUDGET"
        print(f"{name}: median {middle:.2f} (budget {budget}: {verdict})")


if __name__ == "__main__":
    raise SystemExit(main())
