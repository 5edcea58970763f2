"""Walking a document's YAML nodes: the field path to a node, and the first place it nests too deep.

Nodes can be shared (an alias points at an anchored node), and can even
contain themselves (`&a [*a]`), so every walk here remembers what it has seen
and none of them recurses: a hostile file cannot make them slow or blow the
stack. They only run for files that have a problem (or that use aliases).
"""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]
"""A field path into a document: mapping keys and list indexes, as pydantic reports them."""

_LONGEST_KEY_SHOWN = 64
"""A key longer than this (a refused 5,000-digit number, say) is left out of a field path."""


def format_loc(loc: Loc) -> str:
    """A field path as the GM reads it: `entries[2].range`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _children(node: Node) -> Iterator[tuple[str | int, Node]]:
    """(path part, child) for each child of a collection, in file order.

    For a mapping both the key and the value are children; the path part is the
    key as written (a field path names a key by its text).
    """
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            part = key_node.value if isinstance(key_node, ScalarNode) else "?"
            yield part, key_node
            yield part, value_node
    elif isinstance(node, SequenceNode):
        yield from enumerate(node.value)


def paths_to(root: Node, targets: set[Node]) -> dict[Node, Loc]:
    """The field path of each target node under root (targets not found are left out).

    A refused mapping key is named by its mapping's path plus the key's text,
    unless the text is too long to read, when the mapping's path alone says where.
    """
    found: dict[Node, Loc] = {}
    if root in targets:
        found[root] = ()
    seen = {id(root)}
    stack: list[tuple[Node, Loc]] = [(root, ())]
    while stack and len(found) < len(targets):
        node, loc = stack.pop()
        for part, child in _children(node):
            child_loc = loc if len(str(part)) > _LONGEST_KEY_SHOWN else (*loc, part)
            if child in targets and child not in found:
                found[child] = child_loc
            if id(child) not in seen and not isinstance(child, ScalarNode):
                seen.add(id(child))
                stack.append((child, child_loc))
    return found


def _heights(root: Node, cap: int) -> dict[int, int]:
    """How many collections deep each collection reaches (itself included), at most `cap`.

    Keyed by node id. A node that contains itself reaches `cap`: expanded, it
    would be infinitely deep.
    """
    heights: dict[int, int] = {}
    deepest_child: dict[int, int] = {id(root): 0}
    on_path = {id(root)}
    stack: list[tuple[Node, Iterator[tuple[str | int, Node]]]] = [(root, _children(root))]
    while stack:
        node, children = stack[-1]
        for _, child in children:
            if isinstance(child, ScalarNode):
                continue
            key = id(child)
            if key in heights:
                below = heights[key]
            elif key in on_path:
                below = cap
            else:
                on_path.add(key)
                deepest_child[key] = 0
                stack.append((child, _children(child)))
                break
            deepest_child[id(node)] = max(deepest_child[id(node)], below)
        else:
            stack.pop()
            on_path.discard(id(node))
            height = min(deepest_child.pop(id(node)) + 1, cap)
            heights[id(node)] = height
            if stack:
                parent = id(stack[-1][0])
                deepest_child[parent] = max(deepest_child[parent], height)
    return heights


def too_deep(root: Node, limit: int) -> tuple[Loc, Node] | None:
    """The first collection (in file order) nested more than `limit` deep, with its path.

    The document's own mapping is level 1. Aliases count as what they point at,
    so a chain of anchors cannot build depth the file does not show.
    """
    if isinstance(root, ScalarNode):
        return None
    heights = _heights(root, limit + 1)
    if heights[id(root)] <= limit:
        return None
    node, loc = root, []
    for depth in range(1, limit + 1):
        # node reaches at least limit + 2 - depth levels, so some child reaches one less.
        needed = limit + 1 - depth
        for part, child in _children(node):
            if heights.get(id(child), 0) >= needed:
                node = child
                loc.append(part)
                break
        else:  # pragma: no cover - heights guarantee a child
            break
    return tuple(loc), node
