"""The base of every model: a frozen, slotted dataclass that pydantic validates.

The classes never import pydantic; `adapter` builds a model's validator on
first use (a module load, `campaign validate`, the JSON Schema), so the GM
screen, which opens a cached module, runs without it (issue 20).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self, TypeVar, dataclass_transform

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

_M = TypeVar("_M", bound=type)


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,)
)
def model_class(cls: _M) -> _M:
    """Declare a model: its annotated attributes are its fields, keyword-only, frozen."""
    made: Any = dataclass(kw_only=True, slots=True, init=False, repr=False, eq=False)(cls)
    return made  # type: ignore[no-any-return]


_NAMES: dict[type, tuple[str, ...]] = {}
_DEFAULTS: dict[type, tuple[tuple[str, Any, Callable[[], Any] | Any], ...]] = {}


def _names(model: type) -> tuple[str, ...]:
    """A model's field names, in order (its pickled state is their values)."""
    if model not in _NAMES:
        _NAMES[model] = tuple(item.name for item in dataclasses.fields(model))
    return _NAMES[model]


def _defaults(model: type) -> tuple[tuple[str, Any, Callable[[], Any] | Any], ...]:
    """(name, default, default factory) of each field; MISSING where there is none."""
    if model not in _DEFAULTS:
        _DEFAULTS[model] = tuple(
            (item.name, item.default, item.default_factory) for item in dataclasses.fields(model)
        )
    return _DEFAULTS[model]


def attribute_docstrings(model: type) -> dict[str, str]:
    """Attribute docstrings: a string statement right after an annotated attribute."""
    found: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if not dataclasses.is_dataclass(klass):
            continue
        try:
            tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for statement, following in itertools.pairwise(body):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


def _subclasses(model: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in model.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


@functools.cache
def describe_inherited_fields() -> None:
    """Give each field its docstring as pydantic's `description`, once, before pydantic
    reads a model. (Pydantic's own `use_attribute_docstrings` reads a stdlib dataclass's
    own class only, so an NPC's `name`, declared on StatBlock, would have none.)"""
    for model in _subclasses(Model):
        if not dataclasses.is_dataclass(model):
            continue
        docs = attribute_docstrings(model)
        for item in dataclasses.fields(model):
            if item.name in docs and "description" not in item.metadata:
                item.metadata = MappingProxyType({**item.metadata, "description": docs[item.name]})


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def adapter(model: type) -> TypeAdapter[Any]:
    """The pydantic validator of a model class, built on first use."""
    if model not in _ADAPTERS:
        from pydantic import TypeAdapter

        describe_inherited_fields()
        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


class Model:
    """Base of every module model: a frozen, slotted dataclass, strict about unknown fields.

    Each subclass is declared with `@model_class`. Pydantic validates them
    (`model_validate`) and writes their JSON Schema, but the classes do not import
    it: a cached module opens without pydantic, which is a fifth of the GM screen's
    memory at rest (issue 20). A class checks itself as a whole in `__post_init__`
    (raise ValueError), and may take a shorthand before its fields are read with a
    `_before(data)` classmethod.

    The methods a dataclass would write for each class (`__init__`, `__eq__`,
    `__hash__`, `__repr__`, the frozen `__setattr__`) are written once here, for
    every class: generated, they cost 13 KB of memory per class (0.8 MB for the
    model, issue 20). Pydantic makes instances without `__init__`.
    """

    __slots__ = ()

    def __init__(self, **values: Any) -> None:
        for name, default, factory in _defaults(type(self)):
            if name in values:
                value = values.pop(name)
            elif default is not dataclasses.MISSING:
                value = default
            elif factory is not dataclasses.MISSING:
                value = factory()
            else:
                raise TypeError(f"{type(self).__name__}() needs the keyword argument {name!r}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() has no field {next(iter(values))!r}")
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _names(type(self)))

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_names(type(self)), state, strict=True):
            object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash(self.__getstate__())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(type(self)))
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "str_strip_whitespace": False,
    }

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema: Any = handler(source)  # a dataclass schema (a TypedDict) for a model
        before = getattr(cls, "_before", None)
        if before is not None and schema["type"] == "dataclass":
            from pydantic_core import core_schema

            # Inside the dataclass schema, so a union still names the member by its class.
            schema["schema"] = core_schema.no_info_before_validator_function(
                before, schema["schema"]
            )
        result: CoreSchema = schema
        return result

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """Validate plain data (a mapping from YAML) into this model; raises ValidationError."""
        result: Self = adapter(cls).validate_python(data)
        return result

    def model_dump(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The model as plain data (`mode="json"`: lists and strings only)."""
        dumped: dict[str, Any] = adapter(type(self)).dump_python(
            self, mode=mode, exclude_defaults=exclude_defaults, exclude_none=exclude_none
        )
        return dumped

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A copy with some fields changed (checked again, as on construction)."""
        copy: Self = dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]
        return copy
