"""Links inside a stat block's YAML, read as the text Obsidian shows for them.

Notes write links straight into stat block fields, unquoted:
`senses: [[Darkvision]] 60Ft, Passive Perception 12` or `type: [[Beast]]`.
As YAML, `[[` opens a nested flow list, so the block does not parse (or the
type becomes a list). Fantasy Statblocks replaces every link with a
placeholder before it parses the YAML (its `Linkifier.transformSource`); the
importers do the same, then put each link's shown text back in the parsed
strings: `[[Target|Shown]]` reads as "Shown", `[[Target]]` and
`[[folder/Target]]` as "Target", `[[Note#Heading]]` as "Note > Heading", an
embed `![[image.png|100]]` as "image.png", a Markdown link `[text](url)` as
"text".

A placeholder is as long as the link it stands for where it can be, and never
spans lines, so a YAML error still points at the note's line and column.
"""

from __future__ import annotations

import re
from typing import Any

from campaign.importers.common import parse_yaml
from campaign.loader import YamlLoader

_WIKILINK = re.compile(r"(?P<embed>!?)\[\[(?P<inside>[^\n]{1,300}?)\]\]")
_MARKDOWN_LINK = re.compile(r"!?\[(?P<text>[^\[\]\n]{0,300})\]\((?P<target>[^()\n]{1,500})\)")
"""Bounded, so a line of '[[' without ']]' is read in linear time."""
_OPEN, _CLOSE, _PAD = "\ue000", "\ue001", "\ue002"
"""Private-use characters: YAML reads them as plain text, and notes do not hold them."""
_PLACEHOLDER = re.compile(f"{_OPEN}(?P<index>\\d+){_CLOSE}{_PAD}*")


def shown_text(inside: str, *, embed: bool = False) -> str:
    """What Obsidian shows for `[[inside]]`: the alias after '|', else the target's name."""
    target, bar, alias = inside.partition("|")
    if bar and alias.strip() and not embed:
        return alias.strip()
    note, hash_mark, heading = target.partition("#")
    note = note.strip().rsplit("/", 1)[-1]
    heading = heading.strip().lstrip("^")
    if hash_mark and heading:
        return f"{note} > {heading}" if note else heading
    return note


def protect(text: str) -> tuple[str, list[str]]:
    """The text with each link replaced by a placeholder, and the links' shown texts."""
    if "[" not in text:
        return text, []
    shown: list[str] = []

    def placeholder(original: str, text_shown: str) -> str:
        token = f"{_OPEN}{len(shown)}{_CLOSE}"
        shown.append(text_shown)
        return token + _PAD * max(0, len(original) - len(token))

    text = _WIKILINK.sub(
        lambda match: placeholder(
            match.group(0), shown_text(match.group("inside"), embed=bool(match.group("embed")))
        ),
        text,
    )
    text = _MARKDOWN_LINK.sub(
        lambda match: placeholder(match.group(0), match.group("text").strip()), text
    )
    return text, shown


def restore(data: Any, shown: list[str]) -> Any:
    """Parsed YAML with each placeholder in its strings (and keys) read as the link's text."""
    if not shown:
        return data
    if isinstance(data, str):
        return _PLACEHOLDER.sub(lambda match: shown[int(match.group("index"))], data)
    if isinstance(data, list):
        return [restore(item, shown) for item in data]
    if isinstance(data, dict):
        return {restore(key, shown): restore(value, shown) for key, value in data.items()}
    return data


def parse_yaml_with_links(
    text: str, where: str, *, line_offset: int = 0, loader: type[YamlLoader] = YamlLoader
) -> list[Any]:
    """Every YAML document of a stat block's text, its links read as their shown text."""
    protected, shown = protect(text)
    return [
        restore(document, shown)
        for document in parse_yaml(protected, where, line_offset=line_offset, loader=loader)
    ]
