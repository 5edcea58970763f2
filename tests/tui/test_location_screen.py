"""A location on the GM screen: the map in half-blocks beside its keys (issue 23)."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from campaign.loader import load_module
from campaign.maps.terminal import map_cells
from campaign.tui.app import CampaignApp
from campaign.tui.screens.location import LocationScreen

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
FAMILIES = Path(__file__).resolve().parents[1] / "fixtures" / "families"

# Left half red, right half blue: 80 x 40 pixels.
HALVES = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
    '<rect width="40" height="40" fill="#ff0000"/>'
    '<rect x="40" width="40" height="40" fill="#0000ff"/></svg>\n'
)
LOCATION = """\
id: yard
name: The exchange yard
map: maps/yard.svg
keys:
  - {key: 1, name: The red gate, at: [10, 20], see: A red gate., here: Unlocked., public: true}
  - {key: B, name: The blue hut, at: [70, 20], see: A blue hut., here: The radio is inside.}
"""


def module(tmp_path: Path) -> Path:
    folder = tmp_path / "d20"
    shutil.copytree(FAMILIES / "d20-skill", folder)
    (folder / "locations").mkdir()
    (folder / "locations" / "yard.yaml").write_text(LOCATION, encoding="utf-8")
    (folder / "maps").mkdir()
    (folder / "maps" / "yard.svg").write_text(HALVES, encoding="utf-8")
    story = folder / "story.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace(
            "read_aloud:", "location: {id: yard, keys: [B]}\nread_aloud:", 1
        ),
        encoding="utf-8",
    )
    return folder


def test_the_map_is_drawn_two_pixels_a_cell_with_its_marks(tmp_path: Path) -> None:
    loaded = load_module(module(tmp_path))
    cells = map_cells(loaded, loaded.locations["yard"], 40, 20)
    assert cells.width == 40 and len(cells.rows) == 10  # 40 x 20 pixels, two rows a cell
    upper, lower = cells.rows[5][5]
    assert upper[0] > 200 and upper[2] < 60 and lower == upper  # red on the left
    upper, _ = cells.rows[5][35]
    assert upper[2] > 200 and upper[0] < 60  # blue on the right
    assert cells.marks == {"1": (5, 5), "B": (35, 5)}


async def test_l_opens_the_scenes_location_and_a_key_shows_its_text(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(module(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        for _ in range(4):
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LocationScreen)
        keys = screen.query_one("#location-keys", OptionList)
        assert keys.get_option_at_index(0).id == "B"  # the scene's key first
        text = str(screen.query_one("#location-key-text", Static).render())
        assert "The blue hut" in text and "The radio is inside." in text
        drawn = str(screen.query_one("#location-map", Static).render())
        assert "▀" in drawn and "B" in drawn and "1" in drawn
        await pilot.press("down")
        await settle(pilot)
        text = str(screen.query_one("#location-key-text", Static).render())
        assert "The red gate" in text and "players' map shows it" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, LocationScreen)


async def test_the_map_is_drawn_again_for_a_new_terminal_size(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(module(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        for _ in range(4):
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LocationScreen) and screen.cells is not None
        small = screen.cells.width
        await pilot.resize_terminal(160, 48)
        for _ in range(4):
            await settle(pilot)
        assert screen.cells is not None and screen.cells.width > small
        await pilot.resize_terminal(80, 24)
        for _ in range(4):
            await settle(pilot)
        assert screen.cells is not None and screen.cells.width == small
