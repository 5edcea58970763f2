"""The Dice Roller plugin's markup in Obsidian notes, as the printed stat block text.

Notes written for Obsidian's Dice Roller (by hand or by ttrpg-convert-cli) put
rollable dice inside the text: `dice: d20+14 (+14) to hit`,
`dice:6d6 + 9|text(30) (6d6 + 9)`, `` `dice: 18d8 + 18|text(99)` ``,
`dice: 1d4 + 2|avg (1d4 + 2)`, and with options in any order (ttrpg-convert-cli
2024 notes): `` `dice:3d6+2|noform|noparens|avg|text(12)` (`3d6 + 2`) `` in
Markdown, `dice:1d8+1|noform|noparens|avg|text(5) (1d8 + 1)` in a stat block's
YAML (no backticks there). Read as plain text, the attack and damage patterns
do not see them; written back as a printed stat block says it ('+14 to hit',
'30 (6d6 + 9)', '12 (3d6 + 2)'), they do.

Where the source printed its own average before the roll, the converter kept it
and wrapped the markup and its formula in the parentheses:
`5 (dice: 1d6 + 2|avg (1d6 + 2))`, `` 22 (`dice: 4d10|avg` (`4d10`)) ``,
`` 2 (`dice: 1d4` (`1d4`)) ``, `31 (dice:7d8|noform|avg (7d8))`. Obsidian shows
the markup's own average there, so read markup by markup the text would say
'5 (5 (1d6 + 2))'; the printed stat block says '5 (1d6 + 2)', and so does this.

The patterns bound what they scan (a dice expression is short), so a note of
'dice:' repeated over a long line is read in linear time.
"""

from __future__ import annotations

import re

_TO_HIT = re.compile(
    r"`?dice:\s*d20\s*[+-]\s*\d+\s*`?\s*\(\s*(?P<bonus>[+-]\s*\d+)\s*(?P<words>to hit)?\s*\)",
    re.IGNORECASE,
)
_TERM_TEXT = r"(?:\d{0,4}d(?:\d{1,4}|%)|\d{1,6})"
_BARE_DICE = rf"[+-]?{_TERM_TEXT}(?:\s{{0,3}}[-+*/]\s{{0,3}}{_TERM_TEXT}){{0,12}}"
"""Dice written without backticks end where the expression does: '1d8 + 4' in
'dice: 1d8 + 4 (1d8 + 4)', since nothing else marks the end."""
_OPTION_SEP = r"\\?\|"
"""'|', or '\\|' as a Markdown table escapes it."""
_MARKUP = (
    r"(?:`dice:\s{0,3}(?P<tdice>[^|`\n\\]{1,80}?)\s{0,3}"
    rf"(?P<topts>(?:{_OPTION_SEP}[^|`\n\\]{{0,80}}){{0,12}})`(?!`)"
    rf"|dice:\s{{0,3}}(?P<bdice>{_BARE_DICE})"
    rf"(?P<bopts>(?:{_OPTION_SEP}[a-z]{{1,12}}(?:\([^)\n]{{0,80}}\))?){{0,12}}))"
)
"""`dice:3d6+2|noform|avg|text(12)` (the options in any order) or the same without
backticks; Dice Roller's options are lower case, so a table's 'dice: d6 | NPC' is not one."""
_MARKUP_RE = re.compile(_MARKUP, re.IGNORECASE)
_LEADING_AVERAGE = re.compile(
    rf"(?<![\w.])(?P<lead>\d{{1,6}})\s{{0,3}}\(\s{{0,3}}{_MARKUP}"
    r"\s{0,3}(?:\(\s{0,3}`?(?P<formula>[^()`\n]{1,80}?)`?\s{0,3}\))?\s{0,3}\)",
    re.IGNORECASE,
)
"""'5 (dice: 1d6 + 2|avg (1d6 + 2))': a printed average, then the markup (and its
formula) in the parentheses that printed the dice."""
_PLAIN_TICKED = re.compile(r"`dice:\s{0,3}(?P<dice>[^|`\n\\]{1,80}?)\s{0,3}`(?!`)", re.I)
"""`dice:1d4`: markup without options, as notes are written by hand."""
_PRINTED_BEFORE = re.compile(rf"(?<![\w+\-*/.])(?P<dice>{_BARE_DICE})\s{{1,3}}\Z", re.I)
_PRINTED_AFTER = re.compile(rf"\s{{1,3}}(?P<dice>{_BARE_DICE})(?![\w+\-*/])", re.I)
_TEXT_OPTION = re.compile(r"\s*text\((?P<text>[^)\n]{0,80})\)\s*", re.I)
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


def _parts(match: re.Match[str]) -> tuple[str, list[str]]:
    """The dice and the options of one markup, ticked or bare."""
    dice = (match.group("tdice") or match.group("bdice") or "").strip()
    options = match.group("topts") or match.group("bopts") or ""
    return dice, [option.rstrip("\\") for option in options.split("|")[1:]]


def _shown(dice: str, options: list[str]) -> str:
    """What one markup prints: its text(...) option, else the average (avg), else the dice."""
    for option in options:
        shown = _TEXT_OPTION.fullmatch(option)
        if shown:
            return shown.group("text").strip()
    if any(option.strip().lower() == "avg" for option in options):
        found = average(dice)
        return str(found) if found is not None else dice
    return dice


def _same_dice(first: str, second: str) -> bool:
    """'1d10' and 'd10', '1d8+4' and '1d8 + 4' are the same roll as printed."""

    def compact(text: str) -> str:
        return re.sub(r"(?<![\d)])1d", "d", re.sub(r"[\s`]+", "", text.lower()))

    return compact(first) == compact(second)


def _without_repeated_average(match: re.Match[str]) -> str:
    """'5 (dice: 1d6 + 2|avg (1d6 + 2))' -> '5 (1d6 + 2)'; anything else is left as it is."""
    lead = match.group("lead")
    dice, options = _parts(match)
    formula = match.group("formula")
    if formula is not None:
        return f"{lead} ({formula.strip()})" if _same_dice(formula, dice) else match.group(0)
    # '7 (`dice: 1d8 + 3|avg`)': the markup alone would print the average a second time
    return f"{lead} ({dice})" if _shown(dice, options) == lead else match.group(0)


def _without_dice_printed_beside(text: str) -> str:
    """'takes 1d4 `dice:1d4` Fire damage' and '`dice:5d6` 5d6 Fire damage', as vault notes
    write by hand (the dice printed, and a roll button beside them), read 'takes 1d4 Fire
    damage'; markup beside other dice ('2d6 + 1d4 `dice:1d4`') is left to be read as usual."""
    pieces: list[str] = []
    last = 0
    for match in _PLAIN_TICKED.finditer(text):
        rolled = re.sub(r"\s+", "", match.group("dice").lower())
        before = _PRINTED_BEFORE.search(text, max(last, match.start() - 100), match.start())
        after = _PRINTED_AFTER.match(text, match.end())
        if before and re.sub(r"\s+", "", before.group("dice").lower()) == rolled:
            pieces.append(text[last : before.end("dice")])  # the printed dice, not the button
        elif after and re.sub(r"\s+", "", after.group("dice").lower()) == rolled:
            pieces.append(text[last : match.start()])
            last = after.start("dice")
            continue
        else:
            continue
        last = match.end()
    return "".join(pieces) + text[last:]


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
    text = _LEADING_AVERAGE.sub(_without_repeated_average, text)
    text = _without_dice_printed_beside(text)
    text = _MARKUP_RE.sub(lambda match: _shown(*_parts(match)), text)
    return _TICKED_DICE.sub(lambda match: match.group("dice"), text)
