"""`campaign validate`: what a handout page would fetch from the network when opened.

Rendering drops every image, `srcset`, CSS `url()` and `@import` that is not a
local file (`urls.local_resource`), so no handout reaches the network; this
says so ahead of time, as located problems, for what is written literally: a
remote source in a module's own HTML template, and a Markdown image with a
remote source in a text the handouts print (a handout's, its NPC's or PC's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from campaign.errors import Problem
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.text_source import handout_texts, text_place
from campaign.handouts.urls import local_resource, remote_css_urls
from campaign.model import Module

_RESOURCE = re.compile(
    r"""\b(?:src|srcset|poster|background)\s*=\s*(?:"(?P<q1>[^"]*)"|'(?P<q2>[^']*)'|(?P<bare>[^\s>"']+))"""
    r"""|<link\b[^>]*?\bhref\s*=\s*(?:"(?P<l1>[^"]*)"|'(?P<l2>[^']*)'|(?P<lbare>[^\s>"']+))""",
    re.I,
)
# Any CSS function (its name may be written with escapes: `u\\72l(`) and `@import`;
# `remote_css_urls` reads each the way CSS does.
_CSS = re.compile(
    r"""(?:\\[0-9a-fA-F]{1,6}\s?|\\.|[A-Za-z-])+\([^)]*\)|@import\s+(?:"[^"]*"|'[^']*')"""
)
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_MESSAGE = (
    "remote {what} '{url}' is left out of the page: a handout may only load files "
    "from its module (put it in assets/)"
)


def check_remote_resources(module: Module) -> list[Problem]:
    """One problem per remote image, style sheet or CSS `url()` written in the module's
    HTML templates or in a Markdown image of a text its handouts print."""
    problems: list[Problem] = []
    folder = module_templates_dir(module)
    if folder is not None:
        for path in sorted(folder.rglob("*.html.j2")):
            problems.extend(_template_problems(path))
    seen: set[tuple[Path, int, int, str]] = set()
    for handout in module.handouts.values():
        for text in handout_texts(module, handout):
            for match in _MARKDOWN_IMAGE.finditer(text):
                url = match.group(1)
                if local_resource(url) is not None:
                    continue
                place = text_place(module, handout, text)
                if place is None:
                    continue
                key = (place.path, place.line, place.column, url)
                if key not in seen:
                    seen.add(key)
                    message = _MESSAGE.format(what="image", url=url)
                    problems.append(
                        Problem(place.path, place.line, place.column, place.field, message)
                    )
    return problems


def _template_problems(path: Path) -> Iterator[Problem]:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # reported by the template checks
    for match in _RESOURCE.finditer(source):
        value = next(group for group in match.groups() if group is not None)
        what = "style sheet" if match.group(0)[:5].lower() == "<link" else "image"
        for url in _candidates(value, srcset="srcset" in match.group(0)[:7].lower()):
            if "{" not in url and local_resource(url) is None:
                yield _at(path, source, match.start(), _MESSAGE.format(what=what, url=url))
    for match in _CSS.finditer(source):
        for url in remote_css_urls(match.group(0)):
            if "{" not in url:
                yield _at(path, source, match.start(), _MESSAGE.format(what="CSS url", url=url))


def _candidates(value: str, *, srcset: bool) -> list[str]:
    if not srcset:
        return [value.strip()]
    return [part.split()[0] for part in value.split(",") if part.split()]


def _at(path: Path, source: str, offset: int, message: str) -> Problem:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return Problem(path, line, column, "", message)
