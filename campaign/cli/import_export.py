"""`campaign import` and `campaign export`: tables and monsters to and from other tools.

The importers are imported inside the commands, so building the parser stays
cheap; that is also why the list of import formats is repeated here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from campaign.cli.common import EXIT_OK, Subparsers, output_file, write_output, writing
from campaign.wording import plural

IMPORT_FORMATS = ("foundry-table", "open5e-monster", "5e-bits-monster", "statblock-yaml")
"""`campaign import` formats (campaign.importers.FORMATS; kept here so --help stays cheap)."""

EXIT_IMPORTED_WITH_PROBLEMS = 1
"""`campaign import` wrote its files but the module does not load (problems printed)."""


def _cmd_import(args: argparse.Namespace) -> int:
    from campaign.importers import import_files

    into = Path(args.into).expanduser()
    with writing(into):  # inputs that cannot be read are their own one-line errors
        report = import_files(args.format, [Path(name) for name in args.files], into)
    if report.created_module:
        print(f"created module {into} (module.yaml, a 5e-style d20 ruleset, a placeholder act)")
    for path in report.written:
        print(f"wrote {path}")
    for line in report.lines():
        print(line)
    for note in report.notes:
        print(f"note: {note}")
    noun = "table" if args.format == "foundry-table" else "NPC"
    print(
        f"imported {plural(len(report.written), noun)} into {into}; "
        f"{plural(len(report.skipped), 'item')} not carried over"
    )
    if report.problems:
        for line in report.problems:
            print(line, file=sys.stderr)
        print(f"{into}: the module has problems after the import", file=sys.stderr)
        return EXIT_IMPORTED_WITH_PROBLEMS
    return EXIT_OK


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
            "Prints one line per thing that could not be carried over. Exit 2 when the input "
            "cannot be read."
        ),
    )
    importer.add_argument("format", metavar="FORMAT", choices=IMPORT_FORMATS,
                          help=f"one of: {', '.join(IMPORT_FORMATS)}")
    importer.add_argument("files", nargs="+", metavar="FILE", help="input files or folders")
    importer.add_argument("--into", required=True, metavar="MODULE_DIR",
                          help="module folder to write into (created if absent)")
    importer.set_defaults(handler=_cmd_import)

    exporter = sub.add_parser(
        "export",
        help="export a module table to another tool",
        description="Write TABLE of MODULE as a Foundry VTT RollTable JSON document.",
    )
    exporter.add_argument("format", metavar="FORMAT", choices=("foundry-table",),
                          help="foundry-table")
    exporter.add_argument("module", metavar="MODULE", help="module folder or id")
    exporter.add_argument("table", metavar="TABLE", help="table id")
    exporter.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    exporter.set_defaults(handler=_cmd_export)
