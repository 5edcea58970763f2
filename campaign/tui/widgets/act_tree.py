"""The act and scene tree on the left of the GM screen.

A title longer than the tree is wide ends in "…" (`FitTree`); the whole title
shows as the tooltip of the line under the mouse, and in the scene pane once the
node is chosen.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets.tree import TreeNode

from campaign.model import Module
from campaign.tui.layout import first_tree_row
from campaign.tui.widgets.fit_tree import FitTree

Target = tuple[str, str]
"""('act' | 'scene' | 'chapter' | 'location', id): what a node shows."""


class ActTree(FitTree[Target]):
    """The book and the places (folded), then acts by number, each with its scenes."""

    def __init__(self, module: Module, *, id: str | None = None) -> None:
        super().__init__(Text(module.title), id=id)
        self.module = module
        self.show_root = False
        self.auto_expand = False  # Enter shows an act; space folds it
        self.guide_depth = 2
        self._by_target: dict[Target, TreeNode[Target]] = {}
        self._fill()

    def _fill(self) -> None:
        if self.module.chapters:
            # The book first and folded: what a GM reads before play, opened on enter.
            book = self.root.add(Text("Book"), expand=False)
            for key, chapter in self.module.chapters.items():
                book.add_leaf(Text(chapter.title), data=("chapter", key))
        if self.module.locations:
            # Places folded too: a location's map and keys, opened on enter.
            places = self.root.add(Text("Places"), expand=False)
            for key, place in self.module.locations.items():
                places.add_leaf(Text(place.name), data=("location", key))
        for act in self.module.acts.values():
            act_node = self.root.add(
                Text(f"Act {act.number} · {act.title}"), data=("act", act.id), expand=True
            )
            self._by_target["act", act.id] = act_node
            for scene_id in act.scenes:
                scene = self.module.scenes.get(scene_id)
                if scene is None:
                    continue
                leaf = act_node.add_leaf(Text(scene.title), data=("scene", scene.id))
                self._by_target["scene", scene.id] = leaf

    def rebuild(self, module: Module) -> None:
        """Show another version of the module (live reload), keeping the cursor's node."""
        kept = self.cursor_node.data if self.cursor_node is not None else None
        self.module = module
        self.clear()
        self._by_target.clear()
        self._fill()
        if kept is not None:
            self.show(*kept)

    def show(
        self, kind: str, identifier: str, *, scroll: bool = True, rows: int | None = None
    ) -> None:
        """Move the cursor to an act or scene node, expanding its act (and scrolling to
        it, unless `scroll` is False: before the tree is laid out, scrolling would put
        the node at the top; then `rows`, the height it will have, places it as a scroll
        would, so its first paint has the node in sight)."""
        node = self._by_target.get((kind, identifier))
        if node is None:
            return
        if node.parent is not None:
            node.parent.expand()
        self.get_node_at_line(0)  # lays the lines out again, so the node knows its line
        if not scroll:
            self.cursor_line = node.line  # `move_cursor` scrolls too
            if rows is not None:  # (`scroll_to` waits for the layout: after the paint)
                self.scroll_target_y = self.scroll_y = first_tree_row(node.line, rows)
            return
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    def scene_order(self) -> list[str]:
        """Every scene id in play order (acts by number, scenes as listed)."""
        return [
            scene_id
            for act in self.module.acts.values()
            for scene_id in act.scenes
            if scene_id in self.module.scenes
        ]
