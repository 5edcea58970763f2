"""The `campaign` command line: one module, one function per subcommand.

Every subcommand is a thin face over the domain layers. Input errors
(`CampaignError`) print one line per problem to stderr and exit 2; argparse's
own usage errors also exit 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
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


def _cmd_handout(args: argparse.Namespace) -> int:
    from campaign.handouts import FILE_EXTENSION, handouts_for, render_many
    from campaign.loader import find_module, load_module

    module = load_module(find_module(args.module))
    available = handouts_for(module, args.audience)
    if args.all:
        ids = available
    elif args.handouts:
        ids = list(dict.fromkeys(args.handouts))
    else:
        raise CampaignError(
            f"name one or more handouts or use --all; {module.id} has: {', '.join(available)}"
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = render_many(module, ids, fmt=args.format, audience=args.audience, paper=args.paper)
    failed = 0
    # A progress bar on stderr only when it is a terminal and there is more than one.
    show_progress = sys.stderr.isatty() and len(ids) > 1
    with _handout_progress(len(ids), show_progress) as (advance, say):
        for result in results:
            if result.error is not None:
                failed += 1
                for line in result.error.lines():
                    say(f"campaign: {line}")
            else:
                path = out / f"{result.handout}.{FILE_EXTENSION[args.format]}"
                output = result.output
                if isinstance(output, bytes):
                    path.write_bytes(output)
                else:
                    path.write_text(output or "", encoding="utf-8")
                print(path)
            advance(result.handout)
    return EXIT_INPUT_ERROR if failed else EXIT_OK


@contextlib.contextmanager
def _handout_progress(
    total: int, show: bool
) -> Iterator[tuple[Callable[[str], None], Callable[[str], None]]]:
    """(advance, say): a rich progress bar on stderr, or nothing at all."""
    if not show:
        yield (lambda _name: None), (lambda line: print(line, file=sys.stderr))
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=False,
    )
    with progress:
        task = progress.add_task("handouts", total=total)

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=name)

        yield advance, lambda line: console.print(line, markup=False, highlight=False)


def _add_handout_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    handout = sub.add_parser(
        "handout",
        help="print handouts to HTML, Markdown or PDF",
        description="Render a module's handouts; each is written to OUT/HANDOUT-ID.EXT.",
    )
    handout.add_argument("module", metavar="MODULE", help="module folder or id")
    handout.add_argument("handouts", nargs="*", metavar="HANDOUT", help="handout ids")
    handout.add_argument("--all", action="store_true", help="every handout the audience may have")
    handout.add_argument(
        "--audience",
        choices=["players", "gm"],
        default="players",
        help="players (default: GM-only fields left out) or gm (everything)",
    )
    handout.add_argument(
        "--format", choices=["html", "md", "pdf"], default="html", help="default: html"
    )
    handout.add_argument("--paper", choices=["a4", "letter"], default="a4", help="default: a4")
    handout.add_argument(
        "--out", metavar="DIR", default="handouts", help="folder to write to (default: ./handouts)"
    )
    handout.set_defaults(handler=_cmd_handout)


def _cmd_lint(args: argparse.Namespace) -> int:
    from campaign.lint import lint_errors, lint_module, render_text
    from campaign.loader import ModuleError, find_module, load_module

    folder = find_module(args.module)
    try:
        module = load_module(folder)
    except ModuleError as error:
        report = lint_errors(error.lines(), folder.name, str(folder))
        if args.json:
            _print_json(report.to_dict())
        else:
            print(render_text(report), file=sys.stderr)
        return EXIT_INPUT_ERROR
    report = lint_module(module)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(render_text(report))
    return EXIT_LINT_WARNINGS if args.strict and report.warnings else EXIT_OK


EXIT_LINT_WARNINGS = 1
"""`campaign lint --strict` found warnings (no errors)."""


def _add_lint_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _cmd_roll(args: argparse.Namespace) -> int:
    import random

    from campaign.dice import compile as compile_dice

    expression = compile_dice(args.expression)
    if args.session:
        return _roll_into_session(args)
    seed = _seed_or_fresh(args.seed)
    # Roll i of --times uses seed + i, so each reported seed replays its own roll.
    rolls = [expression.roll(random.Random(seed + index)) for index in range(args.times or 1)]
    if args.json:
        dicts = [roll.to_dict(seed=seed + index) for index, roll in enumerate(rolls)]
        _print_json({"rolls": dicts} if args.times else dicts[0])
    else:
        for roll in rolls:
            print(roll.render())
    return EXIT_OK


def _roll_into_session(args: argparse.Namespace) -> int:
    """Roll into a session's journal (the GM screen shows it within a second)."""
    from campaign.session import Session, session_path

    if args.seed is not None:
        raise CampaignError(
            "--seed and --session do not mix: a session's dice come from its journal"
        )
    with Session.open(session_path(args.session), create=False, origin="cli") as session:
        results = [session.roll(args.expression) for _ in range(args.times or 1)]
    if args.json:
        dicts = [
            {**roll.to_dict(), "session": session.name, "event": event.seq}
            for event, roll in results
        ]
        _print_json({"rolls": dicts} if args.times else dicts[0])
    else:
        for _event, roll in results:
            print(roll.render())
    return EXIT_OK


