"""Startup time of the GM screen against a bare Textual app started the same way.

In one run, best of N, each in a fresh interpreter (so imports count), from
just before the process is started to the moment the screen has been painted
(the child prints `time.time()` then; interpreter shut-down is not counted):

- campaign: `make_app(<bundled module>, exit_when_ready=True).run(headless=True)`;
  ready once the GM screen has painted its first scene (the module is read and
  validated in a thread meanwhile);
- bare Textual: an `App` with a Header, a Static and a Footer, run headless,
  ready after its first refresh.

Budget: vs_bare_textual_ratio <= 1.5.

    python bench/startup.py [--json] [--repeat N] [--module PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 1.5
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODULE = ROOT / "modules" / "living-daylights"

CAMPAIGN = """\
import sys
from pathlib import Path
from campaign.tui.app import make_app
app = make_app(Path(sys.argv[1]), exit_when_ready=True)
app.run(headless=True, size=(120, 40))
if app.ready_at is None:
    sys.exit("the GM screen never became ready: " + repr(app.screen))
print(repr(app.ready_at))
"""

BARE = """\
import time
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Static("ready")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.painted)

    def painted(self) -> None:
        self.ready_at = time.time()
        self.exit()

app = Bare()
app.run(headless=True, size=(120, 40))
print(repr(app.ready_at))
"""


# Children keep their sessions and module cache in a folder of the bench's own,
# so timing runs never add sessions to the GM's list.
PRIVATE = Path(tempfile.mkdtemp(prefix="campaign-startup-bench-"))


def time_once(code: str, *args: str, cache: str = "warm") -> float:
    """Seconds from just before starting a child to the `time.time()` it prints when ready."""
    environment = {
        **os.environ,
        "XDG_DATA_HOME": str(PRIVATE / "data"),
        "XDG_CACHE_HOME": str(PRIVATE / cache),
    }
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    if result.returncode != 0:
        raise SystemExit(f"benchmark run failed:\n{result.stderr}")
    return float(result.stdout.strip().splitlines()[-1]) - start


def best_of(repeat: int, code: str, *args: str) -> float:
    return min(time_once(code, *args) for _ in range(repeat))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (best counts)")
    parser.add_argument("--module", type=Path, default=DEFAULT_MODULE, help="module to open")
    args = parser.parse_args()

    # Warm the file cache and bytecode for both before timing.
    time_once(BARE)
    time_once(CAMPAIGN, str(args.module))
    bare = best_of(args.repeat, BARE)
    campaign = best_of(args.repeat, CAMPAIGN, str(args.module))
    # Once more with an empty module cache: the first start after an edit.
    cold = min(
        time_once(CAMPAIGN, str(args.module), cache=f"cold-{attempt}") for attempt in range(3)
    )
    shutil.rmtree(PRIVATE, ignore_errors=True)
    ratio = campaign / bare
    result = {
        "startup_s": round(campaign, 4),
        "startup_cold_cache_s": round(cold, 4),
        "bare_textual_s": round(bare, 4),
        "vs_bare_textual_ratio": round(ratio, 3),
        "budget": BUDGET,
        "repeat": args.repeat,
        "module": str(args.module),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{'what':<28} {'best of ' + str(args.repeat):>12}")
        print(f"{'bare Textual app':<28} {bare:>11.3f}s")
        print(f"{'campaign play (GM screen)':<28} {campaign:>11.3f}s")
        print(f"{'  ... module not yet cached':<28} {cold:>11.3f}s")
        verdict = "ok" if ratio <= BUDGET else "OVER BUDGET"
        print(f"{'ratio':<28} {ratio:>12.2f}  (budget {BUDGET}: {verdict})")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
