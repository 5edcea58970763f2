"""A first frame made from the module's YAML itself, for a start with none kept.

The first start after an install or an edit has no first frame kept
(`campaign.tui.first_frame`), and validating the module takes several times as
long as Textual takes to paint. Rather than a loading screen, the GM screen's
first frame is then made from the module's outline (`campaign.outline`, its
YAML read with libyaml, unvalidated): the act tree as the GM screen lays it out
and the opening scene's title, place, summary and read-aloud, with the tray and
the footer as the GM screen shows them. The module is validated once this is
painted; the GM screen then takes its place (and is kept as the next start's
frame), or the errors screen lists what is wrong.

It shows less than a kept frame: no location, notes or exits (they need the
validated module), and no read-aloud for a scene with other versions on a
session (the story so far may choose another).

A named session (`--session`, `--continue`) has no kept frame (its journal and
clocks change the screen), so it always gets one of these, on the scene it was
left at (`session_frame`). Only the GM screen's fixed
words are written here; `tests/tui/test_raw_frame.py` holds them to the real
screen's.
"""

# No `from __future__ import annotations`: see `campaign.tui.first_frame`.

from pathlib import Path

from textual.content import Content

from campaign.outline import Outline, SceneWords, read_outline
from campaign.session_point import current_scene, session_file
from campaign.tui import tray_words
from campaign.tui.emphasis import md
from campaign.tui.first_frame import Block, FirstFrame, Mode, TreeLine

FOOTER: tuple[tuple[str, str], ...] = (
    ("n", "Next"),
    ("p", "Prev"),
    ("d", "Dice"),
    ("f", "Fight"),
    ("b", "Cast"),
    ("T", "Tables"),
    ("h", "Handouts"),
    ("j", "Journal"),
    ("c", "Clocks"),
    ("/", "Search"),
    ("k", "Clue found"),
    ("g", "Give"),
    ("u", "Undo"),
    ("R", "Roster"),
    ("O", "Outcome"),
    ("t", "Scenes"),
    ("s", "Read"),
    ("o", "Modules"),
    ("l", "Map"),
    ("P", "Show"),
)
"""The GM screen's footer keys on opening, in its order, before help and the palette
(`fit_footer` keeps those that fit the terminal)."""


def raw_frame(folder: Path, mode: Mode, scene: str | None = None) -> FirstFrame | None:
    """The first frame of the module in `folder`, read from its files, on `scene` (the
    opening scene if None); None if they give no outline that can be trusted, or no
    such scene (the loading screen shows instead)."""
    outline = read_outline(folder)
    if outline is None:
        return None
    shown = outline.scenes.get(scene) if scene else outline.start
    if shown is None:
        return None
    return FirstFrame(
        title=outline.title,
        tree=_tree(outline),
        opening=("scene", shown.id),
        blocks=_blocks(outline, shown, mode),
        tray_title=tray_words.TITLE,
        tray_placeholder=tray_words.PLACEHOLDER_AWAY,
        tray_hint=tray_words.HINT,
        footer=FOOTER,
        fits=True,
    )


def session_frame(folder: Path, session: str) -> FirstFrame | None:
    """The first frame of a named session (`--session`, `--continue`, `--new`): the
    module's outline on the scene the session was left at, read from its file
    (`campaign.session_point`); the opening scene for a session not yet created.
    Never kept: a session's journal, clocks and rolls change the screen."""
    path = session_file(session)
    if path is None:
        return None
    scene = current_scene(path) if path.exists() else ""
    if scene is None:
        return None
    return raw_frame(folder, "new", scene or None)


def _tree(outline: Outline) -> tuple[TreeLine, ...]:
    """`ActTree`'s lines: the book and places folded, then each act open on its scenes."""
    tops: list[tuple[str, str, str, list[SceneWords]]] = []
    if outline.has_book:
        tops.append(("Book", "", "", []))
    if outline.has_places:
        tops.append(("Places", "", "", []))
    for act in outline.acts:
        scenes = [outline.scenes[key] for key in act.scenes if key in outline.scenes]
        tops.append((f"Act {act.number} · {act.title}", "act", act.id, scenes))
    lines: list[TreeLine] = []
    for index, (label, kind, identifier, scenes) in enumerate(tops):
        last_top = index == len(tops) - 1
        lines.append(TreeLine(label, 0, True, kind == "act", last_top, kind, identifier))
        for position, scene in enumerate(scenes):
            last = position == len(scenes) - 1
            lines.append(TreeLine(scene.title, 1, False, False, last, "scene", scene.id))
    return tuple(lines)


def _blocks(outline: Outline, scene: SceneWords, mode: Mode) -> tuple[Block, ...]:
    """The scene pane's first blocks, as `ScenePane` shows them."""
    act = next((act for act in outline.acts if scene.id in act.scenes), None)
    blocks = [Block("text", "view-title", "", "", Content(scene.title))]
    where = " · ".join(
        part for part in (scene.place, act and f"Act {act.number}: {act.title}") if part
    )
    if where:
        blocks.append(Block("text", "view-place", "", "", Content(where)))
    if scene.summary:
        blocks.append(Block("text", "view-summary", "", "", Content(scene.summary.strip())))
    # On a session, a scene's other versions may be the one to read: wait for the screen.
    settled = scene.variants == 0 or mode == "rehearsal"
    if scene.read_aloud and settled:
        blocks.append(Block("text", "read-aloud", "", "Read aloud", md(scene.read_aloud)))
    return tuple(blocks)
