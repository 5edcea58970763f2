"""A cache of loaded modules, so the GM screen opens without re-validating.

Validating a module (YAML parse, pydantic, cross-references) is the largest
part of opening the GM screen. The result is a plain picklable `Module`, so
it is kept in the user's cache folder under a key made of the module's path,
the toolkit's version, the name, size and modification time of every file in
the module folder, and the same of the model's and loader's own source files:
any edit to either makes a new key, and a stale entry is never read (it is
removed when its folder's new entry is written). The cache holds only what
this toolkit wrote itself, in the user's own folder; a module cannot put
anything there.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from campaign import __version__
from campaign.digest import new_digest, short_digest

if TYPE_CHECKING:  # the model (and pydantic) load only when a module is read
    from campaign.model import Module

CACHE_FORMAT = 2
_CODE = Path(__file__).resolve().parent
CODE_FOLDERS = (_CODE / "model", _CODE / "loader")
"""What a cached module was built by: an edit to any of their files (a new field, a new
rule) makes a new key, so a module is never read back into a model it no longer fits."""


def _code_stamp() -> str:
    """Name, size and modification time of every source file of the model and loader."""
    stamps: list[str] = []
    for folder in CODE_FOLDERS:
        for path in sorted(folder.rglob("*.py")):
            info = path.stat()
            stamps.append(f"{path.relative_to(_CODE)}\0{info.st_size}\0{info.st_mtime_ns}")
    return "\n".join(stamps)


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("campaign")) / "modules"


def module_key(folder: Path) -> str:
    """A digest of everything that can change what loading `folder` gives."""
    digest = new_digest()
    root = folder.resolve()
    digest.update(f"{CACHE_FORMAT}\0{__version__}\0{root}\0".encode())
    digest.update(_code_stamp().encode("utf-8", "surrogateescape"))
    stack = [root]
    entries: list[str] = []
    while stack:
        current = stack.pop()
        with os.scandir(current) as listing:
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                info = entry.stat()
                if entry.is_dir():
                    stack.append(Path(entry.path))
                    continue
                relative = os.path.relpath(entry.path, root)
                entries.append(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}")
    for line in sorted(entries):
        digest.update(line.encode("utf-8", "surrogateescape"))
        digest.update(b"\n")
    return digest.hexdigest()


def load_module_cached(folder: Path | str) -> Module:
    """`load_module`, answered from the cache when the module has not changed.

    Problems are never cached: a module with problems raises ModuleError
    every time, exactly as `load_module` does.
    """
    # Absolute, so a cached module's paths hold whatever the current folder is.
    # The loader (and YAML) is imported only when the cache cannot answer; the
    # model (and pydantic) only here, so `module_key` costs no import.
    from campaign.model import Module

    given = Path(folder)
    folder = given.resolve()
    try:
        key = module_key(folder)
    except OSError:
        from campaign.loader import load_module

        return load_module(given)
    path = cache_dir() / f"{_owner(folder)}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, Module) and cached.root == folder:
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass  # missing, from another version, or damaged: load afresh below
    from campaign.loader import load_module

    # Loaded by the path as given, so problems read as the GM wrote the path;
    # kept with an absolute root, so the cached copy works from any folder.
    module = dataclasses.replace(load_module(given), root=folder)
    _store(path, module)
    return module


def _owner(folder: Path) -> str:
    """The module folder an entry belongs to, as its file name's prefix: a newer entry
    of the same folder replaces the older ones (each edit made a new key)."""
    return short_digest(str(folder))


def write_entry(path: Path, data: bytes) -> None:
    """Write a cache entry whose name is '<owner>-<key><suffix>', then remove the older
    entries of the same owner and suffix it replaces (a stale key is never read again).
    Written then renamed, so a reader never sees half a file. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
        handle.write(data)
        temporary = Path(handle.name)
    temporary.replace(path)
    owner, suffix = path.name.split("-", 1)[0], "".join(path.suffixes)
    for older in path.parent.glob(f"{owner}-*{suffix}"):
        if older != path:
            older.unlink(missing_ok=True)


def _remove_key_only_entries(folder: Path) -> None:
    """This toolkit's earlier naming (the key alone), never read again."""
    for entry in folder.glob("*.pickle"):
        stem = entry.name.removesuffix(".pickle")
        if len(stem) == 64 and all(c in "0123456789abcdef" for c in stem):
            entry.unlink(missing_ok=True)


def _store(path: Path, module: Module) -> None:
    try:
        write_entry(path, pickle.dumps(module, protocol=pickle.HIGHEST_PROTOCOL))
        _remove_key_only_entries(path.parent)
    except (OSError, pickle.PicklingError):
        return  # a cache that cannot be written only costs time
