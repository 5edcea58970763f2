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
  iteration guard at compile time); 5 s of rendering (a deadline checked at
  every step and after every filter, operator, call and join); 5,000,000
  characters of output. A module's own templates render in a long-lived child
  (`render_process`, `render_worker`) that may grow by at most 512 MB a
  render, whose alarm stops one long call at the deadline and which the
  parent kills when it does not answer. The numbers live in `limits` (and the
  Typst ones in `typst_sandbox`), read from there at render time (and sent to
  the child with each request): patch them on those modules.
* The loader refuses names with `..`, absolute paths, hidden files and any
  file or symlink that resolves outside its templates folder; each output
  format only loads its own templates (`.html.j2`, `.md.j2`, `.typ.j2`).
* Escaping by output format: HTML autoescape (any `.html.j2`/`.html` name);
  Typst escaping of every `{{ value }}` (a finalize hook) so data prints
  literally, with `|typst_str` for values inside Typst code; Markdown output
  escapes every `<`. Every HTML output is the toolkit's page shell
  (`page_shell`), whose first element in `<head>` is a Content Security Policy
  that forbids scripts, remote images, fonts and style sheets; templates
  only fill its blocks (`shell_blocks`), and blocks a module's own template
  took part in are cleaned by the `nh3` sanitizer. A link target is kept only
  if `urls.safe_url` allows it (http, https, mailto, relative), in every format.
* No Typst runs in this process: every PDF compiles in one long-lived child
  (`typst_sandbox`, `typst_worker`) with a time limit, an address-space cap,
  no sockets and every proxy pointed nowhere, its root a temporary folder
  holding only a copy of the module's `assets/`, the built-in fonts only and
  an empty package folder (Typst has no loop limit and downloads `@preview`
  packages on demand). A module's own `.typ.j2` templates are refused where
  the limits cannot be enforced. Every source the child compiles starts with
  the toolkit's `show link` rule (`typst_wrapper`), which a template cannot
  revoke: a link whose target `safe_url` refuses keeps its text and loses its
  target, so no PDF carries one, whatever a module's Typst writes.
* `campaign validate` and `lint` render a module's own templates against its
  handouts (players' and GM copy, every format it brings) and compile the
  Typst in the child; a Typst error is placed at the template line that wrote
  it (`typst_locate`) or the asset file it came from.

Where things live
-----------------
`formats` (formats, audiences), `errors`, `context` (the data each audience
sees), `markup` (Markdown to HTML/Typst, escaping), `markdown_budget` (how much
of one text is read as Markdown), `limits` and `guards`
(the sandbox's limits and the hooks that enforce them), `template_loader`
(which files a template may read), `environment` (the sandbox itself),
`template_errors` (a failure as one located line), `template_render` (one
template with the limits on, here or in the child of `render_process` and
`render_worker`), `shell_blocks` and `page_shell` (the HTML page around the
blocks), `urls` (which link targets are kept), `rendering` (templates to
HTML, Markdown and PDF), `typst_root`, `typst_compile`, `typst_wrapper`
(the link rule before every source, error positions past it),
`typst_sandbox` and `typst_worker` (Typst to PDF in the limited child),
`template_check`, `template_trial` and `typst_locate` (for `campaign
validate` and `lint`), `text_source` (the YAML field a refused text came
from: a limit a shared template hits on a module's text is placed there),
`typeset_errors` (a PDF past the Typst limits: a module template's Typst, or
the handout's text, named at its field), `remote_check` (remote images and
CSS a page would fetch, for validate) and `recap` (a session's journal as a
recap). This package re-exports the public API below.
"""

from __future__ import annotations

from campaign.handouts.context import (
    CONTEXT_KEYS,
    HANDOUT_PLAYER_FIELDS,
    NPC_PLAYER_FIELDS,
    PC_HIDDEN_FIELDS,
    file_number,
    handout_context,
)
from campaign.handouts.environment import (
    SAFE_FILTERS,
    HandoutEnvironment,
    environment_for,
    template_formats,
)
from campaign.handouts.errors import HandoutError, TemplateLimitError, TemplateRefused
from campaign.handouts.formats import (
    FILE_EXTENSION,
    FORMAT_NAMES,
    FORMAT_SUFFIX,
    FORMATS,
    Audience,
    Format,
    Paper,
)
from campaign.handouts.markup import (
    TypstMarkup,
    label,
    markdown_cell,
    markdown_text,
    markdown_to_html,
    markdown_to_typst,
    typst_escape,
    typst_string,
)
from campaign.handouts.rendering import (
    CONTENT_SECURITY_POLICY,
    Rendered,
    add_content_security_policy,
    handouts_for,
    render_handout,
    render_many,
    render_recap,
    render_source,
    render_template,
)
from campaign.handouts.template_check import check_module_templates
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.typst_compile import compile_typst, uses_module_typst

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "CONTEXT_KEYS",
    "FILE_EXTENSION",
    "FORMATS",
    "FORMAT_NAMES",
    "FORMAT_SUFFIX",
    "HANDOUT_PLAYER_FIELDS",
    "NPC_PLAYER_FIELDS",
    "PC_HIDDEN_FIELDS",
    "SAFE_FILTERS",
    "Audience",
    "Format",
    "HandoutEnvironment",
    "HandoutError",
    "Paper",
    "Rendered",
    "TemplateLimitError",
    "TemplateRefused",
    "TypstMarkup",
    "add_content_security_policy",
    "check_module_templates",
    "compile_typst",
    "environment_for",
    "file_number",
    "handout_context",
    "handouts_for",
    "label",
    "markdown_cell",
    "markdown_text",
    "markdown_to_html",
    "markdown_to_typst",
    "module_templates_dir",
    "render_handout",
    "render_many",
    "render_recap",
    "render_source",
    "render_template",
    "template_formats",
    "typst_escape",
    "typst_string",
    "uses_module_typst",
]
