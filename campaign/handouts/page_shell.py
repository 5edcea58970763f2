"""The HTML page around every handout: the toolkit's own shell, filled with cleaned blocks.

A handout template fills the blocks of `templates/_page.html.j2` (`style`,
`body_class`, `content`); a template that does not extend the shell fills
`content` with its whole output. The shell itself (doctype, `<head>` with the
Content Security Policy as its first element, `<body>`, footer) is always
rendered from the shared templates by an environment that reads nothing
else, so no template can move the policy out of `<head>` or put anything
before it.

When a template from the module's own folder took part in the render, each
block is cleaned before it goes in: `content` by the `nh3` sanitizer (Ammonia:
an allowlist of tags and attributes; no script, style, meta, form, frame or
event handler; link targets through `safe_url`; images and CSS `url()` only
when local, `urls.local_resource`), `body_class` down to class names, and
`style` (CSS) without `<`, so it cannot close its `<style>`, and without any
remote `url()`, `@import` or `image-set()`.
The shared templates' own output is trusted and kept byte for byte.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import nh3
from markupsafe import Markup

from campaign import paths
from campaign.handouts.environment import HandoutEnvironment
from campaign.handouts.shell_blocks import PAGE_SHELL, RenderTrace
from campaign.handouts.template_loader import TemplateLoader
from campaign.handouts.urls import (
    SAFE_SCHEMES,
    local_css,
    local_resource,
    remote_css_urls,
    safe_url,
)

if TYPE_CHECKING:
    from jinja2.runtime import Context

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'

_TAGS = nh3.ALLOWED_TAGS | {"main", "section"}
"""Ammonia's default tags (text, lists, tables, figures, `img`, `a`...) and page sections."""
_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "style", "id", "title", "lang", "dir", "aria-label"},
}
_URL_ATTRIBUTES = frozenset({"href", "cite"})
"""Targets a reader follows by choice (a click): the link rule."""
_RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "background", "data"})
"""What a browser fetches as the page opens: a local file only (Ammonia keeps `img src`)."""


def _url_filter(tag: str, attribute: str, value: str) -> str | None:
    """Every URL attribute through the one link rule (`safe_url`), after Ammonia's own; a
    resource the page would fetch on opening (an image, a CSS `url()`) only if local."""
    if attribute in _URL_ATTRIBUTES:
        return safe_url(value)
    if attribute in _RESOURCE_ATTRIBUTES:
        return local_resource(value)
    if attribute == "style" and remote_css_urls(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    attribute_filter=_url_filter,
    url_schemes=set(SAFE_SCHEMES),
    strip_comments=True,
    link_rel="noopener noreferrer",
)

_CLASS_NAME = re.compile(r"[A-Za-z0-9_-]+")


def clean_html(fragment: str) -> str:
    """A module template's HTML, sanitized for the inside of `<main>`."""
    return _CLEANER.clean(fragment)


def _clean_block(name: str, text: str) -> str:
    if name == "body_class":
        return " ".join(_CLASS_NAME.findall(text))
    if name == "style":
        # Inside <style> only '</style' ends the element; with no '<' nothing can.
        return local_css(text).replace("<", "")
    return clean_html(text)


@functools.lru_cache(maxsize=1)
def _shell_environment() -> HandoutEnvironment:
    """An environment that reads the shared templates only and loads the real shell."""
    loader = TemplateLoader([(paths.bundled_templates_dir(), "")], ".html.j2")
    return HandoutEnvironment(loader, "html", collect_shell=False)


def _fixed_block(text: str) -> Any:
    def block(context: Context) -> Iterator[str]:
        yield text

    return block


def assemble_page(
    env: HandoutEnvironment, context: Mapping[str, Any], output: str, trace: RenderTrace
) -> str:
    """The whole HTML page: the trusted shell around the blocks the render filled.

    `output` is what the template printed; it is the `content` block when the
    template did not extend the shell. Call it inside the render's budget and
    trace (`campaign.handouts.template_render.render_template` does).
    """
    blocks = trace.blocks
    if blocks is None:
        # No {% extends %}: the shell's own defaults, and the whole output as content.
        collector = env.get_template(PAGE_SHELL)
        for _ in collector.root_render_func(collector.new_context(dict(context))):
            pass
        blocks = {**(trace.blocks or {}), "content": output}
    if trace.module_files:
        blocks = {name: _clean_block(name, text) for name, text in blocks.items()}
    shell = _shell_environment().get_template(PAGE_SHELL)
    policy = Markup(CONTENT_SECURITY_POLICY)
    page = shell.new_context({**context, "content_security_policy": policy})
    for name in shell.blocks:
        page.blocks[name] = [_fixed_block(blocks.get(name, ""))]
    return "".join(shell.root_render_func(page))


def add_content_security_policy(html: str) -> str:
    """Put the CSP meta tag first in a document's head (for HTML made outside the shell)."""
    match = re.match(r"\s*<!doctype html>\s*<html[^>]*>\s*<head[^>]*>", html, re.IGNORECASE)
    if match:
        return f"{html[: match.end()]}\n{_CSP_META}{html[match.end() :]}"
    # No plain preamble: a meta before everything still lands in <head> (first).
    return f"<!DOCTYPE html>\n{_CSP_META}\n{html}"
