"""Documents to models: what kind each document is, validating it (pydantic), and saying why not.

A document's kind comes from its `kind:` field, or else from the folder it is
in (`npcs/` holds NPCs). Each validation error becomes one located problem in
the GM's words: the field path as written in the file, a did-you-mean for
unknown fields, and for dice the exact character the expression goes wrong at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from campaign.errors import did_you_mean
from campaign.loader.discovery import MODULE_FILE
from campaign.loader.error_paths import CleanLoc, clean_loc, member_fits, value_at
from campaign.loader.reading import Document
from campaign.loader.report import Loc, Reporter
from campaign.model import DOCUMENT_MODELS, FOLDER_KINDS
from campaign.model.base import Model
from campaign.model.fields import model_fields


def describe(value: Any) -> str:
    """A value as a problem names it: 'the number 3', 'a list', a quoted short string."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# --- kinds --------------------------------------------------------------------


def classify(reporter: Reporter, document: Document) -> bool:
    """Set the document's kind; False (with a problem) if it is not a known kind of document."""
    data = document.data
    if not isinstance(data, dict):
        reporter.at(document, (), f"a document must be a mapping of fields, got {describe(data)}")
        return False
    kind = data.get("kind")
    if kind is None:
        kind = _folder_kind(document.file.relative)
        if kind is None:
            reporter.at(
                document,
                (),
                "missing 'kind': say what this document is "
                f"({', '.join(DOCUMENT_MODELS)}), or put it in a folder named after its kind",
            )
            return False
    if kind not in DOCUMENT_MODELS:
        reporter.at(
            document,
            ("kind",),
            f"unknown kind '{kind}'{did_you_mean(str(kind), DOCUMENT_MODELS)}; "
            f"expected one of: {', '.join(DOCUMENT_MODELS)}",
        )
        return False
    document.kind = kind
    return True


def _folder_kind(relative: Path) -> str | None:
    if relative.parent == Path(".") and relative.name == MODULE_FILE:
        return "module"
    for folder in reversed(relative.parent.parts):
        if folder in FOLDER_KINDS:
            return FOLDER_KINDS[folder]
    return None


# --- validation ---------------------------------------------------------------


def validate(reporter: Reporter, document: Document) -> None:
    """Set the document's model, or report every validation error and remember its id as invalid."""
    model = DOCUMENT_MODELS[document.kind]
    try:
        document.model = model.model_validate(document.data)
    except ValidationError as error:
        _report(reporter, document, model, error)
        reporter.invalid_ids |= nested_ids(document.data)
        if document.kind == "act":
            reporter.note_invalid_act(document.data.get("scenes"))


MAX_WALKED = 100_000
"""Values looked at for ids in one invalid document (aliases can make a walk long)."""


def nested_ids(data: object) -> set[str]:
    """Every `id` in a document that failed validation, its own and those of what it
    holds (an act's outcomes and their options, a scene's clues): none of them is in
    the module, and references to them only repeat that the document has problems."""
    found: set[str] = set()
    seen: set[int] = set()
    stack = [data]
    while stack and len(seen) < MAX_WALKED:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                found.add(value["id"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def _report(
    reporter: Reporter, document: Document, model: type[Model], error: ValidationError
) -> None:
    items = [
        (item, clean_loc(model, tuple(item["loc"]))) for item in error.errors(include_url=False)
    ]
    keep_member = _members_to_keep(document.data, items)
    reported: set[tuple[Loc, str]] = set()
    failing_locs = {where.loc for item, where in items if item["type"] != "too_short"}
    for item, where in items:
        if where.member is not None and keep_member[where.loc[: where.union_at]] != where.member:
            continue
        if item["type"] == "too_short" and any(
            other[: len(where.loc)] == where.loc and other != where.loc for other in failing_locs
        ):
            continue  # the list's items failed; their own errors say why
        if item["type"] == "dice_expression":
            context = item.get("ctx") or {}
            message = str(context.get("message", item["msg"]))
            reporter.at_column(document, where.loc, message, int(context.get("column", 0)))
            continue
        message, key = _message(item, where)
        if (where.loc, message) in reported:
            continue
        reported.add((where.loc, message))
        reporter.at(document, where.loc, message, key=key)


def _members_to_keep(data: Any, items: list[tuple[ErrorDetails, CleanLoc]]) -> dict[Loc, str]:
    """For each union in the errors, the member whose errors are worth reporting.

    A value that fits no member of a union fails once per member; keep the
    errors of the member meant for the value's shape (a mapping for a model, a
    string for text), or of the first member if none is.
    """
    keep_member: dict[Loc, str] = {}
    for _, where in items:
        if where.member is None:
            continue
        union_loc = where.loc[: where.union_at]
        value = value_at(data, union_loc)
        if union_loc not in keep_member or (
            not member_fits(keep_member[union_loc], value) and member_fits(where.member, value)
        ):
            keep_member[union_loc] = where.member
    return keep_member


def error_words(item: ErrorDetails) -> str:
    """Pydantic's message for an error in an author's words: as it read when the models
    were pydantic models (their plain dataclasses get other wording for an unknown field
    or a value that is not a mapping), and 'list' where pydantic says 'tuple'."""
    kind = item["type"]
    if kind == "unexpected_keyword_argument":
        return "Extra inputs are not permitted"
    if kind == "dataclass_type":
        name = (item.get("ctx") or {}).get("class_name", "")
        return f"Input should be a valid dictionary or instance of {name}"
    if kind == "tuple_type":  # a module's lists are tuples in the model; authors write lists
        return "Input should be a list"
    if kind in ("too_long", "too_short"):
        return item["msg"].replace("Tuple should", "A list should").replace(" after validation", "")
    return item["msg"]


def _message(item: ErrorDetails, where: CleanLoc) -> tuple[str, bool]:
    """The problem's message for one validation error, and whether it points at the key."""
    kind = item["type"]
    if kind == "missing":
        return "required field is missing", False
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        name = str(where.loc[-1])
        fields = model_fields(where.owner) if where.owner else {}
        known = [info.written for info in fields.values()]
        hint = did_you_mean(name, known)
        message = f"unknown field '{name}'" + (
            hint if hint else f"; expected one of: {', '.join(known)}"
        )
        if " " in name:
            message += " (a comma inside {...} splits the text: put it in quotes)"
        return message, True
    if kind in ("value_error", "assertion_error"):
        message = item["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return message, False
    said = error_words(item)
    return f"{said[0].lower()}{said[1:]}, got {describe(item['input'])}", False
