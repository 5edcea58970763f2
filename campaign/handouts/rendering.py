"""Rendering handouts: a template with the limits on, then HTML, Markdown or PDF.

`render_source` checks the audience, finds the template and renders it with
`campaign.handouts.template_render` (a module's own templates in the limited
child process); `render_handout`, `render_many` and `render_recap` are what
callers use. Every HTML output is the toolkit's page shell, whose first
element in `<head>` is a Content Security Policy that forbids scripts, remote
images, fonts and style sheets.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, overload

import jinja2

from campaign.errors import did_you_mean
from campaign.handouts.context import handout_context
from campaign.handouts.environment import (
    environment_for,
    template_formats,
    template_names,
    template_refusals,
)
from campaign.handouts.errors import HandoutError, TemplateRefused
from campaign.handouts.formats import FORMAT_NAMES, FORMAT_SUFFIX, Audience, Format, Paper
from campaign.handouts.page_shell import CONTENT_SECURITY_POLICY as CONTENT_SECURITY_POLICY
from campaign.handouts.page_shell import (
    add_content_security_policy as add_content_security_policy,
)
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.template_render import render_template as render_template
from campaign.handouts.template_render import render_text
from campaign.handouts.text_source import text_place
from campaign.handouts.typeset_errors import typeset_error
from campaign.handouts.typst_compile import compile_source, compile_typst, uses_module_typst
from campaign.handouts.typst_root import TypstRoot
from campaign.model import Handout, Module


def _get_handout(module: Module, handout_id: str) -> Handout:
    handout = module.handouts.get(handout_id)
    if handout is None:
        hint = did_you_mean(handout_id, module.handouts)
        raise HandoutError(f"no handout '{handout_id}' in module {module.id}{hint}")
    return handout


def render_source(
    module: Module,
    handout: Handout,
    *,
    fmt: Format = "html",
    audience: Audience = "players",
    paper: Paper = "a4",
    events: Iterable[Mapping[str, Any]] | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The rendered template text: an HTML page (CSP first), Markdown, or Typst source."""
    if handout.audience == "gm" and audience != "gm":
        raise HandoutError(
            f"handout '{handout.id}' is for the GM only; render it with --audience gm"
        )
    name = handout.template_name + FORMAT_SUFFIX[fmt]
    env = environment_for(module, fmt)
    try:
        env.template_loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        have = template_formats(module, handout.template_name)
        if have:
            formats = ", ".join(have)
            message = (
                f"no {FORMAT_NAMES[fmt]} template '{name}' for handout '{handout.id}'; "
                f"'{handout.template_name}' has: {formats}"
            )
        elif refusals := template_refusals(module, handout.template_name):
            message = (
                f"template '{handout.template_name}' of handout '{handout.id}' is refused: "
                + "; ".join(refusals)
            )
        else:
            others = [
                other for other in template_names(module, fmt) if other != handout.template_name
            ]
            hint = did_you_mean(handout.template_name, others)
            message = f"no template '{handout.template_name}'{hint} for handout '{handout.id}'"
        raise HandoutError(message) from None
    except TemplateRefused as error:
        raise HandoutError(str(error.message), handout=handout.id) from None
    context = handout_context(
        module, handout, audience, paper=paper, fmt=fmt, events=events, now=now
    )
    try:
        return render_text(module, fmt, name, context, handout=handout.id)
    except HandoutError as error:
        raise _at_the_text(module, handout, error) from None


def _at_the_text(module: Module, handout: Handout, error: HandoutError) -> HandoutError:
    """A limit a shared template hit on the module's text, placed at the YAML field that
    holds the text (the template is the toolkit's; the text is what a GM can change)."""
    if error.subject is None or _module_location(module, error.location):
        return error
    place = text_place(module, handout, error.subject)
    if place is None:
        return error
    where = f", printed by the shared template {error.location}" if error.location else ""
    message = f"{place.field}: {error.message} (a text of {len(error.subject):,} characters{where})"
    return HandoutError(
        message,
        location=f"{place.path}:{place.line}:{place.column}",
        handout=handout.id,
        subject=error.subject,
    )


def _module_location(module: Module, location: str) -> bool:
    """Whether a template location names a file of the module's own templates folder."""
    folder = module_templates_dir(module)
    file = location.rpartition(":")[0]
    if folder is None or not file:
        return False
    return os.path.abspath(file).startswith(os.path.abspath(folder) + os.sep)


@overload
def render_handout(
    module: Module,
    handout_id: str,
    *,
    fmt: Literal["pdf"],
    audience: Audience = ...,
    paper: Paper = ...,
    now: dt.datetime | None = ...,
) -> bytes: ...
@overload
def render_handout(
    module: Module,
    handout_id: str,
    *,
    fmt: Literal["html", "md"] = ...,
    audience: Audience = ...,
    paper: Paper = ...,
    now: dt.datetime | None = ...,
) -> str: ...
@overload
def render_handout(
    module: Module,
    handout_id: str,
    *,
    fmt: Format,
    audience: Audience = ...,
    paper: Paper = ...,
    now: dt.datetime | None = ...,
) -> str | bytes: ...
def render_handout(
    module: Module,
    handout_id: str,
    *,
    fmt: Format = "html",
    audience: Audience = "players",
    paper: Paper = "a4",
    now: dt.datetime | None = None,
) -> str | bytes:
    """One handout: HTML or Markdown text, or PDF bytes. Raises HandoutError."""
    handout = _get_handout(module, handout_id)
    source = render_source(module, handout, fmt=fmt, audience=audience, paper=paper, now=now)
    if fmt != "pdf":
        return source
    result = compile_typst(module, [source], untrusted=uses_module_typst(module))[0]
    if isinstance(result, HandoutError):
        raise typeset_error(module, handout, result)
    return result


