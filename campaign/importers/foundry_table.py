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
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice
from campaign.importers.common import (
    Context,
    Imported,
    as_int,
    clean_text,
    expand_inputs,
    read_data,
    shown,
    source_label,
)
from campaign.importers.report import ImportInputError
from campaign.importers.srd import ABILITY_NAMES, SKILLS, ability_id, dice, skill_id

SUFFIXES = (".json", ".yml", ".yaml")
FLAGS = "campaign"
"""The flags namespace `campaign export foundry-table` writes (table id, weighted, nesting)."""

_TYPES = {0: "text", 1: "document", 2: "pack", "0": "text", "1": "document", "2": "pack"}
_DEFAULT_IMAGE_ROOTS = ("icons/", "systems/", "ui/")
"""Images bundled with Foundry or a game system: decoration, dropped silently."""


def is_roll_table(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("results"), list) and "name" in data


@dataclass
class _Source:
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


def _tables_in(data: Any) -> list[dict[str, Any]]:
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


def import_tables(paths: list[Path], context: Context) -> list[Imported]:
    given = set(paths)
    sources: list[_Source] = []
    for path in expand_inputs(paths, SUFFIXES):
        if path.name.startswith("_folder.") and path not in given:
            continue  # a Foundry folder document in a pack source tree
        data = read_data(path)
        tables = _tables_in(data)
        if not tables:
            if path in given:
                raise ImportInputError(
                    f"{shown(path)}: not a Foundry roll table "
                    "(expected a document with 'name' and a 'results' list, or a list of them)"
                )
            context.report.skip(shown(path), path.name, "file", "not a Foundry roll table")
            continue
        sources.extend(_Source(path, table, index) for index, table in enumerate(tables))
    if not sources:
        raise ImportInputError("no Foundry roll tables found in the input")
    ids: list[str] = []
    by_foundry: dict[str, str] = {}
    for source in sources:
        flags = _our_flags(source.data)
        preferred = flags.get("id") if isinstance(flags.get("id"), str) else None
        identifier = context.allocate(
            "table", source.name, preferred, source=source_label(source.file, source.name)
        )
        ids.append(identifier)
        if source.foundry_id:
            by_foundry[source.foundry_id] = identifier
    converted = [
        _Converter(source, identifier, by_foundry, context).convert()
        for source, identifier in zip(sources, ids, strict=True)
    ]
    return [document for document in converted if document is not None]


def _our_flags(data: dict[str, Any]) -> dict[str, Any]:
    flags = data.get("flags")
    ours = flags.get(FLAGS) if isinstance(flags, dict) else None
    return ours if isinstance(ours, dict) else {}


# --- one table ----------------------------------------------------------------


@dataclass
class _Entry:
    low: int
    high: int
    weight: int
    text: str
    table: str | None = None
    npcs: list[dict[str, Any]] = field(default_factory=list)
    order: int = 0
    """Position of the result in the source table."""
    reference_only: bool = False
    """A result that only points at another table (no text of its own)."""

    @property
    def label(self) -> str:
        return f"result {self.low}" if self.low == self.high else f"result {self.low}-{self.high}"