def _cmd_odds(args: argparse.Namespace) -> int:
    from campaign.dice import odds

    result = odds(args.expression, target=args.target)
    if args.json:
        _print_json(result.to_dict())
        return EXIT_OK
    how = "exact" if result.exact else f"estimated from {result.samples:,} seeded rolls"
    print(f"{result.expression}: {how}")
    spread = f"mean {result.mean:.2f}"
    if result.stderr is not None:
        spread += f" (± {result.stderr:.2f})"
    print(f"{spread}  min {result.min}  max {result.max}")
    shown, below, above = _trim_tails(result.distribution)
    rows = _histogram_rows(shown)
    largest = max(p for _, p in rows) or 1.0
    if below:
        print(f"{'below ' + str(min(shown)):>15}  {'':<{_BAR_WIDTH}} {below:8.3%}")
    for label, probability in rows:
        bar = "█" * round(probability / largest * _BAR_WIDTH)
        print(f"{label:>15}  {bar:<{_BAR_WIDTH}} {probability:8.3%}")
    if above:
        print(f"{'above ' + str(max(shown)):>15}  {'':<{_BAR_WIDTH}} {above:8.3%}")
    if result.truncated_mass:
        print(f"(explosion chains rarer than {result.truncated_mass:.1g} were cut short)")
    if args.target is not None:
        print(f"P(>= {args.target}) = {result.p_at_least(args.target):.2%}")
    return EXIT_OK


_BAR_WIDTH = 40
_MAX_ROWS = 40


_TAIL = 1e-4


def _trim_tails(distribution: dict[int, float]) -> tuple[dict[int, float], float, float]:
    """Drop the far tails (at most 0.01% each side) so an exploding die's
    thousand-long tail does not squash the rows that matter. Returns what is
    left and the probability cut below and above."""
    outcomes = sorted(distribution)
    start, below = 0, 0.0
    while start < len(outcomes) - 1 and below + distribution[outcomes[start]] < _TAIL:
        below += distribution[outcomes[start]]
        start += 1
    stop, above = len(outcomes), 0.0
    while stop - 1 > start and above + distribution[outcomes[stop - 1]] < _TAIL:
        above += distribution[outcomes[stop - 1]]
        stop -= 1
    return {outcome: distribution[outcome] for outcome in outcomes[start:stop]}, below, above


