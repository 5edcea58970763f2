"""Reading a module folder's YAML safely: which files, how big, how deep, into documents.

Every refusal is a problem, not an exception: files that link outside the
module folder, files over `MAX_FILE_BYTES`, files past the module's total or
count (`limits`, checked before a file is parsed), text that is not UTF-8, YAML syntax
errors, tags that would build Python objects (the safe loader has no
constructors for them), nesting deep enough to exhaust the stack, and aliases
that expand to far more nodes than the text could honestly hold.

A `SourceFile` also answers where things are in it: the line each document
starts on (from the text, no parsing) and, on demand, the YAML nodes with
line:column marks that problems are located with.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from campaign.errors import Problem
from campaign.loader.discovery import SKIPPED_FOLDERS
from campaign.loader.limits import (
    MAX_FILE_BYTES,
    MAX_MODULE_BYTES,
    MAX_MODULE_FILES,
    Refused,
    largest_past_total,
    over_file_limit,
    past_total,
    read_text,
    too_many_files,
)
from campaign.loader.node_paths import Loc, format_loc, paths_to
from campaign.loader.yaml_loader import TOO_DEEP, Refusal, YamlLoader, may_share_nodes
from campaign.loader.yaml_messages import alias_bomb_at, syntax_message

if TYPE_CHECKING:
    from campaign.model.base import Model

MAX_REFUSALS_LISTED = 100
"""Refused values listed per file: a file of 200,000 of them gets 100 lines and a count."""


@dataclass
class Document:
    """One YAML document of a file, before and after validation."""

    file: SourceFile
    index: int
    data: Any
    kind: str = ""
    model: Model | None = None


@dataclass
class SourceFile:
    """One YAML file of the module: its text, its documents and (composed lazily) its nodes."""

    path: Path
    relative: Path
    text: str
    documents: list[Document] = field(default_factory=list)
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


class Reader:
    """Reads a module folder's YAML files, collecting problems instead of raising."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.problems = problems
        self._root_real = os.path.realpath(root)
        self.unreadable = False
        """Some file could not be read into documents (a syntax error, an alias bomb): what
        is missing from the module may be missing because of it."""
        self.unparsed_ids: set[str] = set()
        """Ids that appear in files with YAML syntax errors (found by a plain text search),
        so references to them are not also reported as dangling."""

    def problem(self, file: Path, line: int, column: int, message: str, where: str = "") -> None:
        self.problems.append(Problem(file, line, column, where, message))

    def files(self) -> list[SourceFile]:
        """Every readable, parseable YAML file of the module, in path order.

        The module's limits (`limits`) hold before anything is parsed: with too
        many files none is read; a file over its own limit is not read; where
        the files come to more than the module's total, the largest are not
        read, so the rest (module.yaml among them) are still checked.
        """
        walked = list(islice(self._yaml_paths(), MAX_MODULE_FILES + 1))
        if len(walked) > MAX_MODULE_FILES:
            self.problem(self.root, 1, 1, too_many_files(len(walked)))
            return []
        root_text = os.fspath(self.root)
        sizes: dict[str, int] = {}
        for relative_text, linked in sorted(walked):
            full = os.path.join(root_text, relative_text)
            if linked and not self._inside(full):
                self.problem(
                    self.root / relative_text,
                    1,
                    1,
                    "refused: the file links outside the module folder",
                )
                continue
            sizes[relative_text] = _size(full)  # measured again when it is read
        total, unread = largest_past_total(sizes)
        left = MAX_MODULE_BYTES
        found: list[SourceFile] = []
        for relative_text, size in sizes.items():
            shown = self.root / relative_text
            if relative_text in unread or size > MAX_FILE_BYTES:
                refusal = over_file_limit(size) if size > MAX_FILE_BYTES else ""
                self.problem(shown, 1, 1, refusal or past_total(total, size))
                continue
            text = self._read(shown, os.path.join(root_text, relative_text), left)
            if text is None:
                continue
            left -= max(size, len(text))
            file = SourceFile(shown, Path(relative_text), text)
            if self._parse(file):
                found.append(file)
        return found

    def _read(self, shown: Path, full: str, left: int) -> str | None:
        """A file's text, or None (with a problem) if it is over a limit or unreadable.

        `left` is what remains of the module's total: a file that grew since it
        was measured cannot take the module past it.
        """
        limit = min(MAX_FILE_BYTES, left)
        try:
            if limit < MAX_FILE_BYTES:
                return read_text(full, limit, lambda size: past_total(MAX_MODULE_BYTES, size))
            return read_text(full)
        except Refused as refused:
            self.problem(shown, 1, 1, str(refused))
        except UnicodeDecodeError as error:
            self.problem(shown, 1, 1, f"not UTF-8 text ({error.reason} at byte {error.start})")
        except OSError as error:
            self.problem(shown, 1, 1, f"cannot read: {error.strerror}")
        return None

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

    def _parse(self, file: SourceFile) -> bool:
        try:
            loaded, refused = _load_all(file.text)
        except yaml.MarkedYAMLError as error:
            self._syntax_error(file, error)
            return False
        except yaml.reader.ReaderError as error:
            line, column = _line_column(file.text, error.position)
            what = f"a control character (code {error.character:#06x}) is not allowed in YAML"
            self.problem(file.path, line, column, f"YAML syntax: {what}")
            self.unparsed_ids.update(_ID_LINE.findall(file.text))
            return False
        except yaml.YAMLError as error:
            self.problem(file.path, 1, 1, f"YAML syntax: {error}")
            self.unparsed_ids.update(_ID_LINE.findall(file.text))
            return False
        except RecursionError:
            self.problem(file.path, 1, 1, TOO_DEEP)
            self.unparsed_ids.update(_ID_LINE.findall(file.text))
            return False
        if may_share_nodes(file.text):
            # Aliases are shared references after loading; expanded, a few
            # lines can stand for billions of nodes. Refuse before validating.
            budget = max(100_000, len(file.text) // 2)
            if _count_nodes(loaded, budget) > budget:
                found = alias_bomb_at(file.text, budget)
                line, column = (found.line, found.column) if found else (1, 1)
                message = found.message if found else "refused: YAML aliases expand too far"
                self.problem(file.path, line, column, message)
                # Its documents were never built: what names them is not dangling.
                self.unparsed_ids.update(_ID_LINE.findall(file.text))
                self.unreadable = True
                return False
        dropped = self._report_refusals(file, refused) if refused else set()
        for index, data in enumerate(loaded):
            if index in dropped:
                # Its values are placeholders now: not worth validating. References
                # to it are not dangling, its refusals say what is wrong.
                if isinstance(data, dict) and isinstance(data.get("id"), str):
                    self.unparsed_ids.add(data["id"])
                else:
                    self.unparsed_ids.update(_ID_LINE.findall(file.text))
                continue
            if data is None:
                continue
            file.documents.append(Document(file, index, data))
        return True

    def _syntax_error(self, file: SourceFile, error: yaml.MarkedYAMLError) -> None:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "invalid YAML"
        if "maximum nesting depth" in what:
            # libyaml's own limit (1,000 levels): the same refusal as ours, earlier.
            self.problem(file.path, line, column, TOO_DEEP)
            self.unparsed_ids.update(_ID_LINE.findall(file.text))
            return
        self.unreadable = True
        if "could not determine a constructor" in str(what) or "!!python" in str(error):
            what = f"{what} (tags that build Python objects are refused)"
            context = f" {error.context}" if error.context else ""
            self.problem(file.path, line, column, f"YAML syntax: {what}{context}")
        else:
            located = syntax_message(error, file.text)
            self.problem(file.path, located.line, located.column, located.message)
        self.unparsed_ids.update(_ID_LINE.findall(file.text))

    def _report_refusals(self, file: SourceFile, refused: dict[int, list[Refusal]]) -> set[int]:
        """Report a file's refused values (the first `MAX_REFUSALS_LISTED`, in file order);
        the indexes of the documents that are no longer whole."""
        every = sorted(
            (refusal for refusals in refused.values() for refusal in refusals),
            key=lambda refusal: refusal.node.start_mark.index,
        )
        listed = every[:MAX_REFUSALS_LISTED]
        targets = {refusal.node for refusal in listed if refusal.loc is None}
        locs: dict[yaml.Node, Loc] = {}
        for root in {refusal.root for refusal in listed if refusal.loc is None}:
            locs.update(paths_to(root, targets))
        for refusal in listed:
            mark = refusal.node.start_mark
            loc = refusal.loc if refusal.loc is not None else locs.get(refusal.node, ())
            self.problem(
                file.path, mark.line + 1, mark.column + 1, refusal.message, format_loc(loc)
            )
        if len(every) > len(listed):
            mark = every[len(listed)].node.start_mark
            self.problem(
                file.path,
                mark.line + 1,
                mark.column + 1,
                f"{len(every) - len(listed):,} more values of this file are refused "
                f"(only the first {MAX_REFUSALS_LISTED} are listed)",
            )
        return {
            index
            for index, refusals in refused.items()
            if not all(refusal.keeps_document for refusal in refusals)
        }


def _size(path: str) -> int:
    """A file's size for the module's total; 0 where it cannot be measured (reading says why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _load_all(text: str) -> tuple[list[Any], dict[int, list[Refusal]]]:
    """Every document of a text, and the values refused in each (by document index)."""
    loader = YamlLoader(text)
    loader.refusals = []
    loaded: list[Any] = []
    refused: dict[int, list[Refusal]] = {}
    try:
        while loader.check_data():
            loaded.append(loader.get_data())
            if loader.refusals:
                refused[len(loaded) - 1] = loader.refusals
                loader.refusals = []
    finally:
        loader.dispose()
    return loaded, refused


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
