"""What the combat tracker shows, drawn from the session's state: a row per
combatant, the status line, the fight's log, the keys line and the condition
choices. Pure functions of the state: `CombatScreen` (campaign.tui.screens.combat)
puts them on screen and does the writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from textual.content import Content

from campaign.session.combat import END, START, combat_summary, condition_terms
from campaign.session.combat import KINDS as COMBAT_KINDS
from campaign.session.events import ROLL
from campaign.tui.widgets.roster import condition_chips, health_cell

if TYPE_CHECKING:
    from campaign.model import Condition, Module, Scene
    from campaign.session import Combatant, CombatState, Session

LOG_EVENTS = 40
"""The fight's latest events kept in the log under the table (it scrolls)."""

GROUP = " · group"
"""After the name of a combatant who shares a turn with the others of its kind."""

_NUMBER = re.compile(r"\s\d+$")

KEYS = Content.from_markup(
    "[$text-muted]add:[/] [b]a[/] scene NPCs  [b]P[/] pregens  [b]w[/] by name  "
    "[b]v[/] pinned slot  [b]y[/] table's NPCs   [$text-muted]order:[/] [b][ ][/] or "
    "[b]shift+↑↓[/]  [b]I[/] set init   [b]x[/] amount  [b]enter[/] stats  [b]u[/] undo"
)
"""The keys the footer has no room for."""

ENDED_KEYS = Content.from_markup(
    "[$text-muted]the fight is over:[/] [b]u[/] undo takes back its end   "
    "[$text-muted]a new fight:[/] [b]a[/] scene NPCs  [b]P[/] pregens  [b]w[/] by name   "
    "[b]enter[/] stats  [b]esc[/] back"
)
"""The keys line once the fight has ended: what can still be done."""


Row = tuple[Content, Content, Content, Content, Content]
"""(turn mark, initiative, name, health, conditions): the table's columns."""


class Widths(NamedTuple):
    """Cells of the table's columns (without the table's padding)."""

    mark: int
    init: int
    name: int
    health: int
    conditions: int


MARK_WIDTH = 1
INIT_WIDTH = 4
MIN_NAME = 12
MIN_CONDITIONS = 12
PADDING = 2
"""A DataTable pads each cell by one on both sides."""


def fit_name(name: str, width: int) -> str:
    """The name in `width` cells, with '…' where it is cut. A number at its end tells
    identical NPCs apart, so it is kept: 'Czechoslovak police o… 3', or '…officer 3'."""
    if len(name) <= width:
        return name
    if width <= 1:
        return "…"[:width]
    number = _NUMBER.search(name)
    if number is None:
        return name[: width - 1].rstrip() + "…"
    tail = number.group()
    head = width - len(tail) - 1
    if head >= 8:  # enough of the name to read, then its number
        return name[:head].rstrip() + "…" + tail
    return "…" + name[len(name) - width + 1 :].lstrip()


def name_text(combatant: Combatant) -> str:
    """The name column's text in full: the name, whether it shares a turn, whether it is out."""
    return combatant.name + (GROUP if combatant.group else "") + (" (out)" if combatant.out else "")


def column_widths(
    combatants: Sequence[Combatant], track: str, width: int, health_name: str = "Health"
) -> Widths:
    """Columns for a table `width` cells wide. Conditions come first (what a fight
    changes), then names get what their longest needs; when both do not fit, names
    are cut (keeping their number) down to MIN_NAME, then conditions."""
    cells = [health_cell(track, c.health, c.damage).cell_length for c in combatants]
    health = max([len(health_name), *cells])
    fixed = MARK_WIDTH + INIT_WIDTH + health + PADDING * 5
    longest = max([len("Name"), *(len(name_text(c)) for c in combatants)])
    chips = max([0, *(condition_chips(c.conditions).cell_length for c in combatants)])
    needed = max(MIN_CONDITIONS, chips)
    name = max(MIN_NAME, min(longest, width - fixed - needed))
    conditions = max(MIN_CONDITIONS, width - fixed - name)
    return Widths(MARK_WIDTH, INIT_WIDTH, name, health, conditions)


