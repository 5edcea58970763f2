"""Fantasy Statblocks (the Obsidian plugin) 5e stat blocks -> module NPCs.

Reads a YAML file (one block, several `---` documents, or a list) or the
```statblock fenced blocks of a Markdown note. Vault notes are written by hand,
so the reader is forgiving: `ac: 15 (natural armor)`, `saves: [{dex: 5}]` or
`['Dexterity +5']`, `cr: 1/4` or `0.25`, a trait split over two list items.
Display options (layout, columns) are ignored; a block that only names a
bestiary entry (`monster: Goblin`) has nothing to import and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campaign.importers.common import (
    Context,
    Imported,
    as_int,
    as_list,
    clean_text,
    expand_inputs,
    parse_json,
    parse_yaml,
    read_text,
    shown,
)
from campaign.importers.markdown_statblock import plain
from campaign.importers.report import ImportInputError
from campaign.importers.sniff import refuse_other_format
from campaign.importers.srd import (
    ABILITIES,
    NpcDraft,
    ability_id,
    challenge,
    joined,
    monster_tags,
    signed,
    skill_id,
    split_uses,
)
from campaign.importers.srd.dice_roller import plain_text
from campaign.importers.srd.source_fields import (
    ACTION_LISTS,
    add_defences,
    add_listed,
    add_size_and_type,
    report_image,
    report_unknown_fields,
)
from campaign.importers.wikilinks import parse_yaml_with_links

SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".json")
FORMAT = "statblock-yaml"

_DISPLAY = frozenset(
    {
        "layout",
        "columns",
        "forceColumns",
        "columnWidth",
        "columnHeight",
        "statblock",
        "bestiary",
        "dice",
        "render",
        "link",
        "export",
        "note",
        "mtype",
    }
)
"""Options for how the plugin shows a block, not part of the creature."""

_READ = frozenset(
    {
        "name",
        "size",
        "type",
        "subtype",
        "alignment",
        "ac",
        "ac_class",
        "armor_class",
        "hp",
        "hit_dice",
        "speed",
        "stats",
        "saves",
        "skillsaves",
        "damage_vulnerabilities",
        "damage_resistances",
        "damage_immunities",
        "condition_immunities",
        "senses",
        "languages",
        "cr",
        "traits",
        "actions",
        "bonus_actions",
        "reactions",
        "legendary_actions",
        "legendary_description",
        "spells",
        "source",
        "image",
        "monster",
        "creature",
        "extends",
        "fage_stats",
    }
)

_LISTS = (("traits", "traits", ""), *ACTION_LISTS)
"""Traits come first, then the action lists."""

_FENCE = re.compile(
    r"^(?P<quote>[ \t]*(?:>[ \t]?)*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<kind>ad-statblock|statblock)\b"
    r"[^\n]*$",
    re.MULTILINE,
)
"""A ```statblock (or ```ad-statblock) fence, also inside a callout ('> ```statblock')."""


@dataclass
class Block:
    """One stat block found in a file: its fields and where it was."""

    data: Any
    where: str
    """'notes.md, block 2 (line 14)' or the file name."""
    lines: dict[str, int] = field(default_factory=dict)
    """The file's line of each top-level field, where known, for the report to point at."""


_TOP_KEY = re.compile(r"^(?P<quote>[\"']?)(?P<key>[A-Za-z_][\w-]{0,60})(?P=quote)[ \t]*:")


def field_lines(body: str, first_line: int) -> dict[str, int]:
    """The line of each top-level `key:` of one YAML document that starts at `first_line`;
    none for a body of several documents, whose keys repeat."""
    lines: dict[str, int] = {}
    for number, line in enumerate(body.split("\n")):
        if line.startswith("---"):
            return {}
        match = _TOP_KEY.match(line)
        if match:
            lines.setdefault(match.group("key"), first_line + number)
    return lines


