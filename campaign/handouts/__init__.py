"""Handouts: sandboxed Jinja templates rendered to print-ready HTML, Markdown and PDF.

A handout (`handouts/*.yaml`) names a template (its `type` unless `template:`
says otherwise). Templates are looked up first in the module's own
`templates/` folder, then in the shared `templates/` that ship with the
toolkit: `NAME.html.j2` (one self-contained page), `NAME.md.j2` and
`NAME.typ.j2` (Typst source, compiled to PDF by the `typst` wheel).

Trust model
-----------
Every template, shared or the module's, runs in the same hardened sandbox,
because a module (its YAML and its templates) is something a GM downloads:

* `ImmutableSandboxedEnvironment`: no `_private` attributes, no mutation of
  lists or dicts; only an allowlist of str/list/dict methods and filters.
* Templates see plain JSON-like data only (dicts, lists, str, int, float,
  bool, None) built fresh for each render by `handout_context`; for a players'
  handout the GM-only fields are left out of that data, so no template can
  print them.
* Limits (a `HandoutError` names the one hit): `range()` at most 10,000 items;
  `*`, `+`, `~`, `%`, `**`, method calls, filters and captured blocks refuse
  to build a value over 1,000,000 characters or items or an integer over
  4,096 bits (checked *before* the work where the size is predictable:
  `'a'*10**9` and `9**(9**9)` fail at once; printing or encoding nested
  copies that expand past the output limit fails too); at most 1,000,000 loop
  iterations and calls per render (every `{% for %}` is wrapped by an
  iteration guard at compile time); 5 s of rendering (a deadline checked by
  the same guard and by the output loop); 5,000,000 characters of output.
* The loader refuses names with `..`, absolute paths, hidden files and any
  file or symlink that resolves outside its templates folder; each output
  format only loads its own templates (`.html.j2`, `.md.j2`, `.typ.j2`).
* Escaping by output format: HTML autoescape (any `.html.j2`/`.html` name);
  Typst escaping of every `{{ value }}` (a finalize hook) so data prints
  literally, with `|typst_str` for values inside Typst code; Markdown output
  escapes `<`. Every HTML output starts with a Content Security Policy that
  forbids scripts, remote images, fonts and styles sheets.
* Typst runs with its root in a temporary folder holding only a copy of the
  module's `assets/`, the built-in fonts only, and an empty package folder.
  Typst source from a module's own `.typ.j2` templates is compiled in a child
  process with a time limit, a memory limit and a dead network proxy (Typst
  itself has no loop limit and downloads `@preview` packages on demand).
"""

from __future__ import annotations

import atexit
import base64
import contextvars
import datetime as dt
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.meta import find_referenced_templates, find_undeclared_variables
from jinja2.runtime import LoopContext, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from jinja2.visitor import NodeTransformer
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from campaign import paths
from campaign.errors import CampaignError, Problem, did_you_mean
from campaign.model import NPC, PC, Handout, Module, Ruleset, StatBlock

if TYPE_CHECKING:
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

Format = Literal["html", "md", "pdf"]
Audience = Literal["players", "gm"]
Paper = Literal["a4", "letter"]

FORMATS: tuple[Format, ...] = ("html", "md", "pdf")
FORMAT_SUFFIX: dict[Format, str] = {"html": ".html.j2", "md": ".md.j2", "pdf": ".typ.j2"}
"""Template file suffix per output format."""
FILE_EXTENSION: dict[str, str] = {"html": "html", "md": "md", "pdf": "pdf"}
FORMAT_NAMES: dict[str, str] = {"html": "HTML", "md": "Markdown", "pdf": "PDF (Typst)"}

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'

MAX_RANGE = 10_000
"""Most items `range()` may make in a template."""
MAX_VALUE = 1_000_000
"""Most characters (or items) one value built by a template may have."""
MAX_INT_BITS = 4_096
"""Largest integer `*` and `**` may make."""
MAX_STEPS = 1_000_000
"""Most loop iterations plus calls in one render."""
RENDER_SECONDS = 5.0
"""Longest a template may render."""
MAX_OUTPUT = 5_000_000
"""Most characters of output one render may make."""
MAX_TEMPLATE_BYTES = 1_000_000
"""Largest template file read."""
MAX_ASSET_BYTES = 50 * 1024 * 1024
"""Most bytes of `assets/` copied for Typst."""
TYPST_SECONDS = 20.0
"""Time limit for compiling a module's own Typst templates (per batch, plus 1 s a handout)."""
TYPST_MEMORY = 2 * 1024 * 1024 * 1024
"""Address-space limit of the child process that compiles a module's Typst source."""

CONTEXT_KEYS: tuple[str, ...] = (
    "audience",
    "gm",
    "paper",
    "format",
    "generated",
    "module",
    "ruleset",
    "attribute_names",
    "skill_names",
    "handout",
    "npc",
    "pc",
    "clue",
    "events",
)
"""Every top-level name a template can use (see `handout_context`)."""


class HandoutError(CampaignError):
    """A handout that cannot be rendered: a located template error or a refused request."""

    title = "Handout error"

    def __init__(self, message: str, *, location: str = "", handout: str = "") -> None:
        self.message = message
        self.location = location
        self.handout = handout
        text = f"{location}: {message}" if location else message
        if handout:
            text += f" (handout {handout})"
        super().__init__(text)


class TemplateLimitError(SecurityError):
    """A template hit one of the sandbox's limits."""


class TemplateRefused(jinja2.TemplateError):
    """A template name or file the loader will not read."""


# --- the data templates see --------------------------------------------------------

NPC_PLAYER_FIELDS = ("id", "name", "role", "description")
"""What a players' handout may show of an NPC (plus `allegiance.apparent`).

Left out: tags (folders of spoilers such as 'villain'), stats, skills, health,
attacks, traits, actions, tactics, secret and the true allegiance."""

PC_HIDDEN_FIELDS = ("secret", "tactics", "tags", "kind")
"""What a players' pregen leaves out of the PC's own sheet (plus `allegiance.true`)."""

HANDOUT_PLAYER_FIELDS = ("id", "title", "type", "audience", "template", "body", "data")
"""What a players' handout shows of itself: not `clues` (the GM's reading of it)."""


