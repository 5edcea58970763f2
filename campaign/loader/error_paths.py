"""Following a pydantic error's loc through the model types, to the field the GM wrote.

Pydantic puts the name of a union's member in the loc (`traits.1.Ability.name`);
the file has no such key. Walking the model's annotations alongside the loc
takes those tags out, remembers which member an error came from (to keep only
the member meant for the value's shape) and which model owns the last field
(to suggest a field name for an unknown one).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from campaign.loader.report import Loc
from campaign.model.base import Model
from campaign.model.fields import is_model, model_fields


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin is typing.Union or origin is types.UnionType


@dataclass(frozen=True, slots=True)
class CleanLoc:
    """An error's loc with pydantic's union-member tags taken out."""

    loc: Loc
    owner: type[Model] | None
    """The model owning the last field (for did-you-mean on unknown fields)."""
    member: str | None = None
    """The union member the error came from, if loc went through a union."""
    union_at: int = 0
    """How many parts of loc lead to the value the union applies to."""


def _field_annotation(annotation: Any, part: str | int) -> Any:
    """The annotation of `part` inside a value annotated `annotation` (Any if unknown)."""
    origin = typing.get_origin(annotation)
    if is_model(annotation):
        fields = model_fields(annotation)
        found = fields.get(str(part)) or next(
            (info for info in fields.values() if info.alias == str(part)), None
        )
        return found.annotation if found else Any
    if origin in (tuple, list) and isinstance(part, int):
        args = typing.get_args(annotation)
        return args[0] if args else Any
    if origin is dict:
        args = typing.get_args(annotation)
        return args[1] if len(args) == 2 else Any
    return Any


def clean_loc(model: type[Model], loc: Loc) -> CleanLoc:
    """`loc` as a path into the document, with the union member and owning model it went by."""
    clean: list[str | int] = []
    annotation: Any = model
    owner: type[Model] | None = model
    member: str | None = None
    union_at = 0
    parts = list(loc)
    while parts:
        annotation = _unwrap(annotation)
        if _is_union(annotation):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) == 1:
                annotation = options[0]
                continue
            tag = str(parts.pop(0))
            member, union_at = tag, len(clean)
            annotation = next(
                (option for option in options if getattr(_unwrap(option), "__name__", None) == tag),
                Any,
            )
            continue
        part = parts.pop(0)
        clean.append(part)
        if is_model(annotation):
            owner = annotation
        annotation = _field_annotation(annotation, part)
    return CleanLoc(tuple(clean), owner, member, union_at)


def member_fits(member: str, value: Any) -> bool:
    """Whether a union member is the one meant for a value of this shape."""
    if member[:1].isupper():
        return isinstance(value, dict)
    if member == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if member in ("str", "constrained-str") or member.startswith("function-"):
        return isinstance(value, str)  # 'constrained-str': an id (a pattern, a length)
    return True


def value_at(data: Any, loc: Loc) -> Any:
    """The value at loc in plain loaded data, or None if the path does not lead anywhere."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
