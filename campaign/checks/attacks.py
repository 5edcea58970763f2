"""How an attack resolves under a ruleset: the defence it must beat, hit or miss, damage.

The ruleset's `attack` section (`campaign.model.ruleset.AttackRules`) says
which number defends: the target's own entry (a d20 system's AC), one per
situation (Double-O's open / cover / unaware), plus what the target's own
numbers add (`bonus: '{reflexes}'`). The margin, the to-hit total minus that
defence, picks a result (hit, partial, miss) and how much of the damage roll
lands. The combat tracker reads a rolled attack with `read_attack`; the fight
forecast and the scene pane use `attack_odds`, exact from the dice engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from campaign.characters import template_values
from campaign.errors import CampaignError
from campaign.model import Attack, AttackResult, AttackRules, Ruleset, StatBlock
from campaign.model.common import fill_template


@dataclass(frozen=True, slots=True)
class AttackOdds:
    """One attack against one target in one situation, worked out exactly."""

    attack: str
    to_hit: str | None
    """The to-hit roll ('2d6+6'), or None for an attack that always lands."""
    defence: int
    situation: str | None
    chances: dict[str, float]
    """Result id -> chance, best first."""
    expected_damage: float
    """Mean damage landed per attack, misses counted as 0."""

    @property
    def hit_chance(self) -> float:
        """Chance that some damage lands (any result that is not a miss)."""
        return sum(chance for result, chance in self.chances.items() if result != "miss")


def defence_of(ruleset: Ruleset, target: StatBlock, situation: str | None = None) -> int:
    """The number an attack on `target` must beat (in `situation`, or the default one)."""
    rules = ruleset.attack
    if rules is None:
        raise CampaignError(f"ruleset {ruleset.id} has no attack rules")
    defence = rules.defence
    base: int | str | None = defence.key
    if defence.by_situation:
        chosen = situation or next(iter(defence.by_situation))
        if chosen not in defence.by_situation:
            known = ", ".join(defence.by_situation)
            raise CampaignError(f"no situation '{chosen}'; the ruleset's are: {known}")
        base = defence.by_situation[chosen]
    number = base if isinstance(base, int) else target.defences.get(base or "", defence.default)
    if defence.bonus is not None:
        values = {"attribute": 0, "skill": 0, **template_values(ruleset, target)}
        number += _fixed(fill_template(defence.bonus, values))
    return number


def _fixed(expression: str) -> int:
    from campaign.dice import odds

    outcome = odds(expression).distribution
    if len(outcome) != 1:
        raise CampaignError(f"a defence bonus must be a number, not a roll: '{expression}'")
    return int(next(iter(outcome)))


def read_attack(rules: AttackRules, total: int, defence: int) -> AttackResult:
    """The result a rolled to-hit total reads as against a defence."""
    for result in rules.results:
        if result.min_margin is None or total - defence >= result.min_margin:
            return result
    return rules.results[-1]


def landed_damage(result: AttackResult, rolled: int) -> int:
    """How much of a rolled damage lands for a result (half rounds down)."""
    return max(0, math.floor(rolled * result.damage))


def attack_odds(
    ruleset: Ruleset, attack: Attack, target: StatBlock, situation: str | None = None
) -> AttackOdds:
    """Exact chances of each result, and the mean damage landed, of one attack."""
    from campaign.dice import odds

    rules = ruleset.attack
    if rules is None:
        raise CampaignError(f"ruleset {ruleset.id} has no attack rules")
    defence = defence_of(ruleset, target, situation)
    chances: dict[str, float] = {result.id: 0.0 for result in rules.results}
    if attack.roll is None:
        chances[rules.results[0].id] = 1.0
    else:
        for total, probability in odds(attack.roll).distribution.items():
            chances[read_attack(rules, total, defence).id] += probability
    damage = odds(attack.damage).distribution if attack.damage else {0: 1.0}
    expected = 0.0
    for result in rules.results:
        landed = sum(p * landed_damage(result, rolled) for rolled, p in damage.items())
        expected += chances[result.id] * landed
    return AttackOdds(
        attack=attack.name,
        to_hit=attack.roll,
        defence=defence,
        situation=situation or (rules.situations[0] if rules.situations else None),
        chances=chances,
        expected_damage=expected,
    )
