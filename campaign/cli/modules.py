"""The module author's commands: `validate`, `schema`, `new`, `table`, `modules` and `lint`.

The loader, handouts, schema and lint are imported inside the commands, so
building the parser stays cheap.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from campaign.cli.common import (
    EXIT_INPUT_ERROR,
    EXIT_OK,
    Subparsers,
    print_json,
    seed_or_fresh,
    write_output,
    writing,
)
from campaign.errors import CampaignError, did_you_mean
from campaign.wording import plural

EXIT_LINT_WARNINGS = 1
"""`campaign lint --strict` found warnings (no errors)."""

_NOUNS = {
    "acts": "act",
    "scenes": "scene",
    "npcs": "NPC",
    "pcs": "PC",
    "tables": "table",
    "handouts": "handout",
    "clocks": "clock",
    "revelations": "revelation",
    "locations": "location",
}
"""`Module.counts()` keys as they read after a number (singular)."""


def _counted(counts: dict[str, int], keys: tuple[str, ...] | None = None) -> str:
    """'1 act, 2 scenes, 1 NPC': each count with its noun agreeing."""
    return ", ".join(plural(counts[key], _NOUNS.get(key, key)) for key in (keys or tuple(counts)))


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
            print(f"{folder}: {plural(len(error.problems), 'problem')}", file=sys.stderr)
            continue
        print(f"{folder}: ok ({_counted(module.counts())})")
    return EXIT_INPUT_ERROR if failed else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from campaign.schema import module_json_schema_text

    if args.markdown:
        from campaign.reference import reference_markdown

        text = reference_markdown()
    else:
        text = module_json_schema_text()
    if args.out:
        print(f"wrote {write_output(args.out, text)}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from campaign.scaffold import default_title, module_id_for, write_module

    target = Path(args.path).expanduser()
    if not target.name or target.name in (".", ".."):
        raise CampaignError(f"'{args.path}': name the new module's folder, e.g. my-adventure")
    module_id = module_id_for(target.name)
    with writing(target):
        write_module(target, module_id, args.title or default_title(module_id))
    # Printed as typed (relative stays relative) and quoted, so they work when pasted.
    shown = shlex.quote(str(target))
    print(f"created {shown} (module id {module_id})")
    print(f"next: campaign validate {shown}  then  campaign play {shown}")
    return EXIT_OK


def _cmd_modules(args: argparse.Namespace) -> int:
    from campaign.loader import ModuleError, discover_modules, load_module

    rows: list[dict[str, Any]] = []
    for folder in discover_modules():
        try:
            module = load_module(folder)
        except ModuleError as error:
            rows.append(
                {
                    "id": folder.name,
                    "title": "",
                    "path": str(folder),
                    "problems": len(error.problems),
                }
            )
            continue
        counts = module.counts()
        rows.append(
            {
                "id": module.id,
                "title": module.title,
                "path": str(folder),
                **{key: counts[key] for key in ("acts", "scenes", "npcs", "tables", "handouts")},
            }
        )
    if args.json:
        print_json({"modules": rows})
        return EXIT_OK
    if not rows:
        print("no modules found")
    for row in rows:
        if "problems" in row:
            problems = plural(row["problems"], "problem")
            print(f"{row['id']:<24} {problems} (campaign validate {shlex.quote(row['path'])})")
            continue
        listed = _counted(row, ("acts", "scenes", "npcs", "tables", "handouts"))
        print(f"{row['id']:<24} {row['title']:<32} {listed}  {row['path']}")
    return EXIT_OK


def _cmd_table(args: argparse.Namespace) -> int:
    import random

    from campaign.loader import find_module, load_module
    from campaign.tables import roll_table

    module = load_module(find_module(args.module))
    if args.table is None:
        return _list_tables(module, as_json=args.json)
    if args.table not in module.tables:
        raise CampaignError(
            f"no table '{args.table}' in module '{module.id}'"
            f"{did_you_mean(args.table, module.tables, n=3)}; "
            f"campaign table {shlex.quote(args.module)} lists them"
        )
    seed = seed_or_fresh(args.seed)
    result = roll_table(module, args.table, random.Random(seed))
    if args.json:
        print_json({"seed": seed, **result.to_dict()})
    else:
        print(result.render())
    return EXIT_OK


def _list_tables(module: Any, *, as_json: bool) -> int:
    """`campaign table MODULE`: every table's id and title (and die)."""
    tables = list(module.tables.values())
    if as_json:
        print_json(
            {
                "module": module.id,
                "tables": [{"id": t.id, "title": t.title, "die": t.die} for t in tables],
            }
        )
        return EXIT_OK
    if not tables:
        print(f"module '{module.id}' has no tables")
        return EXIT_OK
    width = max(len(table.id) for table in tables)
    for table in tables:
        print(f"{table.id:<{width}}  {table.title}")
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

    new = sub.add_parser(
        "new",
        help="create a small valid module to start from",
        description=(
            "Create the folder PATH with a small valid module in it. The module id is the "
            "folder's name, which must be letters, digits and '-' (a safe one is suggested)."
        ),
    )
    new.add_argument("path", metavar="PATH", help="folder to create; its name is the module id")
    new.add_argument(
        "--title", metavar="TEXT", help="the module's title (default: from the folder's name)"
    )
    new.set_defaults(handler=_cmd_new)

    table = sub.add_parser(
        "table",
        help="roll on a module's random table (without TABLE: list the tables)",
        description="Roll on TABLE of MODULE; without TABLE, list the module's tables.",
    )
    table.add_argument("module", metavar="MODULE", help="module folder or id")
    table.add_argument("table", nargs="?", metavar="TABLE", help="table id; leave out to list them")
    table.add_argument("--seed", type=int, help="seed for a repeatable roll")
    table.add_argument(
        "--json", action="store_true", help="one JSON object with the path (or the list)"
    )
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
        help=(
            "table odds, check odds per pregen, unused and unreachable things, clue rules, "
            "one-way scenes, variants that never hold"
        ),
        description=(
            "Load MODULE (its problems exit 2, as validate does), then report the chance of "
            "every table entry, each pregen's chance at every check (a clue's roll too), "
            "declared fights against their band, attacks that land every time or never, "
            "unused NPCs, tables, "
            "handouts and clocks, scenes no exit reaches, revelations that break the "
            "three clue rule or have no clue found without a roll (in their act, and in an "
            "earlier one), clues whose 'requires' names a roll, scenes that lead only one way "
            "(one 'bottleneck: true' allowed per act), and read-aloud variants that can never "
            "hold. Findings are warnings: exit 0, or 1 with --strict."
        ),
    )
    lint.add_argument("module", metavar="MODULE", help="module folder or id")
    lint.add_argument("--json", action="store_true", help="one JSON object")
    lint.add_argument(
        "--strict", action="store_true", help="exit 1 when there are warnings (for CI)"
    )
    lint.set_defaults(handler=_cmd_lint)
