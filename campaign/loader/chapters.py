"""A module's chapters: `chapters/*.md`, each Markdown with optional YAML front matter.

Read in the order `module.yaml`'s `chapters:` lists them, else by file name.
Each file is read with the module's file limits and the text limit of one
field; its front matter is read with the same safe YAML loader as every
document and checked against `ChapterMeta`, each problem at its line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from campaign.errors import Problem, did_you_mean
from campaign.loader.limits import Refused, read_text
from campaign.loader.yaml_loader import MAX_TEXT_BYTES, YamlLoader
from campaign.model.chapter import Chapter, ChapterMeta
from campaign.model.common import ID_PATTERN

CHAPTERS_FOLDER = "chapters"
LINKS_OUTSIDE = "the file links outside the module folder"
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_ID = re.compile(ID_PATTERN)


def _front_matter(path: Path, text: str, problems: list[Problem]) -> tuple[ChapterMeta, int]:
    """The chapter's front matter (or an empty one) and the line its text starts on."""
    match = _FRONT.match(text)
    if match is None:
        return ChapterMeta(), 1
    body_line = text[: match.end()].count("\n") + 1
    try:
        data = yaml.load(match.group(1), Loader=YamlLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problems.append(Problem(path, line, 1, "", f"front matter: {error}"))
        return ChapterMeta(), body_line
    try:
        return ChapterMeta.model_validate(data), body_line
    except ValidationError as error:
        lines = match.group(1).split("\n")
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"])
            top = str(item["loc"][0]) if item["loc"] else ""
            # The line of the field's own key in the front matter (its first line if not found).
            at = next((i for i, text in enumerate(lines) if text.startswith(f"{top}:")), 0)
            problems.append(Problem(path, at + 2, 1, field, f"front matter: {item['msg']}"))
        return ChapterMeta(), body_line


def _title(meta: ChapterMeta, body: str, stem: str) -> str:
    if meta.title:
        return meta.title
    heading = _HEADING.search(body)
    return heading.group(1) if heading else stem.replace("-", " ").capitalize()


def _inside(root: Path, path: Path) -> bool:
    """Whether the file, links followed, is inside the module folder (a stranger's module
    must not show the GM a file from elsewhere on the machine)."""
    root_real = os.path.realpath(root)
    return os.path.realpath(path).startswith(root_real + os.sep)


def read_chapter(path: Path, problems: list[Problem], root: Path | None = None) -> Chapter | None:
    """One chapter file, or None (its problems added). With `root`, a file that links
    outside it is refused."""
    if root is not None and not _inside(root, path):
        problems.append(Problem(path, 1, 1, "", f"refused: {LINKS_OUTSIDE}"))
        return None
    if not _ID.match(path.stem):
        problems.append(
            Problem(path, 1, 1, "", "a chapter's file name is its id: letters, digits, '-' or '_'")
        )
        return None
    try:
        text = read_text(str(path))
    except (OSError, UnicodeDecodeError, Refused) as error:
        problems.append(Problem(path, 1, 1, "", f"cannot read the chapter: {error}"))
        return None
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        limit = MAX_TEXT_BYTES // 1024
        problems.append(Problem(path, 1, 1, "", f"refused: over the {limit} KB limit of a chapter"))
        return None
    meta, line = _front_matter(path, text, problems)
    front = _FRONT.match(text)
    body = text[front.end() :] if front else text
    return Chapter(
        id=path.stem,
        title=_title(meta, body, path.stem),
        text=body.strip("\n"),
        public=meta.public,
        print=meta.print,
        line=line,
    )


def read_chapters(
    root: Path, order: tuple[str, ...], problems: list[Problem]
) -> tuple[dict[str, Chapter], list[tuple[int, str]]]:
    """Every chapter of the module, in its order, and (index, message) for each name in
    `order` that names no chapter file. Problems in the files are added, never raised."""
    folder = root / CHAPTERS_FOLDER
    files: dict[str, Path] = {}
    if folder.is_dir() and not folder.is_symlink():
        files = {path.stem: path for path in sorted(folder.glob("*.md")) if path.is_file()}
    missing = [
        (index, f"no chapter '{name}' in chapters/{did_you_mean(name, files)}")
        for index, name in enumerate(order)
        if name not in files
    ]
    ordered = [name for name in order if name in files]
    ordered += [name for name in files if name not in ordered]
    chapters: dict[str, Chapter] = {}
    for name in ordered:
        chapter = read_chapter(files[name], problems, root)
        if chapter is not None:
            chapters[chapter.id] = chapter
    return chapters, missing