def combatant_row(combatant: Combatant, *, here: bool, track: str, widths: Widths) -> Row:
    """One combatant's cells; `here` marks the slot whose turn it is. A name or
    conditions longer than their column end in '…' (the stat block has it all)."""
    style = "bold $accent" if here else ""
    if combatant.out:
        style = "dim strike"
    if combatant.pinned is not None:
        init = Content(f"⚑{combatant.pinned}")
    elif combatant.initiative is not None:
        init = Content(str(combatant.initiative))
    else:
        init = Content.from_markup("[$text-muted]–[/]")
    suffix = (GROUP if combatant.group else "") + (" (out)" if combatant.out else "")
    name = fit_name(combatant.name, max(1, widths.name - len(suffix)))
    health: Content = (
        Content.from_markup("[$text-muted]scripted[/]")
        if combatant.kind == "event"
        else health_cell(track, combatant.health, combatant.damage)
    )
    return (
        Content.styled("▶" if here else "", "bold $accent"),
        init,
        Content.assemble(
            Content.styled(name, style) if style else Content(name),
            Content.styled(suffix, "$text-muted"),
        ).truncate(widths.name, ellipsis=True),
        health,
        condition_chips(combatant.conditions).truncate(widths.conditions, ellipsis=True),
    )


def fight_status(state: CombatState, scene: Scene | None) -> Content:
    """The line above the table: the fight, its round and who acts; or how to start one."""
    if state.ended:
        return ended_status(state)
    if not state.active:
        where = f"the NPCs of {scene.title}" if scene else "NPCs"
        return Content.from_markup(
            "[b]No fight running.[/] [$text-muted]a adds $where, P the pregens, "
            "w someone by name: adding starts a fight.[/]",
            where=where,
        )
    title = f"Fight: {state.name}" if state.name else "Fight"
    if state.round == 0:
        turn = "not started: i rolls initiative, n starts round 1"
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


def ended_status(state: CombatState) -> Content:
    """'Fight ended — round 4, 3 down': plainly over, no turn, what can be done."""
    when = f"round {state.round}" if state.round else "before round 1"
    name = f"{state.name} · " if state.name else ""
    return Content.assemble(
        Content.styled(f"Fight ended — {when}, {state.down} down", "bold"),
        "  ",
        Content.styled(
            f"{name}u takes the end back · adding someone starts a new fight", "$text-muted"
        ),
    )


def track_now(combatant: Combatant, unit: str, track: str) -> str:
    """The combatant's track as the table shows it: 'HP 12/12', 'Wounds 1/5'."""
    shown = combatant.damage if track == "wounds" else combatant.remaining
    return f"{unit} {shown}/{combatant.health}"


def harm_amount(answer: str, sign: int) -> int | None:
    """The harm an answer asks for: positive damages, negative heals; None when it
    is not a number. `sign` 1 ('-', damage) or -1 ('+', healing) says which the
    number is; 0 ('x') reads it: '5' or '+5' damages, '-5' heals.
    Enter alone means 1."""
    text = answer.strip()
    heal = text[:1] == "-"
    if text[:1] in ("-", "+"):
        text = text[1:]
    if not text:
        amount = 1
    elif text.isdigit():
        amount = int(text)
    else:
        return None
    if sign:
        return amount * sign
    return -amount if heal else amount


def fight_log(session: Session) -> Content:
    """The latest fight's events, oldest first and the newest last: what the tracker
    wrote, and the rolls made while the fight ran (attacks from the tracker name
    their target). The screen scrolls the log to its end, so the newest shows."""
    journal = session.state.journal()
    start = max((i for i, e in enumerate(journal) if e.kind == START), default=None)
    if start is None:
        events = [e for e in journal if e.kind in COMBAT_KINDS]
    else:
        # The log stops at the fight's end: the tray's rolls after it belong to the
        # evening, not to a fight that was over when they were made. An undone end is
        # not in the journal, so a fight taken back up keeps its rolls since.
        end = next((i for i, e in enumerate(journal[start:], start) if e.kind == END), None)
        during = journal[start : None if end is None else end + 1]
        events = [e for e in during if e.kind in COMBAT_KINDS or e.kind == ROLL]
    lines = [combat_summary(event) or event.summary() for event in events[-LOG_EVENTS:]]
    if not lines:
        return Content.from_markup("[$text-muted]The fight's log shows here.[/]")
    return Content("\n").join(Content(line) for line in lines)


def condition_choices(
    module: Module, conditions: Iterable[Condition], bearer: Combatant | None
) -> list[tuple[str, str | Content]]:
    """The ruleset's conditions as picker lines: name, how long, when it ticks, effect;
    the save filled with the bearer's own numbers ('save 2d6+2 vs 9')."""
    choices: list[tuple[str, str | Content]] = []
    for condition in conditions:
        lasts = condition_terms(module, condition, bearer)
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
