"""Building blocks shared by every model: the base config, ids, dice fields.

Models are frozen and forbid unknown fields, so a typo in a module file is an
error that names the field (with a did-you-mean from the loader), never a
silently ignored value. Every field has a description (taken from the
attribute docstring) because the JSON Schema and the authoring reference are
generated from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
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
