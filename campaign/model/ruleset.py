"""The ruleset: how checks, initiative, health and conditions work in a module."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from campaign.model.common import DiceTemplate, Id, Model, Text


class Attribute(Model):
    """A core attribute every character has (e.g. Nerve, Wits; or STR, DEX)."""

    id: Id
    """Identifier used in stat blocks and dice templates (e.g. `wits`)."""
    name: str
    """Name shown at the table (e.g. 'Wits')."""
    description: Text = ""
    """What the attribute measures."""


class Skill(Model):
    """A trained skill, usually rolled together with an attribute."""

    id: Id
    """Identifier used in stat blocks, checks and dice templates (e.g. `stealth`)."""
    name: str
    """Name shown at the table."""
    attribute: Id | None = None
    """The attribute usually paired with this skill in a check."""
    description: Text = ""
    """What the skill covers."""


class Difficulty(Model):
    """One rung of the difficulty ladder."""

    id: Id
    """Identifier used by checks (e.g. `hard`)."""
    name: str
    """Name shown at the table (e.g. 'Hard')."""
    target: int
    """The number a check must reach (roll-over) or stay under (roll-under)."""


class ResultTier(Model):
    """How a check's margin reads: e.g. success at margin 0 or more, partial at -2 or more."""

    id: Literal["critical", "success", "partial", "failure", "fumble"]
    """What kind of result this is; scenes say what success, partial and failure lead to."""
    label: str
    """How the result is announced (e.g. 'Success at a cost')."""
    min_margin: int | None = None
    """Lowest margin (total minus target; target minus total for roll-under) for this tier.
    The first tier whose min_margin the margin reaches wins; leave it out on the last tier."""
    description: Text = ""
    """What this result means at the table."""


class CheckRules(Model):
    """How a check is rolled and read."""

    roll: DiceTemplate
    """The dice template of a check, e.g. '2d6+{attribute}+{skill}' or '1d20+{attribute}'."""
    mode: Literal["roll-over", "roll-under"] = "roll-over"
    """roll-over: total must reach the target; roll-under: total must not exceed it."""
    attribute_bonus: Literal["value", "d20-modifier"] = "value"
    """How an attribute enters the roll: its value as is, or the d20 modifier (score-10)//2."""
    results: tuple[ResultTier, ...] = Field(min_length=2)
    """Result tiers, best first; the last one catches everything else."""
    default_difficulty: Id | None = None
    """The difficulty used when a check names none."""

    @model_validator(mode="after")
    def _last_tier_catches_all(self) -> CheckRules:
        if self.results[-1].min_margin is not None:
            raise ValueError("the last result tier must leave out min_margin (it catches the rest)")
        margins = [tier.min_margin for tier in self.results[:-1]]
        if any(margin is None for margin in margins):
            raise ValueError("every result tier but the last needs a min_margin")
        if margins != sorted(margins, reverse=True):  # type: ignore[type-var]
            raise ValueError("result tiers must be listed best first (min_margin decreasing)")
        return self


class InitiativeRules(Model):
    """How the order of a fight is decided."""

    roll: DiceTemplate
    """Dice template rolled per combatant, e.g. '2d6+{reflexes}' or '1d20+{dex}'."""
    tie_breaker: Id | None = None
    """Attribute compared when two totals tie (higher goes first); then a coin flip."""
    description: Text = ""
    """How initiative works, in words, for the rules summary."""


class HealthRules(Model):
    """How harm is tracked."""

    name: str = "HP"
    """What the track is called at the table ('Wounds', 'HP')."""
    track: Literal["hp", "wounds"] = "hp"
    """hp: a pool that damage lowers to 0; wounds: boxes that damage fills up."""
    default: int = Field(default=6, ge=1)
    """Health of a stat block that gives none."""
    description: Text = ""
    """What happens as harm accumulates and at the end of the track."""


class Condition(Model):
    """A condition the system knows (pinned, blinded, drugged...)."""

    id: Id
    """Identifier used by the combat tracker and in text."""
    name: str
    """Name shown at the table."""
    effect: Text
    """What the condition does to the bearer."""
    rounds: int | None = Field(default=None, ge=1)
    """How many rounds it lasts by default; leave out for 'until removed or saved'."""
    ticks: Literal["start", "end"] = "start"
    """Whether the duration counts down at the start or end of the bearer's turn."""
    save: DiceTemplate | None = None
    """A roll the bearer makes to end it early, e.g. '2d6+{nerve}'."""
    save_target: int | None = None
    """The total the save must reach."""


class RulesSection(Model):
    """A titled piece of rules text (chases, gadgets...) for the GM and the rules handout."""

    id: Id
    """Identifier of the section."""
    title: str
    """Heading of the section."""
    text: Text
    """The rules themselves."""


class Ruleset(Model):
    """The game system a module is played with."""

    kind: Literal["ruleset"] = "ruleset"
    """Document kind; may be left out in a `rulesets/` folder."""
    id: Id
    """Identifier the module names in its `ruleset` field."""
    name: str
    """The system's name."""
    summary: Text = ""
    """One paragraph on what play feels like."""
    attributes: tuple[Attribute, ...] = Field(min_length=1)
    """The attributes every character has."""
    skills: tuple[Skill, ...] = ()
    """The skills characters may have."""
    check: CheckRules
    """The check: its dice template, roll-over or roll-under, and its result tiers."""
    difficulties: tuple[Difficulty, ...] = Field(min_length=1)
    """The difficulty ladder, easiest first."""
    initiative: InitiativeRules
    """Initiative: the roll that orders a fight and how ties break."""
    health: HealthRules = HealthRules()
    """Health: wounds or hit points, and the default for stat blocks that give none."""
    conditions: tuple[Condition, ...] = ()
    """Conditions the system knows."""
    sections: tuple[RulesSection, ...] = ()
    """Further rules (chases, gadgets, advancement...) in words."""
