"""A scene's checks as the scene pane shows them, with each agent's odds.

The odds are each pregen's own: the number the roll adds and the chance of
success (and of a partial), worked out by `campaign.checks.check_roll` from
the very expression the tray would roll, whatever the ruleset's check family.
A module without pregens gets a row per total bonus (+0 to +4) instead, where
the family adds a bonus at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from campaign.checks import (
    check_odds,
    check_roll,
    check_rolled,
    describe_bands,
    describe_target,
    roll_odds,
    success_chance,
)
from campaign.model import Check, Module, Ruleset
from campaign.tui.render import Lines, markup

BONUSES = (0, 1, 2, 3, 4)
"""Total bonuses the odds rows are worked out for when a module has no pregens."""
NAME_WIDTH = 20
"""The widest the agent column gets: the table stays within a scene pane at 80 columns."""


def _short(name: str, width: int) -> str:
    return name if len(name) < width else name[: width - 2] + "…"


def bonus_table(ruleset: Ruleset, rows: dict[int, dict[str, float]]) -> Content:
    """Chance of success (and of a partial) for each total bonus."""
    tiers = {tier.id for tier in ruleset.check.results}
    lines = [
        markup(
            "[$text-muted]$label[/]$cells",
            label=f"{'bonus':<11}",
            cells="".join(f"{f'+{bonus}':>6}" for bonus in rows),
        ),
        markup(
            "$label$cells",
            label=f"{'success':<11}",
            cells="".join(f"{success_chance(chances):>6.0%}" for chances in rows.values()),
        ),
    ]
    if "partial" in tiers:
        cells = "".join(f"{chances.get('partial', 0.0):>6.0%}" for chances in rows.values())
        lines.append(markup("$label$cells", label=f"{'partial':<11}", cells=cells))
    return Content("\n").join(lines)


def agents_table(module: Module, check: Check) -> Content:
    """Each pregen's number and chance at the check, the tray's own roll."""
    ruleset = module.ruleset
    partial = any(tier.id == "partial" for tier in ruleset.check.results)
    # as wide as the longest name needs (a space after it), up to NAME_WIDTH
    width = min(NAME_WIDTH, max(len("agent"), *(len(pc.name) for pc in module.pcs.values())) + 1)
    header = f"{'agent':<{width}}{'rolls':>9}{'success':>9}" + (
        f"{'partial':>9}" if partial else ""
    )
    lines = [markup("[$text-muted]$header[/]", header=header)]
    for pc in module.pcs.values():
        roll = check_roll(ruleset, pc, check)
        chances = roll_odds(ruleset, roll)
        row = f"{_short(pc.name, width):<{width}}{roll.shown:>9}{success_chance(chances):>9.0%}"
        if partial:
            row += f"{chances.get('partial', 0.0):>9.0%}"
        lines.append(Content(row))
    return Content("\n").join(lines)


def odds_body(module: Module, check: Check) -> Content | None:
    """The odds block of a check: per agent, else per bonus; None when there is nothing to
    work out (no target, or a family that needs a character and there are none)."""
    ruleset = module.ruleset
    if module.pcs:
        return agents_table(module, check)
    rows = {bonus: check_odds(ruleset, check, bonus) for bonus in BONUSES}
    if not any(rows.values()):
        return None
    return bonus_table(ruleset, rows)


def check_widgets(
    module: Module, index: int, where_from: str, check: Check, section: Callable[..., Widget]
) -> Iterator[Widget]:
    """The check's block (task, what is rolled against what, outcomes, ticks) and a place
    for its odds, filled in later from a worker."""
    ruleset = module.ruleset
    against = describe_target(ruleset, check)
    lines = Lines()
    lines.add(
        "[b]$task[/]  [$text-muted]$rolled $against[/]",
        task=check.task,
        rolled=check_rolled(ruleset, check),
        against=f"vs {against}" if against and against != "bands" else describe_bands(ruleset),
    )
    for label, text in (
        ("Success", check.success),
        ("Partial", check.partial),
        ("Failure", check.failure),
    ):
        lines.field(label, text)
    for tick in check.ticks:
        clock = module.clocks.get(tick.clock)
        lines.add(
            "[$text-muted]on $on: $clock $segments[/]",
            on=tick.on,
            clock=clock.name if clock else tick.clock,
            segments=f"{tick.segments:+d}",
        )
    title = f"Check · {where_from}" if where_from else "Check"
    yield section(title, lines.content(), classes="check")
    if against:
        yield Static("odds …", id=f"check-odds-{index}", classes="check-odds")