def _plain(value: Any) -> Any:
    """JSON-like data: dicts with str keys, lists, str, int, float, bool, None."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def file_number(handout: Handout) -> str:
    """A stable registry number for a handout that gives none ('PF/40913')."""
    prefix = {
        "dossier": "PF",
        "orders": "OPS",
        "note": "EXH",
        "clue": "EV",
        "pregen": "PF/A",
        "rules": "REF",
    }.get(handout.type, "DOC")
    return f"{prefix}/{10_000 + zlib.crc32(handout.id.encode()) % 90_000}"


def _ruleset_data(ruleset: Ruleset) -> dict[str, Any]:
    data: dict[str, Any] = _plain(ruleset.model_dump(mode="json"))
    data.pop("kind", None)
    return data


def _sheet(block: StatBlock, ruleset: Ruleset, data: dict[str, Any]) -> dict[str, Any]:
    """Add the lists a sheet prints: attributes and skills in ruleset order, wounds."""
    attributes = dict(block.attributes)
    data["attribute_list"] = [
        {"id": attr.id, "name": attr.name, "value": attributes.pop(attr.id, 0)}
        for attr in ruleset.attributes
    ] + [{"id": key, "name": key, "value": value} for key, value in attributes.items()]
    names = {attr.id: attr.name for attr in ruleset.attributes}
    skills = dict(block.skills)
    data["skill_list"] = [
        {
            "id": skill.id,
            "name": skill.name,
            "value": skills.pop(skill.id, 0),
            "attribute": skill.attribute,
            "attribute_name": names.get(skill.attribute or "", ""),
        }
        for skill in ruleset.skills
    ] + [
        {"id": key, "name": key, "value": value, "attribute": None, "attribute_name": ""}
        for key, value in skills.items()
    ]
    data["wounds"] = block.health if block.health is not None else ruleset.health.default
    data["health_name"] = ruleset.health.name
    return data


def _npc_data(npc: NPC, ruleset: Ruleset, audience: Audience) -> dict[str, Any]:
    if audience == "gm":
        data: dict[str, Any] = _plain(npc.model_dump(mode="json"))
        return _sheet(npc, ruleset, data)
    shown = {name: _plain(getattr(npc, name)) for name in NPC_PLAYER_FIELDS}
    shown["allegiance"] = (
        {"apparent": npc.allegiance.apparent} if npc.allegiance is not None else None
    )
    return shown


def _pc_data(pc: PC, ruleset: Ruleset, audience: Audience) -> dict[str, Any]:
    data: dict[str, Any] = _plain(pc.model_dump(mode="json"))
    if audience != "gm":
        for name in PC_HIDDEN_FIELDS:
            data.pop(name, None)
        if pc.allegiance is not None:
            data["allegiance"] = {"apparent": pc.allegiance.apparent}
    for gadget in data.get("gadgets", []):
        gadget["boxes"] = gadget.get("uses") or 0
    return _sheet(pc, ruleset, data)


def _clue_data(module: Module, clue_id: str) -> dict[str, Any] | None:
    clue = module.clue(clue_id)
    if clue is None:
        return None
    data: dict[str, Any] = _plain(clue.model_dump(mode="json"))
    revelation = module.revelations.get(clue.revelation)
    data["revelation_statement"] = revelation.statement if revelation is not None else ""
    return data


def _events_data(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for event in events:
        row = _plain(event)
        if not isinstance(row, dict):
            continue
        row.setdefault("time", "")
        row.setdefault("kind", "")
        row.setdefault("text", "")
        rows.append(row)
    return rows


def handout_context(
    module: Module,
    handout: Handout,
    audience: Audience,
    *,
    paper: Paper = "a4",
    fmt: Format = "html",
    events: Iterable[Mapping[str, Any]] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The plain data a template renders: never model objects, never a GM secret for players.

    Keys (`CONTEXT_KEYS`): `audience` ('players'/'gm'), `gm` (bool), `paper`
    ('a4'/'letter'), `format`, `generated` ({date, text}), `module` (id, title,
    version, authors, license, attribution; `summary` for the GM), `ruleset`
    (the whole ruleset: it is the players' rules; the shared templates take
    the intelligence-file look when `module.tags` has 'espionage' or the
    handout's data has a `classification` or `organisation`), `attribute_names` and
    `skill_names` (id -> name), `handout` (its fields, `file_number`; its
    `clues` for the GM only), `npc` (players: id, name, role, description,
    allegiance.apparent; GM: the whole stat block), `pc` (the whole sheet but
    secret, tactics, tags and allegiance.true for players; GM: everything),
    `clue` (GM only: the clue it presents, with its revelation) and `events`
    (a recap's journal: [{time, kind, text}]).
    """
    gm = audience == "gm"
    moment = now or dt.datetime.now()
    ruleset = module.ruleset
    info = module.info
    module_data: dict[str, Any] = {
        "id": info.id,
        "title": info.title,
        "version": info.version,
        "authors": list(info.authors),
        "license": info.license,
        "attribution": info.attribution,
        "tags": list(info.tags),
    }
    if gm:
        module_data["summary"] = info.summary
    handout_data: dict[str, Any] = {
        name: _plain(getattr(handout, name)) for name in HANDOUT_PLAYER_FIELDS
    }
    handout_data["template"] = handout.template_name
    handout_data["file_number"] = file_number(handout)
    if gm:
        handout_data["clues"] = [
            {
                **_plain(clue.model_dump(mode="json")),
                "revelation_statement": (
                    module.revelations[clue.revelation].statement
                    if clue.revelation in module.revelations
                    else ""
                ),
            }
            for clue in handout.clues
        ]
    npc = module.npcs.get(handout.npc) if handout.npc else None
    pc = module.pcs.get(handout.pc) if handout.pc else None
    raw_events = events if events is not None else handout.data.get("events") or []
    return {
        "audience": audience,
        "gm": gm,
        "paper": paper,
        "format": fmt,
        "generated": {
            "date": moment.date().isoformat(),
            "text": f"{moment.day} {moment:%B %Y}",
        },
        "module": module_data,
        "ruleset": _ruleset_data(ruleset),
        "attribute_names": {attr.id: attr.name for attr in ruleset.attributes},
        "skill_names": {skill.id: skill.name for skill in ruleset.skills},
        "handout": handout_data,
        "npc": _npc_data(npc, ruleset, audience) if npc is not None else None,
        "pc": _pc_data(pc, ruleset, audience) if pc is not None else None,
        "clue": _clue_data(module, handout.clue) if gm and handout.clue else None,
        "events": _events_data(raw_events if isinstance(raw_events, list) else []),
    }


