"""Building blocks shared by every model: the base config, ids, dice fields.

Models are frozen and forbid unknown fields, so a typo in a module file is an
error that names the field (with a did-you-mean from the loader), never a
silently ignored value. Every field has a description (taken from the
attribute docstring) because the JSON Schema and the authoring reference are
generated from them.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import itertools
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema


@dataclass(frozen=True, slots=True)
class TypeName:
    """How the generated reference names a constrained type ('id', 'dice expression').

    Types carry no description of their own: a field's docstring describes it.
    """

    name: str


@dataclass(frozen=True, slots=True)
class Rules:
    """Constraints on a type, as pydantic's `Field` takes them (`pattern`, `max_length`...).

    A marker, not a `Field`: the model is plain dataclasses, so opening a cached
    module never imports pydantic (issue 20); pydantic reads the marker when it
    builds a validator or the JSON Schema.
    """

    rules: tuple[tuple[str, Any], ...]
    """(keyword, value) pairs; lists are kept as tuples, since a type must hash."""

    @classmethod
    def of(cls, **rules: Any) -> Rules:
        return cls(tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in rules.items()))

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import Field

        rules: dict[str, Any] = {
            key: list(v) if isinstance(v, tuple) else v for key, v in self.rules
        }
        return handler.generate_schema(Annotated[source, Field(**rules)])


@dataclass(frozen=True, slots=True)
class Checked:
    """A function a field's value goes through when validated: after the type is checked
    (`before=False`), or before, to take a shorthand (`key: 3` for `key: '3'`)."""

    check: Any
    before: bool = False

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        if self.before:
            return core_schema.no_info_before_validator_function(self.check, handler(source))
        return core_schema.no_info_after_validator_function(self.check, handler(source))


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

    Each subclass is declared `@dataclass(frozen=True, slots=True, kw_only=True)`.
    Pydantic validates them (`model_validate`) and writes their JSON Schema, but the
    classes do not import it: a cached module opens without pydantic, which is a
    fifth of the GM screen's memory at rest (issue 20). A class checks itself as a
    whole in `__post_init__` (raise ValueError), and may take a shorthand before its
    fields are read with a `_before(data)` classmethod.
    """

    __slots__ = ()
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


ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Id = Annotated[
    str,
    Rules.of(pattern=ID_PATTERN, min_length=1, max_length=80, examples=["koskov", "act-1"]),
    TypeName("id"),
]
"""An identifier other documents use to refer to this one."""

Ref = Annotated[str, Rules.of(min_length=1, max_length=80), TypeName("id of another document")]
"""A reference to another document's id; resolved after loading."""

Text = Annotated[str, TypeName("text")]


def _check_dice(text: str) -> str:
    from pydantic_core import PydanticCustomError

    try:
        compile_dice(text)
    except DiceError as error:
        raise PydanticCustomError(
            "dice_expression",
            "{message}",
            {"message": str(error), "column": error.column},
        ) from None
    return text


DiceExpr = Annotated[str, Checked(_check_dice), TypeName("dice expression")]
"""A dice expression, compiled when the module loads so a typo is found at once."""

_PLACEHOLDER = re.compile(r"\{([a-z0-9_-]+)\}")


def template_placeholders(template: str) -> list[str]:
    """The `{name}` placeholders of a dice template, in order."""
    return _PLACEHOLDER.findall(template)


def fill_template(template: str, values: dict[str, int]) -> str:
    """Put numbers into a dice template; a negative value becomes `+-n` safely as `-n`."""

    def number(match: re.Match[str]) -> str:
        return str(values.get(match.group(1), 0))

    filled = _PLACEHOLDER.sub(number, template)
    return filled.replace("+-", "-").replace("--", "+")


def _check_dice_template(template: str) -> str:
    # Replace each placeholder with a 0 padded by spaces to the same width, so a
    # column the dice engine reports still points at the right character.
    from pydantic_core import PydanticCustomError

    probe = _PLACEHOLDER.sub(lambda match: "0".ljust(len(match.group(0))), template)
    try:
        compile_dice(probe)
    except DiceError as error:
        raise PydanticCustomError(
            "dice_expression",
            "{message}",
            {
                "message": f"{template} : column {error.column}: {error.message}",
                "column": error.column,
            },
        ) from None
    return template


DiceTemplate = Annotated[str, Checked(_check_dice_template), TypeName("dice template")]
"""A dice expression template; placeholder names are checked against the ruleset."""

JsonValue = Any
"""Free data (strings, numbers, lists, mappings) passed to handout templates."""
