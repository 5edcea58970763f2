"""Attacks the ruleset's attack rules read as sure things: landing every time, or never.

An attack's `roll` is a plain dice expression, and the ruleset's `attack`
section reads its margin as the to-hit total minus the defence. In a
roll-under or pool system the check's own dice written there (`1d100`)
give a margin that is never below 0: every attack lands, and the fight
forecast plays nonsense without a word. So each to-hit roll is worked out,
exactly, against the characters it is meant for (an NPC's against the
pregens, a pregen's against the NPCs, in the ruleset's default situation);
one that lands on every one of them every time, or on none of them ever,
is a warning at its `roll:`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from campaign.checks.attacks import defence_of, read_attack
from campaign.errors import CampaignError
from campaign.lint.places import Places
from campaign.model import NPC, Attack, Module, Ruleset, StatBlock

_SURE = 1e-12
"""How close to 0 or 1 a chance must be to count as never or always."""
_SUCCESS_HINT = (
    "a roll-under or pool system rolls successes against the defence "
    '(roll: "1d100<=55" with defence: {default: 1})'
)


def _landing_chances(
    ruleset: Ruleset, attack: Attack, targets: Sequence[StatBlock]
) -> list[tuple[float, int]]:
    """(chance that some damage lands, defence) against each target."""
    from campaign.dice import odds

    assert attack.roll is not None and ruleset.attack is not None
    distribution = odds(attack.roll).distribution
    found: list[tuple[float, int]] = []
    for target in targets:
        defence = defence_of(ruleset, target)
        landing = sum(
            probability
            for total, probability in distribution.items()
            if read_attack(ruleset.attack, total, defence).damage > 0
        )
        found.append((landing, defence))
    return found


def _side_warnings(
    module: Module,
    places: Places,
    kind: str,
    blocks: Mapping[str, StatBlock],
    targets: Sequence[StatBlock],
) -> Iterator[str]:
    for key, block in blocks.items():
        for index, attack in enumerate(block.attacks):
            if attack.roll is None:
                continue
            try:
                chances = _landing_chances(module.ruleset, attack, targets)
            except CampaignError:
                continue  # a defence the rules cannot work out is the forecast's to say
            defences = sorted({defence for _, defence in chances})
            against = f"defence {', '.join(str(number) for number in defences)}"
            where = f"{places.at(kind, key, ('attacks', index, 'roll'))}: {kind} {key}"
            if all(chance >= 1 - _SURE for chance, _ in chances):
                yield (
                    f"{where}: attack '{attack.name}' ({attack.roll}) lands every time "
                    f"against {against} under the ruleset's attack rules; {_SUCCESS_HINT}"
                )
            elif all(chance <= _SURE for chance, _ in chances):
                yield (
                    f"{where}: attack '{attack.name}' ({attack.roll}) never lands against "
                    f"{against} under the ruleset's attack rules"
                )


def attack_warnings(module: Module, places: Places) -> Iterator[str]:
    """Attacks that land every time, or never, on the characters they are meant for."""
    if module.ruleset.attack is None:
        return
    anyone: list[StatBlock] = [NPC(id="anyone", name="anyone")]
    pcs: list[StatBlock] = list(module.pcs.values()) or anyone
    npcs: list[StatBlock] = list(module.npcs.values()) or anyone
    yield from _side_warnings(module, places, "npc", module.npcs, pcs)
    yield from _side_warnings(module, places, "pc", module.pcs, npcs)
