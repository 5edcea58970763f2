"""`campaign validate` renders a module's own templates against the module's own handouts.

Reading a template finds syntax errors and unknown names; what the sandbox
refuses (`''.__class__`, a value over the limits, a render past the deadline
or the memory cap) shows only when the template runs. So for every format the
module brings templates for, each handout whose template exists in that
format is rendered (the Jinja part: HTML page, Markdown, Typst source) for
the players, when they may have it, and for the GM, in the same limited child
process `campaign handout` uses, and a session recap too when the module has
its own `recap` template. The Typst sources are then compiled in the limited
Typst child (`typst_sandbox`) as `campaign handout --format pdf` would.

The whole stage has a budget (`TRIAL_SECONDS`, wall-clock): past it no further
trial starts, and one problem at the templates folder says which handouts and
formats were not tried.

Each refusal is one located problem: the template file, line and column when
the template is the module's, else the handout's YAML. A Typst error is placed
in the module's template line that wrote it (`typst_locate`), or in the asset
file it came from; when neither can be told, at the handout's own template
(else its YAML), with the line of Typst quoted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

from campaign.errors import Problem
from campaign.handouts.environment import template_formats
from campaign.handouts.errors import HandoutError, TypstCompileError
from campaign.handouts.formats import FORMAT_NAMES, FORMAT_SUFFIX, FORMATS, Audience, Format
from campaign.handouts.rendering import render_source
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.template_render import uses_module_templates
from campaign.handouts.typst_compile import compile_source
from campaign.handouts.typst_locate import rendered_line, template_position
from campaign.handouts.typst_root import TypstRoot
from campaign.model import Handout, Module
from campaign.paths import bundled_templates_dir

TRIAL_NOW = dt.datetime(1970, 1, 1, 12, 0)
"""The 'generated' time of a trial render (fixed: the same module validates the same way)."""
_TRIAL_EVENTS = (
    {"time": "19:30", "kind": "note", "text": "A *recap* line, as the journal gives it."},
    {"time": "19:45", "kind": "roll", "text": "2d6 = 7"},
)
_RECAP = Handout(id="recap", title="Session recap", type="custom", template="recap")
TRIAL_SECONDS = 30.0
"""The whole trial stage of one module (every handout, copy and format) stops here.

