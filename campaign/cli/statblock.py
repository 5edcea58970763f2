"""`campaign statblock MODULE NPC [--roll ENTRY]`: a stat block printed, or one entry rolled.

The block reads as the cast screen shows it (the numbers every roll adds are
`campaign.checks`' own), GM-only lines last under their own heading. With
`--roll`, one entry is rolled: an attack's name rolls to hit, `NAME:damage`
its damage, a skill, attribute, `initiative` or `CONDITION:save` the ruleset's roll with
the character's numbers (`campaign.checks.entries`).
"""

from __future__ import annotations

import argparse
import shutil
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

from campaign.cli.common import EXIT_OK, Subparsers, print_json, seed_or_fresh
from campaign.errors import CampaignError, did_you_mean, nearest

if TYPE_CHECKING:  # the model loads in the command, not with the parser
    from campaign.model import Ability, Module, StatBlock

_WIDTH_MIN, _WIDTH_MAX = 60, 100
_LISTED = 24
"""Most character ids an unknown name's message lists."""


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        joined = " ".join(paragraph.split())
        lines += textwrap.wrap(joined, width, initial_indent=indent, subsequent_indent=indent)
    return lines


def _numbers(module: Module, block: StatBlock) -> list[str]:
    """Attributes, skills and health, with what each roll adds."""
    from campaign.characters import attribute_bonus, max_health
    from campaign.checks import check_roll
    from campaign.model import Check

    ruleset = module.ruleset
    d20 = ruleset.check.attribute_bonus == "d20-modifier"
    attributes = [
        f"{stat.name} {block.attributes[stat.id]}"
        + (f" ({attribute_bonus(ruleset, block.attributes[stat.id]):+d})" if d20 else "")
        for stat in ruleset.attributes
        if stat.id in block.attributes
    ]
    skills = []
    for skill in ruleset.skills:
        if skill.id in block.skills:
            roll = check_roll(
                ruleset, block, Check(task=skill.name, skill=skill.id), unrolled=False
            )
            rating = block.skills[skill.id]
            # A roll-under skill is the number itself: 'Nerve 35', not 'Nerve 35 (35)'.
            shown = "" if roll.shown == str(rating) else f" ({roll.shown})"
            skills.append(f"{skill.name} {rating}{shown}")
    lines = []
    if attributes:
        lines.append("Attributes: " + ", ".join(attributes))
    if skills:
        lines.append("Skills: " + ", ".join(skills))
    lines.append(f"{ruleset.health.name}: {max_health(ruleset, block)}")
    if block.defences:
        lines.append("Defences: " + ", ".join(f"{k} {v}" for k, v in block.defences.items()))
    if block.speed:
        lines.append(f"Speed: {block.speed}")
    lines += [f"{label}: {value}" for label, value in block.properties.items()]
    return lines


def _attacks(block: StatBlock, width: int) -> list[str]:
    lines: list[str] = ["", "Attacks"] if block.attacks else []
    for attack in block.attacks:
        parts = [attack.name]
        if attack.roll:
            parts.append(f"to hit {attack.roll}")
        if attack.damage:
            parts.append(f"damage {attack.damage}")
        if attack.range:
            parts.append(attack.range)
        lines += _wrap(" · ".join(parts), width, "  ")
        if attack.notes:
            lines += _wrap(attack.notes, width, "    ")
    return lines


def _abilities(title: str, abilities: Iterable[Ability | str], width: int) -> list[str]:
    items = list(abilities)
    lines: list[str] = ["", title] if items else []
    for ability in items:
        if isinstance(ability, str):
            lines += _wrap(ability, width, "  ")
            continue
        extra = "".join(f" ({value})" for value in (ability.uses, ability.roll) if value)
        lines += _wrap(f"{ability.name}{extra}. {ability.text}", width, "  ")
    return lines


def _voice(block: StatBlock, width: int) -> list[str]:
    """Sample lines and the mannerism, for the GM to read out and to play."""
    voice = block.voice
    if voice is None or not (voice.lines or voice.mannerism):
        return []
    lines = ["", "Voice"]
    if voice.mannerism:
        lines += _wrap(voice.mannerism, width, "  ")
    for line in voice.lines:
        lines += _wrap(f"“{line}”", width, "  ")
    return lines


def _gm_only(block: StatBlock, width: int) -> list[str]:
    lines: list[str] = []
    if block.allegiance is not None:
        lines += _wrap(
            f"Allegiance: seems {block.allegiance.apparent}; truly {block.allegiance.true}",
            width,
            "  ",
        )
    for label, text in (("Tactics", block.tactics), ("Secret", block.secret)):
        if text:
            lines += _wrap(f"{label}: {text}", width, "  ")
    return ["", "GM only", *lines] if lines else []


def statblock_text(module: Module, block: StatBlock, width: int) -> str:
    """The whole stat block as plain text, `width` columns wide."""
    from campaign.model import PC

    role = block.role
    if isinstance(block, PC) and block.concept:
        role = f"{block.concept} · {role}" if role else block.concept
    lines = [block.name.upper()]
    if role:
        lines += _wrap(role, width)
    if block.tags:
        lines.append(" ".join(f"#{tag}" for tag in block.tags))
    if block.description:
        lines += ["", *_wrap(block.description, width)]
    lines += ["", *(line for entry in _numbers(module, block) for line in _wrap(entry, width))]
    lines += _attacks(block, width)
    lines += _abilities("Traits", block.traits, width)
    lines += _abilities("Actions", block.actions, width)
    lines += _abilities("Reactions", block.reactions, width)
    lines += _abilities("Legendary actions", block.legendary_actions, width)
    if isinstance(block, PC) and block.gadgets:
        lines += ["", "Gadgets"]
        for gadget in block.gadgets:
            uses = f" ({gadget.uses} uses)" if gadget.uses else ""
            lines += _wrap(f"{gadget.name}{uses}. {gadget.effect}", width, "  ")
    lines += _voice(block, width)
    lines += _gm_only(block, width)
    return "\n".join(lines)


