"""A Tree whose lines end in "…" when cut, with the whole line as a tooltip.

Textual's Tree crops a label at the widget's edge without a sign that text is
missing. `FitTree` cuts each label to the room its line has (the tree's width
less the guides of its depth) with an ellipsis, and the line under the mouse
shows its whole label as the tooltip. The act tree and the tables' result use it.
"""

from __future__ import annotations

from typing import TypeVar

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

T = TypeVar("T")

ICON = 2
"""Cells of the fold icon ('▼ ') before the label of a node that folds."""


class FitTree(Tree[T]):
    """A Tree that says where it cut a label."""

    def render_label(self, node: TreeNode[T], base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        room = self.label_room(node)
        if room > 0 and label.cell_len > room:
            label.truncate(room, overflow="ellipsis")
        return label

    def label_room(self, node: TreeNode[T]) -> int:
        """Cells a node's label (with its fold icon) has: the width less its guides."""
        depth = 0
        parent = node.parent
        while parent is not None and (parent is not self.root or self.show_root):
            depth += 1
            parent = parent.parent
        return self.scrollable_content_region.width - depth * self.guide_depth

    def is_cut(self, node: TreeNode[T]) -> bool:
        icon = ICON if node.allow_expand else 0
        return Text(str(node.label)).cell_len + icon > self.label_room(node)

    def watch_hover_line(self, previous_hover_line: int, hover_line: int) -> None:
        super().watch_hover_line(previous_hover_line, hover_line)
        node = self.get_node_at_line(hover_line) if hover_line >= 0 else None
        self.tooltip = str(node.label) if node is not None and self.is_cut(node) else None
