"""How many keys a footer row holds: one rule for the GM screen's footer
(`campaign.tui.widgets.keys_footer`) and the first frame's copy of it
(`campaign.tui.first_frame`), which must lay the same keys out the same way
without importing the widget."""

from __future__ import annotations

from collections.abc import Iterable

PALETTE_WIDTH = 13
"""'▏^p palette ': the command palette key, docked right."""


def key_cells(key: str, description: str) -> int:
    """Cells one key takes in a compact footer: key, space, description, margin."""
    return len(key) + 1 + len(description) + 1


def fitting(widths: Iterable[int], room: int) -> int:
    """How many of `widths`, in order from the first, fit in `room` cells."""
    count = used = 0
    for width in widths:
        if used + width > room:
            break
        used += width
        count += 1
    return count
