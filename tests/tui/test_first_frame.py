"""The GM screen's first frame (issue 20): painted from plain data before the module
loads, never trusted when stale or damaged, and what is typed meanwhile reaches the GM
screen. The start-up's imports are bounded by a count of what is loaded, not a time."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot

from campaign.model import Scene
from campaign.tui import first_frame
from campaign.tui.app import CampaignApp
from campaign.tui.screens.first_frame import FirstFrameScreen
from campaign.tui.screens.gm import GMScreen
from campaign.tui.typed_ahead import TypedAhead
from campaign.tui.widgets.act_tree import ActTree
from campaign.tui.widgets.dice_tray import DiceTray
from campaign.tui.widgets.scene_pane import ScenePane

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

HEAVY = ("pydantic", "pydantic_core", "yaml", "typst", "numpy", "jinja2", "icepool", "sqlite3")
"""Libraries the first frame must be painted without."""
DOMAIN = ("campaign.model", "campaign.loader", "campaign.session", "campaign.dice")
"""Nor any of these packages: the frame is plain data."""


def domain(modules: set[str]) -> list[str]:
    """The DOMAIN packages and their modules among `modules` (not `campaign.session_point`,
    which reads a session's scene without the session layer)."""
    return sorted(m for m in modules if any(m == d or m.startswith(f"{d}.") for d in DOMAIN))


@pytest.fixture
def module(tmp_path: Path) -> Path:
    """A copy of the fixture module, free to be edited."""
    return Path(shutil.copytree(LIGHTHOUSE, tmp_path / "lighthouse"))


@pytest.fixture
def held_load(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The module's load waits until the test sets this: the first frame stays up
    (set, then cleared, to open a module first and keep its frame)."""
    release = threading.Event()
    import campaign.tui.app as app_module

    real = app_module._read_module

    def held(path: Path) -> object:
        release.wait(10)
        return real(path)

    monkeypatch.setattr(app_module, "_read_module", held)
    return release


def frame_file(folder: Path) -> Path:
    path = first_frame.frame_path(folder, "rehearsal")
    assert path is not None
    return path


async def open_and_settle(app: CampaignApp, settle: Settle) -> bool:
    """Run the app until its GM screen has settled; whether the first frame painted
    was one kept from an earlier start (without one, the frame is read from the
    module's YAML). Either stays at the bottom of the screen stack."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        assert isinstance(app.screen_stack[0], FirstFrameScreen)
        return app.frame_kept


async def test_a_warm_start_paints_the_frame_then_the_gm_screen(
    app_factory: Factory, settle: Settle, module: Path
) -> None:
    assert not await open_and_settle(app_factory(module), settle)
    frame = first_frame.read_frame(module, "rehearsal")
    assert frame is not None
    assert frame.opening == ("scene", "lighthouse-door")
    assert any("Rain needles your faces" in block.body.plain for block in frame.blocks)
    app = app_factory(module)
    assert await open_and_settle(app, settle)
    assert app.ready_at is not None and app.live_at is not None and app.live_at >= app.ready_at


@pytest.mark.parametrize(
    "damage",
    [
        b"not json at all",
        b'{"format": 1}',
        b"[]",
        b"x" * (first_frame.MAX_BYTES + 10),
    ],
    ids=["not-json", "missing-fields", "not-an-object", "too-large"],
)
async def test_a_damaged_frame_is_ignored_and_written_afresh(
    app_factory: Factory, settle: Settle, module: Path, damage: bytes
) -> None:
    await open_and_settle(app_factory(module), settle)
    path = frame_file(module)
    path.write_bytes(damage)
    assert first_frame.read_frame(module, "rehearsal") is None
    assert not await open_and_settle(app_factory(module), settle)
    assert first_frame.read_frame(module, "rehearsal") is not None
    assert await open_and_settle(app_factory(module), settle)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tree", [["Act", 7, True, True, False, "act", "x"]]),  # no depth 7
        ("blocks", [["text", "", "", "", "[b]unclosed[/i]", []]]),  # bad markup
        ("blocks", [["script", "", "", "", "", []]]),  # no such block
        ("footer", [["q"]]),
        ("fits", "yes"),
        ("root", "/somewhere/else"),
        ("format", 0),
    ],
)
def test_a_frame_of_the_wrong_shape_is_never_trusted(
    module: Path, field: str, value: object
) -> None:
    good = {
        "format": first_frame.FORMAT,
        "root": str(module.resolve()),
        "title": "The Lighthouse",
        "opening": ["scene", "lighthouse-door"],
        "tree": [["Act 1 · Storm", 0, True, True, False, "act", "act-1"]],
        "blocks": [["text", "view-title", "", "", "The Door", []]],
        "tray_title": "Dice",
        "tray_placeholder": "2d6+3 vs 9",
        "tray_hint": "Type dice",
        "footer": [["n", "Next"]],
    }
    path = frame_file(module)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(good))
    assert first_frame.read_frame(module, "rehearsal") is not None
    path.write_text(json.dumps({**good, field: value}))
    assert first_frame.read_frame(module, "rehearsal") is None


