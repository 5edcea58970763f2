"""Everything a forecast run needs, worked out once: who attacks whom with what.

For each attacker and each enemy, the attacker's best attack by expected
damage (`campaign.checks.attacks`) and the exact distribution of the damage
it lands (a miss lands 0, a partial part of the roll). Both the reference
loop and the fast path sample from these same tables, so they play the very
same model. Whatever a stat block has that the model does not play (traits in
prose, special actions, an attack's notes) is listed as not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from campaign.checks.attacks import landed_damage, read_attack
from campaign.errors import CampaignError
from campaign.forecast.roster import Fighter, Side
from campaign.model import Attack, Module, StatBlock

Policy = Literal["focus", "spread"]


@dataclass(frozen=True, slots=True)
class Landed:
    """The damage one attacker's best attack lands on one target: values and chances."""

    attack: str
    values: tuple[int, ...]
    chances: tuple[float, ...]

    @property
    def mean(self) -> float:
        return sum(value * chance for value, chance in zip(self.values, self.chances, strict=True))


@dataclass
class FightPlan:
    """The roster and every table the runs sample from."""

    fighters: list[Fighter]
    situation: str | None
    policies: dict[Side, Policy]
    landed: dict[tuple[int, int], Landed]
    """(attacker index, target index) -> what the attacker's best attack lands."""
    initiative: list[dict[int, float]]
    """Per fighter, the exact distribution of its initiative roll."""
    not_modelled: list[str] = field(default_factory=list)


def landed_distribution(
    module: Module, attack: Attack, target: StatBlock, situation: str | None
) -> Landed:
    """Exact distribution of the damage an attack lands on a target (0 on a miss)."""
    from campaign.checks.attacks import defence_of
    from campaign.dice import odds

    rules = module.ruleset.attack
    assert rules is not None  # plan_fight refuses a ruleset without attack rules
    defence = defence_of(module.ruleset, target, situation)
    results: dict[int, float] = {}
    if attack.roll is None:
        results[0] = 1.0
    else:
        for total, chance in odds(attack.roll).distribution.items():
            index = rules.results.index(read_attack(rules, total, defence))
            results[index] = results.get(index, 0.0) + chance
    damage = odds(attack.damage).distribution if attack.damage else {0: 1.0}
    landed: dict[int, float] = {}
    for index, chance in results.items():
        for rolled, p in damage.items():
            value = landed_damage(rules.results[index], rolled)
            landed[value] = landed.get(value, 0.0) + chance * p
    values = tuple(sorted(landed))
    return Landed(attack.name, values, tuple(landed[value] for value in values))


def _best_attack(
    module: Module, attacker: StatBlock, target: StatBlock, situation: str | None
) -> Landed:
    options = [
        landed_distribution(module, attack, target, situation)
        for attack in attacker.attacks
        if attack.roll is not None or attack.damage is not None
    ]
    if not options:
        return Landed("(no attack)", (0,), (1.0,))
    return max(options, key=lambda landed: landed.mean)


def _not_modelled(fighters: list[Fighter]) -> list[str]:
    """What each stat block has that the model does not play, once per stat block."""
    notes: list[str] = []
    seen: set[str] = set()
    for fighter in fighters:
        block = fighter.block
        if block.id in seen:
            continue
        seen.add(block.id)
        for trait in block.traits:
            name = trait if isinstance(trait, str) else trait.name
            notes.append(f"{block.id}: trait '{_short(name)}'")
        for kind, abilities in (
            ("action", block.actions),
            ("reaction", block.reactions),
            ("legendary action", block.legendary_actions),
        ):
            notes += [f"{block.id}: {kind} '{_short(ability.name)}'" for ability in abilities]
        notes += [
            f"{block.id}: notes of attack '{attack.name}'"
            for attack in block.attacks
            if attack.notes
        ]
        if not block.attacks:
            notes.append(f"{block.id}: no attacks (it only takes hits)")
    return notes


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def plan_fight(
    module: Module,
    fighters: list[Fighter],
    situation: str | None,
    policies: dict[Side, Policy],
) -> FightPlan:
    """Work out every table a fight's runs sample from."""
    from campaign.dice import odds

    if module.ruleset.attack is None:
        raise CampaignError(
            f"ruleset {module.ruleset.id} has no attack rules: add an `attack` section "
            "(the authoring guide's Attacks recipe) so a fight can be forecast"
        )
    landed: dict[tuple[int, int], Landed] = {}
    cache: dict[tuple[str, str], Landed] = {}
    for i, attacker in enumerate(fighters):
        for j, target in enumerate(fighters):
            if attacker.side == target.side:
                continue
            key = (attacker.block.id, target.block.id)
            if key not in cache:
                cache[key] = _best_attack(module, attacker.block, target.block, situation)
            landed[i, j] = cache[key]
    initiative = [dict(odds(fighter.initiative).distribution) for fighter in fighters]
    return FightPlan(fighters, situation, policies, landed, initiative, _not_modelled(fighters))
