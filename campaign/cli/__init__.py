"""The `campaign` command line: `build_parser` and `main`, a thin dispatcher.

Each command group lives in its own module and adds its subparsers, each with a
`handler`; `main` parses, calls the handler and turns input errors into exit
codes. Input errors (`CampaignError`) print one line per problem to stderr and
exit 2; argparse's own usage errors also exit 2.

Building the parser imports only the standard library and these small modules:
the loader, handouts, importers and Textual are imported inside the commands
that need them, so `campaign roll` and `--help` start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from campaign import __version__
from campaign.cli.common import EXIT_INPUT_ERROR, EXIT_OK, Handler
from campaign.cli.dice import add_dice_commands
from campaign.cli.forecast import add_forecast_command
from campaign.cli.handouts import add_handout_command
from campaign.cli.import_export import (
    EXIT_IMPORTED_WITH_PROBLEMS,
    IMPORT_FORMATS,
    add_import_commands,
)
from campaign.cli.maps import add_map_command
from campaign.cli.modules import (
    EXIT_LINT_WARNINGS,
    add_lint_command,
    add_module_commands,
    add_modules_command,
)
from campaign.cli.play import add_play_command
from campaign.cli.players import add_players_commands
from campaign.cli.sessions import add_session_commands
from campaign.cli.showing import add_show_commands
from campaign.cli.statblock import add_statblock_command
from campaign.errors import CampaignError

EXIT_INTERRUPTED = 130
"""Ctrl-C: the shell's code for a process ended by SIGINT."""


def build_parser() -> argparse.ArgumentParser:
    """The whole `campaign` parser; every subcommand carries its handler."""
    parser = argparse.ArgumentParser(
        prog="campaign",
        description="A game-master toolkit: run modules, roll dice, print handouts.",
    )
    parser.add_argument("--version", action="version", version=f"campaign {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    # The order here is the order `campaign --help` and docs/commands.md list them.
    add_dice_commands(sub)
    add_module_commands(sub)
    add_session_commands(sub)
    add_modules_command(sub)
    add_import_commands(sub)
    add_handout_command(sub)
    add_lint_command(sub)
    add_statblock_command(sub)
    add_forecast_command(sub)
    add_map_command(sub)
    add_show_commands(sub)
    add_players_commands(sub)
    add_play_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `campaign` command; its exit code."""
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
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as Unix tools do.
        sys.stderr.close()
        return EXIT_OK


__all__ = [
    "EXIT_IMPORTED_WITH_PROBLEMS",
    "EXIT_INPUT_ERROR",
    "EXIT_LINT_WARNINGS",
    "EXIT_OK",
    "IMPORT_FORMATS",
    "Handler",
    "build_parser",
    "main",
]
