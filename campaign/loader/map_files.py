"""Map images a module brings, checked before anything draws them: SVG and PNG only, safe.

A map is an image file inside the module. It is read with limits, and it is
refused, as located problems (file:line:column), when it is:

- larger than `MAX_MAP_BYTES`, or larger than `MAX_MAP_PIXELS` (PNG: its
  header; SVG: its width and height, else its viewBox);
- an SVG with a DOCTYPE or entities (entity expansion), a `<script>`, a
  `<foreignObject>`, an event attribute (`onload`, `onclick`...), a
  reference to anything outside the file (an `href` that is not `#id`, a
  `url(...)` that is not `url(#id)`, a CSS `@import`), or an embedded image
  that is not a PNG or JPEG `data:` URI;
- not an SVG or PNG at all.

The SVG is walked with expat directly (the standard library's XML parser),
so each problem carries the line and column of the element it is in.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

MAX_MAP_BYTES = 8 * 1024 * 1024
"""Largest map file read."""
MAX_MAP_PIXELS = 40_000_000
MAX_SVG_DEPTH = 1_000
"""Largest map, in pixels (width x height): about 8000 x 5000."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video"}
_HREF = {"href", "xlink:href", "{http://www.w3.org/1999/xlink}href"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)
_SAFE_DATA = re.compile(r"^data:image/(png|jpeg);base64,", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")


@dataclass(frozen=True, slots=True)
class MapProblem:
    """One reason a map is refused, where it is."""

    line: int
    column: int
    message: str


def _local_name(name: str) -> str:
    """'{http://www.w3.org/2000/svg}script' or 'svg:script' -> 'script' (lowercase)."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


class _Stop(Exception):
    """Ends the walk at once (a DOCTYPE: what follows it is not read)."""


class _SvgChecker:
    """Walks an SVG with expat, noting every unsafe thing with its position."""

    def __init__(self) -> None:
        self.problems: list[MapProblem] = []
        self.size: tuple[float, float] | None = None
        self.root_seen = False
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.depth = 0
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.in_style = 0

    def _at(self, message: str) -> None:
        line, column = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1
        self.problems.append(MapProblem(line, column, message))

    def _doctype(self, *_: object) -> None:
        self._at("refused: a DOCTYPE (a map needs none, and entities can expand without end)")
        raise _Stop  # nothing after a DOCTYPE is read, so no entity is ever expanded

    def _entity(self, *_: object) -> None:
        self._at("refused: an entity declaration")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == MAX_SVG_DEPTH + 2:  # the root <svg> is not counted
            # The SVG reader that draws maps stops at about 1,020 levels, unlocated.
            self._at(f"refused: elements nested over {MAX_SVG_DEPTH:,} deep")
        local = _local_name(name)
        if not self.root_seen:
            self.root_seen = True
            if local != "svg":
                self._at(f"not an SVG: the first element is <{name}>, expected <svg>")
            self.size = _svg_size(attributes)
        if local in _FORBIDDEN_ELEMENTS:
            self._at(f"refused: <{name}> (a map may hold only drawing)")
        self.in_style += local == "style"
        for key, value in attributes.items():
            self._attribute(key, value, local)

    def _end(self, _name: str) -> None:
        self.depth -= 1

    def _attribute(self, key: str, value: str, element: str) -> None:
        lowered = key.lower()
        if _local_name(lowered).startswith("on"):
            self._at(f"refused: the event attribute {key}= on <{element}>")
        elif lowered in _HREF or _local_name(lowered) == "href":
            if element == "image" and _SAFE_DATA.match(value.strip()):
                return
            if not value.strip().startswith("#"):
                self._at(f"refused: {key}='{_short(value)}' points outside the map")
        self._css(value, f"in {key}= on <{element}>")

    def _text(self, data: str) -> None:
        if self.in_style:
            self._css(data, "in <style>")

    def _css(self, text: str, where: str) -> None:
        if _IMPORT.search(text):
            self._at(f"refused: a CSS @import {where}")
        for target in _URL.findall(text):
            if not target.startswith("#"):
                self._at(f"refused: url({_short(target)}) {where} points outside the map")

    def check(self, data: bytes) -> list[MapProblem]:
        try:
            self.parser.Parse(data, True)
        except _Stop:
            pass
        except expat.ExpatError as error:
            line = getattr(error, "lineno", 1)
            column = getattr(error, "offset", 0) + 1
            self.problems.append(MapProblem(line, column, f"not readable as SVG: {error}"))
        if not self.root_seen and not self.problems:
            self.problems.append(MapProblem(1, 1, "not an SVG: no <svg> element"))
        return self.problems


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _svg_size(attributes: dict[str, str]) -> tuple[float, float] | None:
    """The SVG's size in pixels from width/height, else from its viewBox."""
    width, height = attributes.get("width", ""), attributes.get("height", "")
    w, h = _NUMBER.match(width), _NUMBER.match(height)
    if w and h:
        return float(w.group(1)), float(h.group(1))
    box = attributes.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return float(box[2]), float(box[3])
        except ValueError:
            return None
    return None


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header, or None if it is not a PNG."""
    if len(data) < 24 or not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _too_big(size: tuple[float, float] | None) -> MapProblem | None:
    if size is None:
        return None
    width, height = size
    if width * height > MAX_MAP_PIXELS:
        return MapProblem(
            1, 1, f"refused: {width:.0f} x {height:.0f} pixels; the limit is {MAX_MAP_PIXELS:,}"
        )
    return None


def read_map(path: Path) -> tuple[bytes | None, list[MapProblem]]:
    """The map's bytes if it is safe to draw, and every problem found."""
    try:
        size = path.stat().st_size
        if size > MAX_MAP_BYTES:
            return None, [
                MapProblem(1, 1, f"refused: {size:,} bytes; the limit is {MAX_MAP_BYTES:,}")
            ]
        with path.open("rb") as handle:
            data = handle.read(MAX_MAP_BYTES + 1)
    except OSError as error:
        return None, [MapProblem(1, 1, f"cannot read the map: {error.strerror or error}")]
    if data.startswith(_PNG_SIGNATURE):
        problem = _too_big(png_size(data) or (0, 0))
        return (None, [problem]) if problem else (data, [])
    checker = _SvgChecker()
    problems = checker.check(data)
    problem = _too_big(checker.size)
    if problem:
        problems.insert(0, problem)
    return (None if problems else data), problems


def map_size(data: bytes) -> tuple[float, float] | None:
    """A map's size in pixels: a PNG's header, or an SVG's width and height (else viewBox)."""
    size = png_size(data)
    if size is not None:
        return float(size[0]), float(size[1])
    checker = _SvgChecker()
    checker.check(data)
    return checker.size
