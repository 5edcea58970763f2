"""One Foundry roll table -> one module table: its results, links, nesting and image.

A result that points at another table of the same import becomes a nested roll
(`table:`); a result with the same range as a text result (Foundry draws both)
is folded into it. The die and the ranges are settled by `ranges`, the texts
by `text`.
"""

from __future__ import annotations

from typing import Any

from campaign.importers.common import Context, Imported, as_int, clean_text
from campaign.importers.foundry_table.documents import RESULT_TYPES, TableSource, our_flags
from campaign.importers.foundry_table.ranges import Entry, fix_coverage, table_formula
from campaign.importers.foundry_table.text import ResultText

_DEFAULT_IMAGE_ROOTS = ("icons/", "systems/", "ui/")
"""Images bundled with Foundry or a game system: decoration, dropped silently."""


class TableConverter:
    def __init__(
        self,
        source: TableSource,
        identifier: str,
        by_foundry: dict[str, str],
        context: Context,
        by_name: dict[str, str] | None = None,
    ) -> None:
        self.source = source
        self.data = source.data
        self.id = identifier
        self.by_foundry = by_foundry
        self.by_name = by_name or {}
        """Table name -> module id, for names only one table of the import has."""
        self.context = context
        self.texts = ResultText(context, by_foundry, self.skip)

    def skip(self, what: str, why: str) -> None:
        self.context.report.skip(self.source.file, self.source.name, what, why)

    def note(self, text: str) -> None:
        self.context.report.notes.append(f"{self.source.file}: {self.source.name}: {text}")

    def text(self, value: str, where: str) -> str:
        """Foundry result text (HTML, enrichers, inline rolls) as module text."""
        return self.texts.text(value, where)

    def convert(self) -> Imported | None:
        data = self.data
        flags = our_flags(data)
        weighted = flags.get("weighted") is True
        if data.get("replacement") is False:
            self.skip(
                "replacement: false",
                "campaign tables always roll with replacement; a drawn result can come again",
            )
        entries = [entry for entry in map(self._result, enumerate(data["results"])) if entry]
        if not entries:
            self.skip("table", "it has no results with a range")
            return None
        entries = self._fold_references(entries)
        entries.sort(key=lambda entry: (entry.low, entry.high))
        document: dict[str, Any] = {"id": self.id, "title": self.source.name}
        formula = table_formula(data.get("formula"), entries, self.skip) if not weighted else None
        if formula:
            entries, document["roll"] = fix_coverage(entries, formula, self.skip, self.note)
        description = self.text(clean_text(data.get("description")), "description")
        if description:
            document["description"] = description
        self._image(data.get("img"), "img")
        document["entries"] = [self._entry_data(entry, weighted) for entry in entries]
        return Imported("table", document, self.source.file, self.source.name)

    # results

    def _result(self, item: tuple[int, Any]) -> Entry | None:
        index, result = item
        if not isinstance(result, dict):
            self.skip(f"results[{index}]", "not a table result")
            return None
        bounds = result.get("range")
        low = as_int(bounds[0]) if isinstance(bounds, list) and len(bounds) == 2 else None
        high = as_int(bounds[1]) if isinstance(bounds, list) and len(bounds) == 2 else None
        weight = as_int(result.get("weight"))
        if low is None or high is None or high < low:
            self.skip(f"results[{index}]", f"range {bounds!r} is not [low, high]")
            return None
        entry = Entry(
            low, high, weight if weight and weight > 0 else high - low + 1, "", order=index
        )
        raw_type = result.get("type")
        kind = RESULT_TYPES.get(raw_type, raw_type) if isinstance(raw_type, str | int) else ""
        raw_text = result.get("text")
        if not clean_text(raw_text):
            raw_text = result.get("description")
        if not clean_text(raw_text):
            raw_text = result.get("name")
        entry.text = self.text(clean_text(raw_text), entry.label)
        if kind in ("document", "pack") or result.get("documentUuid"):
            self._reference(result, entry)
        self._nested_from_flags(our_flags(result), entry)
        self._image(result.get("img"), f"{entry.label}: img")
        if not entry.text and not entry.table:
            entry.text = "(nothing)"
        return entry

    def _reference(self, result: dict[str, Any], entry: Entry) -> None:
        uuid = clean_text(result.get("documentUuid"))
        collection = clean_text(result.get("documentCollection") or result.get("collection"))
        target = clean_text(result.get("documentId") or result.get("resultId"))
        document_type = ""
        if uuid:
            parts = uuid.split(".")
            target = parts[-1]
            document_type = parts[-2] if len(parts) >= 2 else ""
        elif collection:
            document_type = collection if "." not in collection else ""
        is_table = document_type == "RollTable" or collection.endswith(".tables")
        found = self.by_foundry.get(target) if is_table or document_type == "" else None
        named = clean_text(result.get("text") or result.get("name"))
        if found is None and is_table and named in self.by_name:
            # An exported table carries no ids, but names the table it links to.
            found = self.by_name[named]
            self.note(f"{entry.label}: the link to {target or 'a table'} is the table '{named}'")
        if found is not None:
            entry.table = found
            entry.reference_only = True
            if not entry.text:
                entry.text = "(roll on the table)"
            return
        where = uuid or ".".join(part for part in (collection, target) if part) or "a document"
        if is_table:
            why = "that table is not in this import; import it together to keep the nested roll"
        else:
            why = "campaign links only to tables and NPCs of the module"
        shown_text = f"; kept the text '{entry.text}'" if entry.text else ""
        self.skip(f"{entry.label}: link to {where}", why + shown_text)

    def _nested_from_flags(self, flags: dict[str, Any], entry: Entry) -> None:
        table = flags.get("table")
        if isinstance(table, str) and table:
            if self.context.has("table", table) and table != self.id:
                entry.table = table
            else:
                self.skip(f"{entry.label}: nested roll on '{table}'", "no such table in the module")
        npcs = flags.get("npcs")
        if isinstance(npcs, list) and npcs:
            known = [
                bring
                for bring in npcs
                if isinstance(bring, dict) and self.context.has("npc", str(bring.get("npc")))
            ]
            if len(known) == len(npcs):
                entry.npcs = known
            else:
                self.skip(f"{entry.label}: npcs", "an NPC it brings in is not in the module")

    def _fold_references(self, entries: list[Entry]) -> list[Entry]:
        """A result that only points at a table, with the same range as a text result,
        becomes that result's nested roll (Foundry draws both)."""
        kept: list[Entry] = []
        for entry in entries:
            if entry.reference_only:
                twin = next(
                    (
                        other
                        for other in entries
                        if not other.reference_only
                        and (other.low, other.high) == (entry.low, entry.high)
                    ),
                    None,
                )
                if twin is not None and entry.table is not None:
                    if twin.table is None:
                        twin.table = entry.table
                    else:  # a second link, even to the same table, is a second roll
                        twin.more_tables.append(entry.table)
                    continue
            kept.append(entry)
        return kept

    def _entry_data(self, entry: Entry, weighted: bool) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if weighted:
            data["weight"] = entry.weight
        else:
            data["range"] = entry.low if entry.low == entry.high else f"{entry.low}-{entry.high}"
        data["result"] = entry.text
        others = [table for table in entry.more_tables if table != self.id]
        if others:  # the module's entry has one `table:`; the others roll inline
            rolls = " ".join(f"[[table:{table}]]" for table in others)
            data["result"] = f"{entry.text}\n\n{rolls}" if entry.text else rolls
        if entry.npcs:
            data["npcs"] = entry.npcs
        if entry.table and entry.table != self.id:
            data["table"] = entry.table
        elif entry.table:
            self.skip(f"{entry.label}: nested roll", "a table cannot roll on itself")
        return data

    def _image(self, value: Any, what: str) -> None:
        image = clean_text(value)
        if image and not image.startswith(_DEFAULT_IMAGE_ROOTS):
            self.skip(f"{what} {image}", "modules have no images for tables")
