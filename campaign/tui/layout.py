"""The GM screen's widths, shared by the screen and its first frame (imports nothing)."""

NARROW = 110
"""Below this many columns the GM screen's tray starts closed and opens at the bottom."""

VERY_WIDE = 150
"""From this many columns the tree and the tray are wider."""

BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide"), (VERY_WIDE, "-very-wide")]
"""The GM screen's `HORIZONTAL_BREAKPOINTS`: the classes its stylesheet keys on."""

NARROW_OR_WIDE = [(0, "-narrow"), (NARROW, "-wide")]
"""The other screens' `HORIZONTAL_BREAKPOINTS` (browsers, the book, the fight): narrow
below the width where the GM screen's tray moves to the bottom."""


def width_class(width: int) -> str:
    """The breakpoint class Textual gives a screen this wide (set early, it restyles nothing)."""
    return next(name for least, name in sorted(BREAKPOINTS, reverse=True) if width >= least)
