"""Live reload: watch a module's YAML files while the GM screen is open.

A plain daemon thread stats the module's `*.yaml`/`*.yml` files twice a second
(no new dependency, and editors' save dances settle into one change); when the
set of files, a size or a modification time changes, it calls back. The GM
screen then reloads the module in a thread worker: a clean load is swapped in
where the GM stands, a broken one shows `ReloadProblems` while the last good
module stays in use.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

if TYPE_CHECKING:
    from campaign.errors import CampaignError
    from campaign.model import Module

WATCH_SECONDS = 0.5
SUFFIXES = (".yaml", ".yml")

Snapshot = dict[str, tuple[int, int]]
"""Relative path -> (modification time in ns, size)."""


def snapshot(root: Path) -> Snapshot:
    """The module's YAML files and their stats (hidden folders skipped)."""
    found: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            if name.endswith(SUFFIXES) and not name.startswith("."):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # deleted between listing and stat: the next look sees it
                    continue
                found[os.path.relpath(path, root)] = (stat.st_mtime_ns, stat.st_size)
    return found


class ModuleWatcher:
    """Calls `on_change` (from its own thread) whenever the module's files change."""

    def __init__(
        self, root: Path, on_change: Callable[[], None], interval: float = WATCH_SECONDS
    ) -> None:
        self.root = root
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: Snapshot = {}

    def start(self) -> None:
        self._last = snapshot(self.root)
        self._thread = threading.Thread(
            target=self._run, name=f"campaign-watch-{self.root.name}", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                current = snapshot(self.root)
            except OSError:  # the folder went away for a moment (a git checkout)
                continue
            if current != self._last:
                self._last = current
                self.on_change()

    def stop(self) -> None:
        self._stop.set()


def problems_of(error: CampaignError, root: Path | None = None) -> list[tuple[str, str]]:
    """(where 'path:line:col', what) pairs of a load error, as the error panel shows them;
    paths inside `root` are given relative to it."""
    from campaign.errors import ModuleError

    def where(path: object) -> str:
        if root is not None:
            try:
                return str(Path(str(path)).relative_to(root))
            except ValueError:
                pass
        return str(path)

    if isinstance(error, ModuleError):
        return [
            (
                f"{where(problem.path)}:{problem.line}:{problem.column}",
                f"{problem.field}: {problem.message}" if problem.field else problem.message,
            )
            for problem in error.problems
        ]
    return [("", line) for line in error.lines()]


class FilesChanged(Message):
    """The watched module's files changed on disk."""


class ModuleReloaded(Message):
    """The changed module loaded cleanly."""

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module


class ReloadFailed(Message):
    """The changed module has problems; the last good one stays in use."""

    def __init__(self, title: str, problems: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title = title
        self.problems = problems


class ReloadProblems(VerticalScroll):
    """A docked panel listing the problems of the module on disk (not modal)."""

    HELP_ONLY_WHEN_SHOWN = True
    """The help lists its keys only while it shows: with no problems there is nothing
    to act on (see `screens/help.py`)."""

    DEFAULT_CSS = """
    ReloadProblems {
        dock: top;
        height: auto;
        max-height: 10;
        display: none;
        border: round $error;
        border-title-color: $error;
        border-title-style: bold;
        background: $error 10%;
        padding: 0 1;
    }
    ReloadProblems.-shown {
        display: block;
    }
    ReloadProblems #reload-problems-list {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.problems: list[tuple[str, str]] = []
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield Static("", id="reload-problems-list")

    def show_problems(self, title: str, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        self.border_title = f"{title}: the last good version stays in use until it is fixed"
        lines = [
            Content.assemble((where, "bold"), "  ", what) if where else Content(what)
            for where, what in problems
        ]
        self.query_one("#reload-problems-list", Static).update(Content("\n").join(lines))
        self.add_class("-shown")

    def clear_problems(self) -> None:
        self.problems = []
        self.remove_class("-shown")
