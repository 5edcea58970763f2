"""Reading the pixels of a PNG: the 8-bit, non-interlaced kind Typst writes.

Enough of the format to draw a map in the terminal without an image library:
the IHDR header, the IDAT data inflated with zlib, each row unfiltered (None,
Sub, Up, Average, Paeth), RGB or RGBA (alpha laid over white) or grey.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from campaign.errors import CampaignError

Pixel = tuple[int, int, int]
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}
"""Colour type -> samples a pixel: grey, RGB, grey + alpha, RGBA."""


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    position = len(_SIGNATURE)
    while position + 8 <= len(data):
        (size,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        yield kind, data[position + 8 : position + 8 + size]
        position += 12 + size


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(raw: bytes, width: int, height: int, step: int) -> list[bytearray]:
    stride = width * step
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up = previous[x]
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                corner = previous[x - step] if x >= step else 0
                line[x] = (line[x] + _paeth(left, up, corner)) & 0xFF
        rows.append(line)
        previous = line
    return rows


def _pixel(line: bytearray, x: int, channels: int) -> Pixel:
    sample = line[x * channels : (x + 1) * channels]
    if channels in (1, 2):
        grey = sample[0]
        alpha = sample[1] if channels == 2 else 255
        value = (grey * alpha + 255 * (255 - alpha)) // 255
        return value, value, value
    alpha = sample[3] if channels == 4 else 255
    return (
        (sample[0] * alpha + 255 * (255 - alpha)) // 255,
        (sample[1] * alpha + 255 * (255 - alpha)) // 255,
        (sample[2] * alpha + 255 * (255 - alpha)) // 255,
    )


def png_pixels(data: bytes) -> list[list[Pixel]]:
    """Rows of (r, g, b) pixels; CampaignError for a PNG this reader does not take."""
    if not data.startswith(_SIGNATURE):
        raise CampaignError("not a PNG")
    header, idat = b"", bytearray()
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    if len(header) < 13:
        raise CampaignError("a PNG without its header")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header[:13])
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise CampaignError(f"a PNG of depth {depth}, colour type {colour}: not read here")
    channels = _CHANNELS[colour]
    rows = _unfilter(zlib.decompress(bytes(idat)), width, height, channels)
    return [[_pixel(line, x, channels) for x in range(width)] for line in rows]
