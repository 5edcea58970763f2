"""`campaign show` and `campaign hide`: what the players' screen shows, from the command line.

Every show and hide is a journal event (undoable, resumed, in the recap), the
same the GM screen writes; so a macro pad or a second GM can drive the
players' screen. `campaign show SESSION` alone prints what the players see.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from campaign.cli.common import EXIT_OK, Subparsers, existing_session
from campaign.errors import CampaignError, did_you_mean

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.players import PlayersView

KINDS = ("read-aloud", "npc", "clock", "map", "roll", "clear")


def _named(module: Module, what: str, item: str | None) -> tuple[str, str]:
    """(id, name) of what is shown, checked against the module; one line if unknown."""
    if what == "clear":
        return "", ""
    if what == "read-aloud":
        known: dict[str, str] = {key: scene.title for key, scene in module.scenes.items()}
    elif what == "npc":
        known = {key: npc.name for key, npc in module.npcs.items()}
    elif what == "clock":
        known = {key: clock.name for key, clock in module.clocks.items()}
    else:
        known = {key: place.name for key, place in module.locations.items()}
    if item is None:
        listed = ", ".join(known) or "none"
        raise CampaignError(f"show {what} needs an id; {module.id} has: {listed}")
    if item not in known:
        raise CampaignError(f"no {what} '{item}' in {module.id}{did_you_mean(item, known)}")
    return item, known[item]


def view_text(view: PlayersView) -> str:
    """The players' screen as plain text."""
    lines: list[str] = []
    if view.read_aloud:
        lines += [f"== {view.scene} ==", view.read_aloud, ""]
    for card in view.npcs:
        role = f", {card.role}" if card.role else ""  # a known_as may give no role
        seems = f" ({card.seems})" if card.seems else ""
        lines.append(f"NPC: {card.name}{role}{seems}. {card.description}".rstrip())
    if view.handouts:
        lines.append("Handouts: " + ", ".join(title for _, title in view.handouts))
    for name, filled, segments in view.clocks:
        lines.append(f"Clock: {name} {filled}/{segments}")
    if view.fight:
        lines.append(f"Fight, round {view.fight_round}:")
        for row in view.fight:
            marker = "▶ " if row.acting else "  "
            conditions = f" [{', '.join(row.conditions)}]" if row.conditions else ""
            lines.append(f"  {marker}{row.name}: {row.health}{conditions}")
    if view.map:
        keys = "; ".join(f"{key}. {name}" for key, name, _ in view.map.keys)
        lines.append(f"Map: {view.map.name}" + (f" ({keys})" if keys else ""))
    lines += [f"Roll: {text}" for text in view.rolls]
    return "\n".join(lines) if lines else "(nothing is shown to the players)"


def _cmd_show(args: argparse.Namespace) -> int:
    from campaign.loader import load_module, module_of_session
    from campaign.players import players_view
    from campaign.session import Session, hide, roll_in_the_open, show

    hiding = args.command == "hide"
    path = existing_session(args.session)
    with Session.open(path, create=False, origin="cli", read_only=args.what is None) as session:
        folder = module_of_session(session.meta.get("module_path", ""), session.module_id)
        module = load_module(folder)
        if args.what is None:
            print(view_text(players_view(module, session.state)))
            return EXIT_OK
        if args.what == "roll":
            if hiding or args.id is None:
                raise CampaignError(
                    "a roll is shown once, in the open: campaign show SESSION roll EXPR"
                )
            roll_in_the_open(session, args.id, source="in the open")
            print(f"rolled in the open: {session.state.extra['shown'].rolls[-1]['text']}")
            return EXIT_OK
        item, name = _named(module, args.what, args.id)
        (hide if hiding else show)(session, args.what, item, name)
    verb = "hidden" if hiding else "shown"
    print(f"{verb}: {args.what} {name}".rstrip())
    return EXIT_OK


def add_show_commands(sub: Subparsers) -> None:
    """`show` and `hide`."""
    for command, verb in (("show", "put on"), ("hide", "take off")):
        parser = sub.add_parser(
            command,
            help=f"{verb} the players' screen: read-aloud, npc, clock, map, roll, clear",
            description=(
                f"{verb.capitalize()} the players' screen of SESSION: read-aloud SCENE, npc ID, "
                "clock ID, map LOCATION, roll EXPR (rolled in the open), or clear. Each is a "
                "journal event. `campaign show SESSION` alone prints what the players see."
            ),
        )
        parser.add_argument("session", metavar="SESSION", help="session name or path")
        parser.add_argument("what", nargs="?", choices=KINDS, help="what to show or hide")
        parser.add_argument(
            "id", nargs="?", metavar="ID", help="its id (a dice expression for roll)"
        )
        parser.set_defaults(handler=_cmd_show)
