"""Foundry's inline rolls (`[[/r 1d4]]`, `[[1d6 + 6]]`, `[[/damage 5d6 poison]]`) as module text.

A roll becomes the module's `[[1d4]]` (damage type words kept after it); a
check or save (`[[/save constitution dc=15]]`) becomes words ('DC 15
Constitution', with `format=long` 'DC 15 Constitution saving throw'); the
module's own `[[table:id]]` and `[[npc:id]]` stay when the module has that
table or NPC. Anything else is kept as text and reported.
"""

from __future__ import annotations

import re

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice
from campaign.importers.common import Context
from campaign.importers.foundry_table.documents import Skip
from campaign.importers.srd import ABILITY_NAMES, SKILLS, ability_id, dice, skill_id

_CHECK_COMMANDS = frozenset({"save", "check", "skill", "tool", "ability"})
_ROLL_COMMANDS = frozenset(
    {
        "",
        "r",
        "roll",
        "gmr",
        "gmroll",
        "br",
        "broll",
        "blindroll",
        "sr",
        "selfroll",
        "pr",
        "publicroll",
        "damage",
        "heal",
        "healing",
    }
)
"""Foundry's chat commands that roll dice (the empty one: a bare `[[1d6]]`)."""

_DAMAGE_COMMANDS = frozenset({"damage", "heal", "healing"})

_DAMAGE_WORDS = frozenset(
    [
        "acid",
        "bludgeoning",
        "cold",
        "fire",
        "force",
        "lightning",
        "necrotic",
        "piercing",
        "poison",
        "psychic",
        "radiant",
        "slashing",
        "thunder",
        "healing",
        "temp",
        "temphp",
    ]
)


def replace_inline_rolls(text: str, where: str, context: Context, skip: Skip) -> str:
    """Every `[[...]]` (with its optional `{label}`) in the text, as module text."""
    out: list[str] = []
    position = 0
    while True:
        start = text.find("[[", position)
        if start < 0:
            out.append(text[position:])
            return "".join(out)
        end = _closing(text, start)
        if end < 0:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position:start])
        body = text[start + 2 : end]
        position = end + 2
        label = None
        label_match = re.match(r"\{([^{}]*)\}", text[position:])
        if label_match:
            label = label_match.group(1)
            position += label_match.end()
        out.append(_roll(body.strip(), label, where, context, skip))


def _roll(body: str, label: str | None, where: str, context: Context, skip: Skip) -> str:
    kind, _, target = body.partition(":")
    if target and kind in ("table", "npc") and " " not in kind:
        name = target.strip()
        if context.has(kind, name):
            return f"[[{kind}:{name}]]"
        skip(f"{where}: [[{body}]]", f"no {kind} '{name}' in the module; kept as text")
        return f"{kind} {name}"
    command = ""
    formula = body
    if body.startswith("/"):
        command, _, formula = body[1:].partition(" ")
        command = command.lower()
    if command in _CHECK_COMMANDS:
        return _check_words(command, formula) + (f" ({label})" if label else "")
    if command in _ROLL_COMMANDS:
        return _dice_roll(body, command, formula, label, where, skip)
    skip(
        f"{where}: [[{body}]]",
        f"Foundry's /{command} command has no campaign equivalent; kept as text",
    )
    return label or formula


def _dice_roll(
    body: str, command: str, formula: str, label: str | None, where: str, skip: Skip
) -> str:
    """A rolling command as `[[dice]]`, with its damage words and its label's words."""
    rolled, extra = _formula(formula, damage=command in _DAMAGE_COMMANDS)
    try:
        compile_dice(rolled)
    except DiceError:
        skip(
            f"{where}: inline roll [[{body}]]",
            "not a dice expression campaign can roll; kept as text",
        )
        return label or formula
    roll = f"[[{rolled}]]" + (f" {extra}" if extra else "")
    if label:
        said = _says_formula(label, rolled)
        if said is not None:  # '{1d4 × 10}' shows the roll itself: keep the roll once
            rest = label[said:].strip()
            return f"[[{rolled}]]" + (f" {rest}" if rest else "")
        return f"{label} ({roll})"
    return roll


def _says_formula(label: str, formula: str) -> int | None:
    """Where the label stops saying the roll's formula ('1d4 × 10' says '1d4 * 10'), or None.

    The whole formula must be said: a label that gives only its first die
    ('1d4' of '1d4 * 10') would leave the rest as words and multiply twice.
    """
    compact = re.sub(r"\s+", "", formula.split("#")[0])
    if not compact:
        return None
    pattern = r"\s*".join("[*×x]" if char == "*" else re.escape(char) for char in compact)
    match = re.match(r"\s*" + pattern + r"(?![\w*×])", label, re.IGNORECASE)
    return match.end() if match else None


def _closing(text: str, start: int) -> int:
    """Index of the ']]' closing the '[[' at start (single brackets inside are allowed)."""
    depth = 0
    index = start + 2
    while index < len(text):
        char = text[index]
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return index if text.startswith("]]", index) else -1
            depth -= 1
        index += 1
    return -1


def _formula(text: str, *, damage: bool) -> tuple[str, str]:
    """A Foundry roll formula as a campaign dice expression, and any damage type words."""
    text = re.sub(r"#.*$", "", text).strip()
    formula_parts: list[str] = []
    words: list[str] = []
    for token in text.split():
        key, _, value = token.partition("=")
        if value and key.lower() in ("formula", "type", "average", "format"):
            if key.lower() == "formula":
                formula_parts.append(value)
            elif key.lower() == "type":
                words.append(value)
            continue
        if damage and token.lower() in _DAMAGE_WORDS | {"average", "avg", "extended"}:
            if token.lower() not in ("average", "avg", "extended", "temp", "temphp"):
                words.append(token.lower())
            continue
        formula_parts.append(token)
    formula = dice(re.sub(r"\[[^\]]*\]", "", "".join(formula_parts)))
    return formula, " ".join(words)


def _check_words(command: str, text: str) -> str:
    """'constitution dc=15' -> 'DC 15 Constitution'; 'perception 12' -> 'DC 12 Perception'.

    With `format=long` the words are what Foundry's dnd5e shows then: 'DC 15
    Constitution saving throw' for a save, '... check' for the others.
    """
    names: list[str] = []
    dc = ""
    long_format = False
    for token in text.replace(",", " ").split():
        key, _, value = token.partition("=")
        if value and key.lower() == "dc":
            dc = value
            continue
        if value and key.lower() == "format":
            long_format = value.lower() == "long"
            continue
        if value:
            token = value
        if token.isdigit():
            dc = token
            continue
        ability = ability_id(token)
        skill = skill_id(token)
        if ability:
            names.append(ABILITY_NAMES[ability])
        elif skill:
            names.append(SKILLS[skill][0])
        else:
            names.append(token.replace("-", " ").title())
    what = " ".join(names) or command.title()
    if long_format:
        what += " saving throw" if command == "save" else " check"
    return f"DC {dc} {what}" if dc else what
