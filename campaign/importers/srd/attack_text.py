"""Reading a printed action: its to-hit bonus, reach, damage rolls and uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campaign.importers.srd.notation import dice

_ATTACK = re.compile(
    r"(?:(?P<kind>Melee or Ranged|Melee|Ranged)\s+(?:Weapon\s+|Spell\s+)?|\b(?:Weapon|Spell)\s+)"
    r"Attack(?:\s+Rolls?)?"
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
_BARE_DAMAGE = re.compile(
    r"(?P<average>" + _DICE_IN_TEXT + r")\s+(?P<type>[A-Za-z]+)\s+damage", re.IGNORECASE
)
"""'1d8 + 4 bludgeoning damage': dice printed without their average."""
_TAKES = re.compile(r"(?:the\s+)?(?:target|creature|it)\s+takes\s+", re.IGNORECASE)
_PLUS = re.compile(r"\s*,?\s*(?:plus|and|\+)\s+", re.IGNORECASE)
"""'plus 7 (2d6) poison damage', also in notes that capitalise every word ('Plus 7 (2d6)')."""
_HIT = re.compile(r"(?<![A-Za-z])Hit(?:[*_]*:|[*_]+(?=\s*\d))")
"""'Hit:', '*Hit:*', '**Hit:**', '_Hit:_' (after '_', where a word boundary is not) and
'*Hit* 10 (2d6 + 3)' without the colon."""
_ANY_HIT = re.compile(r"(?<![a-z])hit\b", re.IGNORECASE)
"""Any 'hit' ('to hit', 'hit:'): a roll after it may be the attack's damage."""
_SENTENCE_END = re.compile(r"\.(?:\s+[A-Z*_]|\s*$)")
_CONDITIONAL = re.compile(r"\s*(?:if|when|while|against|on a)\b", re.IGNORECASE)
_ANY_ROLL = re.compile(r"\d+\s*\((" + _DICE_IN_TEXT + r")\)")
_ANY_DICE = re.compile(r"\b\d*d\d+\b")
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
        first = _hit_damage(text, _skip_space(text, hit.end()))
    else:
        stop = _SENTENCE_END.search(text, match.end())
        damage = _DAMAGE.search(text, match.end(), stop.start() if stop else len(text))
        first = (damage.group("dice"), damage.group("type"), damage.end()) if damage else None
    if first is None:
        return found
    rolled, kind, position = first
    found.damage.append(rolled)
    if kind:
        found.types.append(kind.lower())
    _extra_damage(text, position, found)
    return found


def _hit_damage(text: str, position: int) -> tuple[str, str | None, int] | None:
    """(roll, damage type, where it ends) of the damage right after 'Hit:'.

    'Hit: 12 (2d6 + 5) bludgeoning damage'; a flat amount, 'Hit: 1 piercing damage'
    (Flying Snake; what is added to it unconditionally follows); 'Hit: The target
    takes 55 (10d10) piercing damage' (Extract Brain); dice without their average,
    'Hit: 1d8 + 4 bludgeoning damage' (hand-written notes).
    """
    damage = _DAMAGE.match(text, position)
    if damage is None:
        takes = _TAKES.match(text, position)
        damage = _DAMAGE.match(text, takes.end()) if takes else None
    if damage is not None:
        return damage.group("dice"), damage.group("type"), damage.end()
    flat = _FLAT_DAMAGE.match(text, position) or _BARE_DAMAGE.match(text, position)
    if flat is not None:
        return flat.group("average"), flat.group("type"), flat.end()
    return None


def _extra_damage(text: str, position: int, found: AttackText) -> None:
    """Each 'plus N (XdY) type damage' after the first roll that is not conditional."""
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


def unread_roll(text: str) -> bool:
    """The text of an attack prints dice ('N (XdY)', 'XdY + Z') after 'hit' ('to hit',
    'Hit:'), so a damage roll may be there: an attack read without damage is then
    reported, never silent."""
    hit = _ANY_HIT.search(text)
    return bool(hit and _ANY_DICE.search(text, hit.end()))


def _skip_space(text: str, position: int) -> int:
    # any space: notes copied from the web have non-breaking ones ('_Hit:_\xa05 (1d8 + 1)')
    while position < len(text) and (text[position] in "*_" or text[position].isspace()):
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
