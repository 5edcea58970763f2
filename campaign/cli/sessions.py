"""The session commands: `sessions` lists them, `recap` tells one, `handouts-given` prints
what its players have had.

Sessions and the recap renderer are imported inside the commands, so building the
parser stays cheap.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from campaign.cli.common import (
    EXIT_INPUT_ERROR,
    EXIT_OK,
    Subparsers,
    existing_session,
    output_file,
    output_folder,
    print_json,
    write_output,
    writing,
)
from campaign.errors import CampaignError
from campaign.wording import plural


def _cmd_sessions(args: argparse.Namespace) -> int:
    from campaign.session import list_sessions

    if args.check:
        return _check_session(args.check, as_json=args.json)
    rows = list_sessions()
    if args.json:
        print_json({"sessions": rows})
        return EXIT_OK
    if not rows:
        print("no sessions yet (campaign play MODULE starts one)")
    for row in rows:
        if "error" in row:
            print(f"{row['name']:<36} unreadable: {row['error']}")
            continue
        print(
            f"{row['name']:<36} {row['module']:<20} started {row['started'][:16] or '?'}  "
            f"last played {_last_played(row)}  {plural(row['events'], 'event')}"
        )
    return EXIT_OK


def _last_played(row: dict[str, Any]) -> str:
    """The last event's time, or the file's, marked as such when the event's is damaged."""
    when = str(row["last_played"])[:16]
    if row.get("last_played_from") == "file":
        return f"? (the last event's time is damaged; file saved {when})"
    return when


def _check_session(name: str, *, as_json: bool) -> int:
    """`sessions --check NAME`: what is wrong with a session file, read-only."""
    from campaign.session import Session, check_session
    from campaign.session.catalog import read_only_note

    path = existing_session(name)
    problems = check_session(path)
    # Read-only is not damage: the session still reads, recaps and rehearses.
    note = "" if problems else read_only_note(path)
    if as_json:
        print_json(
            {
                "session": str(path),
                "ok": not problems,
                "problems": problems,
                "read_only": bool(note),
                "notes": [note] if note else [],
            }
        )
    elif problems:
        for problem in problems:
            print(problem, file=sys.stderr)
    else:
        with Session.open(path, read_only=True) as session:
            print(f"{path}: ok ({plural(len(session.events()), 'event')}, file intact)")
        if note:
            print(f"note: {note}")
    return EXIT_INPUT_ERROR if problems else EXIT_OK


def _open_existing_session(name: str) -> Any:
    """A session the command only reads: opened read-only, so a read-only file works."""
    from campaign.session import Session

    return Session.open(existing_session(name), create=False, origin="cli", read_only=True)


def _write_or_print(output: str | bytes, out: str | None) -> None:
    if out:
        print(f"wrote {write_output(out, output)}")
    elif isinstance(output, bytes):
        raise CampaignError("a PDF needs --out FILE")
    else:
        sys.stdout.write(output)


def _cmd_recap(args: argparse.Namespace) -> int:
    from campaign.handouts.recap import render_session_recap

    if not args.out and args.format == "pdf":
        raise CampaignError("a PDF needs --out FILE")
    with _open_existing_session(args.session) as session:
        if args.out:
            output_file(args.out)  # a bad place is said before the recap is rendered
        output = render_session_recap(
            session, fmt=args.format, audience=args.audience, whole_campaign=args.campaign
        )
    _write_or_print(output, args.out)
    return EXIT_OK


def _cmd_handouts_given(args: argparse.Namespace) -> int:
    from campaign.handouts.recap import write_handouts_given

    with _open_existing_session(args.session) as session:
        out = output_folder(Path(args.out) if args.out else Path("handouts") / session.name)
        with writing(out):
            written = write_handouts_given(session, out, fmt=args.format)
        for path in written:
            print(path)
    return EXIT_OK


def add_session_commands(sub: Subparsers) -> None:
    """`recap`, `handouts-given` and `sessions`."""
    recap = sub.add_parser("recap", help="the journal of a session as a readable recap")
    recap.add_argument("session", metavar="SESSION", help="session name or path")
    recap.add_argument("--format", choices=("md", "html", "pdf"), default="md")
    recap.add_argument(
        "--audience",
        choices=("gm", "players"),
        default="gm",
        help="players: what the players saw (no GM notes, clocks, private rolls or fight line-up)",
    )
    recap.add_argument(
        "--campaign",
        action="store_true",
        help="every evening of the campaign, not just this session",
    )
    recap.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    recap.set_defaults(handler=_cmd_recap)

    given = sub.add_parser("handouts-given", help="render the handouts the players have had")
    given.add_argument("session", metavar="SESSION", help="session name or path")
    given.add_argument("--format", choices=("md", "html", "pdf"), default="html")
    given.add_argument("--out", metavar="DIR", help="folder (default handouts/SESSION/)")
    given.set_defaults(handler=_cmd_handouts_given)

    sessions = sub.add_parser("sessions", help="list saved sessions, most recent first")
    sessions.add_argument("--json", action="store_true", help="one JSON object")
    sessions.add_argument(
        "--check",
        metavar="NAME",
        help="say what is wrong with session NAME (read-only); exit 2 if it "
        "cannot be used (a read-only file is not damage)",
    )
    sessions.set_defaults(handler=_cmd_sessions)
