"""What the GM screen at rest holds (issue 20's idle-memory budget): the opening
scene's odds come without icepool; pydantic, OpenSSL (hashlib) and Textual's
TextArea are never imported (the cached module is unpickled plain dataclasses)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import asyncio, sys
from pathlib import Path
from campaign.tui.app import make_app

async def main():
    app = make_app(Path(sys.argv[1]), seed=1)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(500):
            if app.live_at is not None:
                break
            await asyncio.sleep(0.02)
        assert app.live_at is not None, app.screen
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
    from campaign.dice.odds import _odds
    assert _odds.cache_info().currsize > 0, "no odds were worked out"
    heavy = ("icepool", "pydantic", "pydantic_core", "_hashlib", "textual.widgets._text_area")
    print(sorted(name for name in sys.modules if name in heavy or name.split(".")[0] in heavy))

asyncio.run(main())
"""


@pytest.mark.parametrize("module", ["living-daylights", "drowned-bell"])
def test_the_gm_screen_at_rest_imports_no_icepool_pydantic_or_openssl(
    module: str, tmp_path: Path
) -> None:
    folder = ROOT / "modules" / module
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    # The module cache warm, as on a GM's second evening (the first validates).
    warm = f"from campaign.cache import load_module_cached; load_module_cached({str(folder)!r})"
    subprocess.run([sys.executable, "-c", warm], check=True, env=env, timeout=120)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"
