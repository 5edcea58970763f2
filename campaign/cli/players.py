"""`campaign players SESSION` and `campaign serve SESSION`: the players' screen.

`players` runs the players' app on this terminal (a second screen turned to
the table). `serve` serves the same app to browsers with `textual-serve`:
each browser that connects gets its own copy of the app, which follows the
session the GM is running. It binds to localhost unless `--host` is given,
and says that anyone who can reach the port sees the players' view.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from campaign.cli.common import EXIT_OK, Subparsers, existing_session

DEFAULT_PORT = 8000


def _cmd_players(args: argparse.Namespace) -> int:
    from campaign.tui.players import make_players_app

    make_players_app(existing_session(args.session)).run()
    return EXIT_OK


def serve_command(session: str) -> str:
    """The command textual-serve runs for each browser: this Python, this session."""
    return shlex.join([sys.executable, "-m", "campaign", "players", session])


def _qr(url: str) -> None:
    """A QR code of the URL on the terminal, for phones."""
    import segno

    segno.make(url, error="m").terminal(compact=True)


def _cmd_serve(args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    path = existing_session(args.session)
    host = args.host or "localhost"
    url = f"http://{host}:{args.port}"
    print(f"players' view of {path.stem}: {url}")
    print("anyone who can reach this address and port sees the players' view (ctrl+c stops it)")
    if args.host:
        _qr(url)
    server = Server(serve_command(str(path)), host=host, port=args.port, title=path.stem)
    server.serve()
    return EXIT_OK


def add_players_commands(sub: Subparsers) -> None:
    """`players` and `serve`."""
    players = sub.add_parser(
        "players",
        help="the players' screen of a session, on this terminal (follows the GM)",
        description=(
            "Show what the players may see of SESSION, kept up to date as the GM plays: the "
            "read-aloud the GM shows, people introduced, handouts given (h), rolls made in "
            "the open, the fight, public clocks. Read-only."
        ),
    )
    players.add_argument("session", metavar="SESSION", help="session name or path")
    players.set_defaults(handler=_cmd_players)

    serve = sub.add_parser(
        "serve",
        help="serve the players' screen to browsers on this machine or the local network",
        description=(
            "Serve the players' screen of SESSION over HTTP (textual-serve): each browser gets "
            "its own copy. Binds to localhost unless --host is given; with --host, prints a "
            "QR code of the address for phones."
        ),
    )
    serve.add_argument("session", metavar="SESSION", help="session name or path")
    serve.add_argument("--host", metavar="H", help="address to listen on (default: localhost)")
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, metavar="P", help=f"default: {DEFAULT_PORT}"
    )
    serve.set_defaults(handler=_cmd_serve)
