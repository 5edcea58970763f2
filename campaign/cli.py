"""The `campaign` command line: one module, one function per subcommand.

Every subcommand is a thin face over the domain layers. Input errors
(`CampaignError`) print one line per problem to stderr and exit 2; argparse's
own usage errors also exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from campaign import __version__
from campaign.errors import CampaignError

Handler = Callable[[argparse.Namespace], int]

EXIT_OK = 0
EXIT_INPUT_ERROR = 2


def _print_json(data: Any) -> None:
    """One JSON object on stdout, keys in a stable order for byte-identical output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=False) + "\n")


# --- subcommands -------------------------------------------------------------


def _cmd_play(args: argparse.Namespace) -> int:
    from campaign.loader import find_module

    folder = find_module(args.module) if args.module else None
    from campaign.tui.app import make_app  # Textual is imported only here

    make_app(folder, seed=args.seed, session=args.session).run()
    return EXIT_OK


def _add_play_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    play = sub.add_parser(
        "play",
        help="open the GM screen (a module, or the list of modules)",
        description="Open the GM screen on MODULE, or on the list of modules found.",
    )
    play.add_argument(
        "module", nargs="?", metavar="MODULE", help="module folder or id; leave out to choose"
    )
    play.add_argument(
        "--session",
        metavar="NAME",
        help="the session to play; its name shows in the title bar",
    )
    play.add_argument(
        "--seed", type=int, metavar="N", help="seed the dice, for reproducible rolls"
    )
    play.set_defaults(handler=_cmd_play)


def _cmd_validate(args: argparse.Namespace) -> int:
    from campaign.loader import ModuleError, find_module, load_module

    failed = False
    for name in args.modules:
        folder = find_module(name)
        try:
            module = load_module(folder)
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
        _print_json({"modules": rows})
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


def _seed_or_fresh(seed: int | None) -> int:
    """The seed to use: the one given, or a fresh one that is reported so a roll can be replayed."""
    import random

    return seed if seed is not None else random.SystemRandom().randrange(2**32)


def _cmd_table(args: argparse.Namespace) -> int:
    import random

    from campaign.loader import find_module, load_module
    from campaign.tables import roll_table

    module = load_module(find_module(args.module))
    seed = _seed_or_fresh(args.seed)
    result = roll_table(module, args.table, random.Random(seed))
    if args.json:
        _print_json({"seed": seed, **result.to_dict()})
    else:
        print(result.render())
    return EXIT_OK


def _add_module_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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

    modules = sub.add_parser("modules", help="list the modules found")
    modules.add_argument("--json", action="store_true", help="one JSON object")
    modules.set_defaults(handler=_cmd_modules)


# --- parser ------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campaign",
        description="A game-master toolkit: run modules, roll dice, print handouts.",
    )
    parser.add_argument("--version", action="version", version=f"campaign {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_module_commands(sub)
    _add_play_command(sub)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except CampaignError as error:
        for line in error.lines():
            print(f"campaign: {line}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        return 130
