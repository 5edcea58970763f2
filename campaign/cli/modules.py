"""The module author's commands: `validate`, `schema`, `new`, `table`, `modules` and `lint`.

The loader, handouts, schema and lint are imported inside the commands, so
building the parser stays cheap.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from campaign.cli.common import (
    EXIT_INPUT_ERROR,
    EXIT_OK,
    Subparsers,
    print_json,
    seed_or_fresh,
)

EXIT_LINT_WARNINGS = 1
"""`campaign lint --strict` found warnings (no errors)."""


def _cmd_validate(args: argparse.Namespace) -> int:
    from campaign.handouts import check_module_templates
    from campaign.loader import ModuleError, find_module, load_module

    failed = False
    for name in args.modules:
        folder = find_module(name)
        try:
            module = load_module(folder)
            # The module's own handout templates: they parse, use known names, and
            # render every handout in the sandbox without a refusal.
            template_problems = check_module_templates(module)
            if template_problems:
                raise ModuleError(template_problems)
        except ModuleError as error:
            failed = True
            for line in error.lines():
                print(line, file=sys.stderr)
            count = len(error.problems)
            print(f"{folder}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
            continue
        counts = ", ".join(f"{value} {key}" for key, value in module.counts().items())
        print(f"{folder}: ok ({counts})")
    return EXIT_INPUT_ERROR if failed else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from campaign.schema import module_json_schema_text

    if args.markdown:
        from campaign.reference import reference_markdown

        text = reference_markdown()
    else:
        text = module_json_schema_text()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from campaign.scaffold import create_module

    target = create_module(args.name, Path.cwd())
    print(f"created {target}")
    print(f"next: campaign validate {target}  then  campaign play {target}")
    return EXIT_OK


def _cmd_modules(args: argparse.Namespace) -> int:
    from campaign.loader import ModuleError, discover_modules, load_module

    rows: list[dict[str, Any]] = []
    for folder in discover_modules():
        try:
            module = load_module(folder)
        except ModuleError as error:
            rows.append({"id": folder.name, "title": "", "path": str(folder),
                         "problems": len(error.problems)})
            continue
        counts = module.counts()
        rows.append({
            "id": module.id,
            "title": module.title,
            "path": str(folder),
            **{key: counts[key] for key in ("acts", "scenes", "npcs", "tables", "handouts")},
        })
    if args.json:
        print_json({"modules": rows})
        return EXIT_OK
    if not rows:
        print("no modules found")
    for row in rows:
        if "problems" in row:
            print(f"{row['id']:<24} {row['problems']} problems (campaign validate {row['path']})")
            continue
        print(
            f"{row['id']:<24} {row['title']:<32} {row['acts']} acts, {row['scenes']} scenes, "
            f"{row['npcs']} NPCs, {row['tables']} tables, {row['handouts']} handouts  {row['path']}"
        )
    return EXIT_OK


def _cmd_table(args: argparse.Namespace) -> int:
    import random

    from campaign.loader import find_module, load_module
    from campaign.tables import roll_table

    module = load_module(find_module(args.module))
    seed = seed_or_fresh(args.seed)
    result = roll_table(module, args.table, random.Random(seed))
    if args.json:
        print_json({"seed": seed, **result.to_dict()})
    else:
        print(result.render())
    return EXIT_OK


def _cmd_lint(args: argparse.Namespace) -> int:
    from campaign.handouts import check_module_templates
    from campaign.lint import lint_errors, lint_module, render_text
    from campaign.loader import ModuleError, find_module, load_module

    folder = find_module(args.module)
    try:
        module = load_module(folder)
        # What validate finds in the module's own templates stops lint the same way.
        template_problems = check_module_templates(module)
        if template_problems:
            raise ModuleError(template_problems)
    except ModuleError as error:
        report = lint_errors(error.lines(), folder.name, str(folder))
        if args.json:
            print_json(report.to_dict())
        else:
            print(render_text(report), file=sys.stderr)
        return EXIT_INPUT_ERROR
    report = lint_module(module)
    if args.json:
        print_json(report.to_dict())
    else:
        print(render_text(report))
    return EXIT_LINT_WARNINGS if args.strict and report.warnings else EXIT_OK


def add_module_commands(sub: Subparsers) -> None:
    """`validate`, `schema`, `new` and `table`."""
    validate = sub.add_parser("validate", help="check modules and list every problem")
    validate.add_argument("modules", nargs="+", metavar="MODULE", help="module folder or id")
    validate.set_defaults(handler=_cmd_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of module documents")
    schema.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    schema.add_argument(
        "--markdown", action="store_true", help="the format reference as Markdown instead"
    )
    schema.set_defaults(handler=_cmd_schema)

    new = sub.add_parser("new", help="create a small valid module to start from")
    new.add_argument("name", metavar="NAME", help="folder to create (under the current one)")
    new.set_defaults(handler=_cmd_new)

    table = sub.add_parser("table", help="roll on a module's random table")
    table.add_argument("module", metavar="MODULE", help="module folder or id")
    table.add_argument("table", metavar="TABLE", help="table id")
    table.add_argument("--seed", type=int, help="seed for a repeatable roll")
    table.add_argument("--json", action="store_true", help="one JSON object with the path")
    table.set_defaults(handler=_cmd_table)


def add_modules_command(sub: Subparsers) -> None:
    """`modules`."""
    modules = sub.add_parser("modules", help="list the modules found")
    modules.add_argument("--json", action="store_true", help="one JSON object")
    modules.set_defaults(handler=_cmd_modules)


def add_lint_command(sub: Subparsers) -> None:
    """`lint`."""
    lint = sub.add_parser(
        "lint",
        help="table odds, check odds per pregen, unused and unreachable things, three clue rule",
        description=(
            "Load MODULE (its problems exit 2, as validate does), then report the chance of "
            "every table entry, each pregen's chance at every check, unused NPCs, tables, "
            "handouts and clocks, scenes no exit reaches, and revelations that break the "
            "three clue rule. Findings are warnings: exit 0, or 1 with --strict."
        ),
    )
    lint.add_argument("module", metavar="MODULE", help="module folder or id")
    lint.add_argument("--json", action="store_true", help="one JSON object")
    lint.add_argument(
        "--strict", action="store_true", help="exit 1 when there are warnings (for CI)"
    )
    lint.set_defaults(handler=_cmd_lint)
