"""A stat block's rollable entries by name: attacks, damage, skills, attributes, saves.

`campaign statblock MODULE NPC --roll ENTRY` and any screen that rolls "by
name" ask `find_entry`: an attack's name rolls to hit, `NAME:damage` its
damage, a skill or attribute (name or id) the ruleset's check with the
character's numbers (the same expression the cast's chips roll),
`initiative` the roll the combat tracker makes for the character, a
condition's name (or `NAME:save`) the bearer's save, and an ability with a
roll its roll. Names match case-insensitively; a wrong one says what would.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.characters import initiative_expression, template_values
from campaign.checks.reading import read_total
from campaign.checks.rolls import check_roll
from campaign.checks.targets import describe_target
from campaign.errors import CampaignError, did_you_mean
from campaign.model import Check, Ruleset, StatBlock
from campaign.model.common import fill_template


@dataclass(frozen=True, slots=True)
class Entry:
    """One rollable thing on a stat block."""

    name: str
    """How it is asked for ('Walther PPK', 'Walther PPK:damage', 'Persuade')."""
    kind: str
    """'attack', 'damage', 'skill', 'attribute', 'initiative', 'save' or 'ability'."""
    expression: str
    """The dice expression rolled, with the character's numbers in it."""
    check: Check | None = None
    """A skill or attribute: the check it rolls, so its total can be read (`read_entry`)."""


def _attack_entries(block: StatBlock) -> list[Entry]:
    entries: list[Entry] = []
    for attack in block.attacks:
        if attack.roll is not None:
            entries.append(Entry(attack.name, "attack", attack.roll))
        if attack.damage is not None:
            entries.append(Entry(f"{attack.name}:damage", "damage", attack.damage))
    return entries


def _check_entries(ruleset: Ruleset, block: StatBlock) -> list[Entry]:
    entries: list[Entry] = []
    for skill in ruleset.skills:
        check = Check(task=skill.name, skill=skill.id)
        roll = check_roll(ruleset, block, check, unrolled=False)
        entries.append(Entry(skill.name, "skill", roll.expression, check))
    for attribute in ruleset.attributes:
        check = Check(task=attribute.name, attribute=attribute.id)
        roll = check_roll(ruleset, block, check, unrolled=False)
        entries.append(Entry(attribute.name, "attribute", roll.expression, check))
    return entries


@dataclass(frozen=True, slots=True)
class Reading:
    """A rolled skill or attribute read as the ruleset reads a check."""

    against: str
    """What it was read against ('Standard 15', 'Regular 45', 'Tidy: 2 successes'), or ''
    for bands, read by the total alone."""
    tier: str
    """The result tier's id ('success')."""
    label: str
    """The result as the ruleset announces it ('Extreme success', 'Weak hit')."""

    def __str__(self) -> str:
        return f"vs {self.against} → {self.label}" if self.against else self.label


def read_entry(
    ruleset: Ruleset,
    block: StatBlock,
    entry: Entry,
    total: int,
    difficulty: str | int | None = None,
) -> Reading | None:
    """A skill or attribute roll's result against `difficulty` (an id or a number; the
    ruleset's default when None), or by its bands. None for other entries, or when there
    is nothing to read against (no difficulty given and no default)."""
    if entry.check is None:
        return None
    check = entry.check.model_copy(update={"difficulty": difficulty}) if difficulty else entry.check
    roll = check_roll(ruleset, block, check, unrolled=False)
    if ruleset.check.needs_difficulty and roll.target is None:
        return None
    number = roll.target.number if roll.target is not None else None
    tier = read_total(ruleset.check, total, number, roll.base)
    against = ""
    if roll.target is not None:
        # A roll-under number is the character's own, divided: say the number itself.
        named = f"{roll.target.name} {roll.target.number}".strip()
        against = named if roll.base is not None else describe_target(ruleset, check)
    return Reading(against, tier.id, tier.label)


def _save_entries(ruleset: Ruleset, block: StatBlock) -> list[Entry]:
    values = {"attribute": 0, "skill": 0, **template_values(ruleset, block)}
    return [
        Entry(f"{condition.name}:save", "save", fill_template(condition.save, values))
        for condition in ruleset.conditions
        if condition.save is not None
    ]


def _ability_entries(block: StatBlock) -> list[Entry]:
    abilities = [*block.actions, *block.reactions, *block.legendary_actions]
    abilities += [trait for trait in block.traits if not isinstance(trait, str)]
    return [Entry(ability.name, "ability", ability.roll) for ability in abilities if ability.roll]


def _initiative_entry(ruleset: Ruleset, block: StatBlock, taken: list[Entry]) -> list[Entry]:
    """The roll the combat tracker makes for this character, unless a skill or an
    attack of the same name already answers to 'initiative'."""
    if any(entry.name.lower() == "initiative" for entry in taken):
        return []
    return [Entry("Initiative", "initiative", initiative_expression(ruleset, block))]


def block_entries(ruleset: Ruleset, block: StatBlock) -> list[Entry]:
    """Every rollable entry of the stat block, in the order a printed block lists them."""
    entries = [*_attack_entries(block), *_check_entries(ruleset, block)]
    return [
        *entries,
        *_initiative_entry(ruleset, block, entries),
        *_save_entries(ruleset, block),
        *_ability_entries(block),
    ]


def _aliases(ruleset: Ruleset, entry: Entry) -> set[str]:
    """The names an entry answers to, lowercased: its name, and a stat's id."""
    names = {entry.name.lower()}
    if entry.kind == "save":
        names.add(entry.name.removesuffix(":save").lower())
    stats = {skill.name: skill.id for skill in ruleset.skills} if entry.kind == "skill" else {}
    if entry.kind == "attribute":
        stats = {attribute.name: attribute.id for attribute in ruleset.attributes}
    if entry.name in stats:
        names.add(stats[entry.name].lower())
    return names


def find_entry(ruleset: Ruleset, block: StatBlock, wanted: str) -> Entry:
    """The entry named `wanted` (any case); CampaignError with the names there are."""
    entries = block_entries(ruleset, block)
    key = wanted.strip().lower()
    for entry in entries:
        if key in _aliases(ruleset, entry):
            return entry
    names = [entry.name for entry in entries]
    # 'garrotte' for 'Walkman garrotte': a word of a name is the likeliest meaning.
    within = [name for name in names if key and key in name.lower().split()]
    hint = f" (did you mean '{within[0]}'?)" if len(within) == 1 else did_you_mean(wanted, names)
    listed = ", ".join(names) if names else "none"
    raise CampaignError(f"{block.name} has no roll '{wanted}'{hint}; the rolls are: {listed}")
