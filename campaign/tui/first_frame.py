"""The GM screen's first frame as plain data: a warm start paints the first scene
before pydantic, the loader, the session or the dice are imported.

When the GM screen first shows its opening scene on a fresh session (nothing
recorded but its start) or in a rehearsal, the app writes down what it shows:
the act tree's lines, the scene pane's blocks (their text as Textual markup),
the dice tray's words and the footer's keys. That is kept as JSON beside the
cached module (`campaign.cache`), under a key made of the module's own cache key
(every file of the module folder, the model's and the loader's code), the GM
screen's code (every `.py` and `.tcss` under `campaign/tui/`), Textual's
installed version, the kind of start and the format. The next start with the
same key paints it at once (`campaign.tui.screens.first_frame`) and loads the
module after that paint; the real GM screen takes its place as soon as it is
ready.

A frame is never trusted: one that is missing, too large, not JSON, of another
format or key, or not of the expected shape is ignored (and written afresh when
the GM screen next opens). Reading one imports nothing but Textual's `Content`.
"""

# No `from __future__ import annotations`: NamedTuple would compile each string
# annotation back into a type (20 compiles, 8 ms, at every start).

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import textual as textual_package
from textual.content import Content, Span

from campaign.digest import new_digest, short_digest
from campaign.tui.footer_fit import PALETTE_WIDTH, fitting, key_cells

if TYPE_CHECKING:
    from textual.screen import Screen

FORMAT = 2
MAX_BYTES = 1_000_000
"""A frame is a few kilobytes; anything larger is not one of ours."""
_TUI = Path(__file__).resolve().parent

Mode = Literal["new", "rehearsal"]
"""How the GM screen starts: on a new session, or rehearsing (nothing recorded)."""


# NamedTuples, not dataclasses: a frozen, slotted dataclass costs 2 ms to define,
# and these are defined at every start, before the first paint.


class TreeLine(NamedTuple):
    """One line of the act tree: an act (depth 0) or a scene (depth 1)."""

    label: str
    depth: int
    folds: bool
    """Whether the line is a node that folds (an act, the book)."""
    expanded: bool
    last: bool
    """The last child of its parent (drawn with └ rather than ├)."""
    kind: str
    identifier: str


class Block(NamedTuple):
    """One block of the scene pane: text, a folded part, or the exits."""

    kind: Literal["text", "folded", "exits"]
    classes: str
    identifier: str
    title: str
    """The border title, as markup ('' for none)."""
    body: Content
    labels: tuple[str, ...] = ()
    """An exits block's buttons."""


class FirstFrame(NamedTuple):
    """What the GM screen showed first, to be shown again before the module loads."""

    title: str
    tree: tuple[TreeLine, ...]
    opening: tuple[str, str]
    """('scene' | 'act', id) the pane shows."""
    blocks: tuple[Block, ...]
    tray_title: str
    tray_placeholder: str
    tray_hint: str
    footer: tuple[tuple[str, str], ...]
    """The footer's keys as shown: (key, description)."""
    fits: bool = False
    """Whether `footer` is every key of the screen in order (not as shown at one
    width), to be fitted to the terminal as the GM screen's footer fits (`fit_footer`)."""


HELP_KEY = ("?", "Help")
"""The help key, which ends the footer ('? more' when keys were left out)."""
PALETTE_KEY = ("^p", "palette")
"""The command palette's key, docked right."""


def fit_footer(keys: tuple[tuple[str, str], ...], width: int) -> tuple[tuple[str, str], ...]:
    """The keys that fit in `width` cells, then help and the palette, as `KeysFooter`
    lays them out (`campaign.tui.footer_fit`, the rule both follow)."""
    room = width - PALETTE_WIDTH - key_cells(*HELP_KEY)
    count = fitting((key_cells(*pair) for pair in keys), room)
    helper = HELP_KEY if count == len(keys) else (HELP_KEY[0], "more")
    return (*keys[:count], helper, PALETTE_KEY)


# --- where a frame lives --------------------------------------------------------


def start_mode(session: str | None, seed: int | None) -> Mode | None:
    """The kind of start a frame can be shown for: a new session, or a rehearsal.
    A named session (resumed, with its own scene and state) never gets one."""
    if session is not None:
        return None
    return "rehearsal" if seed is not None else "new"


