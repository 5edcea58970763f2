"""Load a module folder into a `Module`, or report every problem at once.

The fast path loads every YAML file with libyaml's safe loader and validates
the plain data with pydantic; positions (line:column) are only worked out for
the files that have problems, by composing those files again into YAML nodes
and walking the error's field path. That keeps a clean load close to the cost
of parsing the YAML alone.

Every problem is one line: `path:line:col: field.path: message`.
"""

from __future__ import annotations

import os
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from campaign import paths
from campaign.dice import DiceError
from campaign.dice import compile as compile_dice
from campaign.errors import CampaignError, did_you_mean
from campaign.errors import ModuleError as ModuleError  # re-exported: callers import it from here
from campaign.errors import Problem as Problem
from campaign.model import (
    DOCUMENT_MODELS,
    FOLDER_KINDS,
    Act,
    Check,
    Clock,
    Clue,
    Handout,
    Module,
    ModuleInfo,
    RandomTable,
    Revelation,
    Ruleset,
    Scene,
    SourceRef,
    StatBlock,
)
from campaign.model.common import template_placeholders
from campaign.model.tables import INLINE_REFERENCE, format_ranges

MAX_FILE_BYTES = 5 * 1024 * 1024
MODULE_FILE = "module.yaml"
SKIPPED_FOLDERS = frozenset({"templates", "assets", "node_modules"})

# libyaml is in PyYAML's wheels; fall back to the pure-Python parser if absent.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlLoader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML with YAML 1.2 booleans; the only loader module files are read with.

    YAML 1.1 reads `on`, `off`, `yes`, `no` (any case) as booleans, so a
    key `on:` (an exit's result) or a value `NO` (Norway) would silently turn
    into True/False. Only `true` and `false` are booleans here.
    """


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

Loc = tuple[str | int, ...]


# --- problems ----------------------------------------------------------------


# --- reading files -----------------------------------------------------------


@dataclass
class _Document:
    """One YAML document of a file, before and after validation."""

    file: _File
    index: int
    data: Any
    kind: str = ""
    model: BaseModel | None = None


@dataclass
class _File:
    path: Path
    relative: Path
    text: str
    documents: list[_Document] = field(default_factory=list)
    _nodes: list[yaml.Node] | None = None

    def nodes(self) -> list[yaml.Node]:
        """The file's documents as YAML nodes (with positions), composed on demand."""
        if self._nodes is None:
            self._nodes = list(yaml.compose_all(self.text, Loader=YamlLoader))
        return self._nodes

    def document_line(self, index: int) -> int:
        """First line of a document, from its '---' separator; no parsing needed."""
        lines = self._start_lines()
        return lines[index] if index < len(lines) else 1

    def _start_lines(self) -> list[int]:
        separators = [
            self.text.count("\n", 0, match.start()) + 1
            for match in _DOCUMENT_START.finditer(self.text)
        ]
        before = self.text[: self.text.find("\n---")] if separators else self.text
        if separators and separators[0] == 1:
            before = ""
        first_content = next(
            (
                number
                for number, line in enumerate(before.splitlines(), start=1)
                if line.strip() and not line.lstrip().startswith("#")
            ),
            None,
        )
        starts = [first_content] if first_content is not None else []
        if not separators and not starts:
            starts = [1]
        return starts + [line + 1 for line in separators]


_DOCUMENT_START = re.compile(r"^---(?=\s|$)", re.MULTILINE)


def _count_nodes(data: Any, budget: int) -> int:
    """Walk data as a tree (aliases expanded) and stop once `budget` nodes are seen."""
    seen = 0
    stack = [data]
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return seen
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return seen


_ID_LINE = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?([a-z0-9][a-z0-9_-]*)", re.MULTILINE)
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]+")


