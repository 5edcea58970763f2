"""What the combat tracker shows, drawn from the session's state: a row per
combatant, the status line, the fight's log, the keys line and the condition
choices. Pure functions of the state: `CombatScreen` (campaign.tui.screens.combat)
puts them on screen and does the writing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content

from campaign.session.combat import KINDS as COMBAT_KINDS
from campaign.session.combat import combat_summary
from campaign.tui.widgets.roster import condition_chips, health_cell

if TYPE_CHECKING:
    from campaign.model import Condition, Scene
    from campaign.session import Combatant, CombatState, Session

LOG_LINES = 4
"""The fight's latest events shown under the table."""

KEYS = Content.from_markup(
    "[$text-muted]add:[/] [b]a[/] scene NPCs  [b]P[/] pregens  [b]w[/] by name  "
    "[b]v[/] pinned slot  [b]y[/] table's NPCs   [$text-muted]order:[/] [b][ ][/] or "
    "[b]shift+↑↓[/]  [b]I[/] set init   [b]x[/] amount  [b]enter[/] stats  [b]u[/] undo"
)
"""The keys the footer has no room for."""

Row = tuple[Content, Content, Content, Content, Content]
"""(turn mark, initiative, name, health, conditions): the table's columns."""


def combatant_row(combatant: Combatant, *, here: bool, track: str) -> Row:
    """One combatant's cells; `here` marks the slot whose turn it is."""
    style = "bold $accent" if here else ""
    if combatant.out:
        style = "dim strike"
    if combatant.pinned is not None:
        init = Content(f"⚑{combatant.pinned}")
    elif combatant.initiative is not None:
        init = Content(str(combatant.initiative))
    else:
        init = Content.from_markup("[$text-muted]–[/]")
    name = combatant.name + (" ◆" if combatant.group else "")
    if combatant.out:
        name += " (out)"
    health: Content = (
        Content.from_markup("[$text-muted]scripted[/]")
        if combatant.kind == "event"
        else health_cell(track, combatant.health, combatant.damage)
    )
    return (
        Content.styled("▶" if here else "", "bold $accent"),
        init,
        Content.styled(name, style) if style else Content(name),
        health,
        condition_chips(combatant.conditions),
    )


def fight_status(state: CombatState, scene: Scene | None) -> Content:
    """The line above the table: the fight, its round and who acts; or how to start one."""
    if not state.active:
        where = f"the NPCs of {scene.title}" if scene else "NPCs"
        return Content.from_markup(
            "[b]No fight running.[/] [$text-muted]a adds $where, P the pregens, "
            "w someone by name: adding starts a fight.[/]",
            where=where,
        )
    title = f"Fight: {state.name}" if state.name else "Fight"
    if state.round == 0:
        turn = "not started: i rolls initiative, space starts round 1"
    else:
        names = ", ".join(c.name for c in state.current()) or "nobody"
        turn = f"{names} to act"
    return Content.from_markup(
        "[b $accent]$title[/]  [b]Round $round[/]  $turn  [$text-muted]$count in the fight[/]",
        title=title,
        round=state.round,
        turn=turn,
        count=len(state.combatants),
    )


def fight_log(session: Session) -> Content:
    """The latest combat events of the journal, oldest first."""
    events = [e for e in session.state.journal() if e.kind in COMBAT_KINDS]
    lines = [combat_summary(event) or event.kind for event in events[-LOG_LINES:]]
    if not lines:
        return Content.from_markup("[$text-muted]The fight's log shows here.[/]")
    return Content("\n").join(Content(line) for line in lines)


def condition_choices(conditions: Iterable[Condition]) -> list[tuple[str, str | Content]]:
    """The ruleset's conditions as picker lines: name, how long, when it ticks, effect."""
    choices: list[tuple[str, str | Content]] = []
    for condition in conditions:
        lasts = f"{condition.rounds} rounds" if condition.rounds else "until ended"
        if condition.save and condition.save_target is not None:
            lasts += f", save {condition.save} vs {condition.save_target}"
        choices.append(
            (
                condition.id,
                Content.from_markup(
                    "[b]$name[/] [$text-muted]($lasts, ticks at $ticks)[/] $effect",
                    name=condition.name,
                    lasts=lasts,
                    ticks=condition.ticks,
                    effect=condition.effect.strip(),
                ),
            )
        )
    return choices


def name_and_number(text: str) -> tuple[str, int | None]:
    """'Kara Milovy 5' -> ('Kara Milovy', 5); 'Kara' -> ('Kara', None)."""
    words = text.split()
    if len(words) > 1:
        try:
            return " ".join(words[:-1]), int(words[-1])
        except ValueError:
            pass
    return text.strip(), None
