"""The dice tray's fixed words, apart from the tray so the first frame read from a
module's YAML (`campaign.tui.raw_frame`) shows the same ones without importing it."""

TITLE = "Dice"
"""The tray's border title."""

PLACEHOLDER = "2d6+3 vs 9"
"""What the empty box says while the GM is typing in it."""
PLACEHOLDER_AWAY = "press d to type: 2d6+3 vs 9"
"""What it says otherwise: keys typed then are the screen's (a digit follows an exit),
so the box must not look ready to take them."""

HINT = "Type dice: 2d6+3, 4d6kh3, d66 · add 'vs 9' for the chance to reach 9 · Enter rolls"
"""The line under the box before anything is typed."""