def _tui_stamp() -> str:
    """Name, size and modification time of the GM screen's code and stylesheets, and of
    Textual's own `__init__` (an upgrade may read the frame's markup otherwise)."""
    textual = os.stat(textual_package.__file__ or "")
    stamps = [f"textual\0{textual.st_size}\0{textual.st_mtime_ns}"]
    for folder, dirs, files in os.walk(_TUI):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".tcss")):
                info = os.stat(os.path.join(folder, name))
                stamps.append(f"{folder}/{name}\0{info.st_size}\0{info.st_mtime_ns}")
    return "\n".join(stamps)


def frame_path(folder: Path, mode: Mode) -> Path | None:
    """Where the frame of `folder` for this kind of start is kept (None: the folder
    cannot be read, so there is no key)."""
    from campaign.cache import cache_dir, module_key

    try:
        module = module_key(folder.resolve())
        code = _tui_stamp()
    except OSError:
        return None
    digest = new_digest(f"{FORMAT}\0{mode}\0{module}\0".encode())
    digest.update(code.encode("utf-8", "surrogateescape"))
    return cache_dir() / f"{_owner(folder, mode)}-{digest.hexdigest()}.first.json"


def _owner(folder: Path, mode: Mode) -> str:
    """The start a frame belongs to (folder and kind), as its file name's prefix: a
    newer frame of the same start replaces the older ones."""
    return short_digest(f"{folder.resolve()}\0{mode}")


# --- reading --------------------------------------------------------------------


class _Shape(Exception):
    """The file is not a frame of the expected shape."""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Shape
    return value


def _markup(value: object) -> Content:
    """Markup from the file, without its links (the frame has no actions to run)."""
    try:
        content = Content.from_markup(_text(value))
    except Exception as error:  # any markup error: not one of ours
        raise _Shape from error
    spans = [span for span in content.spans if not str(span.style).startswith("@")]
    return Content(content.plain, [Span(s.start, s.end, s.style) for s in spans])


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Shape
    return value


def _record(value: object, size: int) -> list[Any]:
    if not isinstance(value, list) or len(value) != size:
        raise _Shape
    return value


def _tree_line(value: object) -> TreeLine:
    label, depth, folds, expanded, last, kind, identifier = _record(value, 7)
    if depth not in (0, 1) or not all(isinstance(v, bool) for v in (folds, expanded, last)):
        raise _Shape
    return TreeLine(_text(label), depth, folds, expanded, last, _text(kind), _text(identifier))


def _block(value: object) -> Block:
    kind, classes, identifier, title, body, labels = _record(value, 6)
    if kind not in ("text", "folded", "exits") or not isinstance(labels, list):
        raise _Shape
    _markup(title)  # a title is markup too: it must parse
    return Block(
        kind,
        _text(classes),
        _text(identifier),
        _text(title),
        _markup(body),
        tuple(_text(label) for label in labels),
    )


def _frame(data: object, folder: Path) -> FirstFrame:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Shape
    if data.get("root") != str(folder.resolve()):
        raise _Shape
    opening = _record(data.get("opening"), 2)
    tree, blocks, footer = (data.get(name) for name in ("tree", "blocks", "footer"))
    if not isinstance(tree, list) or not isinstance(blocks, list) or not isinstance(footer, list):
        raise _Shape
    return FirstFrame(
        title=_text(data.get("title")),
        tree=tuple(_tree_line(line) for line in tree),
        opening=(_text(opening[0]), _text(opening[1])),
        blocks=tuple(_block(block) for block in blocks),
        tray_title=_text(data.get("tray_title")),
        tray_placeholder=_text(data.get("tray_placeholder")),
        tray_hint=_text(data.get("tray_hint")),
        footer=tuple((_text(k), _text(d)) for k, d in (_record(pair, 2) for pair in footer)),
        fits=_flag(data.get("fits", False)),
    )


def read_frame(folder: Path, mode: Mode) -> FirstFrame | None:
    """The frame kept for this module and kind of start, or None if there is none
    that can be trusted."""
    path = frame_path(folder, mode)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        return _frame(json.loads(raw), folder)
    except (OSError, ValueError, _Shape):
        return None


# --- writing --------------------------------------------------------------------


def write_frame(path: Path, data: dict[str, object]) -> None:
    """Write a captured frame in place of its start's older ones (stale since an edit)."""
    from campaign.cache import write_entry

    try:
        write_entry(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError:
        return  # a frame that cannot be written only costs time next start


def capture(screen: "Screen[Any]", folder: Path, title: str) -> dict[str, object] | None:
    """What a GM screen shows now, as a frame's plain data (None if it shows
    something a frame cannot hold)."""
    from campaign.tui.first_frame_capture import capture_screen

    try:
        return capture_screen(screen, folder, title, FORMAT)
    except Exception:  # a frame is only a head start: never worth the GM's screen
        return None
