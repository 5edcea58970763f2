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


# --- parser ------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campaign",
        description="A game-master toolkit: run modules, roll dice, print handouts.",
    )
    parser.add_argument("--version", action="version", version=f"campaign {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

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
