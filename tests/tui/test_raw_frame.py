"""The first frame read from a module's YAML (issue 20: the first start after an
install or an edit): it reads as the GM screen that replaces it, the screen kept
from that start is written for the next, and a module that does not validate
still ends on its list of problems."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static

from campaign.tui import first_frame
from campaign.tui.app import CampaignApp
from campaign.tui.first_frame import Mode, fit_footer
from campaign.tui.layout import first_tree_row
from campaign.tui.raw_frame import raw_frame
from campaign.tui.screens.errors import ErrorScreen
from campaign.tui.screens.first_frame import FirstFrameScreen
from campaign.tui.screens.gm import GMScreen

from .conftest import LIGHTHOUSE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
ROOT = Path(__file__).resolve().parents[2]
MODULES = [ROOT / "modules" / "living-daylights", ROOT / "modules" / "drowned-bell", LIGHTHOUSE]


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize("mode", ["new", "rehearsal"])
@pytest.mark.parametrize("folder", MODULES, ids=lambda path: path.name)
async def test_the_raw_frame_reads_as_the_gm_screen_it_stands_for(
    app_factory: Factory, settle: Settle, folder: Path, mode: Mode, size: tuple[int, int]
) -> None:
    """Tree, tray and footer as the GM screen shows them; the scene's first blocks
    as its pane shows them (the rest, and the pane's workers, come with the screen)."""
    seed = 7 if mode == "rehearsal" else None
    app = app_factory(folder, seed=seed)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen_stack[0], FirstFrameScreen) and not app.frame_kept
        assert isinstance(app.screen, GMScreen)
        shown = first_frame.capture(app.screen, folder, str(app.screen.sub_title))
    assert shown is not None
    frame = raw_frame(folder, mode)
    assert frame is not None
    assert frame.title == shown["title"]
    assert list(frame.opening) == shown["opening"]
    assert [list(line) for line in frame.tree] == shown["tree"]
    assert frame.fits and shown["fits"]
    assert [list(pair) for pair in frame.footer] == shown["footer"]
    assert (frame.tray_title, frame.tray_placeholder, frame.tray_hint) == (
        shown["tray_title"],
        shown["tray_placeholder"],
        shown["tray_hint"],
    )
    blocks = shown["blocks"]
    assert isinstance(blocks, list) and len(frame.blocks) >= 3
    for block, real in zip(frame.blocks, blocks, strict=False):
        assert [block.kind, block.classes, block.title, block.body.markup] == [
            real[0],
            real[1],
            real[3],
            real[4],
        ]


@pytest.fixture
def module(tmp_path: Path) -> Path:
    return Path(shutil.copytree(LIGHTHOUSE, tmp_path / "lighthouse"))


async def test_a_module_that_does_not_validate_ends_on_its_problems(
    app_factory: Factory, settle: Settle, module: Path
) -> None:
    """The outline reads (its acts and scenes are fine), so the frame is painted; the
    loader then finds the bad NPC, and the GM sees where, not a scene that cannot play."""
    npc = module / "npcs" / "smuggler.yaml"
    npc.write_text(npc.read_text().replace("health: 2", "health: lots"))
    assert raw_frame(module, "rehearsal") is not None
    app = app_factory(module)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "d")  # typed over the frame: harmless
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert isinstance(app.screen_stack[0], FirstFrameScreen)
        assert app.live_at is None
    assert first_frame.read_frame(module, "rehearsal") is None  # nothing kept of it


async def test_a_module_whose_outline_cannot_be_read_shows_the_loading_screen(
    app_factory: Factory, settle: Settle, module: Path
) -> None:
    act = module / "acts" / "act-1.yaml"
    act.write_text(act.read_text().replace("number: 1", "number: one", 1))
    assert raw_frame(module, "rehearsal") is None
    app = app_factory(module)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert not isinstance(app.screen_stack[0], FirstFrameScreen)


@pytest.mark.parametrize(
    ("width", "last_shown", "helper"),
    [(80, "Handouts", "more"), (120, "Clue found", "more"), (400, "Show", "Help")],
)
def test_the_frame_footer_fits_the_terminal_as_the_gm_screen_does(
    width: int, last_shown: str, helper: str
) -> None:
    """As `KeysFooter` lays them out (the 80- and 120-column rows are what the GM
    screen shows; `test_the_raw_frame_reads_as...` holds the key list to it)."""
    frame = raw_frame(LIGHTHOUSE, "new")
    assert frame is not None
    fitted = fit_footer(frame.footer, width)
    assert fitted[-3][1] == last_shown
    assert fitted[-2:] == (("?", helper), ("^p", "palette"))
    assert sum(len(key) + len(words) + 2 for key, words in fitted[:-1]) <= width - 13


