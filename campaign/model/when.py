"""One small condition language: "does this apply now?", read from what a session records.

Read-aloud variants, an act's leads and (later) exits and location keys all
use it. A condition is a mapping with exactly one test, or a list that means
"all of these":

    when: {outcome: a3-kara, option: trusting}   # an outcome's recorded (or default) option
    when: {clue: walkman-tape}                   # a clue found
    when: {clock: opium, at_least: 6}            # a clock's filled segments
    when: {alternative: a5-whitaker-dead}        # an alternative path taken
    when: {handout: orders-tangier}              # a handout given
    when: {npc: pushkin, fate: dead}             # an NPC's recorded fate
    when: {not: {clue: walkman-tape}}
    when: {any: [{clue: a}, {clue: b}]}
    when: [{clue: a}, {npc: koskov, fate: dead}] # all of them
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, ClassVar, Literal

from campaign.model.base import Model, model_class
from campaign.model.common import Id, Ref

Fate = Literal["alive", "dead", "captured", "allied", "missing"]
_TESTS = ("outcome", "clue", "clock", "alternative", "handout", "npc", "not_", "any", "all")


@model_class
class When(Model):
    """A condition on what the session has recorded; exactly one test."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        **Model.__pydantic_config__,
        "populate_by_name": True,
    }

    outcome: Ref | None = None
    """An act outcome's id; with `option`, holds when that option is recorded (or is the
    outcome's default while nothing is recorded)."""
    option: Id | None = None
    """The outcome's option (with `outcome`)."""
    clue: Ref | None = None
    """Holds once this clue has been found."""
    clock: Ref | None = None
    """A clock's id; with `at_least`, holds once that many segments are filled."""
    at_least: int | None = field(default=None, metadata={"ge": 0})
    """Filled segments (with `clock`)."""
    alternative: Ref | None = None
    """Holds once this alternative path has been taken."""
    handout: Ref | None = None
    """Holds once this handout has been given."""
    npc: Ref | None = None
    """An NPC's id; with `fate`, holds when that fate is recorded ('alive' until one is)."""
    fate: Fate | None = None
    """The NPC's fate (with `npc`)."""
    not_: When | None = field(default=None, metadata={"alias": "not"})
    """Holds when this condition does not."""
    any: tuple[When, ...] | None = None
    """Holds when one of these does."""
    all: tuple[When, ...] | None = None
    """Holds when every one of these does."""

    @classmethod
    def _before(cls, data: Any) -> Any:
        return {"all": data} if isinstance(data, list) else data

    def __post_init__(self) -> None:
        self._one_test()

    def _one_test(self) -> When:
        given = [name for name in _TESTS if getattr(self, name) is not None]
        pairs = (("outcome", "option"), ("clock", "at_least"), ("npc", "fate"))
        for test, partner in pairs:
            if not given and getattr(self, partner) is not None:  # `option: lost` alone
                raise ValueError(f"`{partner}` needs `{test}` beside it: they go together")
        if len(given) != 1:
            shown = ", ".join("not" if name == "not_" else name for name in given) or "none"
            raise ValueError(
                "a condition gives exactly one test (outcome, clue, clock, alternative, "
                f"handout, npc, not, any or all); this one gives: {shown}"
            )
        for test, partner in pairs:
            if (getattr(self, test) is None) != (getattr(self, partner) is None):
                raise ValueError(f"`{test}` and `{partner}` go together")
        return self
