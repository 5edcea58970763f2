"""Where the GM screen's idle memory goes: resident MB after each import and load step.

Issue 20's idle-memory budget is 1.5x a bare Textual app; this prints how much each
step the GM screen takes on top of Textual adds, in the order a warm start takes
them, so the next attempt knows what to cut. Run with the module cache warm:

    python scripts/startup_memory.py [MODULE_FOLDER]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "modules/living-daylights")
    steps: list[tuple[str, float, float]] = []

    def step(name: str) -> None:
        steps.append((name, resident_mb(), time.process_time()))

    step("interpreter")
    import textual.app
    import textual.widgets  # noqa: F401

    step("textual")
    import campaign.model  # plain dataclasses: pydantic is imported only to validate

    step("campaign.model (class definitions)")
    # (No icepool: the GM screen at rest works its odds out without it.)
    from campaign.cache import load_module_cached

    load_module_cached(folder)
    step("the module, from the cache")
    import campaign.tui.app  # noqa: F401

    step("campaign.tui.app")
    # Nothing above imports pydantic (the GM screen never does from a warm cache).
    assert "pydantic" not in sys.modules, "pydantic was imported"
    previous_mb, previous_cpu = steps[0][1], steps[0][2]
    for name, mb, cpu in steps:
        print(f"{name:<36} {mb:7.1f} MB  +{mb - previous_mb:5.1f} MB  +{cpu - previous_cpu:.3f} s")
        previous_mb, previous_cpu = mb, cpu


if __name__ == "__main__":
    main()
