"""The module format reference, generated from the models (`campaign schema --markdown`).

docs/module-reference.md is this output; a test fails when the committed file
is stale, so the reference can never drift from what the loader accepts.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from campaign.model import DOCUMENT_MODELS
from campaign.model.base import Model
from campaign.model.common import TypeName
from campaign.model.fields import FieldDoc, is_model, model_fields
from campaign.model.module import FOLDER_KINDS


def _type_name(annotation: Any) -> str:
    """A reader's name for a field's type: 'list of Attack', 'dice expression or number'."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        for item in metadata:
            if isinstance(item, TypeName):
                return item.name
        return _type_name(base)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return " or ".join(_type_name(option) for option in options)
    if origin in (tuple, list):
        (item, *_rest) = typing.get_args(annotation)
        return f"list of {_type_name(item)}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"mapping of {_type_name(key)} to {_type_name(value)}"
    if origin is Literal:
        return " \\| ".join(f"`{value}`" for value in typing.get_args(annotation))
    if is_model(annotation):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if annotation is str:
        return "text"
    if annotation is int:
        return "number"
    if annotation is bool:
        return "true/false"
    if annotation is Any:
        return "any data"
    return getattr(annotation, "__name__", str(annotation))


def _default(info: FieldDoc) -> str:
    if info.required:
        return "**required**"
    if info.factory:
        return "empty"
    value = info.default
    if value is None:
        return "none"
    if isinstance(value, Model):
        return "see below"
    if isinstance(value, tuple) and value and all(isinstance(v, Model) for v in value):
        return "see description"
    if value in ((), ""):
        return "empty"
    return f"`{value}`"


def _nested_models(annotation: Any) -> list[type[Model]]:
    found: list[type[Model]] = []
    if is_model(annotation):
        found.append(annotation)
    for argument in typing.get_args(annotation):
        found.extend(_nested_models(argument))
    return found


def _section(model: type[Model], level: str) -> list[str]:
    doc = (model.__doc__ or "").strip().splitlines()[0]
    lines = [f"{level} {model.__name__}", "", doc, ""]
    lines += ["| field | type | default | description |", "|---|---|---|---|"]
    for info in model_fields(model).values():
        description = " ".join(info.description.split()).replace("|", "\\|")
        type_name = _type_name(info.annotation)
        # info.written: `not`, not the attribute's `not_`
        lines.append(f"| `{info.written}` | {type_name} | {_default(info)} | {description} |")
    lines.append("")
    return lines


@dataclass(frozen=True, slots=True)
class SharedTemplate:
    """What one shared template (`templates/NAME.{html,md,typ}.j2`) reads from a handout.

    The templates follow this table (tests/handouts/test_template_contract.py reads each
    template's `data` keys and renders it with a title and a body only), the handout
    context takes each template's defaults from it, and the reference prints it.
    """

    name: str
    """Template name: a handout's `template`, or its `type` when it names none."""
    what: str
    """What the page looks like."""
    title: str
    """Where the handout's `title` is printed (always somewhere)."""
    data: tuple[tuple[str, str], ...]
    """The `data` keys it prints in places of its own, each with where."""
    uses: str = ""
    """What it prints of `npc`, `pc`, `clue` or the ruleset."""
    reference_key: str = ""
    """The data key printed as the page's reference; with `reference_numbers` on, a
    made-up registry number stands in when the handout gives none."""
    classification: str = ""
    """The banner and stamp printed, with `classified` on, when the data gives none."""
    letterhead: bool = False
    """Whether it prints a letterhead (`data.organisation`, else the module's setting)."""


