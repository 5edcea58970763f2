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


def tree_rows(screen_height: int) -> int:
    """Rows of the GM screen's act tree on opening: the screen less its header and footer."""
    return max(screen_height - 2, 1)


def first_tree_row(cursor: int, rows: int) -> int:
    """The tree's top row once it has scrolled to put line `cursor` in sight, as Textual's
    `Tree.scroll_to_line` does from the top: the cursor on the last row at most."""
    return max(0, cursor - max(rows, 1) + 1)
