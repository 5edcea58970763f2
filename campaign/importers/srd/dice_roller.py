"""The Dice Roller plugin's markup in Obsidian notes, as the printed stat block text.

Notes written for Obsidian's Dice Roller (by hand or by ttrpg-convert-cli) put
rollable dice inside the text: `dice: d20+14 (+14) to hit`,
`dice:6d6 + 9|text(30) (6d6 + 9)`, `` `dice: 18d8 + 18|text(99)` ``,
`dice: 1d4 + 2|avg (1d4 + 2)`, and with options in any order (ttrpg-convert-cli
2024 notes): `` `dice:3d6+2|noform|noparens|avg|text(12)` (`3d6 + 2`) ``. Read as
plain text, the attack and damage patterns do not see them; written back as a
printed stat block says it ('+14 to hit', '30 (6d6 + 9)', '12 (3d6 + 2)'), they do.

The patterns bound what they scan (a dice expression is short), so a note of
'dice:' repeated over a long line is read in linear time.
"""

from __future__ import annotations

import re

_TO_HIT = re.compile(
    r"`?dice:\s*d20\s*[+-]\s*\d+\s*`?\s*\(\s*(?P<bonus>[+-]\s*\d+)\s*(?P<words>to hit)?\s*\)",
    re.IGNORECASE,
)
_TICKED = re.compile(
    r"`dice:\s*(?P<dice>[^|`\n]{1,80}?)\s*(?P<options>(?:\|[^|`\n]{0,80}){0,12})`(?!`)", re.I
)
"""`dice:3d6+2|noform|noparens|avg|text(12)`: the dice and any options, in any order."""
_TEXT_OPTION = re.compile(r"\s*text\((?P<text>[^)\n]{0,80})\)\s*", re.I)
_SHOWN = re.compile(
    r"`?dice:\s*(?P<dice>[^|`\n]{1,80}?)\s*\|\s*text\((?P<text>[^)\n]{0,80})\)`?", re.I
)
_AVERAGE = re.compile(r"`?dice:\s*(?P<dice>[^|`\n]{1,80}?)\s*\|\s*avg(?:\|[a-z]+)*`?", re.I)
_PLAIN = re.compile(
    r"`?dice:\s*(?P<dice>[^|`\n]{1,80}?)\s*(?:\|[a-z]+(?:\([^)\n]{0,80}\))?)*`(?!`)|"
    r"dice:\s*(?P<bare>\d*d\d+(?:\s*[+-]\s*\d+)?)",
    re.IGNORECASE,
)
_TICKED_DICE = re.compile(r"`(?P<dice>\d*d\d+(?:\s*[+-]\s*\d+(?:d\d+)?)*)`")
_TERM = re.compile(r"([+-]?)\s*(\d*)d(\d+)|([+-]?)\s*(\d+)")


def average(expression: str) -> int | None:
    """The printed average of '2d6 + 4' (11); None for anything but dice and numbers."""
    total = 0.0
    position = 0
    text = expression.replace(" ", "")
    for match in _TERM.finditer(text):
        if match.start() != position:
            return None
        position = match.end()
        if match.group(3):
            count = int(match.group(2) or 1)
            value = count * (int(match.group(3)) + 1) / 2
            total += -value if match.group(1) == "-" else value
        else:
            value = int(match.group(5))
            total += -value if match.group(4) == "-" else value
    if position != len(text) or not text:
        return None
    return int(total // 1)


def _average_text(match: re.Match[str]) -> str:
    found = average(match.group("dice"))
    return str(found) if found is not None else match.group("dice")


def _ticked_text(match: re.Match[str]) -> str:
    """What one `dice:...` markup prints: its text(...) option, else the average (avg), else
    the dice."""
    options = match.group("options").split("|")[1:]
    for option in options:
        shown = _TEXT_OPTION.fullmatch(option)
        if shown:
            return shown.group("text").strip()
    if any(option.strip().lower() == "avg" for option in options):
        return _average_text(match)
    return match.group("dice").strip()


def plain_text(text: str) -> str:
    """The text with Dice Roller markup written as a printed stat block writes it."""
    if "dice:" not in text and "`" not in text:
        return text
    text = _TO_HIT.sub(
        lambda match: (
            re.sub(r"\s+", "", match.group("bonus")) + (" to hit" if match.group("words") else "")
        ),
        text,
    )
    text = _TICKED.sub(_ticked_text, text)
    text = _SHOWN.sub(lambda match: match.group("text").strip(), text)
    text = _AVERAGE.sub(_average_text, text)
    text = _PLAIN.sub(lambda match: (match.group("dice") or match.group("bare")).strip(), text)
    return _TICKED_DICE.sub(lambda match: match.group("dice"), text)
