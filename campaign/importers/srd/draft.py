"""`NpcDraft`: how a printed 5e stat block maps onto an NPC document.

Ability scores -> attributes, AC -> defences, hit points and their roll ->
health, attacks parsed for their to-hit roll and damage dice, recharge and
per-day limits -> uses, and the remaining printed lines -> properties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from campaign.importers.common import Context, Imported, clean_text
from campaign.importers.srd.attack_text import (
    AttackText,
    parse_attack,
    roll_in_text,
    split_uses,
    unread_roll,
)
from campaign.importers.srd.notation import combine, dice, is_dice, modifier, signed
from campaign.importers.srd.vocabulary import ABILITIES, SKILLS

_PROFICIENCY = re.compile(r"(?:plus|\+)\s*(?:PB|(?:your|its|the)\s+proficiency bonus)\b", re.I)
"""'+3 plus PB to hit', '6 (1d8+2) + PB slashing damage', '+ your proficiency bonus'."""

PROPERTY_ORDER: tuple[str, ...] = (
    "Size and type",
    "Armor",
    "Ability Scores",
    "Saving Throws",
    "Skills",
    "Damage Vulnerabilities",
    "Damage Resistances",
    "Damage Immunities",
    "Condition Immunities",
    "Senses",
    "Languages",
    "Challenge",
    "Proficiency Bonus",
    "Legendary Actions",
    "Spellcasting",
    "Source",
)
"""Properties in the order a printed stat block gives them; others follow."""


@dataclass
class NpcDraft:
    """An NPC document being assembled from a 5e stat block, with its report context."""

    context: Context
    file: str
    name: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    skill_bonuses: dict[str, int] = field(default_factory=dict)
    """SRD skill id -> total bonus as printed."""
    other_skills: list[str] = field(default_factory=list)
    """Skills the SRD does not know, as printed ('Thieves tools +7')."""
    health: int | None = None
    health_roll: str | None = None
    ac: int | None = None
    speed: str = ""
    attacks: list[dict[str, Any]] = field(default_factory=list)
    traits: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    reactions: list[dict[str, Any]] = field(default_factory=list)
    legendary_actions: list[dict[str, Any]] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)

    def skip(self, what: str, why: str, *, line: int | None = None) -> None:
        """One report line; `line`, where the source's field is known, makes it 'FILE:LINE'."""
        where = f"{self.file}:{line}" if line is not None else self.file
        self.context.report.skip(where, self.name, what, why)

    def prop(self, label: str, value: Any) -> None:
        text = clean_text(value)
        if text:
            self.properties[label] = text

    def set_hit_dice(self, value: Any, *, what: str = "hit_dice", line: int | None = None) -> None:
        """The dice hit points are rolled with; call it after `health` is set."""
        text = clean_text(value)
        if not text:
            return
        if text.isascii() and text.isdigit():
            self._number_as_hit_dice(int(text), what, line)
            return
        compact = dice(text)
        if is_dice(compact):
            self.health_roll = compact
        else:
            self.skip(what, f"'{text}' is not a dice expression", line=line)

    def _number_as_hit_dice(self, number: int, what: str, line: int | None) -> None:
        """`hit_dice: 52`: a number where the dice go. Fantasy Statblocks prints it after the
        hit points ('52 (52)') and a dice roller rolls it as 52 every time: fixed hit points,
        not a roll. Vault notes repeat the hit points there (`hp: 52`, `hit_dice: 52`), which
        is read as 52 hit points with no roll. Any other number is a guess: one line says which."""
        if number == self.health:
            return
        expected = "hit dice are written as dice, such as '8d8+16'"
        if self.health is None:
            self.health = number
            self.skip(
                f"{what} '{number}' as a roll",
                f"a number, not dice, and no hit points given: rolling '{number}' always "
                f"gives {number}, so the NPC has {number} hit points and no roll; {expected}",
                line=line,
            )
            return
        self.skip(
            f"{what} '{number}'",
            f"a number, not dice, and not the hit points given ({self.health}): the NPC "
            f"has {self.health} hit points and no roll; {expected}",
            line=line,
        )

    def ability(
        self, kind: str, name: str, text: str, *, uses: str | None = None, roll: str | None = None
    ) -> None:
        """Add a trait, action, reaction or legendary action ('kind' is the list's name)."""
        clean_name, name_uses = split_uses(_item_name(name))
        entry: dict[str, Any] = {"name": clean_name or name, "text": text.strip()}
        roll = roll or roll_in_text(text)
        if roll and is_dice(roll):
            entry["roll"] = roll
            self._report_proficiency(entry["name"], text, "roll")
        if uses or name_uses:
            entry["uses"] = uses or name_uses
        if not entry["text"]:
            entry["text"] = clean_name or name
        getattr(self, kind).append(entry)

    def action(
        self,
        name: str,
        text: str,
        *,
        bonus: int | None = None,
        damage: list[str] | None = None,
        uses: str | None = None,
        kind: str = "actions",
    ) -> None:
        """An action: an attack when it rolls to hit (from its fields or its text), else an ability.

        `bonus` and `damage` are what the source's fields say. They are checked
        against the printed text, which wins where they disagree (a source's
        fields carry typing errors its text does not: Vampire Spawn's bite at
        +61, a Werewolf's spear at 1d6-2); every disagreement is reported. The
        text fills in what the fields leave out (reach, a bonus the damage field
        lacks, 'plus 7 (2d6) necrotic').
        """
        parsed = parse_attack(text)
        if kind != "actions" or (parsed is None and not (bonus and damage)):
            roll = combine(damage) if damage else None
            self.ability(kind, name, text, uses=uses, roll=roll)
            return
        name = _item_name(name)
        attack: dict[str, Any] = {"name": name}
        to_hit = self._checked_bonus(name, bonus, parsed.bonus if parsed else None)
        if to_hit is not None:
            attack["roll"] = f"1d20{signed(to_hit)}"
        rolled = self._checked_damage(name, damage, parsed, text)
        if rolled:
            attack["damage"] = rolled
        if parsed and parsed.reach:
            attack["range"] = parsed.reach
        if text.strip():
            attack["notes"] = text.strip()
        if uses:
            attack["name"] = f"{attack['name']} ({uses})"
        self._report_proficiency(name, text, "attack's rolls")
        self.attacks.append(attack)

    def _report_proficiency(self, name: str, text: str, what: str) -> None:
        """A summoned creature's '+3 plus PB to hit', '1d8 + PB': the bonus is the summoner's,
        which no module NPC knows, so the roll leaves it out and the report says so."""
        said = _PROFICIENCY.search(text)
        if said:
            self.skip(
                f"{name}: {said.group(0).strip()}",
                f"the summoner's proficiency bonus is not in the {what}; add it by hand",
            )

    def _checked_bonus(self, name: str, field: int | None, printed: int | None) -> int | None:
        """The to-hit bonus: the field's, unless the text prints another (then the text's)."""
        if field and printed is not None and field != printed:
            self.skip(
                f"{name}: attack_bonus {signed(field)}",
                f"the text says {signed(printed)} to hit; the attack rolls the text's",
            )
            return printed
        return field if field else printed

    def _checked_damage(
        self, name: str, fields: list[str] | None, parsed: AttackText | None, text: str
    ) -> str | None:
        """The damage roll: the text's where it prints one, checked against the fields."""
        printed = parsed.damage if parsed else []
        field_roll = combine(fields) if fields else None
        text_roll = combine(printed) if printed else None
        if parsed is not None and text_roll is None and unread_roll(text):
            self.skip(
                f"{name}: damage",
                "the text rolls damage after 'Hit:' that is not the hit's own (a saving "
                "throw, a later turn) or not written as 'N (XdY) type damage'; "
                + (f"kept the fields' {field_roll}" if field_roll else "the attack rolls none"),
            )
        chosen = text_roll or field_roll
        if field_roll and text_roll:
            first = combine(printed[: len(fields or [])])
            if field_roll not in (first, text_roll):
                self.skip(
                    f"{name}: damage {' + '.join(fields or [])}",
                    _disagreement(field_roll, first, printed, text_roll),
                )
        if chosen and is_dice(chosen):
            return chosen
        if chosen:
            self.skip(f"{name}.damage", f"'{chosen}' is not a dice expression")
        return None

    def build(self, *, preferred_id: str | None = None) -> Imported:
        ruleset = self.context.ruleset
        data: dict[str, Any] = {
            "id": self.context.allocate("npc", self.name, preferred_id, file=self.file),
            "name": self.name,
        }
        tags = [tag for index, tag in enumerate(self.tags) if tag and tag not in self.tags[:index]]
        if tags:
            data["tags"] = tags
        if self.description:
            data["description"] = self.description
        if self.scores:
            missing = [
                key for key in ABILITIES if key in self.scores and key not in ruleset.attributes
            ]
            if missing:
                self.skip(
                    "attributes",
                    f"the module's ruleset '{ruleset.id}' has no attribute "
                    f"{', '.join(missing)}; kept as the 'Ability Scores' property",
                )
                self.properties["Ability Scores"] = ", ".join(
                    f"{key.upper()} {score} ({signed(modifier(score))})"
                    for key, score in self.scores.items()
                )
            else:
                data["attributes"] = dict(self.scores)
        skills = self._skills()
        if skills:
            data["skills"] = skills
        if self.health is not None:
            if self.health >= 1:
                data["health"] = self.health
            else:
                self.skip("hit points", f"{self.health} is not a positive number")
        if self.health_roll:
            data["health_roll"] = self.health_roll
        if self.ac is not None:
            data["defences"] = {"AC": self.ac}
        if self.speed:
            data["speed"] = self.speed
        for name in ("attacks", "traits", "actions", "reactions", "legendary_actions"):
            items = getattr(self, name)
            if items:
                data[name] = items
        if self.properties:
            order = {label: index for index, label in enumerate(PROPERTY_ORDER)}
            data["properties"] = dict(
                sorted(self.properties.items(), key=lambda item: order.get(item[0], len(order)))
            )
        return Imported("npc", data, self.file, self.name)

    def _skills(self) -> dict[str, int]:
        """Skill ratings for the ruleset's skills: the printed bonus less the ability modifier."""
        ruleset = self.context.ruleset
        ratings: dict[str, int] = {}
        unplaced: list[str] = []
        for key, bonus in self.skill_bonuses.items():
            target = ruleset.skills.get(key)
            ability = SKILLS[key][1]
            if target is None:
                unplaced.append(SKILLS[key][0])
            elif ruleset.d20 and ability in self.scores:
                ratings[target] = bonus - modifier(self.scores[ability])
            elif not ruleset.d20:
                ratings[target] = bonus
            else:
                unplaced.append(SKILLS[key][0])
        if unplaced:
            self.skip(
                "skills",
                f"no skill rating for {', '.join(unplaced)} in the module's ruleset "
                f"'{ruleset.id}'; kept in the 'Skills' property",
            )
        if self.skill_bonuses or self.other_skills:
            printed = [
                f"{SKILLS[key][0]} {signed(bonus)}" for key, bonus in self.skill_bonuses.items()
            ]
            self.properties["Skills"] = ", ".join([*printed, *self.other_skills])
        return ratings


def _item_name(name: str) -> str:
    """'Rend.' -> 'Rend': a stat block prints a period after each name (notes often keep it
    in the name field); traits, actions and attacks alike are named without it."""
    return name.strip().rstrip(".").rstrip()


def _dice_only(roll: str | None) -> str | None:
    """'2d6+1d8+4' -> '2d6+1d8': the dice of a roll without its constant."""
    return re.sub(r"[+-]\d+(?![\dd])", "", roll) if roll else None


def _disagreement(field: str, first: str | None, printed: list[str], text: str) -> str:
    """Why a damage field is not what the attack rolls: a bonus left out, or another roll."""
    if field in (_dice_only(first), _dice_only(text)):
        return (
            f"it leaves out the bonus the text prints ({' plus '.join(printed)}); "
            f"the attack rolls {text}"
        )
    return f"the text says {' plus '.join(printed)}; the attack rolls the text's {text}"
