"""What a PDF that could not be typeset says, and where: whose Typst it was.

The Typst child stops a compile past its time or memory limit. When a module's
own `.typ.j2` template wrote the Typst (the handout's template, or a shared
partial the module replaces), that Typst is what ran away and the message says
so. Otherwise the Typst is the toolkit's own templates printing the module's
text, and what is too much is the text: the message names the handout, how
much text it has, and the YAML field holding most of it (`file:line:col`), and
says what to do (split it or shorten it).
"""

from __future__ import annotations

from pathlib import Path

from campaign.handouts.errors import HandoutError, TypstLimitError
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.text_source import handout_texts, text_place
from campaign.model import Handout, Module
from campaign.paths import bundled_templates_dir


def typeset_error(module: Module, handout: Handout, error: HandoutError) -> HandoutError:
    """`error` (from compiling the handout's Typst) as the handout's one located line."""
    if not isinstance(error, TypstLimitError) or module_typst(module, handout) is not None:
        return HandoutError(
            error.message, location=error.location, handout=handout.id, subject=error.subject
        )
    texts = handout_texts(module, handout)
    total = sum(len(text.encode("utf-8")) for text in texts)
    if error.limit == "time":
        what = f"took longer than {error.bound} to typeset"
    else:
        what = f"needed more than {error.bound} of memory to typeset"
    message = (
        f"refused: handout '{handout.id}' {what} ({_size(total)} of text); split it or shorten it"
    )
    largest = max(texts, key=len, default="")
    place = text_place(module, handout, largest) if largest else None
    if place is not None:
        location = f"{place.path}:{place.line}:{place.column}"
        return HandoutError(f"{place.field}: {message}", location=location)
    source = module.sources.get(("handout", handout.id))
    location = f"{module.root / source.path}:{source.line}:1" if source is not None else ""
    return HandoutError(message, location=location)


def module_typst(module: Module, handout: Handout) -> Path | None:
    """The module's own Typst template that takes part in this handout, if any: its own
    `<template>.typ.j2`, or a partial that replaces a shared one of the same name."""
    folder = module_templates_dir(module)
    if folder is None:
        return None
    own = folder / f"{handout.template_name}.typ.j2"
    if own.is_file():
        return own
    shared = {path.name for path in bundled_templates_dir().glob("_*.typ.j2")}
    return next((path for path in sorted(folder.glob("_*.typ.j2")) if path.name in shared), None)


def _size(count: int) -> str:
    return f"{count / 1024:,.0f} KB" if count >= 1024 else f"{count:,} bytes"
