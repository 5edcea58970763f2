"""The GM screen's first frame, painted from plain data while the module loads.

It has the GM screen's layout, ids and stylesheet: the act tree's lines, the
opening scene's blocks, the dice tray and the footer's keys, all as plain text
(`campaign.tui.first_frame`). Nothing here reacts: keys typed meanwhile are kept
(`typed`) and handed to the real GM screen when it takes this one's place, so
nothing the GM types ahead is lost.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from campaign.tui.first_frame import PALETTE_KEY, Block, FirstFrame, TreeLine, fit_footer
from campaign.tui.layout import BREAKPOINTS, NARROW, first_tree_row, tree_rows, width_class


def _tree_line(line: TreeLine, cursor: bool) -> Content:
    if line.depth == 0:
        guide = ("▼ " if line.expanded else "▶ ") if line.folds else "  "
    else:
        guide = "└ " if line.last else "├ "
    label = Content(line.label)
    if cursor:
        label = label.stylize("bold $block-cursor-foreground on $block-cursor-background")
    return Content.assemble((guide, "$text-muted"), label)


def _tree_scroll(frame: FirstFrame, rows: int) -> int:
    """The tree's first line shown: where the GM screen's tree starts (`ActTree.show`),
    so it does not jump when the GM screen takes over (a session on a late scene)."""
    cursor = next(
        (
            index
            for index, line in enumerate(frame.tree)
            if (line.kind, line.identifier) == frame.opening
        ),
        0,
    )
    return first_tree_row(cursor, rows)


def _block(block: Block) -> Widget:
    classes = block.classes
    identifier = block.identifier or None
    if block.kind == "folded":
        return Static(Content.assemble("▶ ", block.body), classes=f"{classes} -folded")
    if block.kind == "exits":
        exits = Vertical(
            *(Static(Content(label), classes="exit") for label in block.labels),
            classes=classes,
            id=identifier,
        )
        exits.border_title = block.title
        return exits
    static = Static(block.body, classes=classes, id=identifier)
    if block.title:
        static.border_title = block.title
    return static


def _footer_line(footer: tuple[tuple[str, str], ...], width: int) -> Content:
    """The keys, the command palette's docked right as the GM screen's footer docks it."""
    keys = [
        Content.assemble((key, "bold $footer-key-foreground"), " ", description)
        for key, description in footer
    ]
    if not footer or footer[-1] != PALETTE_KEY:
        return Content(" ").join(keys)
    left, palette = Content(" ").join(keys[:-1]), Content.assemble("▏", keys[-1], " ")
    gap = max(1, width - left.cell_length - palette.cell_length)
    return Content.assemble(left, " " * gap, palette)


class FirstFrameScreen(Screen[None]):
    """The GM screen as it was last shown first, until the real one is ready."""

    # No CSS_PATH: it is only ever the app's default screen, whose stylesheets Textual
    # never reads; the app loads `scene.tcss` and `first_frame.tcss` itself.
    AUTO_FOCUS = None
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    def __init__(self, frame: FirstFrame) -> None:
        super().__init__()
        self.frame = frame
        self.sub_title = frame.title
        self.typed: list[tuple[str, str | None]] = []
        """Keys typed before the GM screen was ready, in order."""

    def compose(self) -> ComposeResult:
        frame = self.frame
        # Its classes before anything is styled: set once laid out, they would restyle it all.
        width = self.app.size.width
        self.add_class(width_class(width))
        self.set_class(width >= NARROW, "-tray-open")
        yield Header()
        with Horizontal(id="gm-body"):
            lines = [
                _tree_line(line, (line.kind, line.identifier) == frame.opening)
                for line in frame.tree
            ]
            rows = tree_rows(self.app.size.height)
            tree = Static(Content("\n").join(lines[_tree_scroll(frame, rows) :]), id="act-tree")
            tree.set_class(len(lines) > rows, "-scrolls")
            yield tree
            with VerticalScroll(id="scene-pane"):
                for block in frame.blocks:
                    yield _block(block)
            tray = Vertical(id="dice-tray")
            tray.border_title = frame.tray_title
            with tray:
                yield Static(Content(frame.tray_placeholder), id="dice-input")
                yield Static(Content(frame.tray_hint), id="dice-feedback")
        footer = fit_footer(frame.footer, width) if frame.fits else frame.footer
        yield Static(_footer_line(footer, width), id="frame-footer")

    def on_mount(self) -> None:
        for widget in self.query("*"):
            widget.can_focus = False
        ready = getattr(self.app, "screen_ready", None)
        if ready is not None:
            ready(self)

    def release(self) -> None:
        """Covered for good by the GM screen (it stays the app's default screen, under
        every other): its widgets, and all they rendered, are let go."""
        self.query_children().remove()

    def on_key(self, event: events.Key) -> None:
        """Keep the key for the GM screen (nothing here acts on it)."""
        if event.key == "ctrl+j":
            # Enter pressed before the terminal was put in raw mode: the tty turned
            # its return into a newline, which reads as ctrl+j (nothing is bound to it).
            self.typed.append(("enter", "\r"))
        else:
            self.typed.append((event.key, event.character))
        event.stop()
        event.prevent_default()


def release_covered(stack: list[Screen[Any]]) -> None:
    """Once the GM screen is up for good: the first frame under it (the app's default
    screen, never shown again) lets its widgets, and all they rendered, go."""
    bottom = stack[0] if stack else None
    if isinstance(bottom, FirstFrameScreen) and bottom is not stack[-1]:
        bottom.release()
