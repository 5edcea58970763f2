"""Declared fights against the band their author meant: each one forecast.

Every scene (or set piece) that declares a `fight:` is forecast with a fixed
seed (`FIGHT_RUNS` runs, the module's pregens against the declared
opposition). A fight with a `band` whose 95% interval for the agents' chance
to win lies wholly outside the band is a warning; a fight with neither a band
nor `deadly: true` is one too, so an author says what each fight is for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from campaign.errors import CampaignError
from campaign.model import Fight, Module

if TYPE_CHECKING:
    from campaign.forecast.plan import Policy
    from campaign.forecast.roster import Side

FIGHT_RUNS = 2_000
"""Runs per declared fight: a 95% interval of about ±2 points, in well under a second."""
FIGHT_SEED = 1987


@dataclass(frozen=True, slots=True)
class FightOdds:
    """One declared fight's forecast for the module's pregens."""

    scene: str
    where: str
    """'fight' or 'set_piece.fight'."""
    agents_win: tuple[float, float, float] | None
    """(p, low, high), or None when it could not be forecast."""
    band: tuple[float, float] | None
    deadly: bool
    problem: str = ""
    """Why it could not be forecast."""


def declared_fights(module: Module) -> Iterator[tuple[str, str, Fight]]:
    for scene_id, scene in module.scenes.items():
        if scene.fight is not None:
            yield scene_id, "fight", scene.fight
        if scene.set_piece is not None and scene.set_piece.fight is not None:
            yield scene_id, "set_piece.fight", scene.set_piece.fight


def fight_odds(module: Module) -> list[FightOdds]:
    """Every declared fight, forecast."""
    from campaign.forecast import fight_of, forecast_plan, plan_for

    found: list[FightOdds] = []
    for scene_id, where, fight in declared_fights(module):
        band = fight.band.agents_win if fight.band else None
        try:
            opposition, notes = fight_of(fight)
            policies: dict[Side, Policy] = {
                "agents": fight.policy.agents,
                "opposition": fight.policy.opposition,
            }
            plan = plan_for(
                module, opposition, situation=fight.situation, policies=policies, notes=notes
            )
            win = forecast_plan(plan, runs=FIGHT_RUNS, seed=FIGHT_SEED).agents_win
        except CampaignError as error:
            found.append(FightOdds(scene_id, where, None, band, fight.deadly, str(error)))
            continue
        found.append(FightOdds(scene_id, where, (win.p, win.low, win.high), band, fight.deadly))
    return found


def fight_warnings(fights: list[FightOdds]) -> Iterator[str]:
    for fight in fights:
        where = f"scene {fight.scene}: {fight.where}"
        if fight.agents_win is None:
            yield f"{where}: cannot be forecast: {fight.problem}"
            continue
        p, low, high = fight.agents_win
        if fight.band is not None and (high < fight.band[0] or low > fight.band[1]):
            yield (
                f"{where}: the agents win {p:.0%} ({low:.0%}-{high:.0%}), outside its band "
                f"{fight.band[0]:.0%}-{fight.band[1]:.0%}"
            )
        elif fight.band is None and not fight.deadly:
            yield f"{where}: no band (agents win {p:.0%}); give `band` or `deadly: true`"