def fenced_blocks(text: str, kind: str = "statblock") -> list[tuple[str, int]]:
    """(body, line of its first line) of each ```<kind> block, callout markers taken off."""
    blocks: list[tuple[str, int]] = []
    for match in _FENCE.finditer(text):
        if match.group("kind") != kind:
            continue
        fence = match.group("fence")
        quote = match.group("quote").count(">")
        start = match.end() + 1
        prefix = r"[ \t]*(?:>[ \t]?)" + f"{{{quote}}}" if quote else ""
        closing = re.compile(
            rf"^{prefix}[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE
        )
        end = closing.search(text, start)
        body = text[start : end.start() if end else len(text)]
        if quote:
            body = "\n".join(_unquote(line, quote) for line in body.split("\n"))
        blocks.append((body, text.count("\n", 0, start) + 1))
    return blocks


def _unquote(line: str, depth: int) -> str:
    """A callout line without its `depth` '>' markers (and the space after each)."""
    for _ in range(depth):
        line = re.sub(r"^[ \t]*>[ \t]?", "", line, count=1)
    return line


def _blocks_in(path: Path, context: Context) -> list[Block]:
    text = read_text(path)
    file = shown(path)
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        found = fenced_blocks(text)
        if not found and file in context.roots:  # a note of a folder: counted, not a failure
            context.report.without_block += 1
            return []
        if not found:
            raise ImportInputError(f"{file}: no ```statblock blocks in this note")
        return yaml_blocks(found, file, context)
    documents = [parse_json(text, file)] if suffix == ".json" else parse_yaml(text, file)
    refuse_other_format(path, documents[0] if len(documents) == 1 else documents, FORMAT)
    items: list[Any] = []
    for document in documents:
        items.extend(document if isinstance(document, list) else [document])
    lines = field_lines(text, 1) if len(items) == 1 and isinstance(items[0], dict) else {}
    return [Block(item, file, lines) for item in items]


def yaml_blocks(found: list[tuple[str, int]], file: str, context: Context) -> list[Block]:
    """The stat blocks of a note's ```statblock bodies; a body that is not YAML is reported."""
    blocks: list[Block] = []
    first_error: ImportInputError | None = None
    for number, (body, line) in enumerate(found, start=1):
        where = f"block {number} (line {line})" if len(found) > 1 else f"block at line {line}"
        try:
            documents = parse_yaml_with_links(body, file, line_offset=line - 1)
        except ImportInputError as error:
            first_error = first_error or error
            context.report.skip(file, where, "stat block", str(error).removeprefix(f"{file}: "))
            continue
        lines = field_lines(body, line) if len(documents) == 1 else {}
        blocks.extend(Block(document, where, lines) for document in documents)
    if not blocks and first_error is not None:
        context.report.skipped.pop()
        raise first_error
    return blocks


def import_statblocks(paths: list[Path], context: Context) -> list[Imported]:
    documents: list[Imported] = []
    for path in expand_inputs(paths, SUFFIXES, context):
        with context.reading(path):
            documents.extend(_statblocks_of(path, context))
    return documents


def _statblocks_of(path: Path, context: Context) -> list[Imported]:
    file = shown(path)
    blocks = _blocks_in(path, context)
    converted = [
        result for block in blocks if (result := convert_block(block, file, context)) is not None
    ]
    if blocks and not converted and file not in context.roots:  # in a folder: reported above
        raise ImportInputError(
            f"{file}: no stat block with a name (expected YAML with name, ac, hp, stats...)"
        )
    return converted


def convert_block(block: Block, file: str, context: Context) -> Imported | None:
    """One stat block's fields as an NPC document (None, reported, if it has no name)."""
    draft = _start(block, file, context)
    if draft is None:
        return None
    data: dict[str, Any] = _linked_words(block.data)
    draft.tags = monster_tags(data.get("type"), data.get("subtype"))
    _scores(data.get("stats"), draft)
    _armor(data, draft)
    _health(data, draft, block.lines)
    draft.speed = clean_text(data.get("speed"))
    _properties(data, draft)
    spells = _spells(data.get("spells"))
    if spells:
        draft.ability("traits", "Spellcasting", spells)
    for key, kind, suffix in _LISTS:
        for item_name, text, item in _items(data.get(key), key, draft):
            base, uses = split_uses(item_name)  # '(bonus action)' before '(Recharge 4-6)'
            named = base + suffix + (f" ({uses})" if uses else "")
            add_listed(draft, kind, named, text, item)
    _report_leftovers(data, draft)
    return draft.build()


