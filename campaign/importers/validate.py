"""Validating imported documents against their models before they are written.

`finish` validates a document against its model and drops (and reports) any
field that still does not fit, so what is written always loads; values the
loader would refuse (64-bit integers, long text, deep nesting) are dropped first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from campaign.importers.report import Report
from campaign.loader.validation import error_words
from campaign.loader.yaml_loader import INT_MAX, INT_MIN, MAX_DEPTH, MAX_TEXT_BYTES
from campaign.model import DOCUMENT_MODELS


@dataclass
class Imported:
    """One document an importer produced, ready to validate and write."""

    kind: str
    data: dict[str, Any]
    file: str
    """The input file, as shown in the report."""
    entry: str
    """The item's name in the input, as shown in the report."""


def _format_loc(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _walk(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[Any, Any, tuple[Any, ...]]]:
    """(container, key, path so far) for each step of loc that exists in data.

    Parts that are not in the data (the name of a union member) are stepped over.
    """
    current = data
    path: tuple[Any, ...] = ()
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            step: Any = part
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            step = part
        else:
            continue
        yield current, step, (*path, step)
        current = current[step]
        path = (*path, step)


def _beyond_loader_limits(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of values the loader would refuse: integers past 64 bits, text over
    MAX_TEXT_BYTES, nesting past MAX_DEPTH (the whole too-deep value)."""
    if len(path) >= MAX_DEPTH and isinstance(data, dict | list):
        yield path  # a collection here is level 65: the document's mapping is level 1
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _beyond_loader_limits(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _beyond_loader_limits(value, (*path, index))
    elif isinstance(data, int) and not isinstance(data, bool):
        if not INT_MIN <= data <= INT_MAX:
            yield path
    elif isinstance(data, str) and len(data.encode("utf-8")) > MAX_TEXT_BYTES:
        yield path


def _drop_beyond_limits(document: Imported, report: Report) -> None:
    """What the loader would refuse is left out of the module, reported, never written."""
    for path in list(_beyond_loader_limits(document.data)):
        steps = list(_walk(document.data, path))
        if len(steps) != len(path):
            continue  # inside a value already dropped
        container, key, _ = steps[-1]
        del container[key]
        report.skip(
            document.file,
            document.entry,
            _format_loc(path),
            "not carried over: beyond what a module may hold (64-bit integers, "
            f"{MAX_TEXT_BYTES // 1024} KB of text, {MAX_DEPTH} levels of nesting)",
        )


def finish(document: Imported, report: Report) -> Imported | None:
    """Validate against the document's model, dropping (and reporting) whatever does not fit.

    Returns None when the document cannot be saved (a required field is missing).
    """
    _drop_beyond_limits(document, report)
    model = DOCUMENT_MODELS[document.kind]
    for _ in range(50):
        try:
            model.model_validate(document.data)
        except ValidationError as error:
            item = error.errors(include_url=False)[0]
            steps = list(_walk(document.data, tuple(item["loc"])))
            if not steps:
                # The document as a whole does not fit (a required field is missing).
                where = _format_loc(item["loc"])
                report.skip(
                    document.file,
                    document.entry,
                    document.kind,
                    f"{where}: {error_words(item)}" if where else error_words(item),
                )
                return None
            container, key, path = steps[-1]
            del container[key]
            if not container and len(steps) >= 2:  # no empty mapping or list left behind
                parent, parent_key, _ = steps[-2]
                del parent[parent_key]
            report.skip(document.file, document.entry, _format_loc(path), error_words(item))
            continue
        return document
    report.skip(document.file, document.entry, document.kind, "too many fields did not fit")
    return None
