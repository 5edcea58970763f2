"""The fight forecast: how deadly a fight is for a party, before anyone rolls.

A fight (the module's `fight:` on a scene or set piece, or a spec such as
`kgb-agent:4,necros`) is played many times under the ruleset's attack rules
(`campaign.checks.attacks`): `roster` builds both sides, `plan` works out
every attacker's best attack and the damage it lands, `fast` (numpy) and
`reference` (plain Python) play the same model, `duel` works a one-on-one
fight out exactly, and `forecast` sums the runs up with 95% intervals.
"""

from __future__ import annotations

from campaign.forecast.forecast import (
    DEFAULT_RUNS,
    Forecast,
    fight_of,
    forecast_plan,
    plan_for,
    summarise,
)
from campaign.forecast.roster import Fighter, build_roster, parse_spec

__all__ = [
    "DEFAULT_RUNS",
    "Fighter",
    "Forecast",
    "build_roster",
    "fight_of",
    "forecast_plan",
    "parse_spec",
    "plan_for",
    "summarise",
]
