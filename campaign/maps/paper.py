"""A location's map on paper: PDF (map page, then the key) or PNG (the map page), for
players or for the GM.

The page is Typst written here, with every word from the module escaped as
text (`campaign.handouts.markup.typst_escape`), and compiled in the limited
Typst child like every handout. The map image (checked by the loader) is
copied into a fresh Typst root; key marks are placed on it at their
positions, as fractions of the image's width and height. The players' copy
leaves out every key that is not `public`, and gives only names and what the
agents see; the GM's copy marks every key and lists what is here and who.
"""

from __future__ import annotations

import shutil
from typing import Literal

from campaign.errors import CampaignError
from campaign.handouts.markup import typst_escape
from campaign.handouts.typst_root import TypstRoot
from campaign.handouts.typst_sandbox import compile_sandboxed
from campaign.loader.map_files import map_size, png_size, read_map
from campaign.model import Location, LocationKey, Module

Audience = Literal["players", "gm"]
MapFormat = Literal["pdf", "png"]
PNG_PPI = 144.0
"""A4 at 144 ppi is 1,684 pixels on its long side (the brief: at least 1,200)."""
INK = 'rgb("#1b3a5c")'
"""Survey-plan blue, for the marks and the headings."""
_PAPER = {"a4": (297.0, 210.0), "letter": (279.4, 215.9)}
_MARGIN_MM = 12.0
_HEADER_MM = 22.0


def visible_keys(location: Location, audience: Audience) -> list[LocationKey]:
    """The keys an audience may see: all for the GM, public ones for players."""
    return [key for key in location.keys if audience == "gm" or key.public]


def _map_box(aspect: float, paper: str) -> tuple[float, float, bool]:
    """(width mm, height mm, landscape) of the map on the page, as large as fits."""
    long, short = _PAPER[paper]
    landscape = aspect >= 1
    page_w, page_h = (long, short) if landscape else (short, long)
    room_w, room_h = page_w - 2 * _MARGIN_MM, page_h - 2 * _MARGIN_MM - _HEADER_MM
    width = min(room_w, room_h * aspect)
    return width, width / aspect, landscape


def _mark(key: LocationKey, size: tuple[float, float]) -> str:
    """A key's mark: a circled label placed at its position on the image."""
    if key.at is None:
        return ""
    x, y = key.at[0] / size[0], key.at[1] / size[1]
    label = typst_escape(key.key)
    return (
        f"#place(top + left, dx: {x * 100:.3f}% - 3.2mm, dy: {y * 100:.3f}% - 3.2mm, "
        f"circle(radius: 3.2mm, fill: white, stroke: 1.2pt + {INK})"
        f'[#set align(center + horizon); #text(size: 8pt, weight: "bold", fill: {INK})[{label}]])'
    )


def _key_list(location: Location, keys: list[LocationKey], audience: Audience) -> str:
    """The key, one entry per area: players get names and what they see."""
    lines = ["#pagebreak()", f"= {typst_escape(location.name)}: key", ""]
    for key in keys:
        lines.append(f"*{typst_escape(key.key)}. {typst_escape(key.name)}* \\")
        if key.see:
            lines.append(f"{typst_escape(key.see.strip())} \\")
        if audience == "gm":
            if key.here:
                lines.append(f"#emph[Here:] {typst_escape(key.here.strip())} \\")
            for who in key.who:
                when = f", {who.when}" if who.when else ""
                lines.append(f"#emph[Who:] {typst_escape(f'{who.npc} ×{who.count}{when}')} \\")
        lines.append("")
    return "\n".join(lines)


def map_source(
    location: Location,
    size: tuple[float, float],
    audience: Audience,
    paper: str,
    image: str = "map.svg",
) -> str:
    """The Typst page(s) of a location's map."""
    if paper not in _PAPER:
        raise CampaignError(f"no paper '{paper}'; expected a4 or letter")
    width, height, landscape = _map_box(size[0] / size[1], paper)
    keys = visible_keys(location, audience)
    marks = "\n  ".join(mark for mark in (_mark(key, size) for key in keys) if mark)
    who = "GM's map" if audience == "gm" else "Players' map"
    paper_name = "us-letter" if paper == "letter" else "a4"
    lines = [
        f'#set page(paper: "{paper_name}", flipped: {"true" if landscape else "false"}, '
        f"margin: {_MARGIN_MM}mm)",
        "#set text(size: 10pt)",
        f"#show heading: set text(fill: {INK})",
        f"= {typst_escape(location.name)}",
        f"#text(size: 8pt, fill: {INK})[{who}]",
        "",
        f"#box(width: {width:.2f}mm, height: {height:.2f}mm)[",
        f'  #image("{image}", width: 100%, height: 100%, fit: "stretch")',
        f"  {marks}",
        "]",
    ]
    if keys:
        lines.append(_key_list(location, keys, audience))
    return "\n".join(lines) + "\n"


def render_map(
    module: Module, location: Location, *, audience: Audience, paper: str, fmt: MapFormat
) -> bytes:
    """The map as PDF or PNG bytes; CampaignError (one line) if it cannot be drawn."""
    if location.map is None:
        raise CampaignError(f"location '{location.id}' has no map: give it `map: maps/NAME.svg`")
    path = module.root / location.map
    data, problems = read_map(path)
    if data is None:
        first = problems[0] if problems else None
        where = f"{location.map}:{first.line}:{first.column}: {first.message}" if first else ""
        raise CampaignError(f"the map of '{location.id}' cannot be drawn: {where}")
    size = map_size(data) or (1000.0, 1000.0)
    # Named by what the bytes are (read_map knows), not by the author's extension.
    image = "map.png" if png_size(data) is not None else "map.svg"
    source = map_source(location, size, audience, paper, image)
    with TypstRoot(module) as root:
        shutil.copyfile(path, root.root / image)
        result = compile_sandboxed(
            root, source, untrusted=False, png_ppi=PNG_PPI if fmt == "png" else None
        )
    if isinstance(result, CampaignError):
        raise CampaignError(f"{path}: the map of '{location.id}' {_why_not_drawn(result)}")
    return result


def _why_not_drawn(error: CampaignError) -> str:
    """The sandbox's words said of a map: the Typst here is the toolkit's, the map is
    the author's."""
    message = str(error).removeprefix("typst: ")
    if "compiling the module's Typst" in message:
        said = message.replace("refused: compiling the module's Typst", "was refused: drawing it")
        return f"{said}; simplify it (filters, blurs and deep nesting cost most)"
    return f"cannot be drawn: {message}"