def _histogram_bins(distribution: dict[int, float]) -> tuple[int, int, int]:
    """(lowest outcome, bin width, number of bins): one bin per outcome when few."""
    lowest, highest = min(distribution), max(distribution)
    span = highest - lowest + 1
    width = 1 if len(distribution) <= _MAX_ROWS and span <= _MAX_ROWS * 4 else -(-span // _MAX_ROWS)
    return lowest, width, -(-span // width)


def _histogram_rows(distribution: dict[int, float]) -> list[tuple[str, float]]:
    """Rows of (label, probability): each outcome, or equal-width ranges of them
    when there are too many for a screen."""
    lowest, width, count = _histogram_bins(distribution)
    if width == 1 and len(distribution) <= _MAX_ROWS:
        return [(str(outcome), p) for outcome, p in distribution.items()]
    sums = [0.0] * count
    for outcome, p in distribution.items():
        sums[(outcome - lowest) // width] += p
    highest = max(distribution)
    rows: list[tuple[str, float]] = []
    for index, p in enumerate(sums):
        start = lowest + index * width
        stop = min(start + width - 1, highest)
        rows.append((f"{start}..{stop}" if stop > start else str(start), p))
    return rows


def _add_dice_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    roll = sub.add_parser(
        "roll",
        help="roll a dice expression",
        description=(
            "Roll EXPR (e.g. 4d6kh3+2, 2d20kh1+5, 10d10>=8, d66, 4dF) and print the "
            "dice and the total. Start an expression with '-' after '--': campaign roll -- -1d6"
        ),
    )
    roll.add_argument("expression", metavar="EXPR", help="dice notation, quoted")
    roll.add_argument("--seed", type=int, metavar="N", help="seed, to replay a roll exactly")
    roll.add_argument(
        "--times",
        type=_roll_count,
        metavar="K",
        help="roll K times (1-1000); roll i uses seed N+i",
    )
    roll.add_argument("--json", action="store_true", help="print one JSON object")
    roll.add_argument(
        "--session", metavar="NAME", help="roll into this session's journal (name or path)"
    )
    roll.set_defaults(handler=_cmd_roll)

    odds = sub.add_parser(
        "odds",
        help="the distribution of a dice expression",
        description="Print the odds of every total of EXPR: exact, or estimated when too large.",
    )
    odds.add_argument("expression", metavar="EXPR", help="dice notation, quoted")
    odds.add_argument("--target", type=int, metavar="N", help="also print P(total >= N)")
    odds.add_argument("--json", action="store_true", help="print one JSON object")
    odds.set_defaults(handler=_cmd_odds)


def _roll_count(text: str) -> int:
    count = int(text)
    if not 1 <= count <= 1000:
        raise argparse.ArgumentTypeError("K must be between 1 and 1000")
    return count


def _cmd_play(args: argparse.Namespace) -> int:
    from campaign.loader import find_module

    folder = find_module(args.module) if args.module else None
    session = args.session
    if args.continue_from:
        if folder is None or session:
            raise CampaignError("--continue needs a MODULE and no --session (it starts a new one)")
        session = _next_evening(folder, args.continue_from)
        print(f"new evening: session {session}, continuing {args.continue_from}")
    from campaign.tui.app import make_app  # Textual is imported only here

    make_app(folder, seed=args.seed, session=session).run()
    return EXIT_OK


def _next_evening(folder: Path, previous_name: str) -> str:
    """Start a new session continuing `previous_name`; its name."""
    from campaign.cache import load_module_cached
    from campaign.session import Session, new_session_name, session_path, start_next_evening

    module = load_module_cached(folder)
    with Session.open(session_path(previous_name), create=False) as previous:
        if previous.module_id and previous.module_id != module.id:
            raise CampaignError(
                f"session '{previous.name}' was played with module '{previous.module_id}', "
                f"not '{module.id}'"
            )
        name = new_session_name(module.id)
        start_next_evening(previous, session_path(name), module, origin="gm-screen").close()
    return name


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
    play.add_argument(
        "--continue",
        dest="continue_from",
        metavar="SESSION",
        help="a new evening: start a new session that carries on from SESSION "
        "(PC roster, NPC fates, clues, handouts, outcomes, clocks, scene)",
    )
    play.set_defaults(handler=_cmd_play)


def _cmd_validate(args: argparse.Namespace) -> int:
    from campaign.handouts import check_module_templates
    from campaign.loader import ModuleError, find_module, load_module

    failed = False
    for name in args.modules:
        folder = find_module(name)
        try:
            module = load_module(folder)
            # The module's own handout templates: they parse and use known names.
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


def _cmd_sessions(args: argparse.Namespace) -> int:
    from campaign.session import list_sessions

    rows = list_sessions()
    if args.json:
        _print_json({"sessions": rows})
        return EXIT_OK
    if not rows:
        print("no sessions yet (campaign play MODULE starts one)")
    for row in rows:
        if "error" in row:
            print(f"{row['name']:<36} unreadable: {row['error']}")
            continue
        print(
            f"{row['name']:<36} {row['module']:<20} started {row['started'][:16]}  "
            f"last played {row['last_played'][:16]}  {row['events']} events"
        )
    return EXIT_OK


def _open_existing_session(name: str) -> Any:
    from campaign.session import Session, session_path

    return Session.open(session_path(name), create=False, origin="cli")


def _write_or_print(output: str | bytes, out: str | None) -> None:
    if out:
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(output, bytes):
            path.write_bytes(output)
        else:
            path.write_text(output, encoding="utf-8")
        print(f"wrote {path}")
    elif isinstance(output, bytes):
        raise CampaignError("a PDF needs --out FILE")
    else:
        sys.stdout.write(output)


def _cmd_recap(args: argparse.Namespace) -> int:
    from campaign.handouts.recap import render_session_recap

    with _open_existing_session(args.session) as session:
        output = render_session_recap(
            session, fmt=args.format, audience=args.audience, whole_campaign=args.campaign
        )
    _write_or_print(output, args.out)
    return EXIT_OK


def _cmd_handouts_given(args: argparse.Namespace) -> int:
    from campaign.handouts.recap import write_handouts_given

    with _open_existing_session(args.session) as session:
        out = Path(args.out) if args.out else Path("handouts") / session.name
        for path in write_handouts_given(session, out, fmt=args.format):
            print(path)
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

    recap = sub.add_parser("recap", help="the journal of a session as a readable recap")
    recap.add_argument("session", metavar="SESSION", help="session name or path")
    recap.add_argument("--format", choices=("md", "html", "pdf"), default="md")
    recap.add_argument("--audience", choices=("gm", "players"), default="gm",
                       help="players: leave out GM notes, clocks, fates and paths taken")
    recap.add_argument("--campaign", action="store_true",
                       help="every evening of the campaign, not just this session")
    recap.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    recap.set_defaults(handler=_cmd_recap)

    given = sub.add_parser("handouts-given", help="render the handouts the players have had")
    given.add_argument("session", metavar="SESSION", help="session name or path")
    given.add_argument("--format", choices=("md", "html", "pdf"), default="html")
    given.add_argument("--out", metavar="DIR", help="folder (default handouts/SESSION/)")
    given.set_defaults(handler=_cmd_handouts_given)

    sessions = sub.add_parser("sessions", help="list saved sessions, most recent first")
    sessions.add_argument("--json", action="store_true", help="one JSON object")
    sessions.set_defaults(handler=_cmd_sessions)

    modules = sub.add_parser("modules", help="list the modules found")
    modules.add_argument("--json", action="store_true", help="one JSON object")
    modules.set_defaults(handler=_cmd_modules)


IMPORT_FORMATS = ("foundry-table", "open5e-monster", "5e-bits-monster", "statblock-yaml")
"""`campaign import` formats (campaign.importers.FORMATS; kept here so --help stays cheap)."""

EXIT_IMPORTED_WITH_PROBLEMS = 1
"""`campaign import` wrote its files but the module does not load (problems printed)."""


def _cmd_import(args: argparse.Namespace) -> int:
    from campaign.importers import import_files

    into = Path(args.into)
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
    count, left = len(report.written), len(report.skipped)
    print(
        f"imported {count} {noun}{'s' if count != 1 else ''} into {into}; "
        f"{left} item{'s' if left != 1 else ''} not carried over"
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
    exported = export_table(module, args.table)
    text = json.dumps(exported.document, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    for note in exported.notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def _add_import_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


# --- parser ------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campaign",
        description="A game-master toolkit: run modules, roll dice, print handouts.",
    )
    parser.add_argument("--version", action="version", version=f"campaign {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_dice_commands(sub)
    _add_module_commands(sub)
    _add_import_commands(sub)
    _add_handout_command(sub)
    _add_lint_command(sub)
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
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as Unix tools do.
        sys.stderr.close()
        return EXIT_OK
