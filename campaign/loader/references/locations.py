"""Locations: keys unique, everything a key names exists, the map a safe image in the module;
and a scene's location (and the keys it uses) exists."""

from __future__ import annotations

import os
from pathlib import Path

from campaign.errors import Problem, did_you_mean
from campaign.loader.map_files import read_map
from campaign.loader.reading import Document
from campaign.loader.references.context import CheckContext
from campaign.model import Location, Scene, SceneLocation


def check_location(context: CheckContext, document: Document, location: Location) -> None:
    """A location's keys and what they link to, and its map file."""
    module = context.module
    seen: set[str] = set()
    for index, area in enumerate(location.keys):
        if area.key in seen:
            context.at(document, ("keys", index, "key"), f"key '{area.key}' is used twice")
        seen.add(area.key)
        for who_index, who in enumerate(area.who):
            context.ref(
                document, ("keys", index, "who", who_index, "npc"), who.npc, module.npcs, "NPC"
            )
        links = area.links
        for field, ids, known, what in (
            ("scenes", links.scenes, module.scenes, "scene"),
            ("npcs", links.npcs, module.npcs, "NPC"),
            ("tables", links.tables, module.tables, "table"),
            ("clocks", links.clocks, module.clocks, "clock"),
        ):
            for link_index, value in enumerate(ids):
                link = ("keys", index, "links", field, link_index)
                context.ref(document, link, value, known, what)
    if location.map is not None:
        _check_map(context, document, location.map)


def _check_map(context: CheckContext, document: Document, relative: str) -> None:
    """The map is a file inside the module (no way out of its folder) and a safe image."""
    root = context.module.root.resolve()
    path = Path(relative)
    target = (root / path).resolve() if not path.is_absolute() else path
    inside = str(target).startswith(str(root) + os.sep)
    if path.is_absolute() or ".." in path.parts or not inside:
        context.at(document, ("map",), f"'{relative}' is not inside the module folder")
        return
    if not target.is_file():
        context.at(document, ("map",), f"no map file '{relative}' in the module")
        return
    if target.suffix.lower() not in (".svg", ".png"):
        context.at(document, ("map",), f"'{relative}': a map is an .svg or .png file")
        return
    _, problems = read_map(target)
    shown = context.module.root / relative  # as the author wrote it, from the module folder
    for problem in problems:
        context.reporter.problems.append(
            Problem(shown, problem.line, problem.column, "", problem.message)
        )


def check_scene_location(context: CheckContext, document: Document, scene: Scene) -> None:
    """A scene's location exists, and so does each key it says it uses."""
    place = scene.location
    if place is None:
        return
    locations = context.module.locations
    if isinstance(place, str):
        context.ref(document, ("location",), place, locations, "location")
        return
    assert isinstance(place, SceneLocation)
    context.ref(document, ("location", "id"), place.id, locations, "location")
    location = locations.get(place.id)
    if location is None:
        return
    marks = [area.key for area in location.keys]
    for index, mark in enumerate(place.keys):
        if location.key(mark) is None:
            context.at(
                document,
                ("location", "keys", index),
                f"location '{place.id}' has no key '{mark}'{did_you_mean(mark, marks)}; "
                f"its keys are: {', '.join(marks) or 'none'}",
            )
