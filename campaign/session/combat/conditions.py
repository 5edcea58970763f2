"""A condition as it applies to one bearer: its save with their numbers, how long it lasts.

The ruleset writes a condition's save as a template ('2d6+{nerve}'); the
picker, the tracker and the journal all show the save the bearer will really
roll ('2d6+2'), filled from the bearer's stat block (anything missing counts 0,
as in every template).
"""

from __future__ import annotations

from campaign.characters import template_values
from campaign.model import Module
from campaign.model.common import fill_template
from campaign.model.ruleset import Condition
from campaign.session.combat.initiative import stat_block
from campaign.session.combat.state import Combatant
from campaign.wording import plural


def condition_save(module: Module, condition: Condition, bearer: Combatant | None) -> str | None:
    """The condition's save for `bearer`, placeholders filled ('2d6+{nerve}' -> '2d6+2');
    None when the condition has no save."""
    if condition.save is None:
        return None
    block = stat_block(module, bearer.ref) if bearer is not None else None
    values = template_values(module.ruleset, block) if block is not None else {}
    return fill_template(condition.save, values)


def condition_terms(module: Module, condition: Condition, bearer: Combatant | None) -> str:
    """How long the condition lasts on `bearer`, and the save that ends it:
    '1 round, save 2d6+2 vs 9', '2 rounds', 'until ended'.

    With no bearer the save still reads as dice ('2d6+0'): the numbers of nobody.
    """
    lasts = plural(condition.rounds, "round") if condition.rounds else "until ended"
    save = condition_save(module, condition, bearer)
    if save is not None and condition.save_target is not None:
        lasts += f", save {save} vs {condition.save_target}"
    return lasts


__all__ = ["condition_save", "condition_terms"]
