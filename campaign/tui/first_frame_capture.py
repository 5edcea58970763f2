"""Writing down what the GM screen shows, as a first frame (`campaign.tui.first_frame`).

Read from the mounted widgets by their ids and Textual's own types, so nothing
here imports the GM screen, the model or the session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Collapsible, Footer, Input, Static, Tree
from textual.widgets._footer import FooterKey
from textual.widgets.tree import TreeNode

from campaign.tui.widgets.keys_footer import KeysFooter


class _Unheld(Exception):
    """The screen shows something a frame cannot hold."""


def _markup(widget: Static) -> str:
    visual = widget.visual
    if not isinstance(visual, Content):
        raise _Unheld
    return visual.markup


def _tree(tree: Tree[Any]) -> list[list[object]]:
    lines: list[list[object]] = []

    def add(node: TreeNode[Any], depth: int) -> None:
        data = node.data if isinstance(node.data, tuple) and len(node.data) == 2 else ("", "")
        label = node.label if isinstance(node.label, str) else node.label.plain
        lines.append(
            [label, depth, node.allow_expand, node.is_expanded, node.is_last, *map(str, data)]
        )

    for node in tree.root.children:
        add(node, 0)
        if node.is_expanded:
            for child in node.children:
                if child.children:
                    raise _Unheld  # the act tree is two levels deep
                add(child, 1)
    return lines


def _block(child: Widget) -> list[object]:
    classes = " ".join(sorted(child.classes))
    title = child.border_title or ""
    if isinstance(child, Collapsible):
        return ["folded", classes, child.id or "", "", Content(str(child.title)).markup, []]
    if isinstance(child, Static):
        return ["text", classes, child.id or "", title, _markup(child), []]
    if child.has_class("exits"):
        labels = [
            label if isinstance(label, str) else label.plain
            for label in (button.label for button in child.query(Button))
        ]
        return ["exits", classes, child.id or "", title, "", labels]
    raise _Unheld


def _in_sight(pane: Widget) -> list[Widget]:
    """The pane's blocks down to the first one below its bottom edge: what the GM saw
    (and one more, for a taller terminal). Laying out the rest would only cost time."""
    bottom = pane.region.bottom
    shown: list[Widget] = []
    for child in pane.children:
        shown.append(child)
        if child.region.y >= bottom:
            break
    return shown


def _footer(footer: Footer) -> dict[str, object]:
    """The footer's keys: every one in order, fitted to the terminal when the frame is
    shown (a `KeysFooter`), else as shown now."""
    if isinstance(footer, KeysFooter):
        return {"footer": [list(pair) for pair in footer.every_key()], "fits": True}
    return {"footer": [[key.key_display, key.description] for key in footer.query(FooterKey)]}


def capture_screen(
    screen: Screen[Any], folder: Path, title: str, version: int
) -> dict[str, object] | None:
    """The frame of a GM screen showing its opening scene, or None."""
    current = getattr(screen, "current", None)
    if current != ("scene", getattr(screen, "opening_scene_id", None)):
        return None  # the GM has moved on already: that is not what a start shows
    try:
        tree = screen.query_one("#act-tree", Tree)
        pane = screen.query_one("#scene-pane")
        tray = screen.query_one("#dice-tray")
        footer = screen.query_one(Footer)
        hint = tray.query_one("#dice-feedback", Static).visual
        data: dict[str, object] = {
            "format": version,
            "root": str(folder.resolve()),
            "title": title,
            "opening": list(current),
            "tree": _tree(tree),
            "blocks": [_block(child) for child in _in_sight(pane)],
            "tray_title": tray.border_title or "",
            "tray_placeholder": tray.query_one("#dice-input", Input).placeholder,
            "tray_hint": hint.plain if isinstance(hint, Content) else "",
            **_footer(footer),
        }
    except (NoMatches, _Unheld):
        return None
    return data
