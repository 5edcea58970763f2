"""How a stat block prints numbers: modifiers, signed bonuses, dice, challenge ratings."""

from __future__ import annotations

import re
from typing import Any

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice

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
