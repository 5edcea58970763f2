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
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from campaign.dice import DiceError
from campaign.dice import compile as compile_dice


@dataclass(frozen=True, slots=True)
class TypeName:
    """How the generated reference names a constrained type ('id', 'dice expression').

    Types carry no description of their own: a field's docstring describes it.
    """

    name: str


class Model(BaseModel):
    """Base of every module model: frozen, strict about unknown fields."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        str_strip_whitespace=False,
        # Validators are built on first use, not at import: the GM screen opens
        # a cached module without validating anything.
        defer_build=True,
    )


ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Id = Annotated[
    str,
    Field(pattern=ID_PATTERN, min_length=1, max_length=80, examples=["koskov", "act-1"]),
    TypeName("id"),
]
"""An identifier other documents use to refer to this one."""

Ref = Annotated[str, Field(min_length=1, max_length=80), TypeName("id of another document")]
"""A reference to another document's id; resolved after loading."""

Text = Annotated[str, TypeName("text")]


def _check_dice(text: str) -> str:
    try:
        compile_dice(text)
    except DiceError as error:
        raise PydanticCustomError(
            "dice_expression",
            "{message}",
            {"message": str(error), "column": error.column},
        ) from None
    return text


DiceExpr = Annotated[str, AfterValidator(_check_dice), TypeName("dice expression")]
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


DiceTemplate = Annotated[str, AfterValidator(_check_dice_template), TypeName("dice template")]
"""A dice expression template; placeholder names are checked against the ruleset."""

JsonValue = Any
"""Free data (strings, numbers, lists, mappings) passed to handout templates."""
