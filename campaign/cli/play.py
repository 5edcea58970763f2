"""`campaign play`: open the GM screen, optionally as a new evening continuing a session.

Textual is imported only inside `_cmd_play`, so no other command pays for it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from campaign.cli.common import EXIT_OK, Subparsers
from campaign.errors import CampaignError


def _cmd_play(args: argparse.Namespace) -> int:
    from campaign.loader import find_module

    folder = find_module(args.module) if args.module else None
    session = args.session
    if args.continue_from:
        if folder is None or session:
            raise CampaignError("--continue needs a MODULE and no --session (it starts a new one)")
        session = _next_evening(folder, args.continue_from)
        print(f"new evening: session {session}, continuing {args.continue_from}")
    from campaign.tui.app import make_app  # Textual is imported only here

    app = make_app(folder, seed=args.seed, session=session)
    app.run()
    return app.return_code or EXIT_OK  # 2 when the GM quit over a session that would not open


def _next_evening(folder: Path, previous_name: str) -> str:
    """Start a new session continuing `previous_name`; its name."""
    from campaign.cache import load_module_cached
    from campaign.session import Session, new_session_name, session_path, start_next_evening

    module = load_module_cached(folder)
    with Session.open(session_path(previous_name), create=False) as previous:
        if previous.module_id and previous.module_id != module.id:
            raise CampaignError(
                f"session '{previous.name}' was played with module '{previous.module_id}', "
                f"not '{module.id}'"
            )
        name = new_session_name(module.id)
        start_next_evening(previous, session_path(name), module, origin="gm-screen").close()
    return name


def add_play_command(sub: Subparsers) -> None:
    """`play`."""
    play = sub.add_parser(
        "play",
        help="open the GM screen (a module, or the list of modules)",
        description="Open the GM screen on MODULE, or on the list of modules found.",
    )
    play.add_argument(
        "module", nargs="?", metavar="MODULE", help="module folder or id; leave out to choose"
    )
    play.add_argument(
        "--session",
        metavar="NAME",
        help="the session to play; its name shows in the title bar",
    )
    play.add_argument(
        "--seed", type=int, metavar="N", help="seed the dice, for reproducible rolls"
    )
    play.add_argument(
        "--continue",
        dest="continue_from",
        metavar="SESSION",
        help="a new evening: start a new session that carries on from SESSION "
        "(PC roster, NPC fates, clues, handouts, outcomes, clocks, scene)",
    )
    play.set_defaults(handler=_cmd_play)
