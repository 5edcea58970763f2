"""The bundled modules' keyed locations (issue 23): the five places of The Living
Daylights and one in The Drowned Bell, each with a map `campaign map` prints for
players and for the GM, keys woven into the scenes that use them, and nothing
GM-only in the players' copy."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from campaign.cli import main
from campaign.loader import load_module
from campaign.loader.map_files import map_size, read_map
from campaign.model import Location, Module

MODULES = Path(__file__).resolve().parent.parent / "modules"
FIVE_PLACES = {
    "gibraltar-rock",
    "bramshaw-house",
    "bratislava-conservatory",
    "air-base",
    "whitaker-estate",
}
TYPST_FONTS = {"Libertinus Serif", "DejaVu Sans Mono"}
"""Fonts the Typst child carries: a map drawn in any other falls back to a different face."""


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return {name: load_module(MODULES / name) for name in ("living-daylights", "drowned-bell")}


def bundled() -> Iterator[tuple[str, str]]:
    for name in ("living-daylights", "drowned-bell"):
        for path in sorted((MODULES / name / "locations").glob("*.yaml")):
            yield name, path.stem


LOCATIONS = list(bundled())


def plain(text: str) -> str:
    """Text as pypdf reads Typst's output: one space between words, straight quotes."""
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def opening(text: str, words: int = 7) -> str:
    """The first few words of a text: enough to be its own, short enough to stay on a line."""
    return " ".join(plain(text).split()[:words])


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return plain(" ".join(page.extract_text() or "" for page in reader.pages))


def test_five_places_in_the_campaign_and_one_in_the_second_module(
    modules: dict[str, Module],
) -> None:
    daylights = modules["living-daylights"].locations
    assert set(daylights) >= FIVE_PLACES
    for place in FIVE_PLACES:
        assert 6 <= len(daylights[place].keys) <= 15, place
    bell = modules["drowned-bell"].locations
    assert any(6 <= len(location.keys) <= 15 for location in bell.values())


@pytest.mark.parametrize(("module_name", "location_id"), LOCATIONS)
def test_every_key_sits_on_its_map_and_the_map_is_a_safe_svg_in_typst_fonts(
    modules: dict[str, Module], module_name: str, location_id: str
) -> None:
    module = modules[module_name]
    location = module.locations[location_id]
    assert location.map is not None and location.map.endswith(".svg")
    data, problems = read_map(module.root / location.map)
    assert data is not None and problems == []
    size = map_size(data)
    assert size is not None
    for key in location.keys:
        assert key.at is not None, f"{location_id} key {key.key} has no position"
        x, y = key.at
        assert 0 <= x <= size[0] and 0 <= y <= size[1], f"{location_id} key {key.key}"
    fonts = set(re.findall(rb'font-family="([^"]+)"', data))
    assert fonts and {font.decode() for font in fonts} <= TYPST_FONTS


@pytest.mark.parametrize(("module_name", "location_id"), LOCATIONS)
def test_keys_are_woven_into_the_scenes_that_use_them(
    modules: dict[str, Module], module_name: str, location_id: str
) -> None:
    module = modules[module_name]
    location = module.locations[location_id]
    for key in location.keys:
        assert key.links.scenes, f"{location_id} key {key.key} names no scene"
        assert set(key.links.scenes) <= set(module.scenes)
        for who in key.who:
            assert who.npc in module.npcs, f"{location_id} key {key.key}: {who.npc}"
    here = [scene for scene in module.scenes.values() if scene.location_id == location_id]
    assert here, f"no scene happens at {location_id}"
    for scene in here:
        place = scene.location
        keys = getattr(place, "keys", ())
        assert keys, f"{scene.id} names {location_id} but none of its keys"
        for mark in keys:
            used = location.key(mark)
            assert used is not None and scene.id in used.links.scenes, f"{scene.id} key {mark}"
    # Some of every place is what the agents know, some is the GM's alone.
    assert any(key.public for key in location.keys)
    assert any(not key.public for key in location.keys)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], str]:
    """Every bundled map printed once per audience, as the PDF's text."""
    out = tmp_path_factory.mktemp("maps")
    texts: dict[tuple[str, str, str], str] = {}
    for module_name, location_id in LOCATIONS:
        for audience in ("players", "gm"):
            folder = out / module_name / audience
            args = ["map", str(MODULES / module_name), location_id, "--audience", audience]
            assert main([*args, "--out", str(folder)]) == 0
            written = folder / f"{location_id}.pdf"
            assert written.read_bytes().startswith(b"%PDF")
            texts[module_name, location_id, audience] = pdf_text(written)
    return texts


@pytest.mark.parametrize(("module_name", "location_id"), LOCATIONS)
def test_the_gm_map_has_every_key_and_what_is_here(
    modules: dict[str, Module],
    printed: dict[tuple[str, str, str], str],
    module_name: str,
    location_id: str,
) -> None:
    location = modules[module_name].locations[location_id]
    text = printed[module_name, location_id, "gm"]
    assert plain(location.name) in text and "GM's map" in text
    for key in location.keys:
        assert plain(f"{key.key}. {key.name}") in text
        if key.here:
            assert opening(key.here) in text, f"{location_id} key {key.key}"


@pytest.mark.parametrize(("module_name", "location_id"), LOCATIONS)
def test_the_players_map_has_no_gm_only_word(
    modules: dict[str, Module],
    printed: dict[tuple[str, str, str], str],
    module_name: str,
    location_id: str,
) -> None:
    location: Location = modules[module_name].locations[location_id]
    text = printed[module_name, location_id, "players"]
    assert "Players' map" in text and "Here:" not in text and "Who:" not in text
    for key in location.keys:
        if key.here:
            assert plain(key.here) not in text and opening(key.here) not in text, (
                f"{location_id} key {key.key}: its `here` is in the players' map"
            )
        entry = plain(f"{key.key}. {key.name}")
        if key.public:
            assert entry in text and opening(key.see) in text
        else:
            assert entry not in text, f"{location_id}: key {key.key} is not public"