@dataclass(frozen=True, slots=True)
class Rendered:
    """One result of `render_many`: the output, or the error that stopped it."""

    handout: str
    output: str | bytes | None
    error: HandoutError | None = None


def handouts_for(module: Module, audience: Audience) -> list[str]:
    """The handouts an audience may have: players get the players' ones, the GM all."""
    return [
        key
        for key, handout in module.handouts.items()
        if audience == "gm" or handout.audience == "players"
    ]


def render_many(
    module: Module,
    handout_ids: Sequence[str] | None = None,
    *,
    fmt: Format = "html",
    audience: Audience = "players",
    paper: Paper = "a4",
    now: dt.datetime | None = None,
) -> Iterator[Rendered]:
    """Render several handouts (all the audience may have if none are named).

    Yields one `Rendered` per handout, in order, as each is done; a failing
    handout yields its error and the others still render. Every PDF compiles
    in the one limited Typst child, which stays up between handouts (a few ms
    each).
    """
    ids = list(handout_ids) if handout_ids is not None else handouts_for(module, audience)
    moment = now or dt.datetime.now()

    def sources() -> Iterator[tuple[str, str | HandoutError]]:
        for handout_id in ids:
            try:
                handout = _get_handout(module, handout_id)
                text = render_source(
                    module, handout, fmt=fmt, audience=audience, paper=paper, now=moment
                )
            except HandoutError as error:
                yield handout_id, error
                continue
            yield handout_id, text

    if fmt != "pdf":
        for handout_id, text in sources():
            if isinstance(text, HandoutError):
                yield Rendered(handout_id, None, text)
            else:
                yield Rendered(handout_id, text)
        return
    yield from _compiled_while_rendering(module, sources())


def _compiled_while_rendering(
    module: Module, sources: Iterator[tuple[str, str | HandoutError]]
) -> Iterator[Rendered]:
    """PDFs of the sources, in order: the Typst child compiles one handout while this
    process renders the next one's template, so neither waits for the other."""
    untrusted = uses_module_typst(module)
    with TypstRoot(module) as root, ThreadPoolExecutor(1, "typst-compile") as compiler:
        pending: list[tuple[str, HandoutError | Future[bytes | HandoutError]]] = []
        try:
            for handout_id, source in sources:
                if isinstance(source, str):
                    job = compiler.submit(compile_source, root, source, untrusted=untrusted)
                    pending.append((handout_id, job))
                else:
                    pending.append((handout_id, source))
            for handout_id, outcome in pending:
                result = outcome if isinstance(outcome, HandoutError) else outcome.result()
                yield _rendered_pdf(module, handout_id, result)
        finally:  # a caller that stops reading: what is not compiled yet never is
            compiler.shutdown(cancel_futures=True)


def _rendered_pdf(module: Module, handout_id: str, result: bytes | HandoutError) -> Rendered:
    if isinstance(result, HandoutError):
        handout = module.handouts.get(handout_id)
        if handout is None:
            return Rendered(handout_id, None, result)
        return Rendered(handout_id, None, typeset_error(module, handout, result))
    return Rendered(handout_id, result)


@overload
def render_recap(
    module: Module,
    events: Iterable[Mapping[str, Any]],
    *,
    fmt: Literal["pdf"],
    audience: Audience = ...,
    paper: Paper = ...,
    title: str = ...,
    now: dt.datetime | None = ...,
) -> bytes: ...
@overload
def render_recap(
    module: Module,
    events: Iterable[Mapping[str, Any]],
    *,
    fmt: Literal["html", "md"] = ...,
    audience: Audience = ...,
    paper: Paper = ...,
    title: str = ...,
    now: dt.datetime | None = ...,
) -> str: ...
@overload
def render_recap(
    module: Module,
    events: Iterable[Mapping[str, Any]],
    *,
    fmt: Format,
    audience: Audience = ...,
    paper: Paper = ...,
    title: str = ...,
    now: dt.datetime | None = ...,
) -> str | bytes: ...
def render_recap(
    module: Module,
    events: Iterable[Mapping[str, Any]],
    *,
    fmt: Format = "html",
    audience: Audience = "players",
    paper: Paper = "a4",
    title: str = "Session recap",
    now: dt.datetime | None = None,
) -> str | bytes:
    """A session recap from journal events [{time, kind, text}] with the `recap` template.

    The caller decides which events the audience may see (GM notes are its
    business); this only prints them.
    """
    handout = Handout(id="recap", title=title, type="custom", template="recap")
    source = render_source(
        module, handout, fmt=fmt, audience=audience, paper=paper, events=events, now=now
    )
    if fmt != "pdf":
        return source
    result = compile_typst(module, [source], untrusted=uses_module_typst(module))[0]
    if isinstance(result, HandoutError):
        raise result
    return result