def _start(block: Block, file: str, context: Context) -> NpcDraft | None:
    """A draft for a block with a name; a block without one is reported and skipped."""
    data = block.data
    if not isinstance(data, dict):
        context.report.skip(file, block.where, "stat block", "not a mapping of fields")
        return None
    name = clean_text(data.get("name"))
    reference = clean_text(data.get("monster") or data.get("creature"))
    if not name:
        why = (
            f"it only names the bestiary entry '{reference}', which is not in the file"
            if reference
            else "it has no name"
        )
        context.report.skip(file, block.where, "stat block", why)
        return None
    draft = NpcDraft(context, file, name)
    if reference:
        draft.skip(
            f"monster: {reference}",
            "the plugin's bestiary entry is not in the file; "
            "only the fields written here are imported",
        )
    return draft


def _scores(value: Any, draft: NpcDraft) -> None:
    """`stats: [str, dex, con, int, wis, cha]`: six numbers or nothing."""
    stats = as_list(value)
    if not stats:
        return
    scores = [as_int(score) for score in stats]
    if len(scores) == 6 and all(score is not None for score in scores):
        draft.scores = {
            key: score for key, score in zip(ABILITIES, scores, strict=True) if score is not None
        }
    else:
        draft.skip("stats", f"{stats!r} is not six ability scores")


def _properties(data: dict[str, Any], draft: NpcDraft) -> None:
    """The printed lines of the stat block that have no field of their own in an NPC."""
    add_size_and_type(draft, data)
    draft.prop("Saving Throws", _saves(data.get("saves"), draft))
    _skills(data.get("skillsaves"), draft)
    add_defences(draft, data)
    draft.prop("Senses", data.get("senses"))
    draft.prop("Languages", data.get("languages"))
    draft.prop("Challenge", challenge(data.get("cr")))
    draft.prop("Legendary Actions", data.get("legendary_description"))
    draft.prop("Source", joined(data.get("source")))


def _armor(data: dict[str, Any], draft: NpcDraft) -> None:
    value = data.get("ac", data.get("armor_class"))
    if value is None:
        return
    number = as_int(value)
    if number is None:
        draft.skip(f"ac '{value}'", "not a number")
        return
    draft.ac = number
    text = clean_text(value)
    inside = re.search(r"\((.*)\)", text)
    armor = clean_text(data.get("ac_class")) or (inside.group(1) if inside else "")
    draft.prop("Armor", plain(armor))


def _health(data: dict[str, Any], draft: NpcDraft, lines: dict[str, int]) -> None:
    value = data.get("hp")
    if isinstance(value, str):
        value = plain_text(value)
    if value is not None:
        draft.health = as_int(value)
        if draft.health is None:
            draft.skip(f"hp '{value}'", "not a number", line=lines.get("hp"))
    hit_dice = clean_text(data.get("hit_dice"))
    if hit_dice:
        draft.set_hit_dice(hit_dice, line=lines.get("hit_dice"))
    elif isinstance(value, str) and (inside := re.search(r"\(([^)]*d[^)]*)\)", value)):
        # 'hp: 45 (6d10 + 12)': the dice come from hp, so a report names hp and its line
        draft.set_hit_dice(inside.group(1), what="hp's dice", line=lines.get("hp"))


