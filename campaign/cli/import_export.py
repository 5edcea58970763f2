"""`campaign import` and `campaign export`: tables and monsters to and from other tools.

The importers are imported inside the commands, so building the parser stays
cheap; that is also why the list of import formats is repeated here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.cli.common import EXIT_OK, Subparsers, output_file, write_output, writing
from campaign.wording import plural

if TYPE_CHECKING:
    from campaign.importers.report import Report

IMPORT_FORMATS = (
    "foundry-table",
    "open5e-monster",
    "5e-bits-monster",
    "statblock-yaml",
    "obsidian",
)
"""`campaign import` formats (campaign.importers.FORMATS; kept here so --help stays cheap)."""

EXIT_IMPORTED_WITH_PROBLEMS = 1
"""`campaign import` wrote its files but the module does not load (problems printed)."""

EXIT_UNREADABLE = 2
"""`campaign import` wrote what it could read, but some input files could not be read."""


def _cmd_import(args: argparse.Namespace) -> int:
    from campaign.importers import import_files

    into = Path(args.into).expanduser()
    with writing(into):  # inputs that cannot be read are their own one-line errors
        report = import_files(args.format, [Path(name) for name in args.files], into)
    if report.created_module:
        print(f"created module {into} (module.yaml, a 5e-style d20 ruleset, a placeholder act)")
    updated = {(path.parent.name, path.stem) for path in report.written} & {
        (_FOLDERS.get(kind, kind), identifier) for kind, identifier in report.updated
    }
    for path in report.written:
        print(f"{'updated' if (path.parent.name, path.stem) in updated else 'wrote'} {path}")
    for line in report.renamed:
        print(f"renamed: {line}")
    for line in report.lines():
        print(line)
    for note in report.notes:
        print(f"note: {note}")
    for line in report.failed:
        print(f"could not read: {line}", file=sys.stderr)
    print(_summary(args.format, report, into, len(updated)))
    if report.failed:
        return EXIT_UNREADABLE
    if report.problems:
        for line in report.problems:
            print(line, file=sys.stderr)
        print(f"{into}: the module has problems after the import", file=sys.stderr)
        return EXIT_IMPORTED_WITH_PROBLEMS
    return EXIT_OK


_FOLDERS = {"table": "tables", "npc": "npcs"}


def _summary(format_name: str, report: Report, into: Path, updated: int) -> str:
    """'imported 3 NPCs into m (1 updated, 1 renamed); 2 items not carried over; ...'."""
    noun = "table" if format_name == "foundry-table" else "NPC"
    extra = [f"{updated} updated"] if updated else []
    if report.renamed:
        extra.append(f"{len(report.renamed)} renamed")
    text = f"imported {plural(len(report.written), noun)} into {into}"
    text += f" ({', '.join(extra)})" if extra else ""
    text += f"; {plural(len(report.skipped), 'item')} not carried over"
    if report.without_block:
        text += f"; {plural(report.without_block, 'note')} without a stat block skipped"
    if report.failed:
        text += f"; {plural(len(report.failed), 'file')} could not be read"
    return text


def _cmd_export(args: argparse.Namespace) -> int:
    from campaign.importers import export_table
    from campaign.loader import find_module, load_module

    module = load_module(find_module(args.module))
    if args.out:
        output_file(args.out)  # a bad place is said before the table is converted
    exported = export_table(module, args.table)
    text = json.dumps(exported.document, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        print(f"wrote {write_output(args.out, text)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    for note in exported.notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def add_import_commands(sub: Subparsers) -> None:
    """`import` and `export`."""
    importer = sub.add_parser(
        "import",
        help="import tables or monsters from another tool into a module",
        description=(
            "Import FILE(s) (or folders) in FORMAT into the module folder given by --into, one "
            "YAML file per table or NPC; the folder becomes a new module if it does not exist. "
            "`obsidian` walks a vault (or a folder of it) and imports every stat block its notes "
            "hold. Importing the same file again updates what it wrote; an id another source "
            "holds gets a suffix from the input's folder or file, printed as a rename. Prints "
            "one line per thing that could not be carried over. A file that cannot be read (or "
            "holds another format) is one line and the others are still imported; exit 2 when "
            "any input could not be read."
        ),
    )
    importer.add_argument(
        "format",
        metavar="FORMAT",
        choices=IMPORT_FORMATS,
        help=f"one of: {', '.join(IMPORT_FORMATS)}",
    )
    importer.add_argument("files", nargs="+", metavar="FILE", help="input files or folders")
    importer.add_argument(
        "--into",
        required=True,
        metavar="MODULE_DIR",
        help="module folder to write into (created if absent)",
    )
    importer.set_defaults(handler=_cmd_import)

    exporter = sub.add_parser(
        "export",
        help="export a module table to another tool",
        description="Write TABLE of MODULE as a Foundry VTT RollTable JSON document.",
    )
    exporter.add_argument(
        "format", metavar="FORMAT", choices=("foundry-table",), help="foundry-table"
    )
    exporter.add_argument("module", metavar="MODULE", help="module folder or id")
    exporter.add_argument("table", metavar="TABLE", help="table id")
    exporter.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    exporter.set_defaults(handler=_cmd_export)
