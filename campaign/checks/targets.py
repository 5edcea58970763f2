"""What a check is rolled against: a difficulty's number, a bare number, or none."""

from __future__ import annotations

from dataclasses import dataclass

from campaign.model import Check, Difficulty, Ruleset


@dataclass(frozen=True, slots=True)
class Target:
    """The number a check is rolled against, and what the ladder calls it."""

    number: int
    name: str
    """The difficulty's name ('Hard'), or '' for a bare number."""


def check_difficulty(ruleset: Ruleset, check: Check) -> Difficulty | int | None:
    """The check's difficulty rung, a bare number, or None (none given, none by default,
    or an id the ladder lacks)."""
    difficulty = check.difficulty
    if difficulty is None:
        difficulty = ruleset.check.default_difficulty
    if difficulty is None or isinstance(difficulty, int):
        return difficulty
    for rung in ruleset.difficulties:
        if rung.id == difficulty:
            return rung
    return None


def check_target(ruleset: Ruleset, check: Check, *, base: int | None = None) -> Target | None:
    """The check's target: its difficulty (an id or a number), else the ruleset's default.

    `base` is a roll-under character's own number (its skill): a rung with
    `divide` divides it. None when no target can be worked out: no difficulty
    and no default, an unknown id, a bands check (read by its total alone), or
    a rung that divides a number not given.
    """
    if not ruleset.check.needs_difficulty:
        return None
    difficulty = check_difficulty(ruleset, check)
    if difficulty is None:
        return None
    if isinstance(difficulty, int):
        return Target(difficulty, "")
    if ruleset.check.under is not None and difficulty.divide is not None:
        if base is None:
            return None
        return Target(base // difficulty.divide, difficulty.name)
    if difficulty.target is None:
        return None
    return Target(difficulty.target, difficulty.name)


def describe_target(ruleset: Ruleset, check: Check) -> str:
    """What a check is against, as the table says it: 'Hard 15', 'Hard (skill ÷ 2)',
    'Tricky: 2 successes', 'bands' (read by the total alone); '' when it has none."""
    rules = ruleset.check
    if not rules.needs_difficulty:
        return "bands"
    difficulty = check_difficulty(ruleset, check)
    if difficulty is None:
        return ""
    name, number = ("", difficulty) if isinstance(difficulty, int) else (difficulty.name, None)
    if isinstance(difficulty, Difficulty):
        if rules.under is not None and difficulty.divide is not None:
            return f"{name} (÷ {difficulty.divide})" if difficulty.divide > 1 else name
        number = difficulty.target
    if number is None:
        return name
    if rules.family == "pool":
        successes = f"{number} success{'' if number == 1 else 'es'}"
        return f"{name}: {successes}" if name else successes
    return f"{name} {number}".strip()


def describe_bands(ruleset: Ruleset) -> str:
    """How a bands check reads, from the ruleset's tiers by their lowest total:
    '10+ Strong hit · 7-9 Weak hit · 6- Miss'."""
    parts: list[str] = []
    above: int | None = None
    for tier in ruleset.check.results:
        low = tier.min_margin
        if low is None:
            # a tier read another way (total_at_least 12), or the last: below the others
            last = tier is ruleset.check.results[-1]
            parts.append(f"{above - 1}- {tier.label}" if last and above is not None else tier.label)
            continue
        if above is None:
            parts.append(f"{low}+ {tier.label}")
        elif above - 1 > low:
            parts.append(f"{low}-{above - 1} {tier.label}")
        else:
            parts.append(f"{low} {tier.label}")
        above = low
    return " · ".join(parts)
