"""Module documents as Textual `Content`: stat blocks, tables, handouts.

Text from module files is never read as markup: it goes in through template
variables (`$name`), which Textual escapes. Colours come from the theme
(`$accent`, `$text-muted`...), so every theme reads right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.content import Content

from campaign.model import NPC, PC, Ability, Handout, Module, RandomTable, StatBlock
from campaign.tui.emphasis import md
from campaign.wording import plural

_ZERO_BONUS = re.compile(r"\s*[+-]\s*0+(?![\d.dD])")
"""A '+0' or '- 0' term: adds nothing (an importer writes '1d20+0' for a +0 to hit)."""


def dice_text(expression: str) -> str:
    """A roll as the GM reads it: '1d20+0' -> '1d20', '1d20 + 0 [to hit]' -> '1d20 [to hit]'
    (the same roll: a +0 term adds nothing); '2d6+10' and '1d20+0d4' are kept."""
    tidy = _ZERO_BONUS.sub("", expression)
    return tidy if tidy.strip() else expression


def markup(template: str, **values: object) -> Content:
    """Content from trusted markup with module text filled in safely."""
    return Content.from_markup(template, **values)


class Lines:
    """Collects Content lines and joins them with newlines."""

    def __init__(self) -> None:
        self.lines: list[Content] = []

    def add(self, template: str, **values: object) -> None:
        self.lines.append(markup(template, **values))

    def text(self, text: str, prefix: str = "") -> None:
        """Module text, emphasis shown."""
        self.lines.append(Content.assemble(prefix, md(text)))

    def blank(self) -> None:
        if self.lines and self.lines[-1].plain:
            self.lines.append(Content(""))

    def heading(self, title: str) -> None:
        self.blank()
        self.add("[b $accent]$title[/]", title=title)

    def field(self, label: str, text: str) -> None:
        if text:
            self.lines.append(
                Content.assemble(markup("[b]$label[/] ", label=f"{label}:"), md(text))
            )

    def content(self) -> Content:
        while self.lines and not self.lines[-1].plain:
            self.lines.pop()
        return Content("\n").join(self.lines)


def _abilities(lines: Lines, title: str, abilities: Iterable[Ability | str]) -> None:
    items = list(abilities)
    if not items:
        return
    lines.heading(title)
    for item in items:
        if isinstance(item, str):
            lines.text(item, "• ")
            continue
        extra = " ".join(part for part in (item.uses and f"({item.uses})", item.roll) if part)
        lines.lines.append(
            Content.assemble(
                markup("• [b]$name[/] [$text-muted]$extra[/] ", name=item.name, extra=extra),
                md(item.text),
            )
        )


def statblock(module: Module, block: StatBlock) -> Content:
    """A stat block that reads like a printed adventure's."""
    ruleset = module.ruleset
    attribute_names = {attribute.id: attribute.name for attribute in ruleset.attributes}
    skill_names = {skill.id: skill.name for skill in ruleset.skills}
    lines = Lines()
    if block.role:
        lines.add("[i]$role[/]", role=block.role)
    if isinstance(block, PC) and block.concept:
        lines.add("[i]$concept[/]", concept=block.concept)
    if block.description:
        lines.blank()
        lines.text(block.description)
    lines.blank()
    if block.attributes:
        shown = " · ".join(
            f"{attribute_names.get(key, key)} {value}" for key, value in block.attributes.items()
        )
        lines.field("Attributes", shown)
    if block.skills:
        shown = ", ".join(
            f"{skill_names.get(key, key)} {value}" for key, value in block.skills.items()
        )
        lines.field("Skills", shown)
    health = block.health or ruleset.health.default
    health_line = f"{health}" + (f" ({block.health_roll})" if block.health_roll else "")
    lines.field(ruleset.health.name, health_line)
    if block.defences:
        lines.field("Defences", ", ".join(f"{k} {v}" for k, v in block.defences.items()))
    if block.speed:
        lines.field("Speed", block.speed)
    for label, value in block.properties.items():
        lines.field(label, value)
    if block.attacks:
        lines.heading("Attacks")
        for attack in block.attacks:
            parts = [
                attack.roll and f"to hit {dice_text(attack.roll)}",
                attack.damage and f"damage {dice_text(attack.damage)}",
                attack.range,
            ]
            lines.add(
                "• [b]$name[/] $rolls [$text-muted]$notes[/]",
                name=attack.name,
                rolls=", ".join(part for part in parts if part),
                notes=attack.notes.strip(),
            )
    _abilities(lines, "Traits", block.traits)
    _abilities(lines, "Actions", block.actions)
    _abilities(lines, "Reactions", block.reactions)
    _abilities(lines, "Legendary actions", block.legendary_actions)
    if isinstance(block, PC):
        if block.gear:
            lines.field("Gear", ", ".join(block.gear))
        for gadget in block.gadgets:
            uses = f" ({plural(gadget.uses, 'use')})" if gadget.uses else ""
            lines.add(
                "• [b]$name[/]$uses $effect",
                name=gadget.name,
                uses=uses,
                effect=gadget.effect.strip(),
            )
        if block.background:
            lines.heading("Background")
            lines.text(block.background)
    if block.tactics or block.secret or block.allegiance:
        lines.heading("GM only")
        lines.field("Tactics", block.tactics)
        if block.allegiance:
            lines.field(
                "Allegiance",
                f"seems {block.allegiance.apparent}; truly {block.allegiance.true}",
            )
        lines.field("Secret", block.secret)
    return lines.content()


