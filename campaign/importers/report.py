"""What an import could not carry over, and the errors that stop one.

Every item is one line, `FILE: <entry>: <field> not carried over (<why>)`,
so a GM can grep the report and fix the module by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from campaign.errors import CampaignError


class ImportInputError(CampaignError):
    """Input that cannot be imported at all: missing, not JSON/YAML, not the format named."""

    title = "Cannot import"


@dataclass(frozen=True, slots=True)
class Skipped:
    """One thing the import could not carry over into the module."""

    file: str
    entry: str
    field: str
    why: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.field} not carried over ({self.why})"


@dataclass
class Report:
    """The outcome of one import: files written, things left behind, notes, problems."""

    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things done that the GM should know (an id renamed because it was taken)."""
    written: list[Path] = field(default_factory=list)
    created_module: bool = False
    problems: list[str] = field(default_factory=list)
    """Problems `load_module` found in the module after writing (there should be none)."""
    failed: list[str] = field(default_factory=list)
    """Input files that could not be read (or are another format), one line each."""
    renamed: list[str] = field(default_factory=list)
    """Items imported under another id than their name's, because another source holds it."""
    updated: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of documents an earlier import of the same source wrote, written again."""
    without_block: int = 0
    """Notes of a vault or folder that hold no stat block (skipped, not failures)."""

    def fail(self, line: str) -> None:
        self.failed.append(line)

    def skip(self, file: str, entry: str, what: str, why: str) -> None:
        self.skipped.append(Skipped(file, entry, what, why))

    def lines(self) -> list[str]:
        """The not-carried-over lines, one per item, in the order they were found."""
        return [str(item) for item in self.skipped]
