"""What the loader's messages and the format reference read of a model's fields.

The models are plain dataclasses (see `base.Model`); this gives each field
its resolved type, the name a file uses for it (`not` for `not_`), whether it
is required, its default and its description (the attribute's docstring, the
same `description` pydantic puts in the JSON Schema), without importing pydantic.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any

from campaign.model.base import Model, describe_inherited_fields


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """One field of a model, as a reader of the module format sees it."""

    name: str
    """The attribute's name (`not_`)."""
    alias: str | None
    """The name a module file uses when it differs (`not`)."""
    annotation: Any
    """The field's type, resolved, with its `Annotated` markers (TypeName...)."""
    description: str
    """The attribute's docstring."""
    required: bool
    default: Any
    """The default value (None when required or made by a factory)."""
    factory: bool
    """Whether the default is made fresh for each instance (an empty mapping)."""

    @property
    def written(self) -> str:
        """The name as written in a module file."""
        return self.alias or self.name


def is_model(annotation: Any) -> bool:
    """Whether a type is one of the module's models."""
    return isinstance(annotation, type) and issubclass(annotation, Model)


_FIELDS: dict[type, dict[str, FieldDoc]] = {}


def model_fields(model: type) -> dict[str, FieldDoc]:
    """The fields of a model class, in declaration order, by attribute name."""
    if model not in _FIELDS:
        _FIELDS[model] = _read_fields(model)
    return _FIELDS[model]


def _read_fields(model: type) -> dict[str, FieldDoc]:
    hints = typing.get_type_hints(model, include_extras=True)
    describe_inherited_fields()  # each field's docstring, once, as its `description`
    fields: dict[str, FieldDoc] = {}
    for item in dataclasses.fields(model):
        factory = item.default_factory is not dataclasses.MISSING
        has_default = item.default is not dataclasses.MISSING
        fields[item.name] = FieldDoc(
            name=item.name,
            alias=item.metadata.get("alias"),
            annotation=hints[item.name],
            description=item.metadata.get("description", ""),
            required=not (factory or has_default),
            default=item.default if has_default else None,
            factory=factory,
        )
    return fields


__all__ = ["FieldDoc", "is_model", "model_fields"]