# --- escaping and Markdown -------------------------------------------------------------


class TypstMarkup(str):
    """Typst source that is already safe (escaped data, converted Markdown)."""

    __slots__ = ()


_TYPST_SPECIAL = re.compile(r"([\\#\[\]*_`$<>@~=\-+/])")
_TYPST_ENUM = re.compile(r"(?m)^(\s*\d+)\.")


def typst_escape(text: str) -> str:
    """Text that prints literally in Typst markup: every markup character escaped.

    Covers `\\ # [ ] * _ ` $ < > @ ~ = - + /` (so no code, math, raw, labels,
    references, headings, lists, comments or links can start) and `1.` at a
    line start (a numbered list). Quotes stay as they are: they only become
    smart quotes, which templates switch off with `#set smartquote(enabled: false)`.
    """
    escaped = _TYPST_SPECIAL.sub(r"\\\1", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _TYPST_ENUM.sub(r"\1\\.", escaped)


def typst_string(text: str) -> str:
    """A Typst string literal ("...") holding text, for values in code position."""
    body = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\r", "")
        .replace("\n", "\\n")
        .replace("\t", "\\t")
    )
    return f'"{body}"'


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


_MARKDOWN = _markdown()


def markdown_to_html(text: str) -> Markup:
    """Markdown (raw HTML refused and escaped; javascript: links dropped) as HTML."""
    return Markup(_MARKDOWN.render(text))


_TYPST_INLINE_OPEN = {
    "strong_open": "#strong[",
    "em_open": "#emph[",
    "s_open": "#strike[",
    "link_open": "#underline[",
}
_TYPST_INLINE_CLOSE = {"strong_close", "em_close", "s_close", "link_close"}


def _typst_inline(tokens: Sequence[Token]) -> str:
    out: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "text":
            out.append(typst_escape(token.content))
        elif kind in _TYPST_INLINE_OPEN:
            out.append(_TYPST_INLINE_OPEN[kind])
        elif kind in _TYPST_INLINE_CLOSE:
            out.append("]")
        elif kind == "code_inline":
            out.append(f"#raw({typst_string(token.content)})")
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("#linebreak() ")
        elif kind == "image":
            out.append(f"\\[{typst_escape(token.content)}\\]")
        else:
            out.append(typst_escape(token.content))
    return "".join(out)


def markdown_to_typst(text: str) -> TypstMarkup:
    """Markdown as Typst markup, every piece of text escaped.

    Block structure becomes function calls (`#list(...)`, `#quote(block: true)[...]`,
    `#table(...)`) so nesting never depends on indentation.
    """
    tokens = _MARKDOWN.parse(text)
    out: list[str] = []
    tight: list[bool] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            out.append(_typst_inline(token.children or []))
        elif kind == "paragraph_open":
            continue
        elif kind == "paragraph_close":
            if not token.hidden:
                out.append("\n\n")
        elif kind == "heading_open":
            out.append(f"#heading(level: {token.tag[1:]}, outlined: false)[")
        elif kind == "heading_close":
            out.append("]\n\n")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            tight.append(True)
            if kind == "bullet_list_open":
                out.append("#list(tight: true, ")
            else:
                start = token.attrGet("start")
                out.append(f"#enum(tight: true, start: {int(start or 1)}, ")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            tight.pop()
            out.append(")\n\n")
        elif kind == "list_item_open":
            out.append("[")
        elif kind == "list_item_close":
            out.append("],")
        elif kind == "blockquote_open":
            out.append("#quote(block: true)[")
        elif kind == "blockquote_close":
            out.append("]\n\n")
        elif kind in ("fence", "code_block"):
            out.append(f"#raw(block: true, {typst_string(token.content)})\n\n")
        elif kind == "hr":
            out.append("#line(length: 100%)\n\n")
        elif kind == "table_open":
            columns = 0
            for later in tokens[index + 1 :]:
                if later.type == "tr_close":
                    break
                if later.type in ("th_open", "td_open"):
                    columns += 1
            out.append(f"#table(columns: {max(columns, 1)}, ")
        elif kind == "table_close":
            out.append(")\n\n")
        elif kind == "th_open":
            out.append("table.header([#strong[" if _first_cell(tokens, index) else "[#strong[")
        elif kind == "th_close":
            out.append("]]),") if _last_header_cell(tokens, index) else out.append("]],")
        elif kind == "td_open":
            out.append("[")
        elif kind == "td_close":
            out.append("],")
        elif kind == "html_block":
            out.append(typst_escape(token.content) + "\n\n")
    return TypstMarkup("".join(out).strip())


def _first_cell(tokens: Sequence[Token], index: int) -> bool:
    return index > 0 and tokens[index - 1].type == "tr_open"


def _last_header_cell(tokens: Sequence[Token], index: int) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].type == "tr_close"


def markdown_text(text: str) -> str:
    """Markdown output: kept as written, `<` escaped so no raw HTML reaches a viewer."""
    return text.replace("<", "&lt;")


def markdown_cell(value: Any) -> str:
    """A value for one Markdown table cell: one line, `|` escaped."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def label(key: Any) -> str:
    """A data key as a label: 'forwarded_to' -> 'Forwarded to'."""
    text = str(key).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


# --- the sandbox ------------------------------------------------------------------------


@dataclass
class _Budget:
    """Steps and time left for one render."""

    deadline: float
    steps: int = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimitError(
                f"refused: more than {MAX_STEPS:,} loop iterations and calls in one handout"
            )
        if not self.steps & 1023:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"refused: rendering took longer than {RENDER_SECONDS:g} s")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "handout_budget", default=None
)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


def _size(value: Any) -> int:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def _check_size(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError(f"refused: {what} makes an integer over {MAX_INT_BITS:,} bits")
        return
    size = _size(value)
    if size > MAX_VALUE:
        raise TemplateLimitError(
            f"refused: {what} makes a value of {size:,} items (limit {MAX_VALUE:,})"
        )


def _expanded_size(value: Any, budget: int) -> int:
    """Items plus characters of a value printed in full (shared references counted each
    time, as str() would), stopping once over budget."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            stack.extend(item)
        else:
            total += 1
        if total > budget:
            break
    return total