class _Converter:
    def __init__(
        self, source: _Source, identifier: str, by_foundry: dict[str, str], context: Context
    ) -> None:
        self.source = source
        self.data = source.data
        self.id = identifier
        self.by_foundry = by_foundry
        self.context = context
        self.html_reported = False

    def skip(self, what: str, why: str) -> None:
        self.context.report.skip(self.source.file, self.source.name, what, why)

    def convert(self) -> Imported | None:
        data = self.data
        flags = _our_flags(data)
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
        formula = self._formula(entries) if not weighted else None
        if formula:
            document["roll"] = formula
            entries = self._fix_coverage(entries, formula)
        description = self.text(clean_text(data.get("description")), "description")
        if description:
            document["description"] = description
        self._image(data.get("img"), "img")
        document["entries"] = [self._entry_data(entry, weighted) for entry in entries]
        return Imported("table", document, self.source.file, self.source.name)

    # results

    def _result(self, item: tuple[int, Any]) -> _Entry | None:
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
        entry = _Entry(
            low, high, weight if weight and weight > 0 else high - low + 1, "", order=index
        )
        raw_type = result.get("type")
        kind = _TYPES.get(raw_type, raw_type) if isinstance(raw_type, str | int) else ""
        raw_text = result.get("text")
        if not clean_text(raw_text):
            raw_text = result.get("description")
        if not clean_text(raw_text):
            raw_text = result.get("name")
        entry.text = self.text(clean_text(raw_text), entry.label)
        if kind in ("document", "pack") or result.get("documentUuid"):
            self._reference(result, entry)
        ours = _our_flags(result)
        self._nested_from_flags(ours, entry)
        self._image(result.get("img"), f"{entry.label}: img")
        if not entry.text and not entry.table:
            entry.text = "(nothing)"
        return entry

    def _reference(self, result: dict[str, Any], entry: _Entry) -> None:
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
        if target in self.by_foundry and (is_table or document_type == ""):
            entry.table = self.by_foundry[target]
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

    def _nested_from_flags(self, flags: dict[str, Any], entry: _Entry) -> None:
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

    def _fold_references(self, entries: list[_Entry]) -> list[_Entry]:
        """A result that only points at a table, with the same range as a text result,
        becomes that result's nested roll (Foundry draws both)."""
        kept: list[_Entry] = []
        for entry in entries:
            if entry.reference_only:
                twin = next(
                    (
                        other
                        for other in entries
                        if not other.reference_only
                        and (other.low, other.high) == (entry.low, entry.high)
                        and other.table is None
                    ),
                    None,
                )
                if twin is not None:
                    twin.table = entry.table
                    continue
            kept.append(entry)
        return kept

    # the die and the ranges

    def _formula(self, entries: list[_Entry]) -> str | None:
        if not entries:
            return None
        highest = max(entry.high for entry in entries)
        formula = clean_text(self.data.get("formula"))
        if not formula:
            return f"1d{highest}"
        compact = dice(formula)
        if compact == "1d6*10+1d6":
            compact = "d66"
        try:
            compile_dice(compact)
        except DiceError as error:
            self.skip(
                f"formula '{formula}'",
                f"not a dice expression campaign can roll ({error.message}); rolled as 1d{highest}",
            )
            return f"1d{highest}"
        return compact

    def _fix_coverage(self, entries: list[_Entry], formula: str) -> list[_Entry]:
        """Overlapping results are split where they overlap; gaps get an entry."""
        merged = self._split_overlaps(entries)
        try:
            support = compile_dice(formula).support()
        except DiceError:
            support = None
        if not support:
            return merged
        covered = {value for entry in merged for value in range(entry.low, entry.high + 1)}
        missing = [value for value in support if value not in covered]
        for low, high in _runs(missing):
            gap = _Entry(low, high, high - low + 1, "(nothing)")
            self.skip(
                f"{gap.label}",
                f"no result in the source covers it; added an entry '(nothing)' so {formula} "
                "always finds one",
            )
            merged.append(gap)
        merged.sort(key=lambda entry: (entry.low, entry.high))
        return merged

    def _split_overlaps(self, entries: list[_Entry]) -> list[_Entry]:
        """Foundry draws every result whose range holds the roll; campaign draws one entry.
        Where ranges overlap, each stretch of rolls becomes one entry with the texts of all
        the results Foundry would draw for it, in the table's order."""
        ordered = sorted(entries, key=lambda entry: (entry.low, entry.high))
        if all(b.low > a.high for a, b in itertools.pairwise(ordered)):
            return ordered
        edges = sorted({entry.low for entry in entries} | {entry.high + 1 for entry in entries})
        pieces: list[tuple[tuple[int, ...], _Entry]] = []
        for low, stop in itertools.pairwise(edges):
            covering = sorted(
                (entry for entry in entries if entry.low <= low and stop - 1 <= entry.high),
                key=lambda entry: entry.order,
            )
            if not covering:
                continue
            key = tuple(entry.order for entry in covering)
            if pieces and pieces[-1][0] == key and pieces[-1][1].high == low - 1:
                pieces[-1][1].high = stop - 1
                continue
            texts = [entry.text for entry in covering if not entry.reference_only and entry.text]
            texts = texts or [entry.text for entry in covering if entry.text]
            piece = _Entry(low, stop - 1, stop - low, "\n\n".join(texts), order=len(pieces))
            tables = list(dict.fromkeys(entry.table for entry in covering if entry.table))
            if tables:
                piece.table = tables[0]
            for other in tables[1:]:
                self.skip(
                    f"{piece.label}: nested roll on '{other}'",
                    f"an entry rolls on one other table; it keeps '{tables[0]}'",
                )
            piece.npcs = [bring for entry in covering for bring in entry.npcs]
            pieces.append((key, piece))
        self.context.report.notes.append(
            f"{self.source.file}: {self.source.name}: results overlap (Foundry draws all that "
            f"match a roll); made {len(pieces)} entr{'ies' if len(pieces) != 1 else 'y'}, each "
            "with the text of every result it draws"
        )
        return [piece for _, piece in pieces]

    def _entry_data(self, entry: _Entry, weighted: bool) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if weighted:
            data["weight"] = entry.weight
        else:
            data["range"] = entry.low if entry.low == entry.high else f"{entry.low}-{entry.high}"
        data["result"] = entry.text
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

    # text

    def text(self, value: str, where: str) -> str:
        """Foundry result text (HTML, enrichers, inline rolls) as module text."""
        if not value:
            return ""
        text = self._html(value, where)
        text = _ENRICHER.sub(lambda match: self._enricher(match, where), text)
        return self._inline_rolls(text, where).strip()

    def _html(self, value: str, where: str) -> str:
        if "<" not in value or not _TAG.search(value):
            return html.unescape(value)
        text = re.sub(r"\s*<br\s*/?>\s*", "\n", value, flags=re.IGNORECASE)
        text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text, flags=re.IGNORECASE)
        text = re.sub(r"<li[^>]*>\s*", "\n- ", text, flags=re.IGNORECASE)
        text = re.sub(r"</?(?:strong|b)>", "**", text, flags=re.IGNORECASE)
        text = re.sub(r"</?(?:em|i)>", "*", text, flags=re.IGNORECASE)
        simple = re.sub(r"</?(?:p|ul|ol|li|div|span)(?:\s[^>]*)?>", "", text, flags=re.IGNORECASE)
        leftover = sorted({tag.lower() for tag in _TAG.findall(simple)})
        if leftover and not self.html_reported:
            self.html_reported = True
            self.skip(
                f"{where}: HTML markup <{'>, <'.join(leftover)}>",
                "module text is plain text with Markdown emphasis",
            )
        text = _TAG.sub("", simple)
        text = re.sub(r"[ \t]+\n", "\n", text)
        return html.unescape(re.sub(r"\n{3,}", "\n\n", text)).strip()

    def _enricher(self, match: re.Match[str], where: str) -> str:
        sigil, kind, target, label = match.group(1), match.group(2), match.group(3), match.group(4)
        if sigil == "&":  # &Reference[poisoned]: a rules glossary link; the word stays
            words = label or target.split("=")[-1].split(" ")[0]
            return words.replace("-", " ")
        table = self._table_link(kind, target)
        if table is not None:
            return f"[[table:{table}]]"
        if label:
            kept = f"kept the text '{label}'"
        else:
            kept = "it has no label; kept as written, Foundry shows the document's name there"
        self.skip(
            f"{where}: link @{kind}[{target}]",
            f"campaign links only to tables and NPCs of the module; {kept}",
        )
        return label or str(match.group(0))

    def _table_link(self, kind: str, target: str) -> str | None:
        parts = target.split(".")
        if kind == "RollTable" or (len(parts) >= 2 and parts[-2] == "RollTable"):
            return self.by_foundry.get(parts[-1])
        return None

    def _inline_rolls(self, text: str, where: str) -> str:
        out: list[str] = []
        position = 0
        while True:
            start = text.find("[[", position)
            if start < 0:
                out.append(text[position:])
                return "".join(out)
            end = _closing(text, start)
            if end < 0:
                out.append(text[position:])
                return "".join(out)
            out.append(text[position:start])
            body = text[start + 2 : end]
            position = end + 2
            label = None
            label_match = re.match(r"\{([^{}]*)\}", text[position:])
            if label_match:
                label = label_match.group(1)
                position += label_match.end()
            out.append(self._roll(body.strip(), label, where))

    def _roll(self, body: str, label: str | None, where: str) -> str:
        kind, _, target = body.partition(":")
        if target and kind in ("table", "npc") and " " not in kind:
            name = target.strip()
            if self.context.has(kind, name):
                return f"[[{kind}:{name}]]"
            self.skip(f"{where}: [[{body}]]", f"no {kind} '{name}' in the module; kept as text")
            return f"{kind} {name}"
        command = ""
        formula = body
        if body.startswith("/"):
            command, _, formula = body[1:].partition(" ")
            command = command.lower()
        if command in ("save", "check", "skill", "tool", "ability"):
            return _check_words(command, formula) + (f" ({label})" if label else "")
        if command in (
            "",
            "r",
            "roll",
            "gmr",
            "gmroll",
            "br",
            "broll",
            "blindroll",
            "sr",
            "selfroll",
            "pr",
            "publicroll",
            "damage",
            "heal",
            "healing",
        ):
            rolled, extra = _formula(formula, damage=command in ("damage", "heal", "healing"))
            try:
                compile_dice(rolled)
            except DiceError:
                self.skip(
                    f"{where}: inline roll [[{body}]]",
                    "not a dice expression campaign can roll; kept as text",
                )
                return label or formula
            roll = f"[[{rolled}]]" + (f" {extra}" if extra else "")
            if label:
                spoken = re.sub(r"\s+", "", label)
                if spoken.startswith(re.sub(r"\s+", "", formula.split(" ")[0])):
                    rest = label.split(" ", 1)[1] if " " in label else ""
                    return f"[[{rolled}]]" + (f" {rest}" if rest else "")
                return f"{label} ({roll})"
            return roll
        self.skip(
            f"{where}: [[{body}]]",
            f"Foundry's /{command} command has no campaign equivalent; kept as text",
        )
        return label or formula