Each render has its own deadline (`limits.RENDER_SECONDS`), but a module of many
handouts with a slow template took minutes (ten handouts at 5 s a render: 318 s).
A module with copies of every shared template tries its handouts in about 5 s on
a loaded machine, so this leaves room for a module several times its size."""
_Trial = tuple[Handout, Audience, tuple[dict[str, str], ...] | None]
_LOCATION = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")
_QUOTED = re.compile(r"'([^'\s]{2,})'")


def render_module_templates(module: Module, *, reported: Sequence[Problem] = ()) -> list[Problem]:
    """Render every handout in every format the module brings templates for (and compile
    its Typst); one Problem for each distinct refusal. A failure that is one of the
    `reported` static problems again (same place, or the same quoted name in the same
    file: the unknown variable, the refused include) is left out; any other is kept,
    so a file with a static problem still shows what only a render finds."""
    try:
        folder = module_templates_dir(module)
    except HandoutError:
        return []  # reported by check_module_templates
    formats = [fmt for fmt in FORMATS if folder is not None and uses_module_templates(module, fmt)]
    problems: dict[tuple[str, int, str], Problem] = {}
    # Wall-clock time: the work is done in the render and Typst children, whose CPU
    # time is not counted until they exit. Checked before each trial, so one trial
    # (its own render and compile deadlines) is the most it runs past.
    deadline = time.monotonic() + TRIAL_SECONDS
    planned = [(fmt, _trials(module, fmt)) for fmt in formats]
    for position, (fmt, trials) in enumerate(planned):
        with contextlib.ExitStack() as stack:
            # One Typst root (a copy of the assets) for every compile of the module.
            root = stack.enter_context(TypstRoot(module)) if fmt == "pdf" else None
            for index, (handout, audience, events) in enumerate(trials):
                if time.monotonic() > deadline:
                    untried = [(fmt, trials[index:]), *planned[position + 1 :]]
                    stopped = _stopped(module, untried)
                    return [*problems.values(), stopped]
                failed = _try(module, handout, audience, fmt, events, root)
                if failed is None:
                    continue
                problem, why = failed
                key = (str(problem.path), problem.line, why)
                if key not in problems and not _already_reported(problem, reported):
                    problems[key] = problem
    return list(problems.values())


def _stopped(module: Module, untried: list[tuple[Format, list[_Trial]]]) -> Problem:
    """The one problem for trials left out past `TRIAL_SECONDS`: what was not checked."""
    names = list(dict.fromkeys(handout.id for _, trials in untried for handout, _, _ in trials))
    shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
    formats = ", ".join(FORMAT_NAMES[fmt] for fmt, trials in untried if trials)
    handouts = "handout" if len(names) == 1 else "handouts"
    folder = module_templates_dir(module) or module.root
    return Problem(
        folder,
        1,
        1,
        "",
        f"templates: stopped after {TRIAL_SECONDS:g} s; {len(names)} {handouts} not tried "
        f"({shown}) in {formats}: a template that runs slowly makes every handout slow",
    )


def _already_reported(problem: Problem, reported: Sequence[Problem]) -> bool:
    """Whether a render failure is a static problem seen again (see render_module_templates)."""
    for static in reported:
        if static.path != problem.path:
            continue
        if static.line == problem.line:
            return True
        if any(f"'{name}'" in problem.message for name in _QUOTED.findall(static.message)):
            return True
    return False


def _try(
    module: Module,
    handout: Handout,
    audience: Audience,
    fmt: Format,
    events: tuple[dict[str, str], ...] | None,
    root: TypstRoot | None,
) -> tuple[Problem, str] | None:
    """One trial: the render and, for Typst, the compile in the child; the problem (and
    the bare error message, which tells copies of one fault apart) if any."""
    try:
        source = render_source(
            module,
            handout,
            fmt=fmt,
            audience=audience,
            events=list(events) if events is not None else None,
            now=TRIAL_NOW,
        )
    except HandoutError as error:
        return _problem(module, handout, audience, fmt, error), error.message
    if root is None:
        return None
    result = compile_source(root, source, untrusted=True)
    if not isinstance(result, HandoutError):
        return None
    return _typst_problem(module, handout, audience, source, result), result.message


def _trials(module: Module, fmt: Format) -> list[_Trial]:
    trials: list[_Trial] = []
    for handout in module.handouts.values():
        if fmt not in template_formats(module, handout.template_name):
            continue
        if handout.audience == "players":
            trials.append((handout, "players", None))
        trials.append((handout, "gm", None))
    folder = module_templates_dir(module)
    if folder is not None and (folder / f"recap{FORMAT_SUFFIX[fmt]}").is_file():
        trials.extend((_RECAP, audience, _TRIAL_EVENTS) for audience in ("players", "gm"))
    return trials


def _problem(
    module: Module, handout: Handout, audience: Audience, fmt: Format, error: HandoutError
) -> Problem:
    what = "a session recap" if handout is _RECAP else f"handout {handout.id}"
    copy = "GM copy" if audience == "gm" else "players' copy"
    message = f"{error.message} (rendering {what}, {copy}, {FORMAT_NAMES[fmt]})"
    match = _LOCATION.match(error.location)
    path = _module_template(module, match["file"]) if match else None
    if match and path is not None:
        line = int(match["line"])
        return Problem(path, line, _column(path, line, error.message), "", message)
    if match:
        message += f" in the shared template {match['file']}:{match['line']}"
    return _handout_problem(module, handout, message)


def _module_template(module: Module, file: str) -> Path | None:
    """`file` as a path in the module's templates folder (written as that folder is, so a
    module named by a relative path reads relative), or None for a shared template.

    The render child names templates by absolute path, whatever the folder was called."""
    folder = module_templates_dir(module)
    if folder is None:
        return None
    try:
        inside = Path(os.path.abspath(file)).relative_to(os.path.abspath(folder))
    except ValueError:
        return None
    return folder / inside


def _column(path: Path, line: int, message: str) -> int:
    """Where on its line the refused thing is: the first name the message quotes, if found
    there (Jinja reports lines only), else the line's first non-blank character."""
    try:
        text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return 1
    for name in _QUOTED.findall(message):
        found = text.find(name)
        if found >= 0:
            return found + 1
    return len(text) - len(text.lstrip()) + 1


def _typst_problem(
    module: Module, handout: Handout, audience: Audience, source: str, error: HandoutError
) -> Problem:
    """A failed compile, placed in the template line (or asset file) that wrote the Typst
    when that can be told, else at the handout's template (or YAML) with the Typst line
    quoted, and the shared template's line when one of those wrote it."""
    what = "a session recap" if handout is _RECAP else f"handout {handout.id}"
    copy = "GM copy" if audience == "gm" else "players' copy"
    trial = f" (compiling {what}, {copy}, PDF)"
    position = error.position if isinstance(error, TypstCompileError) else None
    if position is not None and position.file:
        where = module.root / position.file
        return Problem(where, position.line, position.column, "", error.message + trial)
    folder = module_templates_dir(module)
    templates = sorted(folder.rglob("*.typ.j2")) if folder is not None else []
    message = error.message
    if position is not None:
        placed = template_position(source, position.line, position.column, templates)
        if placed is not None:
            return Problem(placed[0], placed[1], placed[2], "", message + trial)
        shown = rendered_line(source, position.line).strip()
        message += f"; line {position.line} of its Typst: {shown[:80]!r}"
        shared = bundled_templates_dir()
        placed = template_position(
            source, position.line, position.column, sorted(shared.glob("*.typ.j2"))
        )
        if placed is not None:
            name = placed[0].relative_to(shared).as_posix()
            message += f", from the shared template {name}:{placed[1]}"
    own = folder / f"{handout.template_name}.typ.j2" if folder is not None else None
    if own is not None and own.is_file():
        return Problem(own, 1, 1, "", message + trial)
    if len(templates) == 1:
        return Problem(templates[0], 1, 1, "", message + trial)
    return _handout_problem(module, handout, message + trial)


def _handout_problem(module: Module, handout: Handout, message: str) -> Problem:
    """A problem at the handout's YAML (or the module's, for a recap)."""
    source = module.sources.get(("handout", handout.id))
    if source is None:
        return Problem(module.root / "module.yaml", 1, 1, "", message)
    return Problem(module.root / source.path, source.line, 1, "", message)
