"""Locations a GM runs from: every key used, every scene placed, every mark on its map.

- a key no scene uses (by `location: {id, keys}`) and nothing links to
  (a key's own `links.scenes` counts as use);
- a scene that names a location with keys but says none of them;
- a key whose position lies off its map (outside the image's width and height).
"""

from __future__ import annotations

from collections.abc import Iterator

from campaign.loader.map_files import map_size, read_map
from campaign.model import Location, Module, SceneLocation


def _used_keys(module: Module) -> dict[str, set[str]]:
    """Location id -> the keys scenes name."""
    used: dict[str, set[str]] = {key: set() for key in module.locations}
    for scene in module.scenes.values():
        place = scene.location
        if isinstance(place, SceneLocation) and place.id in used:
            used[place.id].update(place.keys)
    return used


def _off_the_map(module: Module, location: Location) -> Iterator[str]:
    if location.map is None:
        return
    data, _ = read_map(module.root / location.map)
    size = map_size(data) if data is not None else None
    if size is None:
        return
    width, height = size
    for key in location.keys:
        if key.at is not None and not (0 <= key.at[0] <= width and 0 <= key.at[1] <= height):
            yield (
                f"location {location.id}: key {key.key} at ({key.at[0]:g}, {key.at[1]:g}) is off "
                f"its map ({width:g} x {height:g})"
            )


def location_warnings(module: Module) -> Iterator[str]:
    """Unused keys, scenes placed without their keys, keys off the map."""
    used = _used_keys(module)
    for location in module.locations.values():
        for key in location.keys:
            if key.key not in used[location.id] and not key.links.scenes:
                yield f"location {location.id}: key {key.key} ({key.name}) is used by no scene"
        yield from _off_the_map(module, location)
    for scene_id, scene in module.scenes.items():
        place = scene.location
        named = module.locations.get(scene.location_id or "")
        if isinstance(place, str) and named is not None and named.keys:
            yield (
                f"scene {scene_id}: names location {named.id} but none of its keys; "
                f"write location: {{id: {named.id}, keys: [...]}}"
            )