def _pairs(value: Any) -> list[tuple[str, str]]:
    """(name, bonus text) from [{dex: 5}], {dex: 5} or ['Dexterity +5']."""
    pairs: list[tuple[str, str]] = []
    items = [value] if isinstance(value, dict | str) else as_list(value)
    for item in items:
        if isinstance(item, dict) and "name" in item and ("desc" in item or "value" in item):
            # 2024-style layouts: [{name: Perception, desc: '+4'}]
            bonus = item.get("desc", item.get("value"))
            pairs.append((plain(clean_text(item["name"])), clean_text(bonus)))
        elif isinstance(item, dict):
            pairs.extend((str(key), clean_text(bonus)) for key, bonus in item.items())
        elif isinstance(item, str):
            for part in item.split(","):
                match = re.match(r"\s*(.*?)\s*([+-]\s*\d+)\s*$", part)
                if match:
                    pairs.append((match.group(1), match.group(2)))
                elif part.strip():
                    pairs.append((part.strip(), ""))
    return pairs


def _saves(value: Any, draft: NpcDraft) -> str:
    printed: list[str] = []
    for name, bonus_text in _pairs(value):
        bonus = as_int(bonus_text.replace(" ", ""))
        ability = ability_id(name)
        label = ability.capitalize() if ability else name
        printed.append(f"{label} {signed(bonus)}" if bonus is not None else label)
    return ", ".join(printed)


def _skills(value: Any, draft: NpcDraft) -> None:
    for name, bonus_text in _pairs(value):
        bonus = as_int(bonus_text.replace(" ", ""))
        skill = skill_id(name)
        if skill and bonus is not None:
            draft.skill_bonuses[skill] = bonus
        else:
            draft.other_skills.append(f"{name} {signed(bonus)}" if bonus is not None else name)


def _spells(value: Any) -> str:
    lines: list[str] = []
    for item in as_list(value):
        if isinstance(item, dict):
            lines.extend(f"{key}: {joined(spells)}" for key, spells in item.items())
        elif clean_text(item):
            lines.append(clean_text(item))
    return "\n".join(lines)


def _items(value: Any, key: str, draft: NpcDraft) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, text, fields) of each trait or action; a name and a desc split over two
    list items are joined, as a hand-written note sometimes has them."""
    items: list[tuple[str, str, dict[str, Any]]] = []
    for index, item in enumerate(as_list(value)):
        if isinstance(item, str) and item.strip():
            name, _, text = plain_text(item).partition(".")
            items.append((name.strip(), text.strip() or name.strip(), {}))
            continue
        if not isinstance(item, dict):
            continue
        # 'Petrifying Gaze (Recharge 4-6).': the period goes before ' (bonus action)' is added
        name = plain_text(clean_text(item.get("name"))).rstrip(".").rstrip()
        text = plain_text(clean_text(item.get("desc")))
        if not name and text and items and items[-1][1] == items[-1][0]:
            previous_name, _, previous = items.pop()
            items.append((previous_name, text, {**previous, **item}))
            continue
        if not name:
            draft.skip(f"{key}[{index}]", "it has no name")
            continue
        items.append((name, text or name, item))
    return items


def _report_leftovers(data: dict[str, Any], draft: NpcDraft) -> None:
    image = data.get("image")
    report_image(draft, "image", image, _flat(image))
    if data.get("fage_stats"):
        draft.skip("fage_stats", "Fantasy AGE stats have no place in a 5e stat block")
    report_unknown_fields(
        draft, data, _READ | _DISPLAY, "not a Fantasy Statblocks field that campaign knows"
    )


def _linked_words(data: dict[str, Any]) -> dict[str, Any]:
    """`type: [[Monstrosity]]` in a YAML file (not a note, whose links are read before the
    YAML) parses as [['Monstrosity']]: the link's text, as the plugin shows it."""
    linked: dict[str, str] = {}
    for key in ("size", "type", "subtype", "alignment"):
        value = data.get(key)
        while isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(data.get(key), list) and isinstance(value, str):
            linked[key] = value
    return {**data, **linked} if linked else data


def _flat(value: Any) -> str:
    """'[[Ancient Black Dragon.jpg]]' parsed by YAML as nested lists, written back as text."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return clean_text(value) if not isinstance(value, list) else ", ".join(map(str, value))
