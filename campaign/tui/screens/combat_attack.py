"""An attack rolled from the combat tracker (`r`): which attack, against whom, then
one roll written to the session's journal, which the fight log shows at once.

The target is asked every time, with the attacker's last target offered first
(enter takes it again). Whether the roll hits is the ruleset's to say: with
attack rules (`campaign.checks.attacks`) the roll is made against the target's
defence (its `vs N` kept in the journal) and the notice line says hit, partial
or miss; without them the roll and its target are logged and the GM judges.
Damage rolled at a target is taken off the target's track in the same event
(one undo takes back both), and the log and the table show the track before
and after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.content import Content

from campaign.checks.attacks import defence_of, read_attack
from campaign.errors import CampaignError
from campaign.session.combat import harm_line
from campaign.tui.render import dice_text
from campaign.tui.session_access import announce
from campaign.tui.widgets.prompts import PickScreen

if TYPE_CHECKING:
    from campaign.session import Combatant
    from campaign.tui.screens.combat import CombatScreen

NO_TARGET = "-"
"""The answer for an attack at no one in particular (a grenade at a doorway)."""

Choices = list[tuple[str, str | Content]]


class AttackRoll(NamedTuple):
    """One roll an attack offers: to hit, or its damage."""

    expression: str
    what: str
    """'Knife', or 'Knife damage'."""
    damage: bool = False
    """Rolled at a target, its total is taken off the target's track."""


def attack_rolls(block: Any) -> list[AttackRoll]:
    """Each attack's roll and damage on a stat block."""
    rolls: list[AttackRoll] = []
    for attack in getattr(block, "attacks", ()):
        if attack.roll:
            rolls.append(AttackRoll(attack.roll, attack.name))
        if attack.damage:
            rolls.append(AttackRoll(attack.damage, f"{attack.name} damage", damage=True))
    return rolls


def target_choices(
    combatants: list[Combatant], attacker: Combatant, last: str | None
) -> tuple[Choices, int]:
    """Everyone else still in the fight, and which to highlight: the last target if
    it is still standing, else the first of the other side (a PC for an NPC)."""
    others = [c for c in combatants if c.cid != attacker.cid and c.kind != "event" and not c.out]
    choices: Choices = [(c.cid, c.name) for c in others]
    choices.append((NO_TARGET, "No one in particular"))
    ids = [c.cid for c in others]
    if last in ids:
        return choices, ids.index(last)
    other_side = next(
        (i for i, c in enumerate(others) if (c.kind == "pc") != (attacker.kind == "pc")), 0
    )
    return choices, other_side


def attack_source(attacker: str, what: str, target: str | None, *, damage: bool = False) -> str:
    """What the journal says was rolled: 'Necros attacks James Bond with Knife',
    'Necros: Knife damage on James Bond', or 'Necros: Knife' at no one in particular."""
    if target is None:
        return f"{attacker}: {what}"
    if damage:
        return f"{attacker}: {what} on {target}"
    return f"{attacker} attacks {target} with {what}"


def attack(screen: CombatScreen, attacker: Combatant, block: Any) -> None:
    """Ask for the attack (when there are several) and the target, then roll."""
    rolls = attack_rolls(block)
    if not rolls:
        screen.notify(f"{attacker.name} has no attacks to roll", severity="warning")
        return

    def with_attack(index: int) -> None:
        chosen = rolls[index]
        _ask_target(screen, attacker, lambda target: _roll(screen, attacker, chosen, target))

    if len(rolls) == 1:
        with_attack(0)
        return
    choices: Choices = [
        (str(i), f"{what}: {expression}") for i, (expression, what, _) in enumerate(rolls)
    ]
    screen.app.push_screen(
        PickScreen(f"{attacker.name} attacks", choices),
        lambda answer: with_attack(int(answer)) if answer else None,
    )


def _ask_target(
    screen: CombatScreen, attacker: Combatant, then: Callable[[str | None], None]
) -> None:
    combatants = screen.tracker.state.order()
    choices, highlight = target_choices(combatants, attacker, screen.targets.get(attacker.cid))

    def chosen(answer: str | None) -> None:
        if answer is None:
            return
        if answer == NO_TARGET:
            then(None)
            return
        screen.targets[attacker.cid] = answer
        then(answer)

    screen.app.push_screen(
        PickScreen(f"{attacker.name} attacks whom?", choices, highlight=highlight), chosen
    )


def _roll(
    screen: CombatScreen, attacker: Combatant, chosen: AttackRoll, target: str | None
) -> None:
    session = screen.session
    combatants = screen.tracker.state.combatants
    target_name = combatants[target].name if target in combatants else None
    source = attack_source(attacker.name, chosen.what, target_name, damage=chosen.damage)
    if chosen.damage and target is not None:
        # rolled and taken off the target's track in one event; the notice line
        # and the log say 'Ada takes 3: Wounds 0 → 3/4'
        screen.do(
            lambda: screen.tracker.damage_roll(target, chosen.expression, source),
            done=lambda event: harm_line(event.data),
        )
        return
    since = session.state.last_seq
    screen.clear_notice()
    defence = _defence(screen, combatants[target]) if target in combatants else None
    rules = screen.module.ruleset.attack

    def read(total: int) -> tuple[str, bool]:
        # The log and the recap say 'hit' or 'miss' as the notice does, not 'reached'.
        assert rules is not None and defence is not None
        result = read_attack(rules, total, defence)
        return result.label.lower(), result.damage > 0

    reads = rules is not None and defence is not None
    try:
        _, roll = session.roll(
            dice_text(chosen.expression),
            source=source,
            target=defence,
            read=read if reads else None,
        )
    except CampaignError as error:
        screen.notify(str(error), title="Cannot roll", severity="error")
        return
    # the fight log shows the roll as its newest line; the tray's history gets it too
    screen.refresh_view()
    announce(screen.app, session, since)
    if defence is not None and rules is not None and target_name is not None:
        result = read_attack(rules, roll.total, defence)
        follow = f" · r, then '{chosen.what} damage', rolls it" if result.damage else ""
        screen.notify(f"{result.label}: {roll.total} vs {target_name}'s defence {defence}{follow}")


def _defence(screen: CombatScreen, target: Combatant) -> int | None:
    """The number an attack on `target` must beat under the ruleset's attack rules, or None
    (no rules, or a combatant without a stat block of the module)."""
    module = screen.module
    if module.ruleset.attack is None or target.ref is None:
        return None
    block = (module.pcs if target.kind == "pc" else module.npcs).get(target.ref)
    if block is None:
        return None
    try:
        return defence_of(module.ruleset, block)
    except CampaignError:
        return None
