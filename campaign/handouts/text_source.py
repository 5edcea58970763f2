"""Where in a module's YAML a text that a template was given was written.

A limit hit while a shared template (the toolkit's own) works on a module's
text is the text's fault, not the template's: a 250 KB body of `<` becomes
1 MB of `&lt;`. `text_place` finds the field holding that text (the handout's
own fields, then the NPC and PC it shows) and its `file:line:column`, so the
refusal names the YAML a GM can edit. Positions come from composing that one
file into YAML nodes, only when such a refusal happens.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from campaign.model import Handout, Module

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class TextPlace:
    """A field of a document in the module's YAML, and where it is written."""

    path: Path
    line: int
    column: int
    field: str
    """As the loader writes field paths: `body`, `data.notes[2]`."""


def _owners(module: Module, handout: Handout) -> list[tuple[str, str, Any]]:
    """The documents whose text a handout prints: itself, its NPC, its PC (as plain data)."""
    owners: list[tuple[str, str, Any]] = [("handout", handout.id, handout)]
    if handout.npc and handout.npc in module.npcs:
        owners.append(("npc", handout.npc, module.npcs[handout.npc]))
    if handout.pc and handout.pc in module.pcs:
        owners.append(("pc", handout.pc, module.pcs[handout.pc]))
    return [(kind, key, model.model_dump(mode="json")) for kind, key, model in owners]


def handout_texts(module: Module, handout: Handout) -> list[str]:
    """Every text of the documents a handout prints (itself, its NPC and PC)."""
    texts: list[str] = []
    for _kind, _key, data in _owners(module, handout):
        texts.extend(_strings(data))
    return texts


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def text_place(module: Module, handout: Handout, text: str) -> TextPlace | None:
    """The first field (of the handout, then its NPC and PC) whose value is `text`."""
    for kind, key, data in _owners(module, handout):
        found = next(_paths_to(data, text, ()), None)
        source = module.sources.get((kind, key))
        if found is None or source is None:
            continue
        line, column = _position(module.root / source.path, source.index, found)
        return TextPlace(module.root / source.path, line or source.line, column, _shown(found))
    return None


def _paths_to(value: Any, text: str, path: FieldPath) -> Iterator[FieldPath]:
    if isinstance(value, str):
        if value == text:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _paths_to(item, text, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths_to(item, text, (*path, index))


def _position(file: Path, index: int, path: FieldPath) -> tuple[int, int]:
    """Line and column of the value at `path` in document `index` of `file` ((0, 1) if the
    file cannot be read again; the deepest node found if the path is not all there)."""
    try:
        with open(file, encoding="utf-8") as handle:
            documents = list(yaml.compose_all(handle, Loader=_Composer))
        node: yaml.Node = documents[index]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, IndexError, RecursionError):
        return 0, 1
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            values = [value for key, value in node.value if getattr(key, "value", None) == part]
            if not values:
                break
            node = values[-1]  # a key written twice: the last one is what was loaded
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1, node.start_mark.column + 1


_Composer: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _shown(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