def table_detail(table: RandomTable) -> Content:
    """A random table: its die and every entry."""
    lines = Lines()
    lines.add("[$text-muted]roll $die[/]", die=table.die)
    if table.description:
        lines.add("[i]$text[/]", text=table.description.strip())
    lines.blank()
    for entry in table.entries:
        key = str(entry.range) if entry.range is not None else f"×{entry.weight}"
        extra = ""
        if entry.npcs:
            extra += " (" + ", ".join(f"{bring.count}× {bring.npc}" for bring in entry.npcs) + ")"
        if entry.table:
            extra += f" → roll on {entry.table}"
        lines.add(
            "[b]$key[/] $result[$text-muted]$extra[/]",
            key=f"{key:>6}",
            result=entry.result.strip(),
            extra=extra,
        )
    return lines.content()


def handout_detail(module: Module, handout: Handout) -> Content:
    """A handout's text as the players will read it, and its clues."""
    lines = Lines()
    lines.add(
        "[$text-muted]$kind · for the $audience[/]", kind=handout.type, audience=handout.audience
    )
    if handout.npc and handout.npc in module.npcs:
        lines.field("About", module.npcs[handout.npc].name)
    if handout.pc and handout.pc in module.pcs:
        lines.field("Character", module.pcs[handout.pc].name)
    if handout.body:
        lines.blank()
        lines.text(handout.body)
    if handout.clues:
        lines.heading("Clues")
        for clue in handout.clues:
            lines.add(
                "• $text [$text-muted]→ $revelation[/]",
                text=clue.text.strip(),
                revelation=clue.revelation,
            )
    return lines.content()


def detail(module: Module, kind: str, identifier: str) -> tuple[str, str, Content] | None:
    """(what, title, body) of an NPC, PC, table or handout; None if there is none such."""
    if kind == "npc" and identifier in module.npcs:
        npc: NPC = module.npcs[identifier]
        return "NPC", npc.name, statblock(module, npc)
    if kind == "pc" and identifier in module.pcs:
        pc = module.pcs[identifier]
        return "Pregenerated character", pc.name, statblock(module, pc)
    if kind == "table" and identifier in module.tables:
        table = module.tables[identifier]
        return "Random table", table.title, table_detail(table)
    if kind == "handout" and identifier in module.handouts:
        handout = module.handouts[identifier]
        return "Handout", handout.title, handout_detail(module, handout)
    return None
