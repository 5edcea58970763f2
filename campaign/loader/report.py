"""Where a problem is: a document plus a field path, turned into `path:line:col: field: message`.

Positions come from the file's YAML nodes, which are only composed for files
that have a problem, so a clean load never pays for them.
"""

from __future__ import annotations

import yaml

from campaign.errors import Problem
from campaign.loader.node_paths import Loc, format_loc
from campaign.loader.reading import Document

__all__ = ["Loc", "Reporter", "format_loc", "node_at"]


def node_at(node: yaml.Node, loc: Loc, *, key: bool = False) -> tuple[yaml.Node, int]:
    """The deepest node along loc, and how many loc parts were matched."""
    matched = 0
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            # The last of a key written twice: its value is the one that was loaded.
            found = [pair for pair in node.value if getattr(pair[0], "value", None) == part]
            if not found:
                return node, matched
            key_node, value_node = found[-1]
            node = key_node if (key and last) else value_node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node, matched
            node = node.value[part]
        else:
            return node, matched
        matched += 1
    return node, matched


class Reporter:
    """Collects a load's problems, each located in its file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.invalid_ids: set[str] = set()
        """Ids of documents that failed validation (or sit in files that did not parse):
        references to them are not reported again as dangling, the document's own
        problems say what is wrong."""
        self.unreadable = False
        """A file could not be read into documents: a part missing from the module (its
        acts, say) may be in that file, so its absence is not reported on its own."""
        self.scenes_of_invalid_acts: set[str] = set()
        """Scenes an act that failed validation lists: they are in an act, whatever the
        act's own problems."""
        self.invalid_act_unlisted = False
        """An act failed validation and its scene list could not be read either."""
        self.invalid_acts = 0
        """How many act documents failed validation."""

    def note_invalid_act(self, scenes: object) -> None:
        """Remember the scenes an invalid act lists (its raw `scenes`), so they are not
        also reported as in no act: that would only be a consequence of its problem."""
        self.invalid_acts += 1
        if isinstance(scenes, list):
            self.scenes_of_invalid_acts |= {scene for scene in scenes if isinstance(scene, str)}
        else:
            self.invalid_act_unlisted = True

    def at(self, document: Document, loc: Loc, message: str, *, key: bool = False) -> None:
        """A problem at a field of a document (at its key rather than its value if `key`)."""
        file = document.file
        try:
            root_node = file.nodes()[document.index]
            node, _ = node_at(root_node, loc, key=key)
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        except (IndexError, yaml.YAMLError):
            line, column = 1, 1
        self.problems.append(Problem(file.path, line, column, format_loc(loc), message))

    def at_column(self, document: Document, loc: Loc, message: str, column: int) -> None:
        """Report a dice error at the offending character inside the YAML scalar."""
        file = document.file
        try:
            node, _ = node_at(file.nodes()[document.index], loc)
        except (IndexError, yaml.YAMLError):
            self.problems.append(Problem(file.path, 1, 1, format_loc(loc), message))
            return
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        style = getattr(node, "style", None)
        if isinstance(node, yaml.ScalarNode) and style in (None, "'", '"') and column > 0:
            same_line = node.start_mark.line == node.end_mark.line
            if same_line:
                col += column - 1 + (1 if style else 0)
        self.problems.append(Problem(file.path, line, col, format_loc(loc), message))
