"""Finding modules: what a module folder looks like, where modules are looked up, by id or path.

`find_module` and `discover_modules` call `module_search_dirs` through this
module's globals, so tests that redirect the search patch
`campaign.loader.discovery.module_search_dirs`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from campaign import paths
from campaign.errors import CampaignError, did_you_mean
from campaign.loader.limits import Refused, read_text
from campaign.loader.yaml_loader import YamlLoader

MODULE_FILE = "module.yaml"
SKIPPED_FOLDERS = frozenset({"templates", "assets", "node_modules"})
"""Top-level folders of a module that the loader does not read documents from."""


def module_search_dirs() -> list[Path]:
    """Where module ids are looked up, in order."""
    return [Path.cwd() / "modules", paths.user_modules_dir(), paths.bundled_modules_dir()]


def _module_id(folder: Path) -> str | None:
    """The id in a folder's module.yaml, read cheaply; None if it has none."""
    try:
        # Bounded: listing modules must not hang on a pipe or parse a huge file.
        data = yaml.load(read_text(str(folder / MODULE_FILE)), Loader=YamlLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError, Refused):
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


def module_of_session(module_path: str, module_id: str) -> Path:
    """The module folder a session was played with: its recorded folder if it still
    holds a module, else the module id looked up like `campaign play ID` does."""
    if module_path and (Path(module_path) / MODULE_FILE).is_file():
        return Path(module_path)
    if not module_id:
        raise CampaignError("the session does not say which module it was played with")
    return find_module(module_id)
