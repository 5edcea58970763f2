"""`campaign forecast`: how a fight is likely to go for a party, before anyone rolls.

The fight is a scene's (or its set piece's) declared `fight:`, or a spec
(`kgb-agent:4,necros`); the party is the module's pregens, a list
(`--pcs pc-bond,pc-reyes`), or a session's (with the wounds they carry).
numpy and the forecast are imported inside the command.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from campaign.cli.common import EXIT_OK, Subparsers, existing_session, print_json, seed_or_fresh
from campaign.errors import CampaignError, did_you_mean

if TYPE_CHECKING:
    from campaign.forecast import Forecast
    from campaign.forecast.plan import Policy
    from campaign.forecast.roster import Side
    from campaign.model import Fight, Module


def _scene_fight(module: Module, scene_id: str) -> Fight:
    scene = module.scenes.get(scene_id)
    if scene is None:
        raise CampaignError(
            f"no scene '{scene_id}' in {module.id}{did_you_mean(scene_id, module.scenes)}"
        )
    fight = scene.fight or (scene.set_piece.fight if scene.set_piece else None)
    if fight is None:
        with_fights = [
            key
            for key, s in module.scenes.items()
            if s.fight or (s.set_piece and s.set_piece.fight)
        ]
        hint = f"; scenes with one: {', '.join(with_fights)}" if with_fights else ""
        raise CampaignError(f"scene '{scene_id}' declares no fight (give --fight SPEC){hint}")
    return fight


def _session_party(name: str, module: Module) -> tuple[list[tuple[str, int]], dict[str, int]]:
    """The pregens and the wounds they carry in a session's campaign record."""
    from campaign.session import Session
    from campaign.session.continuity import record_of

    with Session.open(
        existing_session(name), create=False, origin="cli", read_only=True
    ) as session:
        if session.module_id and session.module_id != module.id:
            raise CampaignError(
                f"session '{name}' is of module '{session.module_id}', not '{module.id}'"
            )
        record = record_of(session.state)
        damage = {pc_id: pc.damage for pc_id, pc in record.pcs.items()}
    return [(pc_id, 1) for pc_id in module.pcs], damage


def _percent(chance: Any) -> str:
    return f"{chance.p:6.1%}  ({chance.low:.1%}–{chance.high:.1%})"


def forecast_text(forecast: Forecast, title: str) -> str:
    """The forecast as the terminal shows it."""
    lines = [title, f"{forecast.runs:,} runs, seed {forecast.seed}", ""]
    exact = forecast.exact_agents_win
    lines.append(
        f"{'agents win':<18}{_percent(forecast.agents_win)}"
        + (f"   exact {exact:.1%} (a duel)" if exact is not None else "")
    )
    lines.append(f"{'opposition wins':<18}{_percent(forecast.opposition_win)}")
    lines.append(f"{'draw (50 rounds)':<18}{_percent(forecast.draw)}")
    lines.append(f"{'an agent down':<18}{forecast.someone_down:6.1%}")
    median, p90 = forecast.rounds_median, forecast.rounds_p90
    lines.append(
        f"{'rounds':<18}median {median.value} ({median.low}–{median.high}), "
        f"9 in 10 end by {p90.value} ({p90.low}–{p90.high})"
    )
    lines += ["", "taken out (down):"]
    for fighter in forecast.fighters:
        chance = forecast.taken_out[fighter.key]
        fled = forecast.fled[fighter.key]
        extra = f"   fled {fled.p:.1%}" if fled.p > 0 else ""
        lines.append(f"  {fighter.key:<24}{_percent(chance)}{extra}")
    if forecast.not_modelled:
        lines += ["", f"not modelled ({len(forecast.not_modelled)}):"]
        lines += [f"  {note}" for note in forecast.not_modelled]
    return "\n".join(lines)


def _cmd_forecast(args: argparse.Namespace) -> int:
    from campaign.forecast import fight_of, forecast_plan, parse_spec, plan_for
    from campaign.loader import find_module, load_module

    module = load_module(find_module(args.module))
    notes: list[str] = []
    situation: str | None = args.situation
    policies: dict[Side, Policy] = {}
    if args.scene:
        fight = _scene_fight(module, args.scene)
        opposition, notes = fight_of(fight)
        situation = situation or fight.situation
        policies = {"agents": fight.policy.agents, "opposition": fight.policy.opposition}
    else:
        opposition = parse_spec(args.fight)
    for side in ("agents", "opposition"):
        chosen = getattr(args, f"{side}_policy")
        if chosen:
            policies[side] = chosen
    agents, damage = (parse_spec(args.pcs) if args.pcs else None), None
    if args.session:
        agents, damage = _session_party(args.session, module)
    plan = plan_for(
        module,
        opposition,
        agents=agents,
        damage=damage,
        situation=situation,
        policies=policies,
        notes=notes,
    )
    forecast = forecast_plan(plan, runs=args.runs, seed=seed_or_fresh(args.seed))
    if args.json:
        print_json(forecast.to_dict())
        return EXIT_OK
    against = ", ".join(f"{npc} ×{count}" if count > 1 else npc for npc, count in opposition)
    where = f" ({situation})" if situation else ""
    party = sum(1 for fighter in plan.fighters if fighter.side == "agents")
    title = f"{module.id}: {party} {'agent' if party == 1 else 'agents'} vs {against}{where}"
    print(forecast_text(forecast, title))
    return EXIT_OK


def _runs(text: str) -> int:
    count = int(text)
    if not 100 <= count <= 200_000:
        raise argparse.ArgumentTypeError("N must be between 100 and 200000")
    return count


def add_forecast_command(sub: Subparsers) -> None:
    """`forecast`."""
    forecast = sub.add_parser(
        "forecast",
        help="play a fight thousands of times: who wins, who goes down, how long it lasts",
        description=(
            "Play the fight of --scene SCENE (its `fight:`) or --fight SPEC (NPC ids with "
            "counts: kgb-agent:4,necros) many times under the ruleset's attack rules, and "
            "print each side's chance to win, each combatant's chance to be taken out, and "
            "the rounds it lasts, with 95% intervals (a duel also exactly). The agents are "
            "the module's pregens unless --pcs or --session names them."
        ),
    )
    forecast.add_argument("module", metavar="MODULE", help="module folder or id")
    which = forecast.add_mutually_exclusive_group(required=True)
    which.add_argument("--scene", metavar="SCENE", help="the scene whose declared fight to play")
    which.add_argument("--fight", metavar="SPEC", help="the opposition: id[:count],...")
    party = forecast.add_mutually_exclusive_group()
    party.add_argument("--pcs", metavar="SPEC", help="the agents: pc-id[:count],...")
    party.add_argument("--session", metavar="NAME", help="the party and its wounds from a session")
    forecast.add_argument("--situation", metavar="S", help="the attack situation (e.g. cover)")
    for side in ("agents", "opposition"):
        forecast.add_argument(
            f"--{side}-policy",
            choices=("focus", "spread"),
            help=f"how the {side} pick targets: the most hurt enemy (focus) or the least",
        )
    forecast.add_argument("--runs", type=_runs, default=10_000, metavar="N", help="fights to play")
    forecast.add_argument("--seed", type=int, help="seed for a repeatable forecast")
    forecast.add_argument("--json", action="store_true", help="one JSON object")
    forecast.set_defaults(handler=_cmd_forecast)
