"""`load_module`: a module folder to a `Module`, or a `ModuleError` listing every problem.

The stages, each collecting problems rather than stopping at the first: read
the YAML files (`reading`), give each document a kind and validate it against
its model (`validation`), put the valid ones together (`assembly`), check
that what they name exists (`references`), and read the chapters (`chapters`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from campaign.errors import ModuleError, Problem
from campaign.loader.assembly import ByKind, assemble
from campaign.loader.chapters import read_chapters
from campaign.loader.discovery import MODULE_FILE
from campaign.loader.reading import Document, Reader
from campaign.loader.references.run import check_references
from campaign.loader.report import Reporter
from campaign.loader.validation import classify, validate
from campaign.model import Module


def _with_chapters(reporter: Reporter, module: Module, by_kind: ByKind) -> Module:
    """The module with its chapters read (their problems reported)."""
    chapters, missing = read_chapters(module.root, module.info.chapters, reporter.problems)
    info_document = next(iter(by_kind["module"].values()))
    for index, message in missing:
        reporter.at(info_document, ("chapters", index), message)
    return dataclasses.replace(module, chapters=chapters) if chapters else module


def load_module(path: Path | str) -> Module:
    """Load and cross-check a module folder; raise ModuleError listing every problem."""
    root = Path(path)
    if not root.is_dir():
        raise ModuleError([Problem(root, 1, 1, "", "no such module folder")])
    reporter = Reporter()
    if not (root / MODULE_FILE).is_file():
        reporter.problems.append(
            Problem(root / MODULE_FILE, 1, 1, "", "missing: a module needs a module.yaml")
        )
    reader = Reader(root, reporter.problems)
    files = reader.files()
    reporter.invalid_ids |= reader.unparsed_ids
    reporter.unreadable = reader.unreadable
    documents: list[Document] = [
        document for file in files for document in file.documents if classify(reporter, document)
    ]
    for document in documents:
        validate(reporter, document)
    valid = [document for document in documents if document.model is not None]
    assembled = assemble(reporter, root, valid)
    if assembled is not None:
        module, by_kind = assembled
        check_references(reporter, module, by_kind)
        assembled = _with_chapters(reporter, module, by_kind), by_kind
    if reporter.problems:
        raise ModuleError(reporter.problems)
    assert assembled is not None
    return assembled[0]
