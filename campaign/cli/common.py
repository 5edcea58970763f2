"""What every `campaign` subcommand shares: exit codes, JSON output, seeds, the subparsers type.

Only the standard library here: every command module imports this, and building
the parser (`campaign --help`) must stay cheap.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TypeAlias

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A subcommand: parsed arguments in, exit code out."""

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What `ArgumentParser.add_subparsers` returns; each command module adds its parsers to it."""

EXIT_OK = 0
EXIT_INPUT_ERROR = 2


def print_json(data: Any) -> None:
    """One JSON object on stdout, keys in a stable order for byte-identical output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=False) + "\n")


def seed_or_fresh(seed: int | None) -> int:
    """The seed to use: the one given, or a fresh one that is reported so a roll can be replayed."""
    import random

    return seed if seed is not None else random.SystemRandom().randrange(2**32)