async def test_an_edit_to_the_module_or_the_screen_code_makes_the_frame_stale(
    app_factory: Factory, settle: Settle, module: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await open_and_settle(app_factory(module), settle)
    assert first_frame.read_frame(module, "rehearsal") is not None
    assert first_frame.read_frame(module, "new") is None  # another kind of start
    scene = module / "acts" / "act-1.yaml"
    scene.write_text(scene.read_text().replace("Rain needles your faces", "Hail stings you"))
    assert first_frame.read_frame(module, "rehearsal") is None
    assert not await open_and_settle(app_factory(module), settle)
    frame = first_frame.read_frame(module, "rehearsal")
    assert frame is not None and any("Hail stings" in b.body.plain for b in frame.blocks)
    kept = list(frame_file(module).parent.glob("*.first.json"))
    assert kept == [frame_file(module)]  # the stale frame went when the new one came
    monkeypatch.setattr(first_frame, "_tui_stamp", lambda: "the GM screen was edited")
    assert first_frame.read_frame(module, "rehearsal") is None


async def test_keys_typed_over_the_frame_reach_the_gm_screen(
    app_factory: Factory, settle: Settle, module: Path, held_load: threading.Event
) -> None:
    held_load.set()
    await open_and_settle(app_factory(module), settle)  # keeps the frame
    held_load.clear()
    app = app_factory(module)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstFrameScreen)
        await pilot.press("n")  # the next scene, typed before the module is in
        assert isinstance(app.screen, FirstFrameScreen)
        held_load.set()
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        view = app.screen.query_one(ScenePane).view
        assert isinstance(view, Scene) and view.id == "lamp-room"
        cursor = app.screen.query_one(ActTree).cursor_node
        assert cursor is not None and cursor.data == ("scene", "lamp-room")  # the tree follows


async def test_a_roll_typed_over_the_frame_is_rolled(
    app_factory: Factory, settle: Settle, module: Path, held_load: threading.Event
) -> None:
    """`d` moves the focus to the tray: the keys after it, enter too, go there (all five
    handed over at once, the enter reached the tree and the roll was never made). An
    enter typed before Textual put the terminal in raw mode arrives as ctrl+j."""
    app = app_factory(module)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstFrameScreen)
        await pilot.press("d", "2", "d", "6", "enter", "d", "6", "ctrl+j")
        held_load.set()
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        rolled = app.screen.query_one(DiceTray).history
        # the second enter was typed before the terminal was raw: a newline, ctrl+j
        assert [roll.text for roll in rolled] == ["d6", "2d6"]


def test_a_named_session_never_gets_a_kept_frame() -> None:
    """Its journal, clocks and rolls change the screen: it gets one read from the
    YAML on its scene instead (`test_raw_frame.py`)."""
    assert first_frame.start_mode("tuesday", None) is None
    assert first_frame.start_mode(None, 7) == "rehearsal"
    assert first_frame.start_mode(None, None) == "new"


CHILD = """\
import sys, threading, time
from pathlib import Path
from campaign.tui.app import make_app
live = sys.argv[2] == "live"  # else stop at the first paint
session = sys.argv[3] if len(sys.argv) > 3 else None
app = make_app(Path(sys.argv[1]), session=session, exit_when_ready=not live)

def leave_once_live():
    deadline = time.monotonic() + 60
    while (app.live_at is None or not app.is_running) and time.monotonic() < deadline:
        time.sleep(0.01)
    app.call_from_thread(app.exit)

if live:
    threading.Thread(target=leave_once_live, daemon=True).start()
app.run(headless=True, size=(120, 40))
print(app.ready_at is not None, app.live_at is None, app.frame_kept)
print(" ".join(sorted(sys.modules)))
"""


def start_child(tmp_path: Path, module: Path, *args: str) -> tuple[str, set[str]]:
    """Run CHILD on `module` with caches and data under `tmp_path`: its flags line and
    the modules it had imported."""
    environment = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(module), *args],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=120,
    )
    flags, modules = done.stdout.strip().splitlines()[-2:]
    return flags, set(modules.split())


