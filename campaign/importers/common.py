"""Shared by every importer: reading input files, ids, the module's ruleset, validation.

An importer turns input files into `Imported` documents (plain data in the
module format, keys in the order they should be written) and records what it
left behind in the `Report`. `finish` validates a document against its model
and drops (and reports) any field that still does not fit, so what is written
always loads.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from campaign.importers.report import ImportInputError, Report
from campaign.loader import YamlLoader
from campaign.loader.yaml_loader import INT_MAX, INT_MIN, MAX_DEPTH, MAX_TEXT_BYTES
from campaign.model import DOCUMENT_MODELS, Ruleset

MAX_INPUT_BYTES = 50 * 1024 * 1024
"""Inputs are whole data dumps at most (the 5e SRD monster list is about 2 MB)."""

_NODE_BUDGET = 2_000_000


@dataclass
class Imported:
    """One document an importer produced, ready to validate and write."""

    kind: str
    data: dict[str, Any]
    file: str
    """The input file, as shown in the report."""
    entry: str
    """The item's name in the input, as shown in the report."""


# --- reading input -----------------------------------------------------------


def source_label(file: str, entry: str) -> str:
    """How a written file names what it was imported from: 'aboleth.json (Aboleth)'."""
    return f"{Path(file).name} ({entry})"


def shown(path: Path) -> str:
    """How a path appears in report lines and errors."""
    return str(path)


def read_text(path: Path) -> str:
    """The text of an input file, or an ImportInputError in one line."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportInputError(f"{shown(path)}: no such file") from None
    except OSError as error:
        raise ImportInputError(f"{shown(path)}: cannot read: {error.strerror}") from None
    if path.is_dir():
        raise ImportInputError(f"{shown(path)}: is a folder, expected a file")
    if size > MAX_INPUT_BYTES:
        raise ImportInputError(f"{shown(path)}: refused: {size:,} bytes is over the 50 MB limit")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportInputError(
            f"{shown(path)}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    except OSError as error:
        raise ImportInputError(f"{shown(path)}: cannot read: {error.strerror}") from None


def parse_json(text: str, where: str) -> Any:
    if not text.strip():
        raise ImportInputError(f"{where}: empty file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportInputError(
            f"{where}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise ImportInputError(f"{where}: refused: the JSON nests too deeply") from None


def parse_yaml(text: str, where: str, *, line_offset: int = 0) -> list[Any]:
    """Every document of a YAML text (safe loader, YAML 1.2 booleans)."""
    try:
        documents = [doc for doc in yaml.load_all(text, Loader=YamlLoader) if doc is not None]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = f" (line {mark.line + 1 + line_offset}, column {mark.column + 1})" if mark else ""
        problem = error.problem or "invalid YAML"
        raise ImportInputError(f"{where}: not valid YAML: {problem}{at}") from None
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        raise ImportInputError(f"{where}: not valid YAML: {message}") from None
    except RecursionError:
        raise ImportInputError(f"{where}: refused: the YAML nests too deeply") from None
    if _too_many_nodes(documents):
        raise ImportInputError(f"{where}: refused: YAML aliases expand to too many nodes")
    return documents


def _too_many_nodes(data: Any) -> bool:
    seen = 0
    stack = [data]
    while stack:
        item = stack.pop()
        seen += 1
        if seen > _NODE_BUDGET:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def read_data(path: Path) -> Any:
    """A JSON or YAML input file as plain data (a YAML stream of several documents is a list)."""
    text = read_text(path)
    where = shown(path)
    suffix = path.suffix.lower()
    if suffix == ".json" or (suffix not in (".yaml", ".yml") and text.lstrip()[:1] in "[{"):
        return parse_json(text, where)
    documents = parse_yaml(text, where)
    if not documents:
        raise ImportInputError(f"{where}: empty file")
    return documents[0] if len(documents) == 1 else documents


def expand_inputs(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files to import: each file as given, and the matching files below each folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            below = sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.is_file()
                and candidate.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
            if not below:
                raise ImportInputError(
                    f"{shown(path)}: no {', '.join(suffixes)} files in this folder"
                )
            found.extend(below)
        elif not path.exists():
            raise ImportInputError(f"{shown(path)}: no such file or folder")
        else:
            found.append(path)
    return found


# --- text helpers ------------------------------------------------------------


def slug(text: str) -> str:
    """'Adult Black Dragon' -> 'adult-black-dragon'; accents folded, at most 60 characters."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(char for char in folded if not unicodedata.combining(char))
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return value[:60].rstrip("-")


def clean_text(value: Any) -> str:
    """A text field as a stripped string; None and non-text become ''."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def as_list(value: Any) -> list[Any]:
    """A list field that some sources give as '' or null when empty."""
    return value if isinstance(value, list) else []


def as_int(value: Any) -> int | None:
    """An integer from 17, 17.0, '17' or '17 (natural armor)'; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        match = re.match(r"\s*([+-]?\d+)\b", value)
        if match:
            return int(match.group(1))
    return None


# --- the module's ruleset ----------------------------------------------------


