"""A template failure as one located line: `templates/x.html.j2:12: what went wrong`.

Jinja maps template frames in a traceback to template lines; the innermost
one names the place, and the message says what happened in a GM's words
(which variable had no such attribute, which limit was hit).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping

import jinja2
from jinja2.exceptions import SecurityError

from campaign.handouts.errors import HandoutError, TemplateRefused
from campaign.handouts.limits import RENDER_MEMORY

MEMORY_REFUSAL = f"refused: the handout needs more than {RENDER_MEMORY // (1024 * 1024):,} MB"
"""What a render that ran out of memory (the child's address-space limit) is told."""

_OWNER = re.compile(
    r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]\n]*\])*)\s*(?:\.\s*{name}\b|\[\s*['\"]{name}['\"]\s*\])"
)


def _template_frame(error: BaseException, labels: Mapping[str, str]) -> tuple[str, int] | None:
    """The innermost template line of a traceback (Jinja maps template frames to lines)."""
    found: tuple[str, int] | None = None
    for frame, line in traceback.walk_tb(error.__traceback__):
        shown = labels.get(frame.f_code.co_filename)
        if shown is not None:
            found = (shown, line)
    return found


def _describe_error(error: BaseException, source_line: str) -> str:
    if isinstance(error, jinja2.UndefinedError):
        message = str(error.message or error)
        match = re.match(r"a mapping has no attribute '([^']*)'(.*)", message)
        if match:
            name = re.escape(match.group(1))
            owner = re.search(_OWNER.pattern.format(name=name), source_line)
            if owner:
                return f"'{owner.group(1)}' has no attribute '{match.group(1)}'{match.group(2)}"
        return message
    if isinstance(error, (SecurityError, TemplateRefused)):
        message = str(error.message if isinstance(error, jinja2.TemplateError) else error)
        return message if message.startswith("refused") else f"refused: {message}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"no template '{error.name}'"
    if isinstance(error, RecursionError):
        return "refused: the templates recurse too deeply"
    if isinstance(error, MemoryError):
        return MEMORY_REFUSAL
    if isinstance(error, jinja2.TemplateError):
        return str(error.message or error)
    return f"{type(error).__name__}: {error}"


def _source_line(filename: str, line: int) -> str:
    try:
        with open(filename, encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if number == line:
                    return text
    except OSError:
        pass
    return ""


def located_error(error: BaseException, labels: Mapping[str, str], *, handout: str) -> HandoutError:
    """The HandoutError for a failed render; `labels` maps real template paths to shown names."""
    where = _template_frame(error, labels)
    location = ""
    source_line = ""
    if where is not None:
        location = f"{where[0]}:{where[1]}"
        real = next((path for path, shown in labels.items() if shown == where[0]), "")
        source_line = _source_line(real, where[1])
    return HandoutError(
        _describe_error(error, source_line),
        location=location,
        handout=handout,
        subject=getattr(error, "subject", None),
    )
