"""A module's map images: refused, with where, unless they are plain, local drawings."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from campaign.maps import MAX_MAP_BYTES, MAX_MAP_PIXELS, png_size, read_map

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    ' width="800" height="600">\n{body}\n</svg>\n'
)


def write(tmp_path: Path, body: str, name: str = "map.svg") -> Path:
    path = tmp_path / name
    path.write_text(SVG.format(body=body), encoding="utf-8")
    return path


def test_a_plain_drawing_with_local_references_is_read(tmp_path: Path) -> None:
    body = (
        '<defs><linearGradient id="g"/></defs><style>.k { fill: url(#g); }</style>\n'
        '<rect width="10" height="10" fill="url(#g)"/><use xlink:href="#g"/>\n'
        '<image href="data:image/png;base64,iVBORw0KGgo="/>'
    )
    data, problems = read_map(write(tmp_path, body))
    assert problems == [] and data is not None and data.startswith(b"<svg")


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        ("<script>alert(1)</script>", 2, "<script>"),
        ("<foreignObject><p/></foreignObject>", 2, "<foreignObject>"),
        ('<rect onclick="x()"/>', 2, "event attribute onclick="),
        ('<image href="http://example.com/x.png"/>', 2, "points outside the map"),
        ('<use xlink:href="other.svg#a"/>', 2, "points outside the map"),
        ('<image href="data:text/html;base64,PHA+"/>', 2, "points outside the map"),
        ('<rect style="fill: url(http://x/y)"/>', 2, "url(http://x/y)"),
        ("<style>@import 'x.css';</style>", 2, "@import"),
    ],
)
def test_each_unsafe_kind_is_a_located_problem(
    tmp_path: Path, body: str, line: int, needle: str
) -> None:
    data, problems = read_map(write(tmp_path, body))
    assert data is None
    assert any(p.line == line and needle in p.message for p in problems), problems


def test_a_doctype_stops_the_reading_before_any_entity(tmp_path: Path) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{"&l" + str(i - 1) + ";" * 1 * 10}">' for i in range(1, 10))
    path = tmp_path / "laughs.svg"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY l0 "ha">{laughs}]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg">&l9;</svg>',
        encoding="utf-8",
    )
    data, problems = read_map(path)
    assert data is None and len(problems) == 1
    assert problems[0].line == 2 and "DOCTYPE" in problems[0].message


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def test_size_and_pixel_limits(tmp_path: Path) -> None:
    small = tmp_path / "small.png"
    small.write_bytes(_png(1200, 800))
    assert png_size(small.read_bytes()) == (1200, 800)
    assert read_map(small)[1] == []
    huge = tmp_path / "huge.png"
    huge.write_bytes(_png(10_000, 10_000))
    assert "pixels" in read_map(huge)[1][0].message and MAX_MAP_PIXELS < 10_000 * 10_000
    wide = write(tmp_path, "", "wide.svg")
    wide.write_text(
        SVG.replace('width="800" height="600"', 'width="90000" height="9000"').format(body="")
    )
    assert "pixels" in read_map(wide)[1][0].message
    heavy = tmp_path / "heavy.svg"
    heavy.write_bytes(b"<svg>" + b" " * (MAX_MAP_BYTES + 1) + b"</svg>")
    assert "bytes" in read_map(heavy)[1][0].message


def test_what_is_neither_svg_nor_png_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "map.svg"
    path.write_text("<html><body/></html>", encoding="utf-8")
    assert "not an SVG" in read_map(path)[1][0].message
    path.write_bytes(b"GIF89a....")
    assert read_map(path)[0] is None


def test_nesting_past_what_the_drawing_reader_takes_is_refused_where_it_starts(
    tmp_path: Path,
) -> None:
    assert read_map(write(tmp_path, "<g>" * 1_000 + "</g>" * 1_000))[1] == []
    _, problems = read_map(write(tmp_path, "<g>" * 1_001 + "</g>" * 1_001))
    (problem,) = problems
    assert (problem.line, problem.message) == (2, "refused: elements nested over 1,000 deep")
    assert problem.column == 3 * 1_000 + 1
