"""Locations: keyed places a GM runs from, each key a numbered or lettered area on a map."""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Any, Literal

from campaign.model.base import Model, model_class
from campaign.model.common import Checked, DiceExpr, Id, Ref, Text

KEY_PATTERN = r"^[A-Za-z0-9]{1,4}$"
"""A key as printed on a map: '3', '12', 'B', 'C2'."""


def _number_as_text(value: Any) -> Any:
    # `key: 3` in YAML is a number; a map's keys read the same either way.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _numbers_as_text(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(str(item) if isinstance(item, int) else item for item in value)
    return value


@model_class
class KeyPresence(Model):
    """Who is in an area, how many, and when."""

    npc: Ref
    """The NPC's id."""
    count: int | DiceExpr = 1
    """How many: a number or a dice expression."""
    when: str = ""
    """When they are there ('at night', 'until the alarm')."""


@model_class
class KeyLinks(Model):
    """What an area ties into elsewhere in the module."""

    scenes: tuple[Ref, ...] = ()
    """Scenes that happen here."""
    npcs: tuple[Ref, ...] = ()
    """NPCs tied to the area (beyond who is present)."""
    tables: tuple[Ref, ...] = ()
    """Tables rolled here."""
    clocks: tuple[Ref, ...] = ()
    """Clocks the area moves or shows."""


@model_class
class LocationKey(Model):
    """One keyed area of a location."""

    key: Annotated[str, Checked(_number_as_text, before=True)] = field(
        metadata={"pattern": KEY_PATTERN}
    )
    """The mark on the map: a number or a letter ('3', 'B')."""
    name: str
    """The area's name ('Fuel dump')."""
    at: tuple[float, float] | None = None
    """Where the key sits on the map, in the image's pixels (x, y from the top left)."""
    see: Text = ""
    """What the agents see when they arrive (players' text)."""
    here: Text = ""
    """What is here that the GM needs: hidden things, how things work (GM only)."""
    who: tuple[KeyPresence, ...] = ()
    """Who is here, and when."""
    links: KeyLinks = KeyLinks()
    """Scenes, NPCs, tables and clocks tied to the area."""
    public: bool = False
    """Whether the players may see this key (its name and `see`) on their map."""


@model_class
class Location(Model):
    """A place with keyed areas and, optionally, a map."""

    kind: Literal["location"] = "location"
    """Document kind; may be left out in a `locations/` folder."""
    id: Id
    """Identifier scenes use (`location: ID`)."""
    name: str
    """Name shown at the table."""
    summary: Text = ""
    """The place in a few sentences, for the GM."""
    map: str | None = None
    """The map image (SVG or PNG) as a path inside the module, e.g. 'maps/air-base.svg'."""
    keys: tuple[LocationKey, ...] = ()
    """The keyed areas, in the order the key list reads."""

    def key(self, mark: str) -> LocationKey | None:
        """The area with this mark, if any."""
        return next((item for item in self.keys if item.key == mark), None)


@model_class
class SceneLocation(Model):
    """Where a scene happens: a location, and the keys it uses."""

    id: Ref
    """The location's id."""
    keys: Annotated[tuple[str, ...], Checked(_numbers_as_text, before=True)] = ()
    """The keyed areas the scene uses ('3', 'B')."""
