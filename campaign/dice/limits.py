"""Bounds on what one expression may ask for, checked before any die is thrown.

They keep every compile and roll well under a few milliseconds whatever a GM
(or a fuzzer) types, and keep a roll's breakdown small enough to display.
"""

from __future__ import annotations

MAX_LENGTH = 200
"""Characters in an expression."""

MAX_NUMBER = 1_000_000
"""Largest number literal (a modifier, a keep count, a comparison value)."""

MAX_SIDES = 1_000_000
"""Faces on one die."""

MAX_DICE = 1_000
"""Dice thrown by one roll, counting rerolled and exploded dice."""

MAX_EXPLOSIONS = 100
"""Times one die may explode; the last throw stands as rolled. This is a rule of
the notation (support, min/max and odds include it), not a failure."""

MAX_REROLLS = 100
"""Rerolls shown for one die before the engine draws the final face directly
from the faces the die may keep (same distribution, fewer dice listed)."""

MAX_NESTING = 50
"""Depth of parentheses."""

MAX_SUPPORT = 100_000
"""Largest set of totals `Expression.support()` enumerates."""