def _session(name: str, *scenes: str) -> Path:
    """A saved session (in the test's sessions folder) left on its last scene."""
    from campaign.session import Session, session_path

    path = session_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Session.open(path, seed=3) as session:
        for scene in scenes:
            session.visit_scene(scene)
    return path


async def test_a_resumed_session_is_painted_on_its_scene_first(
    app_factory: Factory, settle: Settle
) -> None:
    """`--session NAME` has no kept frame; its first frame is read from the module's
    YAML on the scene the session was left at, and the GM screen opens there too."""
    _session("tuesday", "lamp-room", "lighthouse-door", "lamp-room")
    app = app_factory(LIGHTHOUSE, session="tuesday")
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.screen_stack[0]
        assert isinstance(first, FirstFrameScreen) and not app.frame_kept
        assert first.frame.opening == ("scene", "lamp-room")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        assert app.screen.current == ("scene", "lamp-room")
        shown = first_frame.capture(app.screen, LIGHTHOUSE, str(app.screen.sub_title))
        assert app.title == "session tuesday"
    assert shown is not None
    assert [list(line) for line in first.frame.tree] == shown["tree"]
    blocks = shown["blocks"]
    assert isinstance(blocks, list)
    for block, real in zip(first.frame.blocks, blocks, strict=False):
        assert [block.classes, block.body.markup] == [real[1], real[4]]


async def test_a_new_evening_is_painted_on_the_scene_it_carries_over(
    app_factory: Factory, settle: Settle
) -> None:
    from campaign.session import Session, session_path, start_next_evening

    with Session.open(_session("monday", "lamp-room"), create=False) as monday:
        start_next_evening(monday, session_path("wednesday")).close()
    app = app_factory(LIGHTHOUSE, session="wednesday")
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.screen_stack[0]
        assert isinstance(first, FirstFrameScreen)
        assert first.frame.opening == ("scene", "lamp-room")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        assert app.screen.current == ("scene", "lamp-room")


@pytest.mark.parametrize(
    ("scenes", "framed"),
    [(("cellar",), None), ((), "lighthouse-door"), (None, "lighthouse-door")],
    ids=["scene-not-in-the-module", "no-scene-yet", "not-created-yet"],
)
async def test_a_session_frame_falls_back_as_the_screen_does(
    app_factory: Factory, settle: Settle, scenes: tuple[str, ...] | None, framed: str | None
) -> None:
    """A scene the module does not have: no frame (the loading screen, as before); a
    session with no scene yet, or not yet created (`--new NAME`): the opening scene,
    where the GM screen opens."""
    if scenes is not None:
        _session("thursday", *scenes)
    app = app_factory(LIGHTHOUSE, session="thursday")
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.screen_stack[0]
        if framed is None:
            assert not isinstance(first, FirstFrameScreen)
        else:
            assert isinstance(first, FirstFrameScreen)
            assert first.frame.opening == ("scene", framed)
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize("scene", ["a3-kara-flat", "a9-the-dressing-room"])
async def test_a_session_on_a_late_scene_shows_the_tree_where_the_gm_screen_does(
    app_factory: Factory, settle: Settle, size: tuple[int, int], scene: str
) -> None:
    """The tree is scrolled as the GM screen's will be, its cursor in sight: it did not
    jump from the top to the scene when the GM screen took over."""
    from campaign.tui.widgets.act_tree import ActTree

    living = ROOT / "modules" / "living-daylights"
    _session("saturday", scene)
    app = app_factory(living, session="saturday")
    async with app.run_test(size=size) as pilot:
        first = app.screen_stack[0]
        assert isinstance(first, FirstFrameScreen)
        framed = first.query_one("#act-tree", Static).render()
        assert isinstance(framed, Content)
        top_of_frame = framed.plain.splitlines()[0]
        assert app.title == "session saturday"
        await settle(pilot)
        tree = app.screen.query_one(ActTree)
        top = tree.get_node_at_line(round(tree.scroll_y))
        assert top is not None
        assert top_of_frame.endswith(str(top.label))
        assert app.title == "session saturday"
        # The GM screen's own first paint: the tree is placed before it is laid out
        # (a scroll then waits for the layout, and the tree flashed its top).
        rows = tree.size.height
        tree.scroll_target_y = tree.scroll_y = 0
        tree.show("scene", scene, scroll=False, rows=rows)
        assert tree.scroll_y == first_tree_row(tree.cursor_line, rows) == top.line
