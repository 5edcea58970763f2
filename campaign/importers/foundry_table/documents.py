"""What Foundry writes: RollTable documents, where they sit in a file, and our flags on them.

A file holds one table, a list of them, or an object with a list of them
(`tables`, `results`, `documents`, `items`); each table found becomes a
`TableSource` that remembers its file and position for the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campaign.importers.common import clean_text, shown

SUFFIXES = (".json", ".yml", ".yaml")
FLAGS = "campaign"
"""The flags namespace `campaign export foundry-table` writes (table id, weighted, nesting)."""

RESULT_TYPES = {0: "text", 1: "document", 2: "pack", "0": "text", "1": "document", "2": "pack"}
"""A result's `type` as numbered in Foundry 9 and 10, by the name later versions use."""

Skip = Callable[[str, str], None]
"""Records one thing a table's import leaves behind: (what, why)."""


def is_roll_table(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("results"), list) and "name" in data


@dataclass
class TableSource:
    path: Path
    data: dict[str, Any]
    index: int
    """Position in its file (for a file holding a list of tables)."""

    @property
    def file(self) -> str:
        return shown(self.path)

    @property
    def name(self) -> str:
        return clean_text(self.data.get("name")) or f"table {self.index + 1}"

    @property
    def foundry_id(self) -> str | None:
        value = self.data.get("_id")
        return value if isinstance(value, str) and value else None


def tables_in(data: Any) -> list[dict[str, Any]]:
    if is_roll_table(data):
        return [data]
    if isinstance(data, list):
        return [item for item in data if is_roll_table(item)]
    if isinstance(data, dict):
        for key in ("tables", "results", "documents", "items"):
            if isinstance(data.get(key), list) and not is_roll_table(data):
                found = [item for item in data[key] if is_roll_table(item)]
                if found:
                    return found
    return []


def our_flags(data: dict[str, Any]) -> dict[str, Any]:
    """What `campaign export foundry-table` kept in the document's (or result's) flags."""
    flags = data.get("flags")
    ours = flags.get(FLAGS) if isinstance(flags, dict) else None
    return ours if isinstance(ours, dict) else {}