def _refuse_nested(values: Iterable[Any], what: str) -> None:
    """Refuse containers that would print (str(), JSON) to more than MAX_OUTPUT characters."""
    for value in values:
        if isinstance(value, (list, tuple, dict, set, frozenset)):
            size = _expanded_size(value, MAX_OUTPUT)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(
                    f"refused: {what} would print a value of over {MAX_OUTPUT:,} "
                    "characters (nested copies?)"
                )


def _refuse_size(size: int, what: str) -> None:
    if size > MAX_VALUE:
        raise TemplateLimitError(
            f"refused: {what} would make a value of {size:,} items (limit {MAX_VALUE:,})"
        )


_DIGITS = re.compile(r"\d+")


def _check_format_string(fmt: str, what: str) -> None:
    """Refuse format strings whose widths add up past the value limit ('%0999999999d')."""
    total = sum(int(run) for run in _DIGITS.findall(fmt) if len(run) < 20) + len(fmt)
    if any(len(run) >= 20 for run in _DIGITS.findall(fmt)):
        total = MAX_VALUE + 1
    _refuse_size(total, what)


def _check_format_fields(fmt: str, marker: str, values: Iterable[Any], what: str) -> None:
    """Refuse a format whose fields, each filled with the biggest value, pass the limit."""
    fields = fmt.count(marker)
    if not fields:
        return
    biggest = max(
        (
            len(value) if isinstance(value, str) else _expanded_size(value, MAX_VALUE)
            for value in values
        ),
        default=0,
    )
    _refuse_size(len(fmt) + fields * biggest, what)


def _check_int_args(args: Iterable[Any], limit: int, what: str) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > limit:
            raise TemplateLimitError(f"refused: {arg:,} is too large for {what} (limit {limit:,})")


def _capped_range(*args: int) -> range:
    """range() for templates: at most MAX_RANGE items."""
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise TemplateLimitError(f"refused: range() of {len(result):,} items (limit {MAX_RANGE:,})")
    return result


