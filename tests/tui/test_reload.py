"""Live reload: edit a module while the GM screen shows it; break it; fix it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from campaign.model import Scene
from campaign.tui.app import CampaignApp
from campaign.tui.reload import ModuleWatcher, ReloadProblems, snapshot
from campaign.tui.screens.gm import GMScreen
from campaign.tui.widgets.act_tree import ActTree
from campaign.tui.widgets.dice_tray import DiceTray
from campaign.tui.widgets.scene_pane import ScenePane

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def wait_until(pilot: Pilot[None], check: Callable[[], bool], timeout: float = 3.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "timed out waiting"
        await pilot.pause(0.05)


def test_snapshot_sees_yaml_files_only(tmp_path: Path) -> None:
    shutil.copytree(LIGHTHOUSE, tmp_path / "m")
    (tmp_path / "m" / "notes.txt").write_text("not watched")
    (tmp_path / "m" / ".git").mkdir()
    (tmp_path / "m" / ".git" / "x.yaml").write_text("a: 1")
    files = snapshot(tmp_path / "m")
    assert "module.yaml" in files and "acts/act-1.yaml" in files
    assert not any(name.endswith(".txt") or name.startswith(".git") for name in files)


async def test_watcher_calls_back_on_a_change(tmp_path: Path) -> None:
    shutil.copytree(LIGHTHOUSE, tmp_path / "m")
    seen: list[int] = []
    watcher = ModuleWatcher(tmp_path / "m", lambda: seen.append(1), interval=0.05)
    watcher.start()
    try:
        (tmp_path / "m" / "clocks" / "extra.yaml").write_text(
            "id: tide\nname: The tide\nsegments: 6\nwhen_full: The cove floods.\n"
        )
        for _ in range(60):
            if seen:
                break
            await asyncio.sleep(0.05)
        assert seen
    finally:
        watcher.stop()


async def test_edit_break_and_fix_the_module_while_playing(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    folder = tmp_path / "lighthouse"
    shutil.copytree(LIGHTHOUSE, folder)
    act = folder / "acts" / "act-1.yaml"
    original = act.read_text()
    app = app_factory(folder, seed=None, session="reload")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GMScreen)
        await pilot.press("t", "down", "enter", "d", *"2d6", "enter", "escape")
        await settle(pilot)
        pane = screen.query_one(ScenePane)
        assert isinstance(pane.view, Scene) and pane.view.id == "lamp-room"

        # 1. a clean change is swapped in, in place
        act.write_text(original.replace("title: The Lamp Room", "title: The Lantern Room"))
        await wait_until(pilot, lambda: screen.module.scenes["lamp-room"].title != "The Lamp Room")
        await settle(pilot)
        assert isinstance(pane.view, Scene) and pane.view.title == "The Lantern Room"
        tree = screen.query_one(ActTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == ("scene", "lamp-room")
        assert str(tree.cursor_node.label) == "The Lantern Room"
        assert len(screen.query_one(DiceTray).history) == 1
        assert app.session is not None and app.session.state.scene == "lamp-room"
        kept = screen.module

        # 2. a broken change: the problems panel, the last good module stays
        broken = original.replace("title: The Lamp Room", "titel: The Lamp Room")
        act.write_text(broken)
        panel = screen.query_one(ReloadProblems)
        await wait_until(pilot, lambda: bool(panel.problems))
        await settle(pilot)
        assert panel.display and panel.has_class("-shown")
        line = 1 + broken.splitlines().index("titel: The Lamp Room")
        wheres = [where for where, _ in panel.problems]
        assert f"acts/act-1.yaml:{line}:1" in wheres, wheres
        shown = str(panel.query_one("#reload-problems-list").render())
        assert f"acts/act-1.yaml:{line}:1" in shown and "titel" in shown
        assert screen.module is kept
        assert pane.view.id == "lamp-room"

        # 3. the fix clears the panel and keeps the place
        act.write_text(original)
        await wait_until(pilot, lambda: not panel.problems)
        await settle(pilot)
        assert not panel.has_class("-shown") and not panel.display
        assert isinstance(pane.view, Scene) and pane.view.title == "The Lamp Room"
        assert tree.cursor_node is not None and tree.cursor_node.data == ("scene", "lamp-room")
        # reloads record nothing: the session holds the scene visit and the roll
        assert [event.kind for event in app.session.state.journal()] == ["scene", "roll"]
