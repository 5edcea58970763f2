"""A condition as it applies to one bearer: its save with their numbers, how long it lasts.

The ruleset writes a condition's save as a template ('2d6+{nerve}'); the
picker, the tracker and the journal all show the save the bearer will really
roll ('2d6+2'), filled from the bearer's stat block (anything missing counts 0,
as in every template). With no bearer it names what is added ('2d6+Nerve').
"""

from __future__ import annotations

from campaign.characters import template_values
from campaign.model import Module
from campaign.model.common import fill_template, template_placeholders
from campaign.model.ruleset import Condition
from campaign.session.combat.initiative import stat_block
from campaign.session.combat.state import Combatant
from campaign.wording import plural


def condition_save(module: Module, condition: Condition, bearer: Combatant | None) -> str | None:
    """The condition's save for `bearer`, placeholders filled ('2d6+{nerve}' -> '2d6+2');
    with no bearer, named ('2d6+Nerve'); None when the condition has no save.

    A bearer without a stat block (a combatant typed in by name) rolls the bare
    dice: its placeholders count 0, as the tracker records it.
    """
    if condition.save is None:
        return None
    if bearer is None:
        return _named(module, condition.save)
    block = stat_block(module, bearer.ref)
    values = template_values(module.ruleset, block) if block is not None else {}
    return fill_template(condition.save, values)


def _named(module: Module, template: str) -> str:
    """'2d6+{nerve}' -> '2d6+Nerve': each placeholder as the ruleset calls it."""
    ruleset = module.ruleset
    names = {attribute.id: attribute.name for attribute in ruleset.attributes}
    names.update({skill.id: skill.name for skill in ruleset.skills})
    for placeholder in template_placeholders(template):
        template = template.replace(f"{{{placeholder}}}", names.get(placeholder, placeholder))
    return template


def condition_terms(module: Module, condition: Condition, bearer: Combatant | None) -> str:
    """How long the condition lasts on `bearer`, and the save that ends it:
    '1 round, save 2d6+2 vs 9', '2 rounds', 'until ended'.

    With no bearer the save names what is added ('save 2d6+Nerve vs 9').
    """
    lasts = plural(condition.rounds, "round") if condition.rounds else "until ended"
    save = condition_save(module, condition, bearer)
    if save is not None and condition.save_target is not None:
        lasts += f", save {save} vs {condition.save_target}"
    return lasts


__all__ = ["condition_save", "condition_terms"]
