"""An Obsidian vault (or a folder of it) -> module NPCs, one per stat block found.

A vault keeps stat blocks four ways, all read here:

- ```statblock blocks (Fantasy Statblocks), also inside callouts (`> ```statblock`);
- the note's frontmatter, when it says `statblock: true` (or `inline`) and
  holds the creature's fields, as the plugin's bestiary reads it;
- ```ad-statblock blocks (Admonition), the stat block written out as Markdown,
  as ttrpg-convert-cli renders it (`markdown_statblock`).

A note with a ```statblock block is read from it; otherwise from its
frontmatter; otherwise from its `ad-statblock` blocks. Notes without any are
counted and skipped, never failures; a note that cannot be read is one failed
line and the walk goes on. Dice Roller markup (`dice: d20+14 (+14) to hit`) is
read as the printed text. Each NPC keeps the note's path in the vault (its
'Note' property), so the GM can find it again.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, SequenceNode

from campaign.importers.common import (
    Context,
    Imported,
    read_data,
    read_text,
    shown,
)
from campaign.importers.markdown_statblock import fields
from campaign.importers.report import ImportInputError
from campaign.importers.sniff import refuse_other_format
from campaign.importers.statblock_yaml import (
    Block,
    convert_block,
    fenced_blocks,
    field_lines,
    yaml_blocks,
)
from campaign.importers.wikilinks import parse_yaml_with_links
from campaign.loader import YamlLoader

SUFFIXES = (".md", ".markdown")
_FRONTMATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_CREATURE_FIELDS = ("stats", "hp", "ac", "actions", "traits", "cr")
_SKIPPED_FOLDERS = frozenset({"node_modules"})
_CONVERT_TOOLS_TAG = "tag:yaml.org,2002:dev.ebullient.convert.tools."
"""`!!dev.ebullient.convert.tools.dnd5e.qute.Trait`, as YAML spells the tag out."""
_NOTE_FIELDS = frozenset(
    {"statblock", "statblock-link", "tags", "aliases", "cssclass", "cssclasses", "obsidianUIMode"}
)
"""Frontmatter that belongs to the note, not the creature."""


class _FrontmatterLoader(YamlLoader):
    """The safe loader, reading ttrpg-convert-cli's Java type tags as plain data.

    ttrpg-convert-cli writes each trait in the frontmatter with the Java class
    it came from (`- !!dev.ebullient.convert.tools.dnd5e.qute.Trait`); the tag
    names no Python object and none is built: the node is read as the mapping,
    list or text it is.
    """


def _plain_node(loader: YamlLoader, suffix: str, node: Node) -> Any:
    if isinstance(node, MappingNode):
        return loader.construct_yaml_map(node)
    if isinstance(node, SequenceNode):
        return loader.construct_yaml_seq(node)
    return loader.construct_yaml_str(node)


_FrontmatterLoader.add_multi_constructor(_CONVERT_TOOLS_TAG, _plain_node)


def vault_root(folder: Path) -> tuple[Path, Path] | None:
    """(folder, the vault it is in), written alike so that a note's path below the folder
    is relative to the vault: the nearest folder at or above it with an `.obsidian/`
    folder. None when no folder above is a vault."""
    resolved = folder.resolve()
    above = [resolved, *resolved.parents]
    levels = next((up for up, place in enumerate(above) if (place / ".obsidian").is_dir()), None)
    if levels is None:
        return None
    candidate = above[levels]
    if levels == 0:
        return folder, folder
    if levels < len(folder.parts) and folder.parents[levels - 1].resolve() == candidate:
        return folder, folder.parents[levels - 1]  # as given ('vault/Bestiary' -> 'vault')
    return resolved, candidate  # '.' or a path through a link: the whole path


def notes_in(paths: list[Path], context: Context) -> list[tuple[Path, str]]:
    """(note, its path in the vault) for every Markdown note below the folders given.

    The path is from the vault's root (the folder with `.obsidian/`) even when a
    folder inside it is given, so importing a vault and then one of its folders
    updates the same NPCs (the source each file names is the same).
    """
    found: list[tuple[Path, str]] = []
    for given in paths:
        if given.is_dir():
            path, root = vault_root(given) or (given, given)
            for note in sorted(path.rglob("*")):
                relative = note.relative_to(path)
                if (
                    note.suffix.lower() in SUFFIXES
                    and note.is_file()
                    and not any(part.startswith(".") for part in relative.parts)
                    and not _SKIPPED_FOLDERS & set(relative.parts)
                ):
                    context.roots[shown(note)] = root
                    found.append((note, note.relative_to(root).as_posix()))
        elif given.is_file():
            if given.suffix.lower() not in SUFFIXES:
                with context.reading(given):  # a JSON or YAML file: say which format it is
                    refuse_other_format(given, read_data(given), "obsidian")
                    raise ImportInputError(f"{shown(given)}: not a Markdown note (.md)")
                continue
            in_vault = vault_root(given.parent)
            if in_vault is None:
                found.append((given, given.name))
                continue
            folder, root = in_vault
            note = folder / given.name
            context.roots[shown(note)] = root
            found.append((note, note.relative_to(root).as_posix()))
        else:
            context.report.fail(f"{shown(given)}: no such file or folder")
    if not found and not context.report.failed:
        raise ImportInputError(
            "no Markdown notes (.md) in " + ", ".join(shown(path) for path in paths)
        )
    once: dict[Path, tuple[Path, str]] = {}  # a note given by name and in its folder: read once
    for note, note_path in found:
        once.setdefault(note.resolve(), (note, note_path))
    return list(once.values())


def import_vault(paths: list[Path], context: Context) -> list[Imported]:
    documents: list[Imported] = []
    for note, in_vault in notes_in(paths, context):
        with context.reading(note):
            blocks = _blocks(note, context)
            if not blocks:
                context.report.without_block += 1
                continue
            for block in blocks:
                imported = convert_block(block, shown(note), context)
                if imported is not None:
                    properties = imported.data.setdefault("properties", {})
                    properties["Note"] = in_vault
                    documents.append(imported)
    return documents


def _blocks(note: Path, context: Context) -> list[Block]:
    """The stat blocks of one note, by the first way it keeps them.

    Frontmatter that is not YAML campaign can read, in a note that also has
    an `ad-statblock`, gives way to it, and the report says so.
    """
    text = read_text(note)
    file = shown(note)
    fenced = fenced_blocks(text, "statblock")
    if fenced:
        return yaml_blocks(fenced, file, context)
    markdown = [
        Block(fields(body), f"ad-statblock at line {line}")
        for body, line in fenced_blocks(text, "ad-statblock")
    ]
    try:
        frontmatter = _frontmatter(text, file)
    except ImportInputError as error:
        if not markdown:
            raise
        why = str(error).removeprefix(f"{file}: ")
        context.report.skip(
            file, "frontmatter", "stat block", f"{why}; read the {markdown[0].where} instead"
        )
        return markdown
    if frontmatter is not None:
        match = _FRONTMATTER.match(text)
        lines = field_lines(match.group("body"), 2) if match else {}
        return [Block(frontmatter, "frontmatter", lines)]
    return markdown


def _frontmatter(text: str, file: str) -> dict[str, Any] | None:
    """The creature in a note's frontmatter, when it says it holds a stat block."""
    match = _FRONTMATTER.match(text)
    if match is None or "statblock" not in match.group("body"):
        return None
    documents = parse_yaml_with_links(
        match.group("body"), file, line_offset=1, loader=_FrontmatterLoader
    )
    data = documents[0] if documents else None
    if not isinstance(data, dict) or data.get("statblock") not in (True, "true", "inline"):
        return None
    if "name" not in data or not any(key in data for key in _CREATURE_FIELDS):
        return None
    return {key: value for key, value in data.items() if key not in _NOTE_FIELDS}
