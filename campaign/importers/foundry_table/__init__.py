"""Foundry VTT roll tables (RollTable documents, JSON or YAML) -> module tables.

Reads what Foundry writes: an "Export Data" JSON, a system's pack source
(`packs/_source/tables/*.yml`), a list of tables, or a folder of them.
Versions 9 to 13 differ in where a result keeps its text (`text`, or
`description` and `name`) and how it points at another document (`collection`
and `resultId`; `documentCollection` and `documentId`; `documentUuid`); all are
read. A result that points at another table of the same import becomes a nested
roll (`table:`); a result with the same range as a text result (Foundry draws
both) is folded into it. Foundry's inline rolls (`[[/r 1d4]]`, `[[1d6 + 6]]`,
`[[/damage 5d6 poison]]`) become the module's `[[1d4]]`; checks and saves
(`[[/save constitution dc=15]]`) become words ('DC 15 Constitution'); document
links keep their label. Whatever is lost is reported.

Where it lives: the document shapes (`documents`), finding and numbering the
tables of an import (`importer`), one table's results (`convert`), its die and
ranges (`ranges`), and its texts (`text`, `inline_rolls`).
"""

from __future__ import annotations

from campaign.importers.foundry_table.documents import FLAGS, SUFFIXES, is_roll_table
from campaign.importers.foundry_table.importer import import_tables

__all__ = ["FLAGS", "SUFFIXES", "import_tables", "is_roll_table"]
