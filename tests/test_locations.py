"""Locations: keyed areas with a map, a scene's location, and every reference checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.errors import ModuleError
from campaign.loader import load_module

FAMILIES = Path(__file__).parent / "fixtures" / "families"

LOCATION = """\
id: bridge-plan
name: Glienicke Bridge
summary: The steel bridge between Potsdam and West Berlin.
map: maps/bridge.svg
keys:
  - key: 1
    name: Western checkpoint
    at: [120, 300]
    see: A hut, a barrier, a flag that hangs straight in the still air.
    here: The escort's car waits behind the hut with its engine running.
    who: [{npc: escort, count: 2, when: until the exchange}]
    links: {scenes: [bridge]}
    public: true
  - key: B
    name: The white line
    at: [400, 300]
    see: A painted line across the roadway.
"""
MAP = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">'
    '<rect width="800" height="600"/></svg>\n'
)


def module_with(
    tmp_path: Path, location: str = LOCATION, svg: str = MAP, scene_place: str = "bridge-plan"
) -> Path:
    folder = tmp_path / "d20"
    shutil.copytree(FAMILIES / "d20-skill", folder)
    (folder / "locations").mkdir()
    (folder / "locations" / "bridge.yaml").write_text(location, encoding="utf-8")
    (folder / "maps").mkdir()
    (folder / "maps" / "bridge.svg").write_text(svg, encoding="utf-8")
    story = folder / "story.yaml"
    text = story.read_text(encoding="utf-8").replace(
        "read_aloud:", f"location: {scene_place}\nread_aloud:", 1
    )
    story.write_text(text, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ModuleError) as caught:
        load_module(folder)
    return [str(problem) for problem in caught.value.problems]


def test_a_location_loads_with_its_keys_and_a_scene_names_it(tmp_path: Path) -> None:
    module = load_module(module_with(tmp_path))
    location = module.locations["bridge-plan"]
    assert [area.key for area in location.keys] == ["1", "B"]
    first = location.key("1")
    assert first is not None and first.public and first.at == (120, 300)
    assert first.who[0].npc == "escort" and first.links.scenes == ("bridge",)
    assert module.scenes["bridge"].location_id == "bridge-plan"
    assert module.counts()["locations"] == 1


def test_a_scene_may_name_the_keys_it_uses(tmp_path: Path) -> None:
    folder = module_with(tmp_path, scene_place="{id: bridge-plan, keys: [1, C]}")
    (problem,) = problems_of(folder)
    assert "story.yaml" in problem and "location.keys[1]" in problem
    assert "has no key 'C'" in problem and "its keys are: 1, B" in problem


def test_what_a_key_names_must_exist(tmp_path: Path) -> None:
    broken = LOCATION.replace("npc: escort", "npc: escrot").replace(
        "scenes: [bridge]", "scenes: [brige]"
    )
    problems = problems_of(module_with(tmp_path, location=broken))
    assert any(
        "keys[0].who[0].npc: no NPC with id 'escrot' (did you mean 'escort'?)" in p
        for p in problems
    )
    assert any("keys[0].links.scenes[0]: no scene with id 'brige'" in p for p in problems)


def test_an_unsafe_map_is_refused_where_the_svg_says_it(tmp_path: Path) -> None:
    svg = MAP.replace("<rect", '<script>fetch("x")</script>\n<rect')
    (problem,) = problems_of(module_with(tmp_path, svg=svg))
    assert "maps/bridge.svg:1:" in problem and "<script>" in problem


@pytest.mark.parametrize(
    ("where", "needle"),
    [
        ("../outside.svg", "not inside the module folder"),
        ("maps/none.svg", "no map file"),
        ("cast.yaml", "an .svg or .png"),
    ],
)
def test_the_map_is_a_file_inside_the_module(tmp_path: Path, where: str, needle: str) -> None:
    (tmp_path / "outside.svg").write_text(MAP, encoding="utf-8")
    folder = module_with(tmp_path, location=LOCATION.replace("maps/bridge.svg", where))
    (problem,) = problems_of(folder)
    assert "locations/bridge.yaml" in problem and "map:" in problem and needle in problem


def test_validate_reports_it_in_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = module_with(tmp_path, svg=MAP.replace("<rect", '<rect onload="x()"'))
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "bridge.svg:1:" in err and "event attribute onload=" in err


def test_lint_names_unused_keys_unplaced_scenes_and_marks_off_the_map(tmp_path: Path) -> None:
    from campaign.lint import lint_module

    off = LOCATION.replace("at: [400, 300]", "at: [900, 300]")
    warnings = lint_module(load_module(module_with(tmp_path, location=off))).warnings
    assert any("key B (The white line) is used by no scene" in w for w in warnings)
    assert not any("key 1 " in w and "used by no scene" in w for w in warnings)  # links.scenes
    assert any("key B at (900, 300) is off its map (800 x 600)" in w for w in warnings)
    assert any(
        "scene bridge: names location bridge-plan but none of its keys" in w for w in warnings
    )
    placed = module_with(tmp_path / "placed", scene_place="{id: bridge-plan, keys: [B]}")
    clean = lint_module(load_module(placed)).warnings
    assert not [w for w in clean if "location" in w]


def test_a_map_problem_is_placed_in_the_map_file_from_the_module_folder(tmp_path: Path) -> None:
    deep = MAP.replace("<rect", "<g>" * 1_001 + "<rect").replace(
        "</svg>", "</g>" * 1_001 + "</svg>"
    )
    (problem,) = problems_of(module_with(tmp_path, svg=deep))
    assert problem.startswith(f"{tmp_path / 'd20' / 'maps' / 'bridge.svg'}:")
    assert "refused: elements nested over 1,000 deep" in problem
