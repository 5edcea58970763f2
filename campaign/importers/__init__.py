"""Import tables and monsters from other tools' formats; export tables to Foundry VTT.

    report = import_files("open5e-monster", [Path("aboleth.json")], Path("my-module"))
    for line in report.lines():
        print(line)   # FILE: <entry>: <field> not carried over (<why>)

Formats: `foundry-table` (Foundry VTT roll tables), `open5e-monster` (Open5e
API v1), `5e-bits-monster` (5e-database / dnd5eapi.co) and `statblock-yaml`
(the Fantasy Statblocks Obsidian plugin, YAML or ```statblock blocks in
Markdown) and `obsidian` (a whole vault: every stat block its notes hold).
Each imported table or NPC becomes one readable YAML file under
tables/ or npcs/; the module is created if the folder does not exist, and is
loaded with `load_module` afterwards so any problem is reported at once.

This package never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campaign.importers import (
    fast_dump,
    five_e_bits_monster,
    foundry_table,
    obsidian,
    open5e_monster,
    statblock_yaml,
)
from campaign.importers.common import Context, Imported
from campaign.importers.foundry_export import export_table
from campaign.importers.report import ImportInputError, Report, Skipped
from campaign.importers.validate import finish
from campaign.importers.writer import (
    D20_RULESET_INFO,
    create_module,
    document_text,
    ensure_schema,
    inspect_module,
    write_documents,
    write_texts,
)
from campaign.loader import MAX_FILE_BYTES
from campaign.loader.limits import MB
from campaign.model import DOCUMENT_MODELS
from campaign.wording import plural


@dataclass(frozen=True)
class Format:
    """An input format: its name on the command line, what it makes, and its reader."""

    name: str
    kind: str
    description: str
    read: Callable[[list[Path], Context], list[Imported]]


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format(
            "foundry-table",
            "table",
            "Foundry VTT roll tables (JSON or YAML; a file, a list, or a folder of them)",
            foundry_table.import_tables,
        ),
        Format(
            "open5e-monster",
            "npc",
            'Open5e API v1 monsters (one object or {"results": [...]})',
            open5e_monster.import_monsters,
        ),
        Format(
            "5e-bits-monster",
            "npc",
            "5e-bits 5e-database monsters (5e-SRD-Monsters.json or one object)",
            five_e_bits_monster.import_monsters,
        ),
        Format(
            "statblock-yaml",
            "npc",
            "Fantasy Statblocks YAML, or ```statblock blocks in Markdown notes",
            statblock_yaml.import_statblocks,
        ),
        Format(
            "obsidian",
            "npc",
            "an Obsidian vault or folder: every stat block of its notes (```statblock, in "
            "callouts, in frontmatter, ```ad-statblock)",
            obsidian.import_vault,
        ),
    )
}


def import_files(format_name: str, paths: list[Path], module_dir: Path) -> Report:
    """Import the files (or folders) into module_dir, creating the module if needed.

    Raises ImportInputError when nothing can be imported (unreadable input, wrong
    format); otherwise writes the documents and returns the report.
    """
    if format_name not in FORMATS:
        raise ImportInputError(
            f"unknown format '{format_name}'; expected one of: {', '.join(FORMATS)}"
        )
    fmt = FORMATS[format_name]
    state = inspect_module(module_dir)
    report = Report()
    ruleset = state.ruleset if state.exists and state.ruleset is not None else D20_RULESET_INFO
    context = Context(ruleset, report, existing=state.ids, reusable=state.reusable)
    documents = fmt.read(paths, context)
    finished = [doc for doc in (finish(document, report) for document in documents) if doc]
    texts = _files_that_load(finished, context)
    finished = [document for document in finished if document.data["id"] in texts]
    if not finished:
        _nothing_imported(report)
    if not state.exists:
        create_module(module_dir)
        report.created_module = True
    ensure_schema(module_dir)
    documents_data = [document.data for document in finished]
    sources = [context.source_label(document.file, document.entry) for document in finished]
    report.written = write_texts(module_dir, fmt.kind, list(texts.items()))
    report.problems, differ = _check(module_dir, fmt.kind, documents_data)
    if differ:  # a big document libyaml wrote does not read back: write it the careful way
        again = [(doc, source) for doc, source in zip(documents_data, sources, strict=True)]
        again = [(doc, source) for doc, source in again if doc["id"] in differ]
        write_documents(
            module_dir, fmt.kind, [doc for doc, _ in again], sources=[s for _, s in again]
        )
        report.problems, _ = _check(module_dir, fmt.kind, [])
    return report


def _files_that_load(documents: list[Imported], context: Context) -> dict[str, str]:
    """Id -> file text of each document whose file the loader will read.

    A file over the loader's per-file limit (10,000 overlapping Foundry results
    make a table of 10 MB) would be written only to be refused when the module
    loads: it is left out with one line instead, and nothing is written for it.
    """
    texts: dict[str, str] = {}
    for document in documents:
        source = context.source_label(document.file, document.entry)
        text = document_text(document.data, source, checked_later=True)
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            context.report.skip(
                document.file,
                document.entry,
                document.kind,
                f"its file would be {size:,} bytes, over the {MAX_FILE_BYTES // MB} MB limit "
                "for a module file, which the module loader refuses; nothing was written for it",
            )
            continue
        texts[document.data["id"]] = text
    return texts


def _nothing_imported(report: Report) -> None:
    """Raise the one-line error for an import that has nothing to write."""
    if len(report.failed) == 1 and not report.skipped:
        raise ImportInputError(report.failed[0])
    if report.without_block and not report.failed and not report.skipped:
        raise ImportInputError(
            f"no stat block in {plural(report.without_block, 'note')} read "
            "(```statblock, frontmatter with statblock: true, or ```ad-statblock)"
        )
    lines = [*report.failed, *report.lines()]
    raise ImportInputError(
        "nothing could be imported:" + "".join(f" {line};" for line in lines)
        if lines
        else "nothing could be imported"
    )


def _check(
    module_dir: Path, kind: str, documents: list[dict[str, Any]]
) -> tuple[list[str], set[str]]:
    """Load the module: its problems, and the ids of big documents that did not load back
    as written (libyaml wrote them unchecked; see `writer.dump_yaml`)."""
    from campaign.loader import ModuleError, load_module

    try:
        module = load_module(module_dir)
    except ModuleError as error:
        return error.lines(), {doc["id"] for doc in documents if fast_dump.fits(doc)}
    loaded: Mapping[str, Any] = module.tables if kind == "table" else module.npcs
    model = DOCUMENT_MODELS[kind]
    differ = {
        doc["id"]
        for doc in documents
        if fast_dump.fits(doc) and loaded.get(doc["id"]) != model.model_validate(doc)
    }
    return [], differ


__all__ = [
    "FORMATS",
    "Format",
    "ImportInputError",
    "Report",
    "Skipped",
    "export_table",
    "import_files",
    "write_documents",
]
