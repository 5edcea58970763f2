"""The built wheel carries the bundled modules and finds them from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_lists_bundled_modules_from_another_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(REPO)],
        check=True,
    )
    [wheel] = wheels.glob("campaign-*.whl")
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], check=True)
    fresh_python = fresh / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(fresh_python), "install", "--quiet",
         "--no-deps", str(wheel)],
        check=True,
    )
    # Dependencies come from this venv's site-packages, added as a plain path:
    # its .pth files (the editable install's hook among them) are not run, so
    # only the wheel's copy of campaign can be imported.
    fresh_site = Path(
        subprocess.run(
            [str(fresh_python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )
    (fresh_site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(fresh / "bin" / "campaign"), "modules", "--json"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    )
    rows = json.loads(result.stdout)["modules"]
    by_id = {row["id"]: row for row in rows}
    assert "living-daylights" in by_id
    path = Path(by_id["living-daylights"]["path"])
    assert fresh in path.parents, f"found {path}, not the wheel's copy"
    where = subprocess.run(
        [str(fresh_python), "-c", "import campaign; print(campaign.__file__)"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    ).stdout
    assert str(fresh) in where
