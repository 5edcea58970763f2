"""The combat tracker's forecast line: how the fight is likely to go from where it stands.

'Forecast: agents win ~78% (74–82%), an agent down 41%, ~4 rounds · 1 not modelled'.
The line-up is the tracker's (`campaign.forecast.from_combat`): the agents and
NPCs still in the fight with the health they have left. It is worked out in a
thread worker (numpy and the forecast are imported there, never at start-up)
as soon as a fight has a line-up, again whenever the line-up changes before
round 1, and for each round from the line-up as that round began (the journal
keeps it: `CombatState.round_starts`); a result for a line-up or a round that
has moved on since is dropped. So harm during a round moves the line at the
next round, undo or redo back into an earlier round shows that round's figures
again, and the tracker closed and reopened mid-round reads as the round opened.
The seed is always the same, so the figures move only when the fight does: the
same line-up reads the same at every round.
A ruleset without attack rules has nothing to forecast: the line is hidden.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from textual import on, work
from textual.content import Content
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from campaign.wording import plural

if TYPE_CHECKING:
    from campaign.forecast import Forecast
    from campaign.forecast.from_combat import LineUp
    from campaign.model import Fight, Module
    from campaign.session import Combatant, CombatState

SEED = 1
"""One seed for every forecast of the tracker, so a figure never moves by chance alone."""

TOOLTIP_LINES = 12
"""Not-modelled notes listed in the line's tooltip (the rest are counted)."""

Token = tuple[object, ...]
"""What a forecast was asked for: the round and the line-up it is worked out from."""


def snapshot(state: CombatState) -> tuple[Combatant, ...]:
    """The line-up the line is for, copied (the worker reads it in its thread while the
    journal goes on changing the state): before round 1 the combatants as they are now;
    in a round, as they stood when it began (as they are now, for a journal that does
    not hold the round's start)."""
    started = state.round_starts.get(state.round) if state.round else None
    combatants = started if started is not None else state.combatants.values()
    return tuple(
        dataclasses.replace(
            combatant, conditions=[dataclasses.replace(c) for c in combatant.conditions]
        )
        for combatant in combatants  # as they joined: the journal's order
    )


class FightForecast(Static):
    """One line over the tracker's table: the fight's forecast as it now stands."""

    def __init__(self, module: Module, fight: Fight | None, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.module = module
        self.fight = fight
        """The scene's declared fight, if any: its situation and policies are used."""
        self.asked: Token | None = None
        """The forecast last asked for; a result for any other is stale."""
        self.answered = False
        """A forecast of this fight is on the line (kept while the next is worked out)."""

    def follow(self, state: CombatState) -> None:
        """Called whenever the fight is redrawn: ask for a forecast when one is due."""
        shown = state.active and self.module.ruleset.attack is not None
        self.display = shown
        self.screen.set_class(shown, "-forecast")
        if not shown:
            self.asked, self.answered = None, False
            return
        combatants = snapshot(state)
        token: Token = (state.round, combatants)
        if token == self.asked:
            return
        self.asked = token
        if not self.answered:  # later, the last figures stay until the new ones come
            self.update(Content.assemble(heading(state.round), ("working it out…", "$text-muted")))
        self._work_out(token, combatants, state.round)

    @work(thread=True, exclusive=True, exit_on_error=False, group="combat-forecast")
    def _work_out(self, token: Token, combatants: tuple[Combatant, ...], round_: int) -> None:
        line, notes = forecast_line(self.module, self.fight, combatants, round_)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_result, token, line, notes)

    def show_result(self, token: Token, line: Content, notes: list[str]) -> None:
        """Show a forecast, unless the fight has moved on since it was asked for."""
        if token != self.asked or not self.is_attached:
            return
        self.update(line)
        self.tooltip = tooltip(notes)
        self.answered = True

    @on(Worker.StateChanged)
    def _failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "combat-forecast" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.update(Content.assemble(heading(0), f"failed ({error})"))


def heading(round_: int) -> Content:
    """'Forecast: ' before round 1, 'Forecast at round 3: ' once the fight runs."""
    text = f"Forecast at round {round_}: " if round_ else "Forecast: "
    return Content.styled(text, "bold")


def forecast_line(
    module: Module, fight: Fight | None, combatants: tuple[Combatant, ...], round_: int
) -> tuple[Content, list[str]]:
    """The line for the line-up, and the notes on what it does not model (in the worker)."""
    from campaign.errors import CampaignError
    from campaign.forecast.from_combat import forecast_line_up, line_up

    lineup = line_up(module, combatants)
    waiting = not_yet(lineup)
    if waiting is not None:
        return Content.assemble(heading(round_), (waiting, "$text-muted")), lineup.not_modelled
    situation = fight.situation if fight is not None else None
    policies = (
        {"agents": fight.policy.agents, "opposition": fight.policy.opposition}
        if fight is not None
        else None
    )
    try:
        forecast = forecast_line_up(
            module,
            lineup,
            situation=situation,
            policies=policies,  # type: ignore[arg-type]
            seed=SEED,
        )
    except CampaignError as error:
        return Content.assemble(heading(round_), f"not available: {error}"), []
    return Content.assemble(heading(round_), *figures(forecast, lineup, round_)), list(
        forecast.not_modelled
    )


def not_yet(lineup: LineUp) -> str | None:
    """What is missing before a forecast means anything; None when both sides can fight."""
    if lineup.count("agents") == 0:
        if lineup.agents_out:
            return "every agent is down"
        return "no agent it can play yet (P adds the pregens)"
    if lineup.count("opposition") == 0:
        if lineup.opposition_out:
            return "the opposition is all down"
        return "no opposition it can play yet (a adds the scene's NPCs)"
    return None


def figures(forecast: Forecast, lineup: LineUp, round_: int) -> list[Content | str]:
    """'agents win ~78% (74–82%), an agent down 41%, ~4 rounds · 1 not modelled'
    ('~3 rounds left' once the fight runs)."""
    win = forecast.agents_win
    who = "another agent" if lineup.agents_out else "an agent"
    rounds = forecast.rounds_median.value
    left = " left" if round_ else ""  # the round starting is still to be played
    parts: list[Content | str] = [
        f"agents win ~{win.p:.0%} ({win.low:.0%}–{win.high:.0%}), ",
        f"{who} down {forecast.someone_down:.0%}, ",
        f"~{rounds} {'round' if rounds == 1 else 'rounds'}{left}",
    ]
    if forecast.draw.p >= 0.01:
        parts.append(f", a draw {forecast.draw.p:.0%}")
    left_out = []
    if lineup.not_modelled:
        left_out.append(f"{len(lineup.not_modelled)} not modelled")
    if lineup.conditions:
        left_out.append(f"{plural(len(lineup.conditions), 'condition')} ignored")
    if left_out:
        parts.append(Content.styled(" · " + ", ".join(left_out), "$text-muted"))
    return parts


def tooltip(notes: list[str]) -> str | None:
    """The not-modelled notes, the line-up's first (hover the line to read them)."""
    if not notes:
        return None
    shown = notes[:TOOLTIP_LINES]
    more = len(notes) - len(shown)
    lines = ["Not modelled:", *(f"• {note}" for note in shown)]
    if more:
        lines.append(f"… and {more} more")
    return "\n".join(lines)