def test_the_first_frame_imports_no_model_no_loader_no_heavy_library(
    tmp_path: Path, module: Path
) -> None:
    """A child interpreter starts `campaign play` as a GM does the second evening and
    stops at the first paint: what it imported by then (a superset of what was
    imported before the paint) holds nothing of the domain and no heavy library."""

    def start(until: str) -> tuple[str, set[str]]:
        return start_child(tmp_path, module, until)

    flags, raw = start("paint")  # the first evening's first paint: read from the YAML
    assert flags == "True True False"  # painted, the GM screen not up yet, nothing kept
    assert sorted(name for name in HEAVY if name in raw) == ["yaml"]
    assert domain(raw) == []
    flags, cold = start("live")  # the first evening: validates, and keeps the frame
    assert flags == "True False False"  # the GM screen came up over the frame
    assert "pydantic" in cold  # (so the count below can fail)
    flags, warm = start("paint")
    assert flags == "True True True"  # painted by the kept frame, before the GM screen
    assert sorted(name for name in HEAVY if name in warm) == []
    assert domain(warm) == []
    assert (
        len([m for m in warm if m.startswith("campaign")])
        < len([m for m in cold if m.startswith("campaign")]) / 4
    )


def test_a_resumed_session_is_painted_without_the_model(tmp_path: Path, module: Path) -> None:
    """`--session NAME`: its scene is read from the file with sqlite3 and the frame from
    the YAML; the model, the loader, the session layer and pydantic come after."""
    from campaign.session import Session

    sessions = tmp_path / "data" / "campaign" / "sessions"
    sessions.mkdir(parents=True)
    with Session.open(sessions / "tuesday.sqlite", seed=1) as session:
        session.visit_scene("lamp-room")
    flags, imported = start_child(tmp_path, module, "paint", "tuesday")
    assert flags == "True True False"  # painted by a frame, the GM screen not up yet
    assert sorted(name for name in HEAVY if name in imported) == ["sqlite3", "yaml"]
    assert domain(imported) == []


async def test_only_the_opening_scene_is_kept_as_a_frame(
    app_factory: Factory, settle: Settle, module: Path
) -> None:
    app = app_factory(module)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert first_frame.capture(screen, module, "The Lighthouse") is not None
        await pilot.press("n")
        await settle(pilot)
        assert first_frame.capture(screen, module, "The Lighthouse") is None


def screen_text(app: CampaignApp) -> list[str]:
    """The screen's rows as text, scrollbar thumbs blanked, from its SVG screenshot."""
    rows: dict[float, list[tuple[float, str]]] = {}
    svg = app.export_screenshot()
    for found in re.finditer(
        r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg
    ):
        x, y, text = float(found[1]), float(found[2]), html.unescape(found[3])
        rows.setdefault(y, []).append((x, text))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / 12.2)) + text
        lines.append(re.sub("[▁▂▃▄▅▆▇█]", " ", line.replace("\xa0", " ")).rstrip())
    return lines


async def test_the_frame_reads_as_the_gm_screen_that_replaces_it(
    app_factory: Factory, settle: Settle, module: Path, held_load: threading.Event
) -> None:
    held_load.set()
    await open_and_settle(app_factory(module), settle)  # keeps the frame
    held_load.clear()
    app = app_factory(module)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstFrameScreen)
        frame = screen_text(app)
        held_load.set()
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        live = screen_text(app)
    # The header names the session only once it is open; below the first line the
    # pane's workers fill in (odds, a forecast), both showed the same placeholder.
    filled = [i for i, line in enumerate(frame) if "odds …" in line or "forecast …" in line]
    body = slice(1, filled[0] if filled else -1)
    assert len(frame[body]) > 20
    assert frame[body] == live[body]
    assert any("Rain needles your faces" in line for line in frame[body])


async def test_a_frame_read_from_the_yaml_says_the_module_is_being_checked(
    app_factory: Factory, settle: Settle, module: Path, held_load: threading.Event
) -> None:
    app = app_factory(module)  # nothing kept yet: the frame is read from the YAML
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstFrameScreen) and not app.frame_kept
        assert app.title == "checking the module…"
        held_load.set()
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        assert app.title == "campaign · rehearsal: nothing is recorded"


def test_keys_typed_during_the_hand_over_wait_their_turn() -> None:
    """While typed-ahead keys are handed over, a key the GM types joins the end of the
    queue (it used to overtake them: `n n p d 2 d 6` came out as dice text '2nnd6');
    the key being handed over, and one forwarded to a widget, go on."""
    ahead = TypedAhead(App())
    assert not ahead.hold(events.Key("n", "n"))  # nothing under way: keys run at once
    ahead.active = True
    assert ahead.hold(events.Key("d", "d")) and ahead.hold(events.Key("enter", None))
    assert ahead.queue == [("d", "d"), ("enter", None)]
    forwarded = events.Key("2", "2")
    forwarded._set_forwarded()
    assert not ahead.hold(forwarded)
