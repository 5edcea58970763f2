"""Writing imported documents with libyaml's emitter.

PyYAML's pure-Python emitter takes about 1.5 s of CPU for a 10,000-entry
table, and checking each long text's style by dumping and loading it again
as much again. libyaml writes the same YAML in a tenth of the time, but puts
a list under its key without indenting it; so the top-level keys are written
one at a time and a top-level list is written as a document of its own and
indented by two spaces, which gives the layout the pure-Python writer gives.

Only documents whose lists hold flat items (scalars, or mappings of scalars:
tables, and NPCs' attacks and traits) are written this way; anything else
returns None and the caller uses the pure-Python writer. The text is the
careful writer's but for a few foldings (after double spaces). The caller
reads it back and compares it with the data either way, so a style libyaml
chose badly is never kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

_CDumper: Any = getattr(yaml, "CSafeDumper", None)

BIG = 0
"""Documents with more list items than this take the fast path (all flat ones: it writes the
same text as the careful writer but for a few foldings, in a third of the time)."""


class _Top(dict[str, Any]):
    """One key of the document: always a block mapping, as the document is."""


def _represent_top(dumper: Any, value: _Top) -> yaml.Node:
    node: yaml.Node = dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), False)
    return node


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def _flat(value: Any) -> bool:
    """A scalar, or a mapping or list of scalars (what the fast path writes exactly)."""
    if isinstance(value, Mapping):
        return all(_scalar(item) for item in value.values())
    if isinstance(value, list):
        return all(_scalar(item) for item in value)
    return _scalar(value)


def _item_flat(item: Any) -> bool:
    if isinstance(item, Mapping):
        return all(_flat(value) for value in item.values())
    return _scalar(item)


def fits(data: Mapping[str, Any]) -> bool:
    """libyaml is there, the document is big, and every list in it holds flat items."""
    if _CDumper is None:
        return False
    items = sum(len(value) for value in data.values() if isinstance(value, list))
    if items <= BIG:
        return False
    return all(
        all(_item_flat(item) for item in value) if isinstance(value, list) else _flat(value)
        for value in data.values()
    )


def dump(
    data: Mapping[str, Any],
    represent: Mapping[type, Callable[[Any, Any], yaml.Node]],
    flow_list: Callable[[list[Any]], bool],
    width: int,
) -> str:
    """The document as YAML written by libyaml, lists indented under their keys.

    `represent` are the writer's representers (styles of text, mappings and
    lists) and `flow_list` its rule for writing a list on one line.
    """

    class Dumper(_CDumper):  # type: ignore[misc]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    for kind, function in represent.items():
        Dumper.add_representer(kind, function)
    Dumper.add_representer(_Top, _represent_top)

    def emit(value: Any, at: int) -> str:
        text: str = yaml.dump(
            value, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=width - at
        )
        return text

    parts: list[str] = []
    for key, value in data.items():
        if not (isinstance(value, list) and value and not flow_list(value)) or not _KEY(key):
            parts.append(emit(_Top({key: value}), 0))
            continue
        body = emit(value, 2)
        indented = "".join(
            f"  {line}" if line.strip() else line for line in body.splitlines(keepends=True)
        )
        parts.append(f"{key}:\n{indented}")
    return "".join(parts)


_KEY = re.compile(r"[a-z_]+").fullmatch
"""A key written bare before an indented list (the model's field names all are)."""
