"""Domain errors shared by every layer.

Every error a GM can cause by what they type or write is a `CampaignError`: the
CLI prints its `lines()` and exits 2, the TUI shows them inline. Nothing else
is allowed to escape to the GM as a traceback.
"""

from __future__ import annotations


class CampaignError(Exception):
    """An error caused by input (a dice expression, a module file, a session path)."""

    title: str = "Error"

    def lines(self) -> list[str]:
        """One line per problem, ready to print."""
        return [str(self)]
