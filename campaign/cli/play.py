"""`campaign play`: open the GM screen on a new session, a saved one, or a new evening.

Which session is played is settled here, before the screen starts: `--session
NAME` must exist (else the nearest names and the `--new NAME` hint, exit 2),
`--new NAME` must not, `--continue SESSION` starts the next evening (named by
`--new` if given). On quit the terminal gets one line: the session and the
command that resumes it. Textual is imported only inside `_cmd_play`, so no
other command pays for it.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.cli.common import EXIT_OK, Subparsers, existing_session, new_session
from campaign.errors import CampaignError

if TYPE_CHECKING:
    from campaign.session import Session
    from campaign.tui.app import CampaignApp


def _cmd_play(args: argparse.Namespace) -> int:
    from campaign.loader import find_module

    folder = find_module(args.module) if args.module else None
    session = _session_to_play(args, folder)
    from campaign.tui.app import make_app  # Textual is imported only here

    app = make_app(folder, seed=args.seed, session=session)
    app.run()
    code = app.return_code or EXIT_OK  # 2 when the GM quit over a session that would not open
    line = quit_line(app)
    if line and code == EXIT_OK:
        print(line)
    return code


def _session_to_play(args: argparse.Namespace, folder: Path | None) -> str | None:
    """The session name to hand the screen (None: a new one, or a rehearsal with --seed).

    Every refusal is raised here, before the terminal is taken over.
    """
    if args.session and args.new:
        raise CampaignError(
            "--session resumes a session and --new starts one: give one of them"
        )
    if args.continue_from:
        if folder is None:
            raise CampaignError("--continue needs a MODULE (the new evening plays it)")
        if args.session:
            raise CampaignError(
                "--continue starts a new evening; name it with --new NAME, not --session"
            )
        previous = existing_session(args.continue_from)
        if args.new:
            new_session(args.new)
        name = _next_evening(folder, previous, args.new)
        print(f"new evening: session {name}, continuing {args.continue_from}")
        return name
    if args.session:
        existing_session(args.session, offer_new=True)
        return str(args.session)
    if args.new:
        new_session(args.new)
        return str(args.new)
    return None


def _next_evening(folder: Path, previous_path: Path, name: str | None) -> str:
    """Start a new session continuing the one at `previous_path`; its name."""
    from campaign.cache import load_module_cached
    from campaign.session import Session, new_session_name, session_path, start_next_evening

    module = load_module_cached(folder)
    with Session.open(previous_path, create=False) as previous:
        if previous.module_id and previous.module_id != module.id:
            raise CampaignError(
                f"session '{previous.name}' was played with module '{previous.module_id}', "
                f"not '{module.id}'"
            )
        name = name or new_session_name(module.id)
        start_next_evening(previous, session_path(name), module, origin="gm-screen").close()
    return name


def quit_line(app: CampaignApp) -> str | None:
    """What the terminal says when the screen closes: the session and how to resume it.

    None when nothing was opened (the module list, or a session that would not open).
    """
    session = app.played or app.session
    if session is None:
        return "rehearsal: nothing was recorded" if app.sessions.rehearsal else None
    return f"session {session.name}: resume with {resume_command(session, app.module_path)}"


def resume_command(session: Session, folder: Path | None = None) -> str:
    """`campaign play MODULE --session NAME` for a session, ready to paste; `folder` is
    the module played, for a session that does not record its own."""
    module = _module_argument(session, folder)
    return f"campaign play {module} --session {_session_argument(session)}"


def _session_argument(session: Session) -> str:
    """The session's name if it lives in the sessions folder, else its path."""
    from campaign.session import session_path

    try:
        by_name = session_path(session.name).resolve() == session.path.resolve()
    except (CampaignError, OSError):
        by_name = False
    return shlex.quote(session.name if by_name else str(session.path.resolve()))


def _module_argument(session: Session, folder: Path | None) -> str:
    """The module's id when `campaign play ID` finds the same folder, else its folder."""
    from campaign.loader import find_module

    module_id = session.module_id
    recorded = session.meta.get("module_path", "") or (str(folder) if folder else "")
    if module_id:
        try:
            found = find_module(module_id).resolve()
        except CampaignError:
            found = None
        if found is not None and (not recorded or found == Path(recorded).resolve()):
            return shlex.quote(module_id)
    if recorded:
        return shlex.quote(str(Path(recorded).resolve()))
    return shlex.quote(module_id) if module_id else "MODULE"


def add_play_command(sub: Subparsers) -> None:
    """`play`."""
    play = sub.add_parser(
        "play",
        help="open the GM screen (a module, or the list of modules)",
        description=(
            "Open the GM screen on MODULE, or on the list of modules found. Without "
            "--session or --new, a new session named after the module and the time is "
            "started. On quit, the command that resumes the session is printed."
        ),
    )
    play.add_argument(
        "module", nargs="?", metavar="MODULE", help="module folder or id; leave out to choose"
    )
    play.add_argument(
        "--session",
        metavar="NAME",
        help="resume the saved session NAME (exit 2 if there is none; see --new)",
    )
    play.add_argument(
        "--new",
        metavar="NAME",
        help="start a new session called NAME (exit 2 if it exists); "
        "with --continue, the name of the new evening",
    )
    play.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="seed the dice, for reproducible rolls; without --session or --new, a "
        "rehearsal: nothing is recorded",
    )
    play.add_argument(
        "--continue",
        dest="continue_from",
        metavar="SESSION",
        help="a new evening: start a new session that carries on from SESSION "
        "(PC roster, NPC fates, clues, handouts, outcomes, clocks, scene)",
    )
    play.set_defaults(handler=_cmd_play)
