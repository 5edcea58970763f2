"""Domain errors shared by every layer.

Every error a GM can cause by what they type or write is a `CampaignError`: the
CLI prints its `lines()` and exits 2, the TUI shows them inline. Nothing else
is allowed to escape to the GM as a traceback.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


class CampaignError(Exception):
    """An error caused by input (a dice expression, a module file, a session path)."""

    title: str = "Error"

    def lines(self) -> list[str]:
        """One line per problem, ready to print."""
        return [str(self)]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a module, located in a file."""

    path: Path
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ModuleError(CampaignError):
    """A module that cannot be loaded, with every problem found."""

    title = "Module has problems"

    def __init__(self, problems: Sequence[Problem]) -> None:
        # By file, then position: reads top to bottom like the files themselves.
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line, p.column))
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]


def nearest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` choices close to `word`: spelled alike first, then ones containing it.

    'gibraltar' finds 'gibraltar-complications' although the two spellings are
    far apart as wholes; a word under three letters only matches by spelling.
    """
    known = list(dict.fromkeys(choices))
    found = difflib.get_close_matches(word, known, n=n, cutoff=0.6)
    if len(word) >= 3:
        lower = word.lower()
        found += [choice for choice in known if lower in choice.lower() and choice not in found]
        # 'gibraltr' is far from 'gibraltar-complications' as a whole, close to its first word.
        found += [
            choice
            for choice in known
            if choice not in found and _close_to_a_part(lower, choice.lower())
        ]
    return found[:n]


def _close_to_a_part(word: str, choice: str) -> bool:
    parts = re.split(r"[-_ ]+", choice)
    return bool(difflib.get_close_matches(word, parts, n=1, cutoff=0.8))


def did_you_mean(word: str, choices: Iterable[str], *, n: int = 1) -> str:
    """' (did you mean 'x'?)' (or 'x', 'y' or 'z' with n=3) when close matches exist, else ''."""
    matches = [f"'{match}'" for match in nearest(word, choices, n)]
    if not matches:
        return ""
    listed = matches[0] if len(matches) == 1 else f"{', '.join(matches[:-1])} or {matches[-1]}"
    return f" (did you mean {listed}?)"
