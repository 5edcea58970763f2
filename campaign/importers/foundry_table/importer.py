"""`import_tables`: find the roll tables in the inputs, give each an id, convert each.

Ids are given to every table before any is converted, so a result can point at
a table that comes later in the same import.
"""

from __future__ import annotations

from pathlib import Path

from campaign.importers.common import Context, Imported, expand_inputs, read_data, shown
from campaign.importers.foundry_table.convert import TableConverter
from campaign.importers.foundry_table.documents import SUFFIXES, TableSource, our_flags, tables_in
from campaign.importers.report import ImportInputError
from campaign.importers.sniff import refuse_other_format


def import_tables(paths: list[Path], context: Context) -> list[Imported]:
    sources = _sources(paths, context)
    ids: list[str] = []
    by_foundry: dict[str, str] = {}
    for source in sources:
        flags = our_flags(source.data)
        preferred = flags.get("id") if isinstance(flags.get("id"), str) else None
        identifier = context.allocate(
            "table", source.name, preferred, file=source.file, entry=source.name
        )
        ids.append(identifier)
        if source.foundry_id:
            by_foundry[source.foundry_id] = identifier
    names: dict[str, list[str]] = {}
    for source, identifier in zip(sources, ids, strict=True):
        names.setdefault(source.name, []).append(identifier)
    by_name = {name: found[0] for name, found in names.items() if len(found) == 1}
    converted = [
        TableConverter(source, identifier, by_foundry, context, by_name).convert()
        for source, identifier in zip(sources, ids, strict=True)
    ]
    return [document for document in converted if document is not None]


def _sources(paths: list[Path], context: Context) -> list[TableSource]:
    """Every roll table in the inputs; a file that cannot be read, or holds another
    format, is one failed line and the others are still read."""
    given = set(paths)
    sources: list[TableSource] = []
    for path in expand_inputs(paths, SUFFIXES, context):
        if path.name.startswith("_folder.") and path not in given:
            continue  # a Foundry folder document in a pack source tree
        with context.reading(path):
            sources.extend(_tables_of(path, path in given, context))
    if not sources and not context.report.failed:
        raise ImportInputError("no Foundry roll tables found in the input")
    return sources


def _tables_of(path: Path, given: bool, context: Context) -> list[TableSource]:
    data = read_data(path)
    tables = tables_in(data)
    if tables:
        return [TableSource(path, table, index) for index, table in enumerate(tables)]
    refuse_other_format(path, data, "foundry-table")
    if given:
        raise ImportInputError(
            f"{shown(path)}: not a Foundry roll table "
            "(expected a document with 'name' and a 'results' list, or a list of them)"
        )
    context.report.skip(shown(path), path.name, "file", "not a Foundry roll table")
    return []