def _guarded(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        _tick()
        yield item


@jinja2.pass_context
def _loop_guard(context: Context, iterable: Any) -> Any:
    """Wraps every `{% for %}` iterable (inserted at compile time): counts iterations."""
    if isinstance(iterable, jinja2.Undefined):
        return iterable
    return _guarded(iterable)


@jinja2.pass_eval_context
def _concat_guard(eval_ctx: EvalContext, values: list[Any]) -> str:
    """`a ~ b` with a size check before joining."""
    _refuse_nested(values, "~")
    _refuse_size(sum(_size(value) if isinstance(value, str) else 32 for value in values), "~")
    joined: str = markup_join(values) if eval_ctx.autoescape else str_join(values)
    _check_size(joined, "~")
    return joined


class _Guards(NodeTransformer):
    """Compile-time rewrite: every loop iterable and every `~` goes through a guard."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(
            node.iter, "_loop_guard", [], [], None, None, lineno=node.iter.lineno
        )
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(
            nodes.List(node.nodes, lineno=node.lineno),
            "_concat_guard",
            [],
            [],
            None,
            None,
            lineno=node.lineno,
        )


_STR_METHODS = frozenset(
    {
        "capitalize", "casefold", "center", "count", "endswith", "find", "format",
        "format_map", "index", "isalnum", "isalpha", "isdecimal", "isdigit", "islower",
        "isnumeric", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip",
        "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust",
        "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper", "zfill", "striptags", "unescape",
    }
)  # fmt: skip
_SEQUENCE_METHODS = frozenset({"count", "index"})
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})
_NUMBER_METHODS = frozenset({"is_integer"})

SAFE_FILTERS = frozenset(
    {
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort",
        "e", "escape", "filesizeformat", "first", "float", "forceescape", "format", "groupby",
        "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max",
        "min", "reject", "rejectattr", "replace", "reverse", "round", "safe", "select",
        "selectattr", "slice", "sort", "string", "striptags", "sum", "title", "tojson", "trim",
        "truncate", "unique", "upper", "urlencode", "wordcount", "wordwrap", "xmlattr",
    }
)  # fmt: skip
"""Jinja's built-in filters a template may use (not `random`, `pprint`, `urlize`)."""


def _estimate_replace(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(0, len(new) - len(old))


def _estimate_join(items: Any, separator: str) -> int:
    if not isinstance(items, (list, tuple)):
        return 0
    return sum(len(item) if isinstance(item, str) else 32 for item in items) + len(separator) * len(
        items
    )


def _precheck_filter(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    what = f"the {name} filter"
    if not args:
        return
    value, rest = args[0], args[1:]
    _check_int_args([*rest, *kwargs.values()], MAX_RANGE, what)
    _refuse_nested([*args, *kwargs.values()], what)
    if name == "replace" and isinstance(value, str) and len(rest) >= 2:
        _refuse_size(_estimate_replace(str(value), *rest[:3]), what)
    elif name == "join":
        separator = rest[0] if rest and isinstance(rest[0], str) else kwargs.get("d", "")
        _refuse_size(
            _estimate_join(list(value) if isinstance(value, (list, tuple)) else [], str(separator)),
            what,
        )
    elif name == "format" and isinstance(value, str):
        _check_format_string(value, what)
        _check_format_fields(value, "%", [*rest, *kwargs.values()], what)
    elif name == "indent" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else int(width)
        _refuse_size(len(value) + (value.count("\n") + 1) * pad, what)
    elif name == "wordwrap" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 79)
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring", "\n")
        lines = len(value) // max(1, int(width)) + 1
        _refuse_size(len(value) + lines * len(str(wrap or "")), what)
    elif name == "sum":
        start = rest[1] if len(rest) > 1 else kwargs.get("start", 0)
        if not isinstance(start, (int, float)):
            raise TemplateLimitError("refused: sum() only adds numbers in handout templates")


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    pass_arg = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        _precheck_filter(name, args[1:] if pass_arg is not None else args, kwargs)
        result = func(*args, **kwargs)
        _check_size(result, f"the {name} filter")
        return result

    return guarded


def _checked_concat(parts: Iterable[str]) -> str:
    """`environment.concat`: joins captured blocks and macro bodies, within the size limit."""
    pieces = list(parts)
    _refuse_size(sum(len(piece) for piece in pieces), "a captured block or macro")
    return "".join(pieces)


def _checked_typst_concat(parts: Iterable[str]) -> TypstMarkup:
    return TypstMarkup(_checked_concat(parts))


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined with did-you-mean suggestions."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        hint = self._undefined_hint
        if hint:
            return hint
        name = self._undefined_name
        owner = self._undefined_obj
        if owner is missing:
            if name in CONTEXT_KEYS:
                return (
                    f"'{name}' is undefined here (a macro file sees the handout's data "
                    "only when imported 'with context')"
                )
            return f"'{name}' is undefined{did_you_mean(str(name), CONTEXT_KEYS)}"
        if isinstance(owner, Mapping) and isinstance(name, str):
            keys = [str(key) for key in owner]
            return f"a mapping has no attribute '{name}'{did_you_mean(name, keys)}"
        if isinstance(name, str):
            return f"{type(owner).__name__} value has no attribute '{name}'"
        return f"{type(owner).__name__} value has no item {name!r}"


class _TemplateLoader(jinja2.BaseLoader):
    """Templates from a module's `templates/`, then the shared ones; nothing outside them."""

    def __init__(self, folders: Sequence[tuple[Path, str]], suffix: str) -> None:
        self.folders = [(str(folder), os.path.realpath(folder), shown) for folder, shown in folders]
        self.suffix = suffix
        self.labels: dict[str, str] = {}
        """Real path of every template read -> how errors name it."""

    @staticmethod
    def clean_name(template: str) -> str:
        parts = template.split("/")
        if (
            "\\" in template
            or "\x00" in template
            or template.startswith("/")
            or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
        ):
            raise TemplateRefused(
                f"refused: template name '{template}' (names are relative, without '..')"
            )
        return template

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        name = self.clean_name(template)
        if not name.endswith(self.suffix):
            raise TemplateRefused(
                f"refused: '{name}' is not a {self.suffix} template "
                f"(a {self.suffix} template may only include {self.suffix} templates)"
            )
        for folder, real, shown in self.folders:
            path = os.path.join(folder, *name.split("/"))
            if not os.path.lexists(path):
                continue
            resolved = os.path.realpath(path)
            if not resolved.startswith(real + os.sep):
                raise TemplateRefused(
                    f"refused: template '{name}' links outside {shown or 'the templates folder'}"
                )
            if not os.path.isfile(resolved):
                raise TemplateRefused(f"refused: template '{name}' is not a file")
            size = os.path.getsize(resolved)
            if size > MAX_TEMPLATE_BYTES:
                raise TemplateRefused(
                    f"refused: template '{name}' is {size:,} bytes (limit {MAX_TEMPLATE_BYTES:,})"
                )
            with open(resolved, encoding="utf-8") as handle:
                source = handle.read()
            mtime = os.path.getmtime(resolved)
            self.labels[resolved] = f"{shown}/{name}" if shown else name

            def uptodate(resolved: str = resolved, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(resolved) == mtime
                except OSError:
                    return False

            return source, resolved, uptodate
        raise jinja2.TemplateNotFound(name)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder, _real, _shown in self.folders:
            for path in Path(folder).rglob(f"*{self.suffix}"):
                relative = path.relative_to(folder).as_posix()
                if not any(part.startswith(".") for part in relative.split("/")):
                    found.add(relative)
        return sorted(found)


class HandoutEnvironment(ImmutableSandboxedEnvironment):
    """The hardened sandbox every handout template runs in (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, loader: _TemplateLoader, fmt: Format) -> None:
        finalize: Callable[[Any], Any]
        if fmt == "pdf":
            finalize = _finalize_typst
        elif fmt == "md":
            finalize = _finalize_markdown
        else:
            finalize = _finalize_html
        super().__init__(
            loader=loader,
            undefined=_Undefined,
            autoescape=_autoescape if fmt == "html" else False,
            finalize=finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=True,
            cache_size=200,
        )
        self.handout_format: Format = fmt
        self.template_loader = loader
        self.globals.clear()
        self.globals.update(range=_capped_range, dict=dict)
        filters: dict[str, Callable[..., Any]] = {
            name: _guard_filter(name, func)
            for name, func in self.filters.items()
            if name in SAFE_FILTERS
        }
        filters["_loop_guard"] = _loop_guard
        filters["_concat_guard"] = _concat_guard
        filters["label"] = _guard_filter("label", label)
        if fmt == "html":
            filters["markdown"] = _guard_filter("markdown", _markdown_html_filter)
        elif fmt == "pdf":
            filters["markdown"] = _guard_filter("markdown", _markdown_typst_filter)
            filters["typst_str"] = _guard_filter("typst_str", _typst_str_filter)
        else:
            filters["markdown"] = _guard_filter("markdown", _markdown_md_filter)
            filters["cell"] = _guard_filter("cell", markdown_cell)
        self.filters.clear()
        self.filters.update(filters)
        # Captured blocks and macro bodies are made of output that was already
        # finalized (escaped), so in Typst they are safe markup as a whole.
        self.concat = (  # type: ignore[method-assign]
            _checked_typst_concat if fmt == "pdf" else _checked_concat
        )

    # compile-time rewrite

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        guarded = _Guards().visit(tree)
        assert isinstance(guarded, nodes.Template)
        return guarded

    # attribute access: data keys first, an allowlist of methods

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        if isinstance(obj, jinja2.Undefined):
            # Say what is undefined ('cycler'), not that '__init__' is unsafe on it.
            obj._fail_with_undefined_error()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, jinja2.Undefined):
            obj._fail_with_undefined_error()
        return super().getitem(obj, argument)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if not callable(value):
            return True
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, (list, tuple)):
            return attr in _SEQUENCE_METHODS
        if isinstance(obj, dict):
            return attr in _DICT_METHODS
        if isinstance(obj, (int, float)):
            return attr in _NUMBER_METHODS
        return not isinstance(obj, (bytes, bytearray, set, frozenset, type))

    # operators and calls

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _tick()
        what = f"'{operator}'"
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_repeat(left, right)
        elif operator == "+":
            _refuse_size(_size(left) + _size(right), what)
        elif operator == "%" and isinstance(left, str):
            _check_format_string(left, what)
            _refuse_nested([right], what)
            if isinstance(right, dict):
                values = list(right.values())
            elif isinstance(right, tuple):
                values = list(right)
            else:
                values = [right]
            _check_format_fields(left, "%", values, what)
        result = super().call_binop(context, operator, left, right)
        _check_size(result, what)
        return result

    def call(
        __self,
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        _tick()
        if isinstance(__obj, LoopContext) and args:
            args = (_guarded(args[0]), *args[1:])
        _precheck_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(result, f"calling {getattr(__obj, '__name__', 'a function')}()")
        return result


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _markdown_html_filter(value: Any) -> Markup:
    return markdown_to_html(_text(value))


def _markdown_typst_filter(value: Any) -> TypstMarkup:
    return markdown_to_typst(_text(value))


def _markdown_md_filter(value: Any) -> str:
    return _text(value)


def _typst_str_filter(value: Any) -> TypstMarkup:
    return TypstMarkup(typst_string("" if value is None else str(value)))


def _autoescape(name: str | None) -> bool:
    """HTML templates are escaped whatever their double extension (.html.j2)."""
    return name is None or name.endswith((".html.j2", ".html", ".htm", ".htm.j2"))


def _finalize_html(value: Any) -> Any:
    _refuse_nested([value], "printing")
    return "" if value is None else value


def _finalize_markdown(value: Any) -> Any:
    _refuse_nested([value], "printing")
    return "" if value is None else markdown_text(str(value))


def _finalize_typst(value: Any) -> Any:
    _refuse_nested([value], "printing")
    if value is None:
        return ""
    if isinstance(value, TypstMarkup):
        return value
    return TypstMarkup(typst_escape(str(value)))


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        bits = exponent * abs(base).bit_length()
        if bits > MAX_INT_BITS:
            raise TemplateLimitError(
                f"refused: '**' would make an integer of about {bits:,} bits "
                f"(limit {MAX_INT_BITS:,})"
            )


def _check_repeat(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError(
                f"refused: '*' would make an integer over {MAX_INT_BITS:,} bits"
            )
        return
    sequence, count = (left, right) if isinstance(right, int) else (right, left)
    if isinstance(count, int) and isinstance(sequence, (str, list, tuple)):
        _refuse_size(len(sequence) * max(count, 0), "'*'")


def _precheck_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    _refuse_nested([*args, *kwargs.values()], "a call")
    target = getattr(obj, "__wrapped__", obj)
    owner = getattr(target, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(target, "__name__", "")
    what = f"str.{name}()"
    _check_int_args([*args, *kwargs.values()], MAX_VALUE, what)
    if name in ("format", "format_map"):
        _check_format_string(owner, what)
        values = [*args, *kwargs.values()]
        if name == "format_map" and args and isinstance(args[0], dict):
            values = list(args[0].values())
        _check_format_fields(owner, "{", values, what)
    elif name == "replace" and len(args) >= 2:
        _refuse_size(_estimate_replace(owner, *args[:3]), what)
    elif name == "join" and args:
        items = args[0]
        _refuse_size(_estimate_join(items if isinstance(items, (list, tuple)) else [], owner), what)


@functools.lru_cache(maxsize=32)
def _environment(module_templates: str | None, fmt: Format) -> HandoutEnvironment:
    folders: list[tuple[Path, str]] = []
    if module_templates is not None:
        folders.append((Path(module_templates), str(Path(module_templates))))
    folders.append((paths.bundled_templates_dir(), ""))
    return HandoutEnvironment(_TemplateLoader(folders, FORMAT_SUFFIX[fmt]), fmt)


def module_templates_dir(module: Module) -> Path | None:
    """The module's own `templates/` folder, if it has one; refused if it links outside."""
    folder = module.root / "templates"
    if not folder.is_dir():
        return None
    root_real = os.path.realpath(module.root)
    real = os.path.realpath(folder)
    if not real.startswith(root_real + os.sep):
        raise HandoutError(f"refused: {folder} links outside the module folder")
    return folder


def environment_for(module: Module, fmt: Format) -> HandoutEnvironment:
    """The sandboxed environment that renders this module's handouts in one format."""
    folder = module_templates_dir(module)
    return _environment(str(folder) if folder is not None else None, fmt)


# --- rendering ---------------------------------------------------------------------------


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
        return "refused: out of memory"
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


def render_template(
    env: HandoutEnvironment, name: str, context: Mapping[str, Any], *, handout: str = ""
) -> str:
    """Render one template with the step, time and output limits; errors located."""
    labels = env.template_loader.labels
    budget = _Budget(deadline=time.monotonic() + RENDER_SECONDS)
    token = _BUDGET.set(budget)
    try:
        template = env.get_template(name)
        parts: list[str] = []
        size = 0
        for chunk in template.generate(dict(context)):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(f"refused: the handout is over {MAX_OUTPUT:,} characters")
            budget.check_time()
            parts.append(chunk)
        return "".join(parts)
    except jinja2.TemplateSyntaxError as error:
        shown = labels.get(error.filename or "", error.name or name)
        raise HandoutError(
            f"syntax error: {error.message}", location=f"{shown}:{error.lineno}", handout=handout
        ) from None
    except HandoutError:
        raise
    except Exception as error:  # every template failure becomes one located line
        where = _template_frame(error, labels)
        location = ""
        source_line = ""
        if where is not None:
            location = f"{where[0]}:{where[1]}"
            real = next((path for path, shown in labels.items() if shown == where[0]), "")
            source_line = _source_line(real, where[1])
        raise HandoutError(
            _describe_error(error, source_line), location=location, handout=handout
        ) from None
    finally:
        _BUDGET.reset(token)


def add_content_security_policy(html: str) -> str:
    """Put the CSP meta tag first in the document's head, before anything it governs."""
    match = re.match(r"\s*<!doctype html>\s*<html[^>]*>\s*<head[^>]*>", html, re.IGNORECASE)
    if match:
        return f"{html[: match.end()]}\n{_CSP_META}{html[match.end() :]}"
    # No plain preamble: a meta before everything still lands in <head> (first).
    return f"<!DOCTYPE html>\n{_CSP_META}\n{html}"


def template_formats(module: Module, template: str) -> list[Format]:
    """The output formats a template name has files for (module templates, then shared)."""
    found: list[Format] = []
    for fmt in FORMATS:
        loader = environment_for(module, fmt).template_loader
        try:
            loader.get_source(environment_for(module, fmt), template + FORMAT_SUFFIX[fmt])
        except (jinja2.TemplateNotFound, TemplateRefused):
            continue
        found.append(fmt)
    return found


def _template_names(module: Module, fmt: Format) -> list[str]:
    suffix = FORMAT_SUFFIX[fmt]
    names = environment_for(module, fmt).template_loader.list_templates()
    return [name[: -len(suffix)] for name in names if not name.split("/")[-1].startswith("_")]


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
    """The rendered template text: HTML (with CSP), Markdown, or Typst source for a PDF."""
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
        else:
            hint = did_you_mean(handout.template_name, _template_names(module, fmt))
            message = f"no template '{handout.template_name}'{hint} for handout '{handout.id}'"
        raise HandoutError(message) from None
    except TemplateRefused as error:
        raise HandoutError(str(error.message), handout=handout.id) from None
    context = handout_context(
        module, handout, audience, paper=paper, fmt=fmt, events=events, now=now
    )
    text = render_template(env, name, context, handout=handout.id)
    if fmt == "html":
        text = add_content_security_policy(text)
    return text


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
        raise HandoutError(result.message, location=result.location, handout=handout_id)
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
    handout yields its error and the others still render. PDFs from the
    shared templates compile in this process (a few ms each); a module with its
    own Typst templates compiles them in one sandboxed child process.
    """
    ids = list(handout_ids) if handout_ids is not None else handouts_for(module, audience)
    moment = now or dt.datetime.now()
    sources: list[tuple[str, str | HandoutError]] = []
    for handout_id in ids:
        try:
            handout = _get_handout(module, handout_id)
            text = render_source(
                module, handout, fmt=fmt, audience=audience, paper=paper, now=moment
            )
        except HandoutError as error:
            if fmt != "pdf":
                yield Rendered(handout_id, None, error)
            else:
                sources.append((handout_id, error))
            continue
        if fmt != "pdf":
            yield Rendered(handout_id, text)
        else:
            sources.append((handout_id, text))
    if fmt != "pdf":
        return
    if uses_module_typst(module):
        texts = [source for _, source in sources if isinstance(source, str)]
        compiled = iter(compile_typst(module, texts, untrusted=True))
        for handout_id, source in sources:
            yield _rendered_pdf(handout_id, next(compiled) if isinstance(source, str) else source)
        return
    with _typst_root(module) as root:
        for handout_id, source in sources:
            result = _compile_here(root, source) if isinstance(source, str) else source
            yield _rendered_pdf(handout_id, result)


def _rendered_pdf(handout_id: str, result: bytes | HandoutError) -> Rendered:
    if isinstance(result, HandoutError):
        error = HandoutError(result.message, location=result.location, handout=handout_id)
        return Rendered(handout_id, None, error)
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


# --- Typst -----------------------------------------------------------------------------


def uses_module_typst(module: Module) -> bool:
    """Whether the module brings Typst templates of its own (compiled in a sandbox)."""
    folder = module_templates_dir(module)
    return folder is not None and any(folder.rglob("*.typ.j2"))


class _TypstRoot:
    """A temporary Typst root holding a copy of the module's assets, and an empty package dir."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.folder = Path(tempfile.mkdtemp(prefix="campaign-typst-"))
        self.root = self.folder / "root"
        self.packages = self.folder / "packages"

    def __enter__(self) -> _TypstRoot:
        self.root.mkdir()
        self.packages.mkdir()
        _copy_assets(self.module.root / "assets", self.root / "assets")
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _typst_root(module: Module) -> _TypstRoot:
    return _TypstRoot(module)


def _copy_assets(source: Path, target: Path) -> None:
    """Copy regular files of assets/ (links that resolve inside it too); nothing else."""
    if not source.is_dir() or source.is_symlink():
        return
    real = os.path.realpath(source)
    total = 0
    for folder, folders, files in os.walk(source):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            resolved = os.path.realpath(path)
            if not resolved.startswith(real + os.sep) or not os.path.isfile(resolved):
                continue
            total += os.path.getsize(resolved)
            if total > MAX_ASSET_BYTES:
                raise HandoutError(
                    f"refused: {source} holds over {MAX_ASSET_BYTES // 2**20} MB of assets"
                )
            destination = target / os.path.relpath(path, source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(resolved, destination)


_COMPILER_LOCK = threading.Lock()
_COMPILER: Any = None
_EMPTY_PACKAGES: str | None = None


def _empty_packages() -> str:
    global _EMPTY_PACKAGES
    if _EMPTY_PACKAGES is None:
        _EMPTY_PACKAGES = tempfile.mkdtemp(prefix="campaign-typst-packages-")
        atexit.register(shutil.rmtree, _EMPTY_PACKAGES, True)
    return _EMPTY_PACKAGES


def _typst_error(error: Exception) -> HandoutError:
    message = str(getattr(error, "message", "") or error).strip()
    hints = getattr(error, "hints", None) or []
    if hints:
        message += " (hint: " + "; ".join(str(hint) for hint in hints) + ")"
    return HandoutError(f"typst: {message}")


def _compile_here(root: _TypstRoot, source: str) -> bytes | HandoutError:
    """Compile trusted Typst (the shared templates, data escaped) in this process."""
    try:
        import typst
    except ImportError:  # pragma: no cover - typst is a dependency; a broken install
        return HandoutError("PDF needs the typst package (pip install typst)")

    global _COMPILER
    with _COMPILER_LOCK:
        if _COMPILER is None:
            packages = _empty_packages()
            _COMPILER = typst.Compiler(
                root=str(root.root),
                font_paths=[],
                ignore_system_fonts=True,
                package_path=packages,
                package_cache_path=packages,
            )
        try:
            pdf = _COMPILER.compile(input=source.encode("utf-8"), root=str(root.root))
        except typst.TypstError as error:
            return _typst_error(error)
    if not isinstance(pdf, bytes):
        return HandoutError("typst: no PDF was produced")
    return pdf


_PACKAGE_IMPORT = re.compile(r"[\"']@[A-Za-z0-9_-]+/")

_WORKER = r"""
import base64, json, os, resource, sys
memory, seconds = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
import typst
request = json.load(sys.stdin)
compiler = typst.Compiler(root=request["root"], font_paths=[], ignore_system_fonts=True,
                          package_path=request["packages"],
                          package_cache_path=request["packages"])
results = []
for source in request["sources"]:
    try:
        pdf = compiler.compile(input=source.encode("utf-8"))
        results.append({"pdf": base64.b64encode(pdf).decode("ascii")})
    except Exception as error:
        results.append({"error": str(getattr(error, "message", "") or error),
                        "hints": [str(h) for h in (getattr(error, "hints", None) or [])]})
json.dump({"results": results}, sys.stdout)
"""

_DEAD_PROXY = "http://127.0.0.1:9"


def _compile_sandboxed(root: _TypstRoot, sources: Sequence[str]) -> list[bytes | HandoutError]:
    """Compile a module's own Typst in a child process: time, memory and network cut off."""
    results: list[bytes | HandoutError | None] = [None] * len(sources)
    todo: list[int] = []
    for index, source in enumerate(sources):
        if _PACKAGE_IMPORT.search(source):
            results[index] = HandoutError("refused: Typst packages cannot be imported")
        else:
            todo.append(index)
    if todo:
        seconds = TYPST_SECONDS + len(todo)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root.folder),
            "LANG": "C.UTF-8",
            **{
                name: _DEAD_PROXY
                for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy",
                             "https_proxy", "all_proxy")
            },
            "NO_PROXY": "",
            "no_proxy": "",
        }  # fmt: skip
        request = {
            "root": str(root.root),
            "packages": str(root.packages),
            "sources": [sources[index] for index in todo],
        }
        try:
            process = subprocess.run(
                [sys.executable, "-I", "-c", _WORKER, str(TYPST_MEMORY), str(int(seconds))],
                input=json.dumps(request).encode("utf-8"),
                capture_output=True,
                timeout=seconds,
                cwd=root.root,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            failure = HandoutError(
                f"refused: compiling the module's Typst took longer than {seconds:g} s"
            )
            return [failure if result is None else result for result in results]
        if process.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            failure = HandoutError(
                f"refused: compiling the module's Typst took longer than {seconds:g} s"
            )
            return [failure if result is None else result for result in results]
        if process.returncode != 0:
            reason = process.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            failure = HandoutError(
                "refused: the Typst compiler stopped (memory limit?)"
                + (f": {reason[0]}" if reason else "")
            )
            return [failure if result is None else result for result in results]
        answers = json.loads(process.stdout)["results"]
        for index, answer in zip(todo, answers, strict=True):
            if "pdf" in answer:
                results[index] = base64.b64decode(answer["pdf"])
            else:
                hints = answer.get("hints") or []
                hint = " (hint: " + "; ".join(hints) + ")" if hints else ""
                results[index] = HandoutError(f"typst: {answer['error']}{hint}")
    return [
        result if result is not None else HandoutError("typst: no result") for result in results
    ]


def compile_typst(
    module: Module, sources: Sequence[str], *, untrusted: bool
) -> list[bytes | HandoutError]:
    """Typst sources to PDF bytes, root in a temp folder with only the module's assets."""
    with _typst_root(module) as root:
        if untrusted:
            return _compile_sandboxed(root, sources)
        return [_compile_here(root, source) for source in sources]


# --- checking a module's templates ---------------------------------------------------


def _first_line(source: str, name: str) -> int:
    match = re.search(rf"\b{re.escape(name)}\b", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def check_module_templates(module: Module) -> list[Problem]:
    """Parse a module's own templates and check the names they use; one Problem each.

    Checks: the templates folder stays inside the module; every template
    parses; every variable a template reads is one `handout_context` gives
    (did-you-mean otherwise; not checked in `_partials`, which may use what
    their includer sets); every include/extends/import names a template
    that exists for the same format; every handout's template exists in at
    least one format. For `campaign validate` (the loader calls it).
    """
    problems: list[Problem] = []
    try:
        folder = module_templates_dir(module)
    except HandoutError as error:
        return [Problem(module.root / "templates", 1, 1, "", error.message)]
    if folder is not None:
        for path in sorted(folder.rglob("*.j2")):
            problems.extend(_check_template_file(module, folder, path))
    for key, handout in module.handouts.items():
        if not template_formats(module, handout.template_name):
            source = module.sources.get(("handout", key))
            where = module.root / source.path if source is not None else module.root
            field = "template" if handout.template else "type"
            line = _field_line(where, source.line, field) if source is not None else 1
            hint = did_you_mean(handout.template_name, _template_names(module, "html"))
            problems.append(
                Problem(where, line, 1, field, f"no template '{handout.template_name}'{hint}")
            )
    return problems


def _field_line(path: Path, first: int, field: str) -> int:
    """The line of `field:` in the YAML document starting at line `first` (else `first`)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return first
    for number in range(first, len(lines) + 1):
        text = lines[number - 1]
        if number > first and text.startswith("---"):
            break
        if re.match(rf"\s*{field}\s*:", text):
            return number
    return first


def _check_template_file(module: Module, folder: Path, path: Path) -> list[Problem]:
    relative = path.relative_to(folder).as_posix()
    fmt = next((key for key, suffix in FORMAT_SUFFIX.items() if relative.endswith(suffix)), None)
    if fmt is None:
        return [Problem(path, 1, 1, "", "unknown template kind: use .html.j2, .md.j2 or .typ.j2")]
    env = environment_for(module, fmt)
    try:
        source, _filename, _uptodate = env.template_loader.get_source(env, relative)
    except TemplateRefused as error:
        return [Problem(path, 1, 1, "", str(error.message))]
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(path, 1, 1, "", f"cannot read: {error}")]
    try:
        tree = env.parse(source, relative, str(path))
    except jinja2.TemplateSyntaxError as error:
        return [Problem(path, error.lineno, 1, "", f"syntax error: {error.message}")]
    problems: list[Problem] = []
    # A partial (_name) may use what the template including it has set.
    partial = path.name.startswith("_")
    for name in sorted(find_undeclared_variables(tree)):
        if not partial and name not in CONTEXT_KEYS and name not in env.globals:
            hint = did_you_mean(name, CONTEXT_KEYS)
            problems.append(
                Problem(path, _first_line(source, name), 1, "", f"unknown variable '{name}'{hint}")
            )
    for referenced in find_referenced_templates(tree):
        if referenced is None:
            continue
        try:
            env.template_loader.get_source(env, referenced)
        except jinja2.TemplateNotFound:
            problems.append(
                Problem(
                    path,
                    _first_line(source, referenced),
                    1,
                    "",
                    f"no template '{referenced}' to include",
                )
            )
        except TemplateRefused as error:
            problems.append(
                Problem(path, _first_line(source, referenced), 1, "", str(error.message))
            )
    return problems
