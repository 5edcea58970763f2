"""bench/startup.py (issue 20) runs both apps and reports every ratio by name; its warm
start is the GM screen's first frame, its cold start the GM screen itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "tests" / "tui" / "fixtures" / "lighthouse"


def test_the_startup_bench_reports_every_ratio() -> None:
    options = ["--json", "--repeat", "1", "--memory-repeat", "1", "--module", str(MODULE)]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "startup.py"), *options],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a budget missed, still a report
    result = json.loads(done.stdout)
    names = ("vs_bare_textual", "cpu_vs_bare", "resumed_vs_bare", "cold_vs_bare", "memory")
    for name in (*names, "resumed_cpu_vs_bare", "cold_cpu_vs_bare"):
        assert result[f"{name}_ratio"] > 0
        assert result[f"{name}_min_ratio"] <= result[f"{name}_ratio"]
    assert result["warm_from_first_frame"] == "1/1"
    assert result["within_budget"] == (done.returncode == 0)
    assert 20 < result["bare_mb"] < result["campaign_mb"]
