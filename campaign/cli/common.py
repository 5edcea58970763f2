"""What every `campaign` subcommand shares: exit codes, JSON output, seeds, the subparsers
type, the one `--out` rule and finding a session by name.

Only the standard library (and `campaign.errors`) here: every command module imports
this, and building the parser (`campaign --help`) must stay cheap.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

from campaign.errors import CampaignError, did_you_mean

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A subcommand: parsed arguments in, exit code out."""

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What `ArgumentParser.add_subparsers` returns; each command module adds its parsers to it."""

EXIT_OK = 0
EXIT_INPUT_ERROR = 2


def print_json(data: Any) -> None:
    """One JSON object on stdout, keys in a stable order for byte-identical output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=False) + "\n")


def seed_or_fresh(seed: int | None) -> int:
    """The seed to use: the one given, or a fresh one that is reported so a roll can be replayed."""
    import random

    return seed if seed is not None else random.SystemRandom().randrange(2**32)


# --- writing files (--out) ----------------------------------------------------------
# One rule for every command that writes: missing parent folders are created, an
# existing output file is replaced (outputs are generated, never edited by hand),
# and anything in the way is one line and exit 2, never a traceback.


def _why_not(target: Path, error: OSError) -> str:
    """One line saying why `target` could not be written."""
    # The nearest thing that exists on the way to the target tells the real story.
    blocker = next((p for p in (target, *target.parents) if p.exists() or p.is_symlink()), None)
    if blocker is not None and blocker != target and not blocker.is_dir():
        return f"cannot write {target}: {blocker} is a file, not a folder"
    if error.errno == errno.ENOENT and blocker is not None and blocker == target.parent:
        return f"cannot write {target}: the folder {blocker} does not take new files"
    reason = error.strerror or type(error).__name__
    return f"cannot write {target}: {reason[:1].lower()}{reason[1:]}"


@contextlib.contextmanager
def writing(target: Path) -> Iterator[None]:
    """Turn a failed write under `target` into a one-line `CampaignError`."""
    try:
        yield
    except OSError as error:
        raise CampaignError(_why_not(target, error)) from None


def output_folder(out: str | Path) -> Path:
    """The folder `--out DIR` names, created with its parents; one line if that cannot be."""
    folder = Path(out).expanduser()
    _make_folder(folder, folder)
    return folder


def output_file(out: str | Path) -> Path:
    """The file `--out FILE` names, its folder made ready; call before the work, so a
    bad place is said at once rather than after a long render."""
    path = Path(out).expanduser()
    if path.is_dir():
        raise CampaignError(f"cannot write {path}: it is a folder; give a file name")
    _make_folder(path.parent, path)
    return path


def _make_folder(folder: Path, target: Path) -> None:
    """Create `folder` (and its parents) for writing `target`."""
    if folder.exists() and not folder.is_dir():
        where = "it is" if folder == target else f"{folder} is"
        raise CampaignError(f"cannot write {target}: {where} a file, not a folder")
    with writing(target):
        folder.mkdir(parents=True, exist_ok=True)


def write_output(out: str | Path, data: str | bytes) -> Path:
    """Write `data` to `--out`, replacing what is there; the path written."""
    path = output_file(out)
    with writing(path):
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return path


# --- sessions by name ------------------------------------------------------------


def existing_session(name: str, *, offer_new: bool = False) -> Path:
    """The file of session `name` (a name or a path), which must exist.

    A name that is not there is one line with the nearest saved names, and with
    `offer_new` the flag that would start it (`campaign play --new NAME`).
    """
    path = _session_file(name)
    if path.exists() or path.is_symlink():
        return path
    from campaign.session import SessionError

    named = path.parent == _sessions_dir() and path.stem == name
    what = f"no such session '{name}'" if named else f"{path}: no such session"
    hint = did_you_mean(name, saved_session_names(), n=3) if named else ""
    if named and not hint:
        hint = " (campaign sessions lists the saved ones)"
    if offer_new:
        hint += f"; to start one called that, use --new {shlex.quote(name)}"
    raise SessionError(what + hint)


def new_session(name: str) -> Path:
    """The file a new session `name` will have; one line if it exists already."""
    path = _session_file(name)
    if path.exists() or path.is_symlink():
        from campaign.session import SessionError

        raise SessionError(
            f"session '{name}' already exists ({path}); resume it with "
            f"--session {shlex.quote(name)}, or choose another name"
        )
    return path


def _session_file(name: str) -> Path:
    """`campaign.session.session_path`, without importing the session layer (and the
    model) when the name is fine: `campaign play --session NAME` settles its
    session before the GM screen's first frame, which is painted ahead of them."""
    from campaign.session_point import NOT_A_NAME, session_file

    path = session_file(name)
    if path is None:
        from campaign.session import SessionError

        raise SessionError(NOT_A_NAME.format(name=name))
    return path


def saved_session_names() -> list[str]:
    """The names of the sessions in the sessions folder."""
    folder = _sessions_dir()
    try:
        return sorted(path.stem for path in folder.glob("*.sqlite"))
    except OSError:
        return []


def _sessions_dir() -> Path:
    from campaign.paths import user_sessions_dir

    return user_sessions_dir()