def _closing(text: str, start: int) -> int:
    """Index of the ']]' closing the '[[' at start (single brackets inside are allowed)."""
    depth = 0
    index = start + 2
    while index < len(text):
        char = text[index]
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return index if text.startswith("]]", index) else -1
            depth -= 1
        index += 1
    return -1


_DAMAGE_WORDS = frozenset(
    [
        "acid",
        "bludgeoning",
        "cold",
        "fire",
        "force",
        "lightning",
        "necrotic",
        "piercing",
        "poison",
        "psychic",
        "radiant",
        "slashing",
        "thunder",
        "healing",
        "temp",
        "temphp",
    ]
)


def _formula(text: str, *, damage: bool) -> tuple[str, str]:
    """A Foundry roll formula as a campaign dice expression, and any damage type words."""
    text = re.sub(r"#.*$", "", text).strip()
    formula_parts: list[str] = []
    words: list[str] = []
    for token in text.split():
        key, _, value = token.partition("=")
        if value and key.lower() in ("formula", "type", "average", "format"):
            if key.lower() == "formula":
                formula_parts.append(value)
            elif key.lower() == "type":
                words.append(value)
            continue
        if damage and token.lower() in _DAMAGE_WORDS | {"average", "avg", "extended"}:
            if token.lower() not in ("average", "avg", "extended", "temp", "temphp"):
                words.append(token.lower())
            continue
        formula_parts.append(token)
    formula = dice(re.sub(r"\[[^\]]*\]", "", "".join(formula_parts)))
    return formula, " ".join(words)


def _check_words(command: str, text: str) -> str:
    """'constitution dc=15' -> 'DC 15 Constitution'; 'perception 12' -> 'DC 12 Perception'."""
    names: list[str] = []
    dc = ""
    for token in text.replace(",", " ").split():
        key, _, value = token.partition("=")
        if value and key.lower() == "dc":
            dc = value
            continue
        if value:
            token = value
        if token.isdigit():
            dc = token
            continue
        ability = ability_id(token)
        skill = skill_id(token)
        if ability:
            names.append(ABILITY_NAMES[ability])
        elif skill:
            names.append(SKILLS[skill][0])
        elif token.lower() not in ("format=long", "format=short"):
            names.append(token.replace("-", " ").title())
    what = " ".join(names) or command.title()
    return f"DC {dc} {what}" if dc else what


def _runs(values: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for value in values:
        if runs and value == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


_ENRICHER = re.compile(r"([@&])(\w+)\[([^\]]*)\](?:\{([^}]*)\})?")
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
