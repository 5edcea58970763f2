"""The folder Typst compiles in: a temporary root with a copy of the module's assets only.

Typst reads files relative to its root, so the root is a fresh temporary
folder holding regular files copied from the module's `assets/` (links that
resolve outside it, hidden files and anything over `MAX_ASSET_BYTES` in all are
left out or refused), removed afterwards. The child that compiles reads it;
packages come from an empty folder of the child's own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from campaign.handouts.errors import HandoutError
from campaign.model import Module

MAX_ASSET_BYTES = 50 * 1024 * 1024
"""Most bytes of `assets/` copied for Typst."""


class TypstRoot:
    """A temporary Typst root holding a copy of the module's assets (nothing else)."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.folder = Path(tempfile.mkdtemp(prefix="campaign-typst-"))
        self.root = self.folder / "root"

    def __enter__(self) -> TypstRoot:
        self.root.mkdir()
        _copy_assets(self.module.root / "assets", self.root / "assets")
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _copy_assets(source: Path, target: Path) -> None:
    """Copy regular files of assets/ (links that resolve inside it too); nothing else."""
    if not source.is_dir() or source.is_symlink():
        return
    real = os.path.realpath(source)
    total = 0
    for folder, folders, files in os.walk(source):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            resolved = os.path.realpath(path)
            if not resolved.startswith(real + os.sep) or not os.path.isfile(resolved):
                continue
            total += os.path.getsize(resolved)
            if total > MAX_ASSET_BYTES:
                raise HandoutError(
                    f"refused: {source} holds over {MAX_ASSET_BYTES // 2**20} MB of assets"
                )
            destination = target / os.path.relpath(path, source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(resolved, destination)