@dataclass(frozen=True)
class RulesetInfo:
    """What importers need to know of the module's ruleset."""

    id: str
    attributes: frozenset[str]
    skills: Mapping[str, str]
    """Skill ids and lower-cased names -> the ruleset's skill id."""
    d20: bool
    """Attributes enter checks as d20 modifiers ((score - 10) // 2)."""

    @classmethod
    def of(cls, ruleset: Ruleset) -> RulesetInfo:
        skills: dict[str, str] = {}
        for skill in ruleset.skills:
            skills[skill.id] = skill.id
            skills[slug(skill.name)] = skill.id
        return cls(
            id=ruleset.id,
            attributes=frozenset(attribute.id for attribute in ruleset.attributes),
            skills=skills,
            d20=ruleset.check.attribute_bonus == "d20-modifier",
        )


# --- ids and the import context ------------------------------------------------


@dataclass
class Context:
    """What an importer may consult while converting: the ruleset, ids, the report."""

    ruleset: RulesetInfo
    report: Report
    existing: dict[str, set[str]] = field(default_factory=dict)
    """Ids already in the module, by kind."""
    reusable: dict[str, dict[str, str]] = field(default_factory=dict)
    """Kind -> id -> source of documents an earlier import wrote at the path this one writes
    to: importing the same item from the same file again replaces them."""
    allocated: dict[str, set[str]] = field(default_factory=dict)

    def allocate(
        self, kind: str, name: str, preferred: str | None = None, *, source: str = ""
    ) -> str:
        """A unique id for a new document: the preferred id or slug of the name, suffixed.

        An id an earlier import of the same source (file name and item) wrote is
        reused, so importing again updates the file instead of adding a copy.
        """
        valid = preferred and re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,59}", preferred)
        base = (preferred if valid else "") or slug(name) or kind
        taken = self.allocated.setdefault(kind, set())
        ours = {key for key, value in self.reusable.get(kind, {}).items() if value == source}
        existing = self.existing.get(kind, set()) - ours
        candidate, number = base, 1
        while candidate in taken or candidate in existing:
            number += 1
            candidate = f"{base}-{number}"
        if candidate != base and base in existing:
            self.report.notes.append(
                f"{kind} id '{base}' is taken in the module; '{name}' is imported as '{candidate}'"
            )
        taken.add(candidate)
        return candidate

    def has(self, kind: str, identifier: str) -> bool:
        """A document of this kind and id exists in the module or in this import."""
        return identifier in self.existing.get(kind, set()) or identifier in self.allocated.get(
            kind, set()
        )


# --- validation -----------------------------------------------------------------


def _format_loc(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _walk(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[Any, Any, tuple[Any, ...]]]:
    """(container, key, path so far) for each step of loc that exists in data.

    Parts that are not in the data (the name of a union member) are stepped over.
    """
    current = data
    path: tuple[Any, ...] = ()
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            step: Any = part
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            step = part
        else:
            continue
        yield current, step, (*path, step)
        current = current[step]
        path = (*path, step)


def _beyond_loader_limits(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of values the loader would refuse: integers past 64 bits, text over
    MAX_TEXT_BYTES, nesting past MAX_DEPTH (the whole too-deep value)."""
    if len(path) >= MAX_DEPTH and isinstance(data, dict | list):
        yield path  # a collection here is level 65: the document's mapping is level 1
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _beyond_loader_limits(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _beyond_loader_limits(value, (*path, index))
    elif isinstance(data, int) and not isinstance(data, bool):
        if not INT_MIN <= data <= INT_MAX:
            yield path
    elif isinstance(data, str) and len(data.encode("utf-8")) > MAX_TEXT_BYTES:
        yield path


def _drop_beyond_limits(document: Imported, report: Report) -> None:
    """What the loader would refuse is left out of the module, reported, never written."""
    for path in list(_beyond_loader_limits(document.data)):
        steps = list(_walk(document.data, path))
        if len(steps) != len(path):
            continue  # inside a value already dropped
        container, key, _ = steps[-1]
        del container[key]
        report.skip(
            document.file,
            document.entry,
            _format_loc(path),
            "not carried over: beyond what a module may hold (64-bit integers, "
            f"{MAX_TEXT_BYTES // 1024} KB of text, {MAX_DEPTH} levels of nesting)",
        )


def finish(document: Imported, report: Report) -> Imported | None:
    """Validate against the document's model, dropping (and reporting) whatever does not fit.

    Returns None when the document cannot be saved (a required field is missing).
    """
    _drop_beyond_limits(document, report)
    model: type[BaseModel] = DOCUMENT_MODELS[document.kind]
    for _ in range(50):
        try:
            model.model_validate(document.data)
        except ValidationError as error:
            item = error.errors(include_url=False)[0]
            steps = list(_walk(document.data, tuple(item["loc"])))
            if not steps:
                # The document as a whole does not fit (a required field is missing).
                where = _format_loc(item["loc"])
                report.skip(
                    document.file,
                    document.entry,
                    document.kind,
                    f"{where}: {item['msg']}" if where else item["msg"],
                )
                return None
            container, key, path = steps[-1]
            del container[key]
            if not container and len(steps) >= 2:  # no empty mapping or list left behind
                parent, parent_key, _ = steps[-2]
                del parent[parent_key]
            report.skip(document.file, document.entry, _format_loc(path), item["msg"])
            continue
        return document
    report.skip(document.file, document.entry, document.kind, "too many fields did not fit")
    return None


def items_in(data: Any, accept: Callable[[Any], bool]) -> list[dict[str, Any]]:
    """The accepted objects of an API answer: one object, a list, or {"results": [...]}."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if isinstance(data, list):
        return [item for item in data if accept(item)]
    return [data] if accept(data) else []
