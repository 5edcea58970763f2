"""Reading a check's total into a result tier, and a distribution into tier odds.

One rule for every family (`campaign.model.ruleset.CheckFamily`): the margin
is total - target (target), target - total (roll-under), successes - needed
(pool), or the total itself (bands). A tier holds when every test it gives
holds; the first that holds, best first, is the result.
"""

from __future__ import annotations

from collections.abc import Mapping

from campaign.model import CheckRules, ResultTier

SUCCESS_TIERS = frozenset({"critical", "success"})
"""Tiers that count as a success (the check does what was attempted)."""


def margin(rules: CheckRules, total: int, target: int | None) -> int:
    """How far a total is past the target, in the family's direction."""
    if rules.family == "bands" or target is None:
        return total
    if rules.family == "roll-under":
        return target - total
    return total - target


def tier_holds(
    rules: CheckRules, tier: ResultTier, total: int, target: int | None, base: int | None
) -> bool:
    """Whether every test the tier gives holds for this total."""
    if tier.min_margin is not None and margin(rules, total, target) < tier.min_margin:
        return False
    if tier.divide is not None:
        # A roll-under band (hard, extreme) divides the character's own number, and
        # still has to make the check: a hard success (half the skill) on an extreme
        # check (a fifth of it) is no success at all.
        whole = base if base is not None else target
        if whole is None or total > whole // tier.divide:
            return False
        if tier.min_margin is None and target is not None and margin(rules, total, target) < 0:
            return False
    if tier.total_at_most is not None and total > tier.total_at_most:
        return False
    return tier.total_at_least is None or total >= tier.total_at_least


def read_total(
    rules: CheckRules, total: int, target: int | None, base: int | None = None
) -> ResultTier:
    """The result tier a rolled total reads as."""
    for tier in rules.results:
        if tier_holds(rules, tier, total, target, base):
            return tier
    return rules.results[-1]


def read_odds(
    rules: CheckRules,
    distribution: Mapping[int, float],
    target: int | None,
    base: int | None = None,
) -> dict[str, float]:
    """Chance of each tier (by id, best first) from an outcome distribution."""
    result: dict[str, float] = {tier.id: 0.0 for tier in rules.results}
    for total, probability in distribution.items():
        result[read_total(rules, total, target, base).id] += probability
    return result


def success_chance(chances: Mapping[str, float]) -> float:
    """Chance of a success or better, from tier odds."""
    return sum(value for tier_id, value in chances.items() if tier_id in SUCCESS_TIERS)