def _find_block(module: Module, wanted: str) -> StatBlock:
    """An NPC or PC by id, or by name in any case."""
    blocks: dict[str, StatBlock] = {**module.npcs, **module.pcs}
    if wanted in blocks:
        return blocks[wanted]
    for block in blocks.values():
        if block.name.lower() == wanted.strip().lower():
            return block
    ids = sorted(blocks)
    listed = ", ".join(ids[:_LISTED]) + (
        f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else ""
    )
    raise CampaignError(
        f"no NPC or PC '{wanted}' in {module.id}{_nearest_block(wanted, blocks)}; "
        f"they are: {listed or 'none'}"
    )


def _nearest_block(wanted: str, blocks: dict[str, StatBlock]) -> str:
    """Did-you-mean by id, else by name ('talbot' finds exercise-director, Major Hugh
    Talbot): a GM remembers the name, the module files the id."""
    by_id = did_you_mean(wanted, blocks)
    if by_id:
        return by_id
    ids_by_name = {block.name: block_id for block_id, block in blocks.items()}
    found = [f"'{ids_by_name[name]}' ({name})" for name in nearest(wanted, ids_by_name)]
    return f" (did you mean {' or '.join(found)}?)" if found else ""


def _cmd_statblock(args: argparse.Namespace) -> int:
    import random

    from campaign.checks.entries import find_entry, read_entry
    from campaign.dice import compile as compile_dice
    from campaign.loader import find_module, load_module

    module = load_module(find_module(args.module))
    block = _find_block(module, args.character)
    if args.roll is None:
        if args.json:
            raise CampaignError("--json goes with --roll (the entry rolled as JSON)")
        columns = shutil.get_terminal_size((80, 24)).columns
        print(statblock_text(module, block, max(_WIDTH_MIN, min(columns, _WIDTH_MAX))))
        return EXIT_OK
    entry = find_entry(module.ruleset, block, args.roll)
    difficulty = _difficulty(module, args.difficulty)
    seed = seed_or_fresh(args.seed)
    roll = compile_dice(entry.expression).roll(random.Random(seed))
    reading = read_entry(module.ruleset, block, entry, roll.total, difficulty)
    if args.json:
        read = {}
        if reading is not None:
            read = {"against": reading.against, "result": reading.tier, "label": reading.label}
        print_json(
            {
                "character": block.id,
                "entry": entry.name,
                "kind": entry.kind,
                **roll.to_dict(seed=seed),
                **read,
            }
        )
    else:
        said = f" · {reading}" if reading is not None else ""
        print(f"{block.name}: {entry.name}  {roll.render()}{said}")
    return EXIT_OK


def _difficulty(module: Module, wanted: str | None) -> str | int | None:
    """--difficulty as a rung id of the ruleset's ladder or a bare number."""
    if wanted is None:
        return None
    if wanted.strip().isdigit():
        return int(wanted)
    rungs = {rung.id: rung for rung in module.ruleset.difficulties}
    for rung in rungs.values():
        if wanted.strip().lower() in (rung.id, rung.name.lower()):
            return rung.id
    if not module.ruleset.check.needs_difficulty:
        raise CampaignError(f"ruleset {module.ruleset.id} reads checks by bands: no difficulty")
    raise CampaignError(
        f"no difficulty '{wanted}' in ruleset {module.ruleset.id}"
        f"{did_you_mean(wanted, rungs)}; they are: {', '.join(rungs) or 'none'}"
    )


def add_statblock_command(sub: Subparsers) -> None:
    """`statblock`."""
    statblock = sub.add_parser(
        "statblock",
        help="print an NPC's or PC's stat block, or roll one of its entries",
        description=(
            "Print the stat block of CHARACTER (an NPC or PC id, or its name) in MODULE; "
            "with --roll, roll ENTRY with the ruleset's numbers: an attack's name (to hit), "
            "NAME:damage, a skill, an attribute, initiative (as the combat tracker rolls it), "
            "or CONDITION:save. Names match in any case. "
            "A skill or attribute roll is read as a check: against --difficulty or the "
            "ruleset's default difficulty, or by its bands."
        ),
    )
    statblock.add_argument("module", metavar="MODULE", help="module folder or id")
    statblock.add_argument("character", metavar="CHARACTER", help="NPC or PC id, or its name")
    statblock.add_argument("--roll", metavar="ENTRY", help="roll this entry instead of printing")
    statblock.add_argument(
        "--difficulty",
        metavar="D",
        help="with --roll of a skill or attribute: the difficulty (id, name or number) the "
        "result is read against (default: the ruleset's default difficulty)",
    )
    statblock.add_argument("--seed", type=int, help="seed for a repeatable roll")
    statblock.add_argument(
        "--json", action="store_true", help="with --roll: the expression, every die and the total"
    )
    statblock.set_defaults(handler=_cmd_statblock)
