"""Regenerate docs/images/gm-screen.svg (the README's GM screen), players-screen.svg and
gm-showing.svg (the GM's side of showing things to players).

Run from anywhere: `.venv/bin/python docs/make_screenshot.py`. It opens the
bundled campaign, The Living Daylights, headless at 160x48 as a rehearsal (a seed
and no session, so nothing is recorded), rolls once in the dice tray so the tray
is not empty, and saves what Textual draws as SVG. The data and cache folders
point into a temporary folder so no module cache or session is left behind.
The players' screen follows a session of the same campaign in which the GM
has shown the first scene's read-aloud, introduced Koskov, given a handout and
rolled once in the open (the `campaign show` commands, as journal events); the
GM's side is the GM screen on that session with `P`'s menu open.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Textual is imported only after the environment is set (see main).
    from textual.pilot import Pilot

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
MODULE = REPO / "modules" / "living-daylights"
OUTPUT = DOCS / "images" / "gm-screen.svg"
PLAYERS_OUTPUT = DOCS / "images" / "players-screen.svg"
SHOWING_OUTPUT = DOCS / "images" / "gm-showing.svg"
PLAYERS_SIZE = (100, 34)
SIZE = (160, 48)
SEED = 7
ROLL = "2d6+3 vs 9"


async def _settle(pilot: Pilot[None]) -> None:
    """Let the loading workers finish and the screen redraw (as tests/tui does)."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _screenshot(output: Path) -> None:
    from campaign.tui.app import make_app

    app = make_app(MODULE, seed=SEED, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("d", *ROLL, "enter")
        await _settle(pilot)
        # Leave the tray so its input is not drawn focused, then redraw.
        await pilot.press("escape")
        await _settle(pilot)
        output.parent.mkdir(parents=True, exist_ok=True)
        app.save_screenshot(filename=output.name, path=str(output.parent))


def _evening(scratch: Path) -> Path:
    """A session in which the GM has shown the first scene, Koskov, a handout and a roll."""
    from campaign.loader import load_module
    from campaign.session import Continuity, Session, roll_in_the_open, show

    module = load_module(MODULE)
    path = scratch / "evening.sqlite"
    with Session.open(path, module=module, seed=SEED) as gm:
        scene = module.start_scene
        show(gm, "read-aloud", scene.id, scene.title)
        show(gm, "npc", "koskov", module.npcs["koskov"].name)
        given = next(key for key, item in module.handouts.items() if item.audience == "players")
        Continuity(gm, module).give_handout(given)
        roll_in_the_open(gm, "2d6+2")
    return path


async def _players_screenshot(output: Path, path: Path) -> None:
    from campaign.tui.players import PlayersApp

    app = PlayersApp(path)
    async with app.run_test(size=PLAYERS_SIZE) as pilot:
        await _settle(pilot)
        app.save_screenshot(filename=output.name, path=str(output.parent))


async def _showing_screenshot(output: Path, path: Path) -> None:
    """The GM's side of the same evening: the Players see line, and P's menu open."""
    from campaign.tui.app import make_app

    app = make_app(MODULE, session=str(path), cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("P")
        await _settle(pilot)
        app.save_screenshot(filename=output.name, path=str(output.parent))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="campaign-screenshot-") as scratch:
        # Set before Textual and platformdirs are imported: both read these once.
        os.environ["TEXTUAL_ANIMATIONS"] = "none"
        os.environ["XDG_DATA_HOME"] = str(Path(scratch) / "data")
        os.environ["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")
        os.environ["XDG_CONFIG_HOME"] = str(Path(scratch) / "config")
        sys.path.insert(0, str(REPO))
        asyncio.run(_screenshot(OUTPUT))
        evening = _evening(Path(scratch))
        asyncio.run(_players_screenshot(PLAYERS_OUTPUT, evening))
        asyncio.run(_showing_screenshot(SHOWING_OUTPUT, evening))
    for path in (OUTPUT, PLAYERS_OUTPUT, SHOWING_OUTPUT):
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
