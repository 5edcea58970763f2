"""A module's outline read straight from its YAML, before (and without) validation.

What the GM screen shows first on a start with no first frame kept (the first
start after an install or an edit, `campaign.tui.raw_frame`): the module's title,
its acts and their scenes' titles, whether it has a book and places, and the
opening scene's own words. Reading it costs libyaml's parse of the act and scene
files into nodes, and the few values it needs taken from them: no pydantic, no
loader, no cross-checks, and none of the rest of the YAML made into Python
values, so the screen can be painted before the module is validated (which then
takes its place, or lists its problems).

Nothing here trusts the files: only regular files inside the folder are read
(never through a symlink, never a pipe), with a cap on how many and how much,
and any value of an unexpected type, a missing start scene, a file that does not
parse, or a module without libyaml gives no outline at all (`None`): the GM then
sees the loading screen, as before, and the loader says what is wrong.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILES = 400
"""More YAML files than this: no outline (the loader's own limit is 10,000)."""
MAX_BYTES = 4 * 2**20
"""More act and scene YAML than this: no outline (parsing it would cost the head start)."""
MAX_ENTRIES = 1_000
"""More acts, or scenes in one act, than this: no outline."""

_FOLDER_KINDS = {"acts": "act", "scenes": "scene", "locations": "location"}
"""The folders whose documents may leave `kind` out (`campaign.model.FOLDER_KINDS`)."""
_SKIPPED = frozenset({"templates", "assets", "node_modules"})
"""Top-level folders the loader reads no documents from (`campaign.loader.SKIPPED_FOLDERS`)."""
_KIND_LINE = re.compile(rb"^kind:[ \t]*[\"']?(act|scene|location)\b", re.MULTILINE)
_INTEGER = re.compile(r"[-+]?[0-9]+")
_BOOLEAN = "tag:yaml.org,2002:bool"
_TEXT_TAGS = frozenset({"tag:yaml.org,2002:str", _BOOLEAN})


class SceneWords(NamedTuple):
    """A scene as its file gives it: the words the scene pane shows first."""

    id: str
    title: str
    place: str
    summary: str
    read_aloud: str
    variants: int
    """How many other read-aloud versions it has (one of them may apply at the table)."""


class ActLine(NamedTuple):
    """An act as the act tree lists it."""

    id: str
    number: int
    title: str
    scenes: tuple[str, ...]


class Outline(NamedTuple):
    """What the GM screen's first frame needs of a module."""

    title: str
    acts: tuple[ActLine, ...]
    """By number, as the loader orders them."""
    scenes: dict[str, SceneWords]
    start: SceneWords
    has_book: bool
    has_places: bool


class _Unread(Exception):
    """The folder gives no outline that can be trusted."""


def read_outline(folder: Path) -> Outline | None:
    """The module's outline, or None where anything about it is not as expected."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None  # the pure-Python parser is slower than waiting for the loader
    try:
        return _outline(folder)
    except (_Unread, OSError, ValueError, yaml.YAMLError, RecursionError, MemoryError):
        return None


def _outline(folder: Path) -> Outline:
    root = os.path.realpath(folder)
    info = _fields(_documents(_read(os.path.join(root, "module.yaml")))[0])
    acts: list[ActLine] = []
    scenes: dict[str, SceneWords] = {}
    has_places = False
    for relative, data in _story_files(root):
        implied = _implied_kind(relative)
        for document in _documents(data):
            entry = _fields(document)
            kind = _text(entry["kind"]) if "kind" in entry else implied
            if kind == "act":
                acts.append(_act(entry))
            elif kind == "scene":
                scene = _scene(entry)
                scenes[scene.id] = scene
            has_places = has_places or kind == "location"
    acts.sort(key=lambda act: act.number)
    start = _start(info, acts, scenes)
    chapters = info.get("chapters")
    has_book = bool(chapters is not None and _items(chapters)) or _has_chapter_files(root)
    return Outline(_text(info.get("title")), tuple(acts), scenes, start, has_book, has_places)


def _start(info: dict[str, Node], acts: list[ActLine], scenes: dict[str, SceneWords]) -> SceneWords:
    """The scene play starts at (`Module.start_scene`)."""
    if "start" in info:
        chosen = _text(info["start"])
    elif acts and acts[0].scenes:
        chosen = acts[0].scenes[0]
    else:
        raise _Unread
    scene = scenes.get(chosen)
    if scene is None:
        raise _Unread
    return scene


def _story_files(root: str) -> list[tuple[str, bytes]]:
    """(path relative to the root, bytes) of every YAML file that may hold acts,
    scenes or locations, in path order."""
    found: list[tuple[str, bytes]] = []
    total = 0
    for relative in sorted(_yaml_paths(root)):
        if relative == "module.yaml":
            continue
        data = _read(os.path.join(root, relative))
        if _implied_kind(relative) is None and not _KIND_LINE.search(data):
            continue
        total += len(data)
        if total > MAX_BYTES:
            raise _Unread
        found.append((relative, data))
    return found


def _yaml_paths(root: str) -> list[str]:
    """Every YAML file under the root, relative to it: no hidden names, no skipped
    top-level folder, nothing reached through a symlink."""
    paths: list[str] = []
    stack = [(root, "")]
    while stack:
        folder, relative = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if relative or entry.name not in _SKIPPED:
                        stack.append((entry.path, f"{relative}{entry.name}/"))
                elif entry.name.endswith((".yaml", ".yml")):
                    paths.append(f"{relative}{entry.name}")
                if len(paths) > MAX_FILES or len(stack) > MAX_FILES:
                    raise _Unread
    return paths


def _read(path: str) -> bytes:
    """A regular file's bytes, never more than the outline's cap (a pipe is never read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise _Unread
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _Unread
    return data


def _documents(data: bytes) -> list[Node]:
    """The file's documents as YAML nodes (libyaml composes them; nothing is built)."""
    documents = list(yaml.compose_all(data, Loader=yaml.CSafeLoader))
    if not documents:
        raise _Unread
    return documents


def _implied_kind(relative: str) -> str | None:
    for part in reversed(relative.split("/")[:-1]):
        if part in _FOLDER_KINDS:
            return _FOLDER_KINDS[part]
    return None


def _has_chapter_files(root: str) -> bool:
    try:
        with os.scandir(os.path.join(root, "chapters")) as entries:
            return any(entry.name.endswith(".md") for entry in entries)
    except OSError:
        return False


def _act(entry: dict[str, Node]) -> ActLine:
    number = entry.get("number")
    if not isinstance(number, ScalarNode) or not _INTEGER.fullmatch(number.value):
        raise _Unread
    listed = _items(entry["scenes"]) if "scenes" in entry else []
    scenes = tuple(_text(scene) for scene in listed)
    return ActLine(_text(entry.get("id")), int(number.value), _text(entry.get("title")), scenes)


def _scene(entry: dict[str, Node]) -> SceneWords:
    return SceneWords(
        id=_text(entry.get("id")),
        title=_text(entry.get("title")),
        place=_text(entry.get("place"), ""),
        summary=_text(entry.get("summary"), ""),
        read_aloud=_text(entry.get("read_aloud"), ""),
        variants=len(_items(entry["variants"])) if "variants" in entry else 0,
    )


def _fields(node: Node) -> dict[str, Node]:
    """A mapping's values by key (keys that are not plain text: no outline)."""
    if not isinstance(node, MappingNode) or len(node.value) > MAX_ENTRIES:
        raise _Unread
    return {_text(key): value for key, value in node.value}


def _items(node: Node) -> list[Node]:
    if not isinstance(node, SequenceNode) or len(node.value) > MAX_ENTRIES:
        raise _Unread
    return list(node.value)


def _text(node: Node | None, default: str | None = None) -> str:
    """A scalar's text: a string, or a word YAML 1.1 reads as a boolean and the
    module's YAML 1.2 as text ('yes', 'off'); anything else gives no outline."""
    if node is None and default is not None:
        return default
    if not isinstance(node, ScalarNode) or node.tag not in _TEXT_TAGS:
        raise _Unread
    if node.tag == _BOOLEAN and node.value.lower() in ("true", "false"):
        raise _Unread
    return str(node.value)