class _Reader:
    """Reads a module folder's YAML files, collecting problems instead of raising."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self._root_real = os.path.realpath(root)
        self.unparsed_ids: set[str] = set()
        """Ids that appear in files with YAML syntax errors (found by a plain text search),
        so references to them are not also reported as dangling."""

    def problem(self, file: Path, line: int, column: int, message: str, where: str = "") -> None:
        self.problems.append(Problem(file, line, column, where, message))

    def files(self) -> list[_File]:
        found: list[_File] = []
        root_text = os.fspath(self.root)
        for relative_text, linked in sorted(self._yaml_paths()):
            relative = Path(relative_text)
            shown = self.root / relative
            full = os.path.join(root_text, relative_text)
            if linked and not self._inside(full):
                self.problem(shown, 1, 1, "refused: the file links outside the module folder")
                continue
            try:
                size = os.stat(full).st_size
                if size > MAX_FILE_BYTES:
                    self.problem(
                        shown,
                        1,
                        1,
                        f"refused: {size:,} bytes is over the 5 MB limit for a module file",
                    )
                    continue
                with open(full, encoding="utf-8") as handle:
                    text = handle.read()
            except UnicodeDecodeError as error:
                self.problem(shown, 1, 1, f"not UTF-8 text ({error.reason} at byte {error.start})")
                continue
            except OSError as error:
                self.problem(shown, 1, 1, f"cannot read: {error.strerror}")
                continue
            file = _File(shown, relative, text)
            if self._parse(file):
                found.append(file)
        return found

    def _inside(self, path: str) -> bool:
        resolved = os.path.realpath(path)
        return resolved == self._root_real or resolved.startswith(self._root_real + os.sep)

    def _yaml_paths(self) -> Iterator[tuple[str, bool]]:
        """(path relative to the root, whether it is a symlink) of every YAML file.

        Only paths that pass through a symlink need resolving (which is slow).
        """
        self._root_real = os.path.realpath(self.root)
        stack: list[tuple[str, str]] = [(os.fspath(self.root), "")]
        while stack:
            folder, relative = stack.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    entry_relative = f"{relative}{entry.name}"
                    entry_linked = entry.is_symlink()
                    if entry.is_dir():
                        if not relative and entry.name in SKIPPED_FOLDERS:
                            continue
                        if entry_linked:
                            # Inside the module, a linked folder only shows files
                            # already walked from their real place: skip it.
                            if not self._inside(entry.path):
                                self.problem(
                                    self.root / entry_relative,
                                    1,
                                    1,
                                    "refused: the folder links outside the module folder",
                                )
                            continue
                        stack.append((entry.path, entry_relative + "/"))
                    elif entry.name.endswith((".yaml", ".yml")):
                        yield entry_relative, entry_linked

    def _parse(self, file: _File) -> bool:
        try:
            loaded = list(yaml.load_all(file.text, Loader=YamlLoader))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            what = error.problem or "invalid YAML"
            if "could not determine a constructor" in str(what) or "!!python" in str(error):
                what = f"{what} (tags that build Python objects are refused)"
            context = f" {error.context}" if error.context else ""
            self.problem(file.path, line, column, f"YAML syntax: {what}{context}")
            self.unparsed_ids.update(_ID_LINE.findall(file.text))
            return False
        except yaml.YAMLError as error:
            self.problem(file.path, 1, 1, f"YAML syntax: {error}")
            self.unparsed_ids.update(_ID_LINE.findall(file.text))
            return False
        except RecursionError:
            self.problem(file.path, 1, 1, "refused: the YAML nests too deeply")
            return False
        if "*" in file.text and _ANCHOR.search(file.text):
            # Aliases are shared references after loading; expanded, a few
            # lines can stand for billions of nodes. Refuse before validating.
            budget = max(100_000, len(file.text) // 2)
            if _count_nodes(loaded, budget) > budget:
                self.problem(
                    file.path, 1, 1, "refused: YAML aliases expand to too many nodes (alias bomb?)"
                )
                return False
        for index, data in enumerate(loaded):
            if data is None:
                continue
            file.documents.append(_Document(file, index, data))
        return True


# --- locating a field path in a file -----------------------------------------


def _node_at(node: yaml.Node, loc: Loc, *, key: bool = False) -> tuple[yaml.Node, int]:
    """The deepest node along loc, and how many loc parts were matched."""
    matched = 0
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == part:
                    node = key_node if (key and last) else value_node
                    break
            else:
                return node, matched
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node, matched
            node = node.value[part]
        else:
            return node, matched
        matched += 1
    return node, matched


def _format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


# --- walking model types along an error's loc --------------------------------


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin is typing.Union or origin is types.UnionType


@dataclass(frozen=True, slots=True)
class _CleanLoc:
    """An error's loc with pydantic's union-member tags taken out."""

    loc: Loc
    owner: type[BaseModel] | None
    """The model owning the last field (for did-you-mean on unknown fields)."""
    member: str | None = None
    """The union member the error came from, if loc went through a union."""
    union_at: int = 0
    """How many parts of loc lead to the value the union applies to."""


def _clean_loc(model: type[BaseModel], loc: Loc) -> _CleanLoc:
    clean: list[str | int] = []
    annotation: Any = model
    owner: type[BaseModel] | None = model
    member: str | None = None
    union_at = 0
    parts = list(loc)
    while parts:
        annotation = _unwrap(annotation)
        if _is_union(annotation):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) == 1:
                annotation = options[0]
                continue
            tag = str(parts.pop(0))
            member, union_at = tag, len(clean)
            annotation = next(
                (option for option in options if getattr(_unwrap(option), "__name__", None) == tag),
                Any,
            )
            continue
        part = parts.pop(0)
        clean.append(part)
        origin = typing.get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            owner = annotation
            found = annotation.model_fields.get(str(part))
            annotation = found.annotation if found else Any
        elif origin in (tuple, list) and isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else Any
        elif origin is dict:
            args = typing.get_args(annotation)
            annotation = args[1] if len(args) == 2 else Any
        else:
            annotation = Any
    return _CleanLoc(tuple(clean), owner, member, union_at)


def _member_fits(member: str, value: Any) -> bool:
    """Whether a union member is the one meant for a value of this shape."""
    if member[:1].isupper():
        return isinstance(value, dict)
    if member == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if member == "str" or member.startswith("function-"):
        return isinstance(value, str)
    return True


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# --- the loader ----------------------------------------------------------------


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.reader = _Reader(root)
        self.problems = self.reader.problems
        self.invalid_ids: set[str] = set()
        """Ids of documents that failed validation: references to them are not reported
        again as dangling, the document's own problems say what is wrong."""

    # where problems are reported

    def at(self, document: _Document, loc: Loc, message: str, *, key: bool = False) -> None:
        file = document.file
        try:
            root_node = file.nodes()[document.index]
            node, _ = _node_at(root_node, loc, key=key)
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        except (IndexError, yaml.YAMLError):
            line, column = 1, 1
        self.problems.append(Problem(file.path, line, column, _format_loc(loc), message))

    # stage 1: files and kinds

    def load(self) -> Module:
        if not self.root.is_dir():
            raise ModuleError([Problem(self.root, 1, 1, "", "no such module folder")])
        if not (self.root / MODULE_FILE).is_file():
            self.problems.append(
                Problem(self.root / MODULE_FILE, 1, 1, "", "missing: a module needs a module.yaml")
            )
        documents: list[_Document] = []
        files = self.reader.files()
        self.invalid_ids |= self.reader.unparsed_ids
        for file in files:
            for document in file.documents:
                if self._classify(document):
                    documents.append(document)
        for document in documents:
            self._validate(document)
        valid = [document for document in documents if document.model is not None]
        module = self._assemble(valid)
        if self.problems:
            raise ModuleError(self.problems)
        assert module is not None
        return module

    def _classify(self, document: _Document) -> bool:
        data = document.data
        if not isinstance(data, dict):
            self.at(document, (), f"a document must be a mapping of fields, got {_describe(data)}")
            return False
        kind = data.get("kind")
        if kind is None:
            kind = self._folder_kind(document.file.relative)
            if kind is None:
                self.at(
                    document,
                    (),
                    "missing 'kind': say what this document is "
                    f"({', '.join(DOCUMENT_MODELS)}), or put it in a folder named after its kind",
                )
                return False
        if kind not in DOCUMENT_MODELS:
            self.at(
                document,
                ("kind",),
                f"unknown kind '{kind}'{did_you_mean(str(kind), DOCUMENT_MODELS)}; "
                f"expected one of: {', '.join(DOCUMENT_MODELS)}",
            )
            return False
        document.kind = kind
        return True

    @staticmethod
    def _folder_kind(relative: Path) -> str | None:
        if relative.parent == Path(".") and relative.name == MODULE_FILE:
            return "module"
        for folder in reversed(relative.parent.parts):
            if folder in FOLDER_KINDS:
                return FOLDER_KINDS[folder]
        return None

    # stage 2: each document against its model

    def _validate(self, document: _Document) -> None:
        model = DOCUMENT_MODELS[document.kind]
        try:
            document.model = model.model_validate(document.data)
        except ValidationError as error:
            self._report(document, model, error)
            if isinstance(document.data.get("id"), str):
                self.invalid_ids.add(document.data["id"])

    def _report(self, document: _Document, model: type[BaseModel], error: ValidationError) -> None:
        items = [
            (item, _clean_loc(model, tuple(item["loc"])))
            for item in error.errors(include_url=False)
        ]
        # A value that fits no member of a union fails once per member; keep
        # the errors of the member meant for the value's shape (a mapping for
        # a model, a string for text), or of the first member if none is.
        keep_member: dict[Loc, str] = {}
        for _, where in items:
            if where.member is None:
                continue
            union_loc = where.loc[: where.union_at]
            value = _value_at(document.data, union_loc)
            if union_loc not in keep_member or (
                not _member_fits(keep_member[union_loc], value)
                and _member_fits(where.member, value)
            ):
                keep_member[union_loc] = where.member
        reported: set[tuple[Loc, str]] = set()
        failing_locs = {where.loc for item, where in items if item["type"] != "too_short"}
        for item, where in items:
            if (
                where.member is not None
                and keep_member[where.loc[: where.union_at]] != where.member
            ):
                continue
            if item["type"] == "too_short" and any(
                other[: len(where.loc)] == where.loc and other != where.loc
                for other in failing_locs
            ):
                continue  # the list's items failed; their own errors say why
            loc, owner = where.loc, where.owner
            kind = item["type"]
            key = False
            if kind == "missing":
                message = "required field is missing"
            elif kind == "extra_forbidden":
                name = str(loc[-1])
                known = list(owner.model_fields) if owner else []
                hint = did_you_mean(name, known)
                message = f"unknown field '{name}'" + (
                    hint if hint else f"; expected one of: {', '.join(known)}"
                )
                if " " in name:
                    message += " (a comma inside {...} splits the text: put it in quotes)"
                key = True
            elif kind == "dice_expression":
                context = item.get("ctx") or {}
                message = str(context.get("message", item["msg"]))
                self._at_column(document, loc, message, int(context.get("column", 0)))
                continue
            elif kind in ("value_error", "assertion_error"):
                message = (
                    item["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
                )
            else:
                message = (
                    f"{item['msg'][0].lower()}{item['msg'][1:]}, got {_describe(item['input'])}"
                )
            if (loc, message) in reported:
                continue
            reported.add((loc, message))
            self.at(document, loc, message, key=key)

    def _at_column(self, document: _Document, loc: Loc, message: str, column: int) -> None:
        """Report a dice error at the offending character inside the YAML scalar."""
        file = document.file
        try:
            node, _ = _node_at(file.nodes()[document.index], loc)
        except (IndexError, yaml.YAMLError):
            self.problems.append(Problem(file.path, 1, 1, _format_loc(loc), message))
            return
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        style = getattr(node, "style", None)
        if isinstance(node, yaml.ScalarNode) and style in (None, "'", '"') and column > 0:
            same_line = node.start_mark.line == node.end_mark.line
            if same_line:
                col += column - 1 + (1 if style else 0)
        self.problems.append(Problem(file.path, line, col, _format_loc(loc), message))

    # stage 3: the whole module

    def _assemble(self, documents: list[_Document]) -> Module | None:
        by_kind: dict[str, dict[str, _Document]] = {kind: {} for kind in DOCUMENT_MODELS}
        for document in documents:
            assert document.model is not None
            identifier = str(getattr(document.model, "id", ""))
            seen = by_kind[document.kind]
            if identifier in seen:
                first = seen[identifier]
                self.at(
                    document,
                    ("id",),
                    f"duplicate {document.kind} id '{identifier}' "
                    f"(first defined at {first.file.path}:{first.file.document_line(first.index)})",
                )
                continue
            seen[identifier] = document
        infos = list(by_kind["module"].values())
        if len(infos) > 1:
            for extra in infos[1:]:
                self.at(extra, ("id",), "a module has exactly one module document")
        if not infos:
            return None
        info_document = infos[0]
        info = typing.cast(ModuleInfo, info_document.model)
        rulesets = by_kind["ruleset"]
        if info.ruleset not in rulesets:
            if info.ruleset in self.invalid_ids:
                return None
            self.at(
                info_document,
                ("ruleset",),
                f"no ruleset with id '{info.ruleset}'{did_you_mean(info.ruleset, rulesets)}"
                + ("" if rulesets else "; add a document with kind: ruleset"),
            )
            return None
        acts_sorted = sorted(
            by_kind["act"].values(), key=lambda doc: typing.cast(Act, doc.model).number
        )
        by_kind["act"] = {typing.cast(Act, doc.model).id: doc for doc in acts_sorted}

        def models(kind: str) -> dict[str, Any]:
            return {key: doc.model for key, doc in by_kind[kind].items()}

        sources = {
            (kind, key): SourceRef(doc.file.relative, doc.file.document_line(doc.index), doc.index)
            for kind, docs in by_kind.items()
            for key, doc in docs.items()
        }
        module = Module(
            root=self.root,
            info=info,
            ruleset=typing.cast(Ruleset, rulesets[info.ruleset].model),
            acts=models("act"),
            scenes=models("scene"),
            npcs=models("npc"),
            pcs=models("pc"),
            tables=models("table"),
            handouts=models("handout"),
            clocks=models("clock"),
            revelations=models("revelation"),
            sources=sources,
        )
        if not module.acts:
            self.at(
                info_document, (), "the module has no acts; add at least one kind: act document"
            )
        _CrossReferences(self, module, by_kind).check()
        return module


class _CrossReferences:
    """Checks that ids resolve, ranges cover dice, and names exist in the ruleset."""

    def __init__(
        self, loader: _Loader, module: Module, by_kind: Mapping[str, Mapping[str, _Document]]
    ) -> None:
        self.loader = loader
        self.module = module
        self.by_kind = by_kind
        ruleset = module.ruleset
        self.attributes = {attribute.id for attribute in ruleset.attributes}
        self.skills = {skill.id for skill in ruleset.skills}
        self.difficulties = {difficulty.id for difficulty in ruleset.difficulties}
        self.outcomes: dict[str, tuple[int, set[str]]] = {}

    def doc(self, kind: str, key: str) -> _Document:
        return self.by_kind[kind][key]

    def ref(
        self,
        document: _Document,
        loc: Loc,
        value: str | None,
        known: Mapping[str, Any] | set[str],
        what: str,
    ) -> None:
        if value is None or value in known or value in self.loader.invalid_ids:
            return
        self.loader.at(document, loc, f"no {what} with id '{value}'{did_you_mean(value, known)}")

    def check(self) -> None:
        self.check_ruleset()
        self.check_outcomes()
        for key, act in self.module.acts.items():
            self.check_act(self.doc("act", key), act)
        self.check_scene_membership()
        clue_ids: dict[str, str] = {}
        for key, scene in self.module.scenes.items():
            self.check_scene(self.doc("scene", key), scene, clue_ids)
        for key, npc in self.module.npcs.items():
            self.check_statblock(self.doc("npc", key), npc)
        for key, pc in self.module.pcs.items():
            self.check_statblock(self.doc("pc", key), pc)
            self.ref(self.doc("pc", key), ("handout",), pc.handout, self.module.handouts, "handout")
        for key, table in self.module.tables.items():
            self.check_table(self.doc("table", key), table)
        for key, handout in self.module.handouts.items():
            self.check_handout(self.doc("handout", key), handout, clue_ids)
        for key, clock in self.module.clocks.items():
            self.check_clock(self.doc("clock", key), clock)
        for key, revelation in self.module.revelations.items():
            self.check_revelation(self.doc("revelation", key), revelation)
        if self.module.info.start is not None:
            info_doc = next(iter(self.by_kind["module"].values()))
            self.ref(info_doc, ("start",), self.module.info.start, self.module.scenes, "scene")

    # ruleset

    def check_ruleset(self) -> None:
        ruleset = self.module.ruleset
        document = self.doc("ruleset", ruleset.id)
        for index, skill in enumerate(ruleset.skills):
            self.ref(
                document,
                ("skills", index, "attribute"),
                skill.attribute,
                self.attributes,
                "attribute",
            )
        self.ref(
            document,
            ("check", "default_difficulty"),
            ruleset.check.default_difficulty,
            self.difficulties,
            "difficulty",
        )
        self.ref(
            document,
            ("initiative", "tie_breaker"),
            ruleset.initiative.tie_breaker,
            self.attributes,
            "attribute",
        )
        self.template(document, ("check", "roll"), ruleset.check.roll)
        self.template(document, ("initiative", "roll"), ruleset.initiative.roll)
        for index, condition in enumerate(ruleset.conditions):
            if condition.save is not None:
                self.template(document, ("conditions", index, "save"), condition.save)

    def template(self, document: _Document, loc: Loc, template: str) -> None:
        allowed = self.attributes | self.skills | {"attribute", "skill"}
        for name in template_placeholders(template):
            if name not in allowed:
                self.loader.at(
                    document,
                    loc,
                    f"unknown placeholder '{{{name}}}'{did_you_mean(name, allowed)}; "
                    "expected an attribute or skill id, {attribute} or {skill}",
                )

    # acts and scenes

    def check_outcomes(self) -> None:
        for key, act in self.module.acts.items():
            document = self.doc("act", key)
            for index, outcome in enumerate(act.outcomes):
                options = {option.id for option in outcome.options}
                if outcome.id in self.outcomes:
                    self.loader.at(
                        document, ("outcomes", index, "id"), f"duplicate outcome id '{outcome.id}'"
                    )
                    continue
                self.outcomes[outcome.id] = (act.number, options)
                if outcome.default is not None and outcome.default not in options:
                    self.loader.at(
                        document,
                        ("outcomes", index, "default"),
                        f"'{outcome.default}' is not one of this outcome's options "
                        f"({', '.join(sorted(options))})",
                    )

    def check_act(self, document: _Document, act: Act) -> None:
        numbers = [other.number for other in self.module.acts.values()]
        if numbers.count(act.number) > 1:
            self.loader.at(document, ("number",), f"another act also has number {act.number}")
        for index, scene in enumerate(act.scenes):
            self.ref(document, ("scenes", index), scene, self.module.scenes, "scene")
        for index, clock in enumerate(act.clocks):
            self.ref(document, ("clocks", index), clock, self.module.clocks, "clock")
        for index, path in enumerate(act.alternatives):
            for later, affected in enumerate(path.affects):
                self.ref(
                    document,
                    ("alternatives", index, "affects", later),
                    affected,
                    self.module.acts,
                    "act",
                )
        for index, thread in enumerate(act.threads):
            found = self.outcomes.get(thread.outcome)
            if found is None:
                self.loader.at(
                    document,
                    ("threads", index, "outcome"),
                    f"no outcome with id '{thread.outcome}'"
                    f"{did_you_mean(thread.outcome, self.outcomes)}",
                )
                continue
            number, options = found
            if number >= act.number:
                self.loader.at(
                    document,
                    ("threads", index, "outcome"),
                    f"outcome '{thread.outcome}' is settled in act {number}, "
                    f"not before act {act.number}",
                )
            for effect_index, effect in enumerate(thread.effects):
                if effect.option not in options:
                    self.loader.at(
                        document,
                        ("threads", index, "effects", effect_index, "option"),
                        f"'{effect.option}' is not an option of outcome '{thread.outcome}'"
                        f"{did_you_mean(effect.option, options)}; expected one of: "
                        f"{', '.join(sorted(options))}",
                    )

    def check_scene_membership(self) -> None:
        owner: dict[str, str] = {}
        for act_id, act in self.module.acts.items():
            for index, scene in enumerate(act.scenes):
                if scene in owner and scene in self.module.scenes:
                    self.loader.at(
                        self.doc("act", act_id),
                        ("scenes", index),
                        f"scene '{scene}' is already in act '{owner[scene]}'",
                    )
                owner.setdefault(scene, act_id)
        for key in self.module.scenes:
            if key not in owner:
                self.loader.at(
                    self.doc("scene", key),
                    ("id",),
                    f"scene '{key}' is in no act; list it in an act's scenes",
                )

    def check_scene(self, document: _Document, scene: Scene, clue_ids: dict[str, str]) -> None:
        module = self.module
        for index, clue in enumerate(scene.clues):
            self.check_clue(document, ("clues", index), clue, clue_ids)
        for index, bring in enumerate(scene.npcs):
            self.ref(document, ("npcs", index, "npc"), bring.npc, module.npcs, "NPC")
        for index, table in enumerate(scene.tables):
            self.ref(document, ("tables", index), table, module.tables, "table")
        for index, handout in enumerate(scene.handouts):
            self.ref(document, ("handouts", index), handout, module.handouts, "handout")
        for index, clock in enumerate(scene.clocks):
            self.ref(document, ("clocks", index), clock, module.clocks, "clock")
        for index, check in enumerate(scene.checks):
            self.check_check(document, ("checks", index), check)
        if scene.set_piece is not None:
            piece = scene.set_piece
            self.ref(document, ("set_piece", "clock"), piece.clock, module.clocks, "clock")
            self.ref(document, ("set_piece", "table"), piece.table, module.tables, "table")
            for stage_index, stage in enumerate(piece.stages):
                for check_index, check in enumerate(stage.checks):
                    self.check_check(
                        document, ("set_piece", "stages", stage_index, "checks", check_index), check
                    )
        for index, exit_ in enumerate(scene.exits):
            self.ref(document, ("exits", index, "to"), exit_.to, module.scenes, "scene")

    def check_clue(
        self, document: _Document, loc: Loc, clue: Clue, clue_ids: dict[str, str]
    ) -> None:
        if clue.id in clue_ids:
            self.loader.at(
                document,
                (*loc, "id"),
                f"duplicate clue id '{clue.id}' (also in {clue_ids[clue.id]})",
            )
        else:
            clue_ids[clue.id] = f"{document.kind} '{getattr(document.model, 'id', '?')}'"
        source = clue.source
        given = [name for name in ("npc", "handout", "place") if getattr(source, name)]
        if len(given) != 1:
            self.loader.at(
                document,
                (*loc, "source"),
                "a clue's source names exactly one of npc, handout or place"
                + (f"; got {', '.join(given)}" if given else ""),
            )
        self.ref(document, (*loc, "source", "npc"), source.npc, self.module.npcs, "NPC")
        self.ref(
            document, (*loc, "source", "handout"), source.handout, self.module.handouts, "handout"
        )
        self.ref(
            document, (*loc, "revelation"), clue.revelation, self.module.revelations, "revelation"
        )

    def check_check(self, document: _Document, loc: Loc, check: Check) -> None:
        if check.skill is None and check.attribute is None:
            self.loader.at(document, loc, "a check names a skill, an attribute, or both")
        if check.skill is not None and check.skill not in self.skills:
            self.loader.at(
                document,
                (*loc, "skill"),
                f"unknown skill '{check.skill}'{did_you_mean(check.skill, self.skills)}; "
                f"the ruleset's skills are: {', '.join(sorted(self.skills))}",
            )
        if check.attribute is not None and check.attribute not in self.attributes:
            self.loader.at(
                document,
                (*loc, "attribute"),
                f"unknown attribute '{check.attribute}'"
                f"{did_you_mean(check.attribute, self.attributes)}; "
                f"the ruleset's attributes are: {', '.join(sorted(self.attributes))}",
            )
        if isinstance(check.difficulty, str) and check.difficulty not in self.difficulties:
            self.loader.at(
                document,
                (*loc, "difficulty"),
                f"unknown difficulty '{check.difficulty}'"
                f"{did_you_mean(check.difficulty, self.difficulties)}; "
                f"expected a number or one of: {', '.join(self.difficulties)}",
            )
        for index, tick in enumerate(check.ticks):
            self.ref(
                document, (*loc, "ticks", index, "clock"), tick.clock, self.module.clocks, "clock"
            )

    # characters

    def check_statblock(self, document: _Document, block: StatBlock) -> None:
        for name in block.attributes:
            if name not in self.attributes:
                self.loader.at(
                    document,
                    ("attributes", name),
                    f"unknown attribute '{name}'{did_you_mean(name, self.attributes)}; "
                    f"the ruleset's attributes are: {', '.join(sorted(self.attributes))}",
                    key=True,
                )
        for name in block.skills:
            if name not in self.skills:
                self.loader.at(
                    document,
                    ("skills", name),
                    f"unknown skill '{name}'{did_you_mean(name, self.skills)}; "
                    f"the ruleset's skills are: {', '.join(sorted(self.skills))}",
                    key=True,
                )
        if block.initiative is not None:
            self.template(document, ("initiative",), block.initiative)

    # tables

    def check_table(self, document: _Document, table: RandomTable) -> None:
        module = self.module
        for index, entry in enumerate(table.entries):
            for bring_index, bring in enumerate(entry.npcs):
                self.ref(
                    document,
                    ("entries", index, "npcs", bring_index, "npc"),
                    bring.npc,
                    module.npcs,
                    "NPC",
                )
            self.ref(document, ("entries", index, "table"), entry.table, module.tables, "table")
            if entry.table == table.id:
                self.loader.at(
                    document, ("entries", index, "table"), "a table cannot roll on itself"
                )
            self.check_inline(document, ("entries", index, "result"), entry.result)
        if not table.weighted:
            self.check_coverage(document, table)

    def check_inline(self, document: _Document, loc: Loc, text: str) -> None:
        for reference in INLINE_REFERENCE.finditer(text):
            body = reference.group(1).strip()
            kind, _, target = body.partition(":")
            if target and kind in ("table", "npc"):
                known = self.module.tables if kind == "table" else self.module.npcs
                what = "table" if kind == "table" else "NPC"
                self.ref(document, loc, target.strip(), known, what)
            else:
                try:
                    compile_dice(body)
                except DiceError as error:
                    self.loader.at(document, loc, f"inline roll [[{body}]]: {error}")

    def check_coverage(self, document: _Document, table: RandomTable) -> None:
        expression = compile_dice(table.die)
        support = expression.support()
        if support is None:
            return
        covered: dict[int, int] = {}
        for index, entry in enumerate(table.entries):
            bounds = entry.bounds
            assert bounds is not None
            low, high = bounds
            overlaps: list[tuple[int, int]] = []
            for value in support:
                if low <= value <= high:
                    if value in covered:
                        overlaps.append((value, covered[value]))
                    else:
                        covered[value] = index
            if overlaps:
                values = format_ranges([value for value, _ in overlaps])
                others = sorted({other + 1 for _, other in overlaps})
                self.loader.at(
                    document,
                    ("entries", index, "range"),
                    f"overlap: {table.die} result{'s' if len(overlaps) > 1 else ''} {values} "
                    f"{'are' if len(overlaps) > 1 else 'is'} also covered by "
                    f"entr{'ies' if len(others) > 1 else 'y'} {', '.join(map(str, others))}",
                )
        missing = [value for value in support if value not in covered]
        if missing:
            self.loader.at(
                document,
                ("entries",),
                f"gap: {table.die} can roll {format_ranges(missing)}, which no entry covers",
            )

    # handouts, clocks, revelations

    def check_handout(
        self, document: _Document, handout: Handout, clue_ids: dict[str, str]
    ) -> None:
        self.ref(document, ("npc",), handout.npc, self.module.npcs, "NPC")
        self.ref(document, ("pc",), handout.pc, self.module.pcs, "PC")
        for index, clue in enumerate(handout.clues):
            self.check_clue(document, ("clues", index), clue, clue_ids)
        if handout.clue is not None and self.module.clue(handout.clue) is None:
            self.loader.at(document, ("clue",), f"no clue with id '{handout.clue}'")

    def check_clock(self, document: _Document, clock: Clock) -> None:
        if clock.start > clock.segments:
            self.loader.at(
                document,
                ("start",),
                f"start {clock.start} is more than the clock's {clock.segments} segments",
            )

    def check_revelation(self, document: _Document, revelation: Revelation) -> None:
        self.ref(document, ("act",), revelation.act, self.module.acts, "act")


# --- public API ------------------------------------------------------------------


def load_module(path: Path | str) -> Module:
    """Load and cross-check a module folder; raise ModuleError listing every problem."""
    return _Loader(Path(path)).load()


def module_search_dirs() -> list[Path]:
    """Where module ids are looked up, in order."""
    return [Path.cwd() / "modules", paths.user_modules_dir(), paths.bundled_modules_dir()]


def _module_id(folder: Path) -> str | None:
    """The id in a folder's module.yaml, read cheaply; None if it has none."""
    try:
        data = yaml.load((folder / MODULE_FILE).read_text(encoding="utf-8"), Loader=YamlLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return str(data["id"])
    return None


def discover_modules() -> list[Path]:
    """Every module folder in the search directories (first of each id wins)."""
    found: dict[str, Path] = {}
    for directory in module_search_dirs():
        if not directory.is_dir():
            continue
        for folder in sorted(directory.iterdir()):
            if (folder / MODULE_FILE).is_file():
                identifier = _module_id(folder) or folder.name
                found.setdefault(identifier, folder)
    return list(found.values())


def find_module(name: str | Path) -> Path:
    """A MODULE argument: a folder path if it exists, else a module id to look up."""
    candidate = Path(name)
    if candidate.is_dir():
        return candidate
    text = str(name)
    known: list[str] = []
    for directory in module_search_dirs():
        if not directory.is_dir():
            continue
        for folder in sorted(directory.iterdir()):
            if not (folder / MODULE_FILE).is_file():
                continue
            identifier = _module_id(folder) or folder.name
            known.append(identifier)
            if text in (identifier, folder.name):
                return folder
    hint = did_you_mean(text, known)
    places = ", ".join(str(directory) for directory in module_search_dirs())
    raise CampaignError(
        f"no module '{text}'{hint}: not a folder, and no module with that id in {places}"
    )
