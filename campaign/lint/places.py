"""Where a lint finding is: a document (kind and id) and a field path, as `file:line:col`.

The loader keeps where each document came from (`Module.sources`: its file and
its place in the file) but not the positions of its fields, which are only
worked out for files with problems. Lint's story checks point at a scene, a
clue or a variant's condition, so `Places` composes the files it is asked
about into YAML nodes, once per file, and walks the field path with the
loader's own `node_at`. A file that cannot be read again is located at the
document's first line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from campaign.loader.node_paths import Loc
from campaign.loader.report import node_at
from campaign.model import Module

_Composer: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Places:
    """Turns (kind, id, field path) into `relative/file.yaml:line:col` for one module."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self._nodes: dict[Path, list[yaml.Node] | None] = {}

    def _documents(self, relative: Path) -> list[yaml.Node] | None:
        if relative not in self._nodes:
            try:
                text = (self.module.root / relative).read_text(encoding="utf-8")
                self._nodes[relative] = list(yaml.compose_all(text, Loader=_Composer))
            except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
                self._nodes[relative] = None
        return self._nodes[relative]

    def at(self, kind: str, key: str, loc: Loc = ()) -> str:
        """`acts/act-3.yaml:194:1` for a field of a document; the document's kind and id
        (`scene a3-x`) when the module does not say where it came from."""
        source = self.module.sources.get((kind, key))
        if source is None:
            return f"{kind} {key}"
        line, column = source.line, 1
        documents = self._documents(source.path)
        if documents is not None and source.index < len(documents):
            node, _ = node_at(documents[source.index], loc)
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        return f"{source.path.as_posix()}:{line}:{column}"
