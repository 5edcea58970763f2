"""Maps of a module's locations: checked for safety before anything draws them."""

from __future__ import annotations

from campaign.loader.map_files import (
    MAX_MAP_BYTES,
    MAX_MAP_PIXELS,
    MapProblem,
    map_size,
    png_size,
    read_map,
)

__all__ = ["MAX_MAP_BYTES", "MAX_MAP_PIXELS", "MapProblem", "map_size", "png_size", "read_map"]
