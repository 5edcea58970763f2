"""Fifth-edition SRD stat blocks, whatever the source: abilities, skills, attacks, uses.

The three monster importers read their own field names and hand the values to
`NpcDraft`, which knows how a printed 5e stat block maps onto an NPC document:
ability scores -> attributes, AC -> defences, hit points and their roll ->
health, attacks parsed for their to-hit roll and damage dice, recharge and
per-day limits -> uses, and the remaining printed lines -> properties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice
from campaign.importers.common import Context, Imported, clean_text, slug, source_label

ABILITIES: tuple[str, ...] = ("str", "dex", "con", "int", "wis", "cha")
ABILITY_NAMES: dict[str, str] = {
    "str": "Strength",
    "dex": "Dexterity",
    "con": "Constitution",
    "int": "Intelligence",
    "wis": "Wisdom",
    "cha": "Charisma",
}
_ABILITY_WORDS: dict[str, str] = {
    **{key: key for key in ABILITIES},
    **{name.lower(): key for key, name in ABILITY_NAMES.items()},
}

SKILLS: dict[str, tuple[str, str]] = {
    "acrobatics": ("Acrobatics", "dex"),
    "animal-handling": ("Animal Handling", "wis"),
    "arcana": ("Arcana", "int"),
    "athletics": ("Athletics", "str"),
    "deception": ("Deception", "cha"),
    "history": ("History", "int"),
    "insight": ("Insight", "wis"),
    "intimidation": ("Intimidation", "cha"),
    "investigation": ("Investigation", "int"),
    "medicine": ("Medicine", "wis"),
    "nature": ("Nature", "int"),
    "perception": ("Perception", "wis"),
    "performance": ("Performance", "cha"),
    "persuasion": ("Persuasion", "cha"),
    "religion": ("Religion", "int"),
    "sleight-of-hand": ("Sleight of Hand", "dex"),
    "stealth": ("Stealth", "dex"),
    "survival": ("Survival", "wis"),
}
"""SRD skill id -> (name, ability)."""

CR_XP: dict[str, int] = {
    "0": 10,
    "1/8": 25,
    "1/4": 50,
    "1/2": 100,
    "1": 200,
    "2": 450,
    "3": 700,
    "4": 1100,
    "5": 1800,
    "6": 2300,
    "7": 2900,
    "8": 3900,
    "9": 5000,
    "10": 5900,
    "11": 7200,
    "12": 8400,
    "13": 10000,
    "14": 11500,
    "15": 13000,
    "16": 15000,
    "17": 18000,
    "18": 20000,
    "19": 22000,
    "20": 25000,
    "21": 33000,
    "22": 41000,
    "23": 50000,
    "24": 62000,
    "25": 75000,
    "26": 90000,
    "27": 105000,
    "28": 120000,
    "29": 135000,
    "30": 155000,
}
"""Experience points by challenge rating (SRD 5.1)."""


def ability_id(word: str) -> str | None:
    """'Dexterity', 'dex', 'DEX', 'saving-throw-dex' -> 'dex'."""
    text = word.strip().lower().removeprefix("saving-throw-").removeprefix("saving throw:")
    return _ABILITY_WORDS.get(text.strip())


def skill_id(word: str) -> str | None:
    """'Sleight of Hand', 'sleight_of_hand', 'skill-stealth', 'Skill: Stealth' -> SRD skill id."""
    text = word.strip().lower().removeprefix("skill:").removeprefix("skill-").strip()
    key = re.sub(r"[^a-z]+", "-", text).strip("-")
    return key if key in SKILLS else None


def modifier(score: int) -> int:
    return (score - 10) // 2


def signed(number: int) -> str:
    return f"+{number}" if number >= 0 else str(number)


def dice(text: str) -> str:
    """A dice expression written compactly: '18d10 + 36' -> '18d10+36', '2d6 + -2' -> '2d6-2'."""
    compact = re.sub(r"\s+", "", text)
    return compact.replace("+-", "-").replace("-+", "-").replace("--", "+")


def is_dice(text: str) -> bool:
    try:
        compile_dice(text)
    except DiceError:
        return False
    return True


_TERM = re.compile(r"([+-]?)(\d*d\d+|\d+)")


def combine(parts: list[str]) -> str | None:
    """Damage parts as one roll, dice first: ['2d10+6', '1d8'] -> '2d10+1d8+6'."""
    dice_terms: list[str] = []
    constant = 0
    for part in parts:
        text = dice(part)
        position = 0
        for match in _TERM.finditer(text):
            if match.start() != position:
                return None
            position = match.end()
            sign, term = match.groups()
            if "d" in term:
                dice_terms.append(f"{'-' if sign == '-' else '+'}{term}")
            else:
                constant += -int(term) if sign == "-" else int(term)
        if position != len(text):
            return None
    if not dice_terms:
        return str(constant) if parts else None
    result = "".join(dice_terms).lstrip("+")
    if constant:
        result += signed(constant)
    return result


def cr_text(value: Any) -> str | None:
    """A challenge rating as printed: 0.25 -> '1/4', 21 -> '21', '1/2' -> '1/2'."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        fractions = {0.125: "1/8", 0.25: "1/4", 0.5: "1/2"}
        if value in fractions:
            return fractions[value]
        return str(int(value)) if float(value).is_integer() else str(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return cr_text(float(text))
    except ValueError:
        return text


def challenge(cr: Any, xp: Any = None) -> str | None:
    """'10 (5,900 XP)'."""
    text = cr_text(cr)
    if text is None:
        return None
    points = xp if isinstance(xp, int) and not isinstance(xp, bool) else CR_XP.get(text)
    return f"{text} ({points:,} XP)" if points is not None else text


def speed_text(value: Any) -> str:
    """A speed line from '30 ft., fly 60 ft.' or {'walk': 30, 'fly': 60, 'hover': true}."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, dict):
        return ""
    parts: list[str] = []
    hover = bool(value.get("hover"))
    for mode, amount in value.items():
        if mode in ("hover", "notes") or amount in (None, "", 0, False):
            continue
        distance = f"{amount} ft." if isinstance(amount, int | float) else str(amount).strip()
        if mode == "fly" and hover:
            distance += " (hover)"
        parts.append(distance if mode == "walk" else f"{mode} {distance}")
    if parts and not str(parts[0])[:1].isdigit() and "walk" not in value:
        parts.insert(0, "0 ft.")
    notes = clean_text(value.get("notes"))
    text = ", ".join(parts)
    return f"{text} ({notes})" if notes else text


# --- parsing action text -----------------------------------------------------

_ATTACK = re.compile(
    r"(?P<kind>Melee or Ranged|Melee|Ranged)\s+(?:Weapon\s+|Spell\s+)?Attack(?:\s+Roll)?"
    r"[:.]?[*_\s]*(?P<bonus>[+-]\s*\d+)(?:\s+to hit)?",
    re.IGNORECASE,
)
_BARE_TO_HIT = re.compile(r"^[*_\s]*(?P<bonus>[+-]\s*\d+)\s+to hit\b", re.IGNORECASE)
_REACH = re.compile(
    r"\b(reach\s+\d+\s*ft\.?(?:\s+or\s+range\s+\d+(?:/\d+)?\s*ft\.?)?|range\s+\d+(?:/\d+)?\s*ft\.?)",
    re.IGNORECASE,
)
_DICE_IN_TEXT = r"\d+d\d+(?:\s*[+-]\s*\d+d\d+)*(?:\s*[+-]\s*\d+)?"
_DAMAGE = re.compile(
    r"(?P<average>\d+)\s*\((?P<dice>" + _DICE_IN_TEXT + r")\)"
    r"(?:\s*(?!(?:plus|and|damage)\b)(?P<type>[A-Za-z]+)\b)?(?:\s+damage)?",
    re.IGNORECASE,
)
_FLAT_DAMAGE = re.compile(r"(?P<average>\d+)\s+(?P<type>[A-Za-z]+)\s+damage", re.IGNORECASE)
_PLUS = re.compile(r"\s*,?\s*(?:plus|and|\+)\s+")
_HIT = re.compile(r"\bHit[*_]*:")
_SENTENCE_END = re.compile(r"\.(?:\s+[A-Z*_]|\s*$)")
_CONDITIONAL = re.compile(r"\s*(?:if|when|while|against|on a)\b", re.IGNORECASE)
_ANY_ROLL = re.compile(r"\d+\s*\((" + _DICE_IN_TEXT + r")\)")
_USES = re.compile(
    r"\s*\((?P<uses>(?:Recharge[^)]*)|(?:\d+/(?:day|turn|long rest|short rest)[^)]*)"
    r"|(?:costs\s+\d+\s+actions?))\)\s*[.,]?\s*$",
    re.IGNORECASE,
)


@dataclass
class AttackText:
    """What a printed attack says: its bonus, reach or range, and its damage."""

    bonus: int | None = None
    reach: str | None = None
    damage: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


def parse_attack(text: str) -> AttackText | None:
    """'Melee Weapon Attack: +9 to hit, reach 10 ft., ... Hit: 12 (2d6 + 5) bludgeoning damage.'

    The damage is the roll right after 'Hit:' (or, in blocks written without
    'Hit:', the first roll in the attack's sentence), with any further
    'plus N (XdY) type damage' that is not conditional ('... if the attack
    roll had advantage').
    """
    match = _ATTACK.search(text) or _BARE_TO_HIT.match(text)
    if match is None:
        return None
    found = AttackText(bonus=int(re.sub(r"\s+", "", match.group("bonus"))))
    reach = _REACH.search(text, match.end())
    if reach:
        found.reach = " ".join(reach.group(1).split()).rstrip(".") + "."
    hit = _HIT.search(text, match.end())
    if hit:
        position = _skip_space(text, hit.end())
        damage = _DAMAGE.match(text, position)
        if damage is None:
            flat = _FLAT_DAMAGE.match(text, position)
            if flat:
                found.damage.append(flat.group("average"))
                found.types.append(flat.group("type").lower())
            return found
    else:
        end = _SENTENCE_END.search(text, match.end())
        damage = _DAMAGE.search(text, match.end(), end.start() if end else len(text))
        if damage is None:
            return found
    found.damage.append(damage.group("dice"))
    if damage.group("type"):
        found.types.append(damage.group("type").lower())
    position = damage.end()
    while True:
        plus = _PLUS.match(text, position)
        if plus is None:
            break
        extra = _DAMAGE.match(text, plus.end())
        if extra is None or _CONDITIONAL.match(text, extra.end()):
            break
        found.damage.append(extra.group("dice"))
        if extra.group("type"):
            found.types.append(extra.group("type").lower())
        position = extra.end()
    return found


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " *_":
        position += 1
    return position


def roll_in_text(text: str) -> str | None:
    """The first 'N (XdY + Z)' roll a description prints, compacted."""
    match = _ANY_ROLL.search(text)
    return dice(match.group(1)) if match else None


def split_uses(name: str) -> tuple[str, str | None]:
    """'Acid Breath (Recharge 5-6)' -> ('Acid Breath', 'Recharge 5-6')."""
    match = _USES.search(name)
    if match is None:
        return name.strip().rstrip(",").strip(), None
    return name[: match.start()].strip(), " ".join(match.group("uses").split())


# --- the NPC document --------------------------------------------------------

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

    def skip(self, what: str, why: str) -> None:
        self.context.report.skip(self.file, self.name, what, why)

    def prop(self, label: str, value: Any) -> None:
        text = clean_text(value)
        if text:
            self.properties[label] = text

    def set_hit_dice(self, value: Any, *, what: str = "hit_dice") -> None:
        text = clean_text(value)
        if not text:
            return
        compact = dice(text)
        if is_dice(compact):
            self.health_roll = compact
        else:
            self.skip(what, f"'{text}' is not a dice expression")

    def ability(
        self, kind: str, name: str, text: str, *, uses: str | None = None, roll: str | None = None
    ) -> None:
        """Add a trait, action, reaction or legendary action ('kind' is the list's name)."""
        clean_name, name_uses = split_uses(name)
        entry: dict[str, Any] = {"name": clean_name or name, "text": text.strip()}
        roll = roll or roll_in_text(text)
        if roll and is_dice(roll):
            entry["roll"] = roll
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
        complete: bool = True,
    ) -> None:
        """An action: an attack when it rolls to hit (from its fields or its text), else an ability.

        `bonus` and `damage` are what the source's fields say; the text fills in
        what they leave out (reach; with complete=False, extra damage printed
        with 'plus' that the fields do not hold).
        """
        parsed = parse_attack(text)
        if kind != "actions" or (parsed is None and not (bonus and damage)):
            roll = combine(damage) if damage else None
            self.ability(kind, name, text, uses=uses, roll=roll)
            return
        attack: dict[str, Any] = {"name": name.strip()}
        to_hit = bonus if bonus else (parsed.bonus if parsed else bonus)
        if to_hit is not None:
            attack["roll"] = f"1d20{signed(to_hit)}"
        parts = list(damage) if damage else (parsed.damage if parsed else [])
        if damage and not complete and parsed and len(parsed.damage) > len(damage):
            parts = [*damage, *parsed.damage[len(damage) :]]
        rolled = combine(parts) if parts else None
        if rolled and is_dice(rolled):
            attack["damage"] = rolled
        elif parts:
            self.skip(f"{name}.damage", f"'{' + '.join(parts)}' is not a dice expression")
        if parsed and parsed.reach:
            attack["range"] = parsed.reach
        if text.strip():
            attack["notes"] = text.strip()
        if uses:
            attack["name"] = f"{attack['name']} ({uses})"
        self.attacks.append(attack)

    def build(self, *, preferred_id: str | None = None) -> Imported:
        ruleset = self.context.ruleset
        data: dict[str, Any] = {
            "id": self.context.allocate(
                "npc", self.name, preferred_id, source=source_label(self.file, self.name)
            ),
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


# --- helpers the monster importers share -------------------------------------


def size_and_type(size: Any, kind: Any, subtype: Any, alignment: Any) -> str:
    """'Large aberration, lawful evil'; 'Medium humanoid (any race), any alignment'."""
    words = " ".join(part for part in (clean_text(size), clean_text(kind).lower()) if part)
    sub = clean_text(subtype).strip("()")
    if sub:
        words += f" ({sub})"
    align = clean_text(alignment)
    return f"{words}, {align}" if words and align else words or align


def joined(values: Any) -> str:
    """A printed list from 'acid', ['acid', 'fire'] or [{'name': 'Poisoned'}]."""
    if isinstance(values, str):
        return values.strip()
    if not isinstance(values, list):
        return ""
    names = [
        clean_text(value.get("name")) if isinstance(value, dict) else clean_text(value)
        for value in values
    ]
    names = [name for name in names if name]
    separator = "; " if any("," in name for name in names) else ", "
    return separator.join(names)


def monster_tags(*values: Any) -> list[str]:
    """Tags from a creature type, subtype, group and environments (slugs, no repeats)."""
    tags: list[str] = []
    for value in values:
        items = value if isinstance(value, list) else [value]
        for item in items:
            text = clean_text(item.get("name")) if isinstance(item, dict) else clean_text(item)
            tag = slug(text)
            if tag and tag not in tags:
                tags.append(tag)
    return tags
