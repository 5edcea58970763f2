"""`campaign handout`: render a module's handouts to files, with a progress bar on a terminal.

The handout renderer, the loader and rich are imported inside the command, so
building the parser stays cheap.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.cli.common import EXIT_INPUT_ERROR, EXIT_OK, Subparsers, output_folder, write_output
from campaign.errors import CampaignError

if TYPE_CHECKING:
    from campaign.model import Module


def _cmd_handout(args: argparse.Namespace) -> int:
    from campaign.handouts import FILE_EXTENSION, handouts_for, render_many
    from campaign.loader import find_module, load_module

    module = load_module(find_module(args.module))
    available = handouts_for(module, args.audience)
    out = output_folder(args.out)
    if args.chapters:
        _write_book(module, args, out)
    if args.all:
        ids = available
    elif args.handouts:
        ids = list(dict.fromkeys(args.handouts))
    elif args.chapters:
        return EXIT_OK
    else:
        raise CampaignError(
            f"name one or more handouts or use --all; {module.id} has: {', '.join(available)}"
        )
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
                print(write_output(path, result.output or ""))
            advance(result.handout)
    return EXIT_INPUT_ERROR if failed else EXIT_OK


def _write_book(module: Module, args: argparse.Namespace, out: Path) -> None:
    """The chapters as one handout, OUT/book.EXT (the GM's, or the players' public ones)."""
    from campaign.handouts import FILE_EXTENSION
    from campaign.handouts.book import BOOK_ID, render_book

    book = render_book(module, fmt=args.format, audience=args.audience, paper=args.paper)
    print(write_output(out / f"{BOOK_ID}.{FILE_EXTENSION[args.format]}", book))


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


def add_handout_command(sub: Subparsers) -> None:
    """`handout`."""
    handout = sub.add_parser(
        "handout",
        help="print handouts to HTML, Markdown or PDF",
        description="Render a module's handouts; each is written to OUT/HANDOUT-ID.EXT.",
    )
    handout.add_argument("module", metavar="MODULE", help="module folder or id")
    handout.add_argument("handouts", nargs="*", metavar="HANDOUT", help="handout ids")
    handout.add_argument("--all", action="store_true", help="every handout the audience may have")
    handout.add_argument(
        "--chapters",
        action="store_true",
        help="the module's chapters as one book, OUT/book.EXT (for players: the public ones)",
    )
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
        "--out",
        metavar="DIR",
        default="handouts",
        help="folder to write to, created if missing; files there are replaced "
        "(default: ./handouts)",
    )
    handout.set_defaults(handler=_cmd_handout)