SHARED_TEMPLATES: tuple[SharedTemplate, ...] = (
    SharedTemplate(
        "book",
        "the module's chapters as the GM's book (`campaign handout MODULE --chapters`); "
        "in PDF each chapter starts a page",
        "the heading",
        (),
    ),
    SharedTemplate(
        "clue",
        "a document the agents obtain, its lists of records as tables",
        "the heading",
        (
            ("classification", "banners and stamp"),
            ("organisation", "letterhead"),
            ("stamp", "the stamp's word (else the classification's first part)"),
            ("reference", "Reference row and footer"),
            ("from", "row"),
            ("to", "row"),
            ("date", "row, and beside the letterhead"),
            ("source", "row"),
        ),
        "GM copy: the clue it presents (`clue`) and the clues it carries",
        "reference",
        "Confidential",
        True,
    ),
    SharedTemplate(
        "custom",
        "a plain typed document",
        "the heading",
        (
            ("classification", "banners"),
            ("reference", "footer"),
            ("events", "not printed (a recap's journal)"),
        ),
        "GM copy: the NPC's, PC's and clue's GM notes",
        "reference",
    ),
    SharedTemplate(
        "dossier",
        "an NPC's personal file with a photograph box",
        "under the NPC's name (the heading when it presents no NPC)",
        (
            ("classification", "banners and stamp"),
            ("organisation", "letterhead"),
            ("stamp", "the stamp's word (else the classification's first part)"),
            ("file", "File row and footer"),
            ("originator", "row, and beside the letterhead"),
            ("date", "row"),
            ("grading", "row"),
            ("status", "row"),
            ("photograph", "in the photograph box"),
        ),
        "`npc`: name, role, description, apparent allegiance; GM copy: allegiance, secret,"
        " tactics, stats",
        "file",
        "Secret",
        True,
    ),
    SharedTemplate(
        "note",
        "a found note or card with its evidence tag",
        "the heading",
        (
            ("classification", "banners"),
            ("exhibit", "the evidence tag and footer"),
            ("as_written", "the words on the card (the body then follows it)"),
        ),
        "",
        "exhibit",
    ),
    SharedTemplate(
        "orders",
        "a typed memorandum",
        "the heading",
        (
            ("classification", "banners and stamp"),
            ("organisation", "letterhead"),
            ("stamp", "the stamp's word (else the classification's first part)"),
            ("reference", "Reference row and footer"),
            ("from", "row, and the signature"),
            ("to", "row"),
            ("date", "row"),
            ("copy", "row, and beside the letterhead"),
            ("subject", "Subject row"),
        ),
        "",
        "reference",
        "Secret",
        True,
    ),
    SharedTemplate(
        "pregen",
        "a player's character sheet",
        "the line above the PC's name (the heading when it presents no PC)",
        (
            ("classification", "banners"),
            ("organisation", "letterhead"),
            ("codename", "stamp and footer"),
            ("cover", "row"),
            ("strengths", "row"),
        ),
        "`pc`: the whole sheet but its secret; GM copy: the secret",
        "codename",
        "Secret: agent's copy",
        True,
    ),
    SharedTemplate(
        "programme",
        "a concert, theatre or gala leaflet",
        "the heading; in HTML and PDF a line above the venue when `orchestra` or `company`"
        " is the heading",
        (
            ("venue", "above the heading (else the module's title)"),
            ("orchestra", "the heading (in Markdown, a line under the title)"),
            ("company", "the same, when no orchestra"),
            ("conductor", "under the heading"),
            ("date", "under the ornament"),
            ("time", "beside the date"),
            ("programme", "the running order: a list of {part, composer, work}"),
            ("languages", "colophon"),
            ("price", "colophon"),
        ),
    ),
    SharedTemplate(
        "rules",
        "a rules summary",
        "the heading",
        (
            ("organisation", "letterhead (else the module's setting, else its title)"),
            ("system", "not printed (the ruleset names itself)"),
            ("dice", "not printed (the ruleset's checks say it)"),
        ),
        "the body; with none, a summary made from the ruleset",
        letterhead=True,
    ),
)
"""Every shared template's contract, in name order."""


def _shared_templates_section() -> list[str]:
    lines = [
        "---",
        "",
        "## Shared templates",
        "",
        "What each template in `templates/` prints of a handout, in HTML, Markdown and PDF"
        " alike. Every one prints the `title` and the `body` (Markdown); every `data` key"
        " not named here is printed too, text as labelled rows, lists as lists, lists of"
        " records as tables. Decorations no handout wrote come from `handouts:` in"
        " module.yaml ([HandoutSettings](#handoutsettings)): `letterhead`/`letterheads`,"
        " `classified` (the default classification below) and `reference_numbers` (a"
        " made-up number where the reference key is missing); all are off by default.",
        "",
        "| template | what | title | data keys it places | also prints | reference"
        " | default classification |",
        "|---|---|---|---|---|---|---|",
    ]
    for template in SHARED_TEMPLATES:
        keys = "; ".join(f"`{key}`: {where}" for key, where in template.data)
        reference = f"`{template.reference_key}`" if template.reference_key else "none"
        lines.append(
            f"| `{template.name}` | {template.what} | {template.title} | {keys} |"
            f" {template.uses or 'nothing more'} | {reference}"
            f" | {template.classification or 'none'} |"
        )
    lines.append("")
    return lines


def reference_markdown() -> str:
    """The whole reference as Markdown."""
    folders: dict[str, list[str]] = {}
    for folder, kind in FOLDER_KINDS.items():
        folders.setdefault(kind, []).append(f"`{folder}/`")
    lines = [
        "# Module format reference",
        "",
        "<!-- Generated by `campaign schema --markdown` from the models in campaign/model/."
        " Do not edit by hand. -->",
        "",
        "A module is a folder of YAML files. Each document is one of the kinds below; it says",
        "which with `kind:`, or takes it from its folder. Unknown fields are errors. Text",
        "fields may use Markdown emphasis and lists. Dice expressions are described on the",
        "[Dice](dice.md) page; a dice template holds `{placeholders}` (attribute and skill",
        "ids, `{attribute}`, `{skill}`) that are filled with numbers at the table.",
        "",
        "| kind | model | folders that imply it |",
        "|---|---|---|",
    ]
    for kind, model in DOCUMENT_MODELS.items():
        implied = ", ".join(folders.get(kind, [])) or "module.yaml at the top of the module"
        lines.append(f"| `{kind}` | [{model.__name__}](#{model.__name__.lower()}) | {implied} |")
    lines.append("")
    seen: set[type[Model]] = set()
    for model in DOCUMENT_MODELS.values():
        lines += ["---", "", *_section(model, "##")]
        seen.add(model)
        queue = [
            nested
            for info in model_fields(model).values()
            for nested in _nested_models(info.annotation)
        ]
        while queue:
            nested = queue.pop(0)
            if nested in seen:
                continue
            seen.add(nested)
            lines += _section(nested, "###")
            queue += [
                deeper
                for info in model_fields(nested).values()
                for deeper in _nested_models(info.annotation)
            ]
    lines += _shared_templates_section()
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["SHARED_TEMPLATES", "SharedTemplate", "reference_markdown"]
