"""Shared by every importer: reading input files, ids, the module's ruleset.

An importer turns input files into `Imported` documents (plain data in the
module format, keys in the order they should be written) and records what it
left behind in the `Report`. `finish` (in `validate`) validates a document
against its model and drops (and reports) any field that still does not fit,
so what is written always loads.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from campaign.importers.report import ImportInputError, Report
from campaign.importers.validate import Imported as Imported
from campaign.importers.validate import finish as finish
from campaign.loader import YamlLoader
from campaign.model import Ruleset

MAX_INPUT_BYTES = 50 * 1024 * 1024
"""Inputs are whole data dumps at most (the 5e SRD monster list is about 2 MB)."""

_NODE_BUDGET = 2_000_000


# --- reading input -----------------------------------------------------------


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


def parse_yaml(
    text: str, where: str, *, line_offset: int = 0, loader: type[YamlLoader] = YamlLoader
) -> list[Any]:
    """Every document of a YAML text (safe loader, YAML 1.2 booleans)."""
    try:
        documents = [doc for doc in yaml.load_all(text, Loader=loader) if doc is not None]
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


def expand_inputs(
    paths: Iterable[Path], suffixes: tuple[str, ...], context: Context | None = None
) -> list[Path]:
    """Files to import: each file as given, and the matching files below each folder.

    With a context, the folder each file was found under is remembered (its
    source label and id suffix come from it), and a path that does not exist is
    one failed line there instead of stopping the import.
    """
    found: list[Path] = []
    for path in dict.fromkeys(paths):
        if path.is_dir():
            below = sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.is_file()
                and candidate.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
            if not below:
                _missing(f"{shown(path)}: no {', '.join(suffixes)} files in this folder", context)
            for file in below:
                if context is not None:
                    context.roots[shown(file)] = path
            found.extend(below)
        elif not path.exists():
            _missing(f"{shown(path)}: no such file or folder", context)
        else:
            found.append(path)
    once: dict[Path, Path] = {}  # a file given by name and again in its folder is read once
    for file in found:
        once.setdefault(file.resolve(), file)
    return list(once.values())


def _missing(message: str, context: Context | None) -> None:
    if context is None:
        raise ImportInputError(message)
    context.report.fail(message)


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
    """Kind -> id -> source, of every document an earlier import wrote at `<folder>/<id>.yaml`:
    importing the same item from the same file again replaces it; another source never does."""
    allocated: dict[str, set[str]] = field(default_factory=dict)
    roots: dict[str, Path] = field(default_factory=dict)
    """Input file (as shown) -> the folder given on the command line it was found under."""

    def source_label(self, file: str, entry: str) -> str:
        """How a written file names its source: 'tables24/spells/confusion.yml (Confusion)'.

        The path starts at the folder given on the command line (or, for a file
        given by name, at its parent folder), so the same file imported again from
        another working directory has the same label, and two files of one name in
        different folders do not.
        """
        path = Path(file)
        root = self.roots.get(file)
        if root is not None:
            relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
            where = f"{root.name}/{relative}" if root.name else relative
        else:
            where = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
        return f"{where} ({entry})"

    def allocate(
        self, kind: str, name: str, preferred: str | None = None, *, file: str = "", entry: str = ""
    ) -> str:
        """A unique id for a new document: the preferred id or slug of the name.

        An id an earlier import of the same source (file and item) wrote is
        reused, so importing again updates that file. An id another source holds
        gets a suffix from this one's folder or file ('efreeti-bottle-tables24'),
        reported as a rename.
        """
        valid = preferred and re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,59}", preferred)
        base = (preferred if valid else "") or slug(name) or kind
        taken = self.allocated.setdefault(kind, set())
        source = self.source_label(file, entry or name) if file else ""
        holders = self.reusable.get(kind, {})
        ours = {key for key, value in holders.items() if source and value == source}
        existing = self.existing.get(kind, set()) - ours
        candidate = base
        if candidate in taken or candidate in existing:
            candidate = self._suffixed(base, file, taken | existing)
            holder = holders.get(base)
            held = f" by {holder}" if holder else (" in this import" if base in taken else "")
            if candidate not in ours:  # imported under this id before: an update, said once
                self.report.renamed.append(
                    f"{kind} '{name}'{f' from {source}' if source else ''} is imported as "
                    f"'{candidate}': the id '{base}' is taken{held}"
                )
        if candidate in ours:
            self.report.updated.add((kind, candidate))
        taken.add(candidate)
        return candidate

    def _suffixed(self, base: str, file: str, taken: set[str]) -> str:
        """base-<folder given>, base-<parent folder>, base-<file name>, then base-2, base-3..."""
        path = Path(file)
        root = self.roots.get(file)
        words = [root.name if root is not None else "", path.parent.name, path.stem]
        for word in dict.fromkeys(slug(word) for word in words if word):
            candidate = f"{base[: 59 - len(word)]}-{word}"
            if word and word != base and candidate not in taken:
                return candidate
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"

    def has(self, kind: str, identifier: str) -> bool:
        """A document of this kind and id exists in the module or in this import."""
        return identifier in self.existing.get(kind, set()) or identifier in self.allocated.get(
            kind, set()
        )

    @contextmanager
    def reading(self, path: Path) -> Iterator[None]:
        """One input file: if it cannot be read, it is one failed line and the import goes on."""
        try:
            yield
        except ImportInputError as error:
            self.report.fail(str(error))


def items_in(data: Any, accept: Callable[[Any], bool]) -> list[dict[str, Any]]:
    """The accepted objects of an API answer: one object, a list, or {"results": [...]}."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if isinstance(data, list):
        return [item for item in data if accept(item)]
    return [data] if accept(data) else []
