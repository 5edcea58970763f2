"""What one HTML render leaves for the page shell: the shell's blocks, and whose templates ran.

The page shell (`templates/_page.html.j2`: doctype, `<head>` with the Content
Security Policy first, `<body>`, footer) is the toolkit's own. A template that
`{% extends "_page.html.j2" %}` fills its blocks, but inside the sandbox it
extends a *collector*: the shell's blocks with a root that renders no shell at
all, only stores what each block made (`collect_blocks`). The trusted shell is
put around those blocks afterwards (`campaign.handouts.page_shell`), after the
sanitizer has cleaned them if any template of the render came from the
module's own folder (`RenderTrace.module_files`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from campaign.handouts.errors import TemplateLimitError
from campaign.handouts.limits import MAX_OUTPUT, check_time

if TYPE_CHECKING:
    import jinja2
    from jinja2.runtime import Context

PAGE_SHELL = "_page.html.j2"
"""The page every HTML handout is put into; a module's own file of this name is never read."""


@dataclass
class RenderTrace:
    """What one render did that decides how its HTML is finished."""

    module_files: bool = False
    """A template from the module's own folder took part (its output is untrusted)."""
    blocks: dict[str, str] | None = None
    """The page shell's blocks as the render filled them (None: it did not extend the shell)."""


_TRACE: ContextVar[RenderTrace | None] = ContextVar("handout_render_trace", default=None)


@contextmanager
def render_trace() -> Iterator[RenderTrace]:
    """A fresh trace for the render inside the block."""
    trace = RenderTrace()
    token = _TRACE.set(trace)
    try:
        yield trace
    finally:
        _TRACE.reset(token)


def note_template(from_module: bool) -> None:
    """Record that the current render loaded a template (from the module's folder or not)."""
    trace = _TRACE.get()
    if trace is not None and from_module:
        trace.module_files = True


def collect_blocks(template: jinja2.Template) -> Callable[[Context], Iterator[str]]:
    """A root render function for the shell that prints nothing and stores its blocks.

    Jinja renders a child template by running its parent's root function with
    the child's blocks in the context; this root renders each block (the
    child's, else the shell's default) into the current trace. The output
    limit and the deadline hold inside each block as they do for a page.
    """
    names = list(template.blocks)

    def collect(context: Context) -> Iterator[str]:
        blocks: dict[str, str] = {}
        size = 0
        for name in names:
            parts: list[str] = []
            for chunk in context.blocks[name][0](context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateLimitError(
                        f"refused: the handout is over {MAX_OUTPUT:,} characters"
                    )
                check_time()
                parts.append(chunk)
            blocks[name] = "".join(parts)
        trace = _TRACE.get()
        if trace is not None:
            trace.blocks = blocks
        yield from ()

    return collect
