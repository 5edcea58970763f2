"""`campaign validate` for a module's own templates: one located Problem for each fault.

Checks that the templates folder stays inside the module, every template
parses, every variable a template reads is one `handout_context` gives,
every include/extends/import names a template of the same format, and every
handout's template exists in at least one format; then renders the module's
handouts with its templates in the sandbox (`campaign.handouts.template_trial`),
so what the sandbox refuses at run time is found too.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.meta import find_referenced_templates, find_undeclared_variables

from campaign.errors import Problem, did_you_mean
from campaign.handouts.context import CONTEXT_KEYS
from campaign.handouts.environment import (
    environment_for,
    template_formats,
    template_names,
    template_refusals,
)
from campaign.handouts.errors import HandoutError, TemplateRefused
from campaign.handouts.formats import FORMAT_SUFFIX
from campaign.handouts.remote_check import check_remote_resources
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.template_trial import render_module_templates
from campaign.model import Module


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
    least one format; every handout renders with the module's templates in
    every format they cover, for the players and the GM, without a refusal
    (`render_module_templates`). For `campaign validate` and `campaign lint`.
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
            problems.append(Problem(where, line, 1, field, _missing(module, handout.template_name)))
    problems.extend(check_remote_resources(module))
    if folder is not None:
        problems.extend(render_module_templates(module, reported=list(problems)))
    return problems


def _missing(module: Module, name: str) -> str:
    """Why a handout's template name has no template to render: refused, or not there."""
    refusals = template_refusals(module, name)
    if refusals:
        return f"template '{name}' is refused: " + "; ".join(refusals)
    others = [other for other in template_names(module, "html") if other != name]
    return f"no template '{name}'{did_you_mean(name, others)}"


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


def _top_level_names(tree: nodes.Template) -> set[str]:
    """The names the template's own top-level statements assign (imports, sets, macros)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.FromImport):
            names.update(name if isinstance(name, str) else name[1] for name in node.names)
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
        elif isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            target = node.target
            found = [target] if isinstance(target, nodes.Name) else target.find_all(nodes.Name)
            names.update(name.name for name in found)
    return names


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
    # Names a template sets at its top level ({% import ... as m %}) are seen by its
    # blocks through the context, though Jinja's analysis counts them as undeclared there.
    declared = _top_level_names(tree)
    for name in sorted(find_undeclared_variables(tree) - declared):
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
