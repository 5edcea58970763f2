"""A location's map for the terminal: pixels two to a cell, as Unicode half-blocks.

The map image (checked by the loader) is laid out alone on a page exactly its
shape, `columns` points wide, and compiled to PNG at 72 ppi in the limited
Typst child, so each point is one pixel (no image library, no system
package). Each terminal cell then shows two pixels, the upper as the colour of
"▀" and the lower as its background; key marks are written over the cells at
their positions. The result is plain data (`MapCells`) that the screen turns
into styled text.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from campaign.errors import CampaignError
from campaign.handouts.typst_root import TypstRoot
from campaign.handouts.typst_sandbox import compile_sandboxed
from campaign.loader.map_files import map_size, png_size, read_map
from campaign.maps.png import Pixel, png_pixels
from campaign.model import Location, Module

HALF_BLOCK = "▀"


@dataclass(frozen=True)
class MapCells:
    """The map in cells: `rows` of (upper, lower) pixel pairs, and each key's cell."""

    rows: list[list[tuple[Pixel, Pixel]]]
    marks: dict[str, tuple[int, int]]
    """Key -> (column, row) of the cell its mark sits in."""

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def _raster(
    module: Module, location: Location, columns: int, rows: int
) -> tuple[bytes, tuple[float, float]]:
    """A PNG of the map alone, about `columns` x `rows * 2` pixels, and the map's own size."""
    if location.map is None:
        raise CampaignError(f"location '{location.id}' has no map")
    path = module.root / location.map
    data, problems = read_map(path)
    if data is None:
        raise CampaignError(problems[0].message if problems else "the map cannot be read")
    size = map_size(data) or (1000.0, 1000.0)
    aspect = size[0] / size[1]
    width = min(float(columns), rows * 2 * aspect)
    height = width / aspect
    image = "map.png" if png_size(data) is not None else "map.svg"
    source = (
        f"#set page(width: {width:.2f}pt, height: {height:.2f}pt, margin: 0pt)\n"
        f'#image("{image}", width: 100%, height: 100%, fit: "stretch")\n'
    )
    with TypstRoot(module) as root:
        shutil.copyfile(path, root.root / image)
        result = compile_sandboxed(root, source, untrusted=False, png_ppi=72.0)
    if isinstance(result, CampaignError):
        raise result
    return result, size


def map_cells(module: Module, location: Location, columns: int, rows: int) -> MapCells:
    """The map fitted into `columns` x `rows` cells, with its keys' cells."""
    png, size = _raster(module, location, columns, rows)
    pixels = png_pixels(png)
    height, width = len(pixels), len(pixels[0]) if pixels else 0
    white: Pixel = (255, 255, 255)
    cells = [
        [(pixels[y][x], pixels[y + 1][x] if y + 1 < height else white) for x in range(width)]
        for y in range(0, height, 2)
    ]
    marks = {
        key.key: (
            min(width - 1, int(key.at[0] / size[0] * width)),
            min(len(cells) - 1, int(key.at[1] / size[1] * height) // 2),
        )
        for key in location.keys
        if key.at is not None and cells
    }
    return MapCells(cells, marks)
