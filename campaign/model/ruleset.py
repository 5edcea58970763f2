"""The ruleset: how checks, initiative, health and conditions work in a module."""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

from campaign.model.base import Model, model_class
from campaign.model.common import DiceTemplate, Id, Text


@model_class
class Attribute(Model):
    """A core attribute every character has (e.g. Nerve, Wits; or STR, DEX)."""

    id: Id
    """Identifier used in stat blocks and dice templates (e.g. `wits`)."""
    name: str
    """Name shown at the table (e.g. 'Wits')."""
    description: Text = ""
    """What the attribute measures."""


@model_class
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


@model_class
class Difficulty(Model):
    """One rung of the difficulty ladder."""

    id: Id
    """Identifier used by checks (e.g. `hard`)."""
    name: str
    """Name shown at the table (e.g. 'Hard')."""
    target: int | None = None
    """The number a check must reach (target), stay under (roll-under), or the
    successes it needs (pool). Leave out when `divide` works it out."""
    divide: int | None = field(default=None, metadata={"ge": 1})
    """Roll-under with `under`: the character's number is divided by this (Hard 2)."""
    no_roll_at: int | None = None
    """A character whose skill (or attribute) is this or more succeeds with no roll."""

    def __post_init__(self) -> None:
        self._target_or_divide()

    def _target_or_divide(self) -> Difficulty:
        if self.target is None and self.divide is None:
            raise ValueError("a difficulty needs a target (or, for roll-under, a divide)")
        return self


@model_class
class ResultTier(Model):
    """How a check reads: e.g. success at margin 0 or more, partial at -2 or more.

    A tier holds when every test it gives holds; the first tier that holds,
    best first, is the result. The last tier gives no test: it catches the rest.
    """

    id: Literal["critical", "success", "partial", "failure", "fumble"]
    """What kind of result this is; scenes say what success, partial and failure lead to."""
    label: str
    """How the result is announced (e.g. 'Success at a cost')."""
    min_margin: int | None = None
    """Lowest margin for this tier: total minus target (target), target minus total
    (roll-under), successes minus those needed (pool), or the total itself (bands)."""
    divide: int | None = field(default=None, metadata={"ge": 2})
    """Roll-under: the total must stay within the character's own number (`under`)
    divided by this, whatever the difficulty (2 for a hard success, 5 for an extreme
    one), and still make the check (a hard success on an extreme check is a failure)."""
    total_at_most: int | None = None
    """The total must be this or less (a roll of 01 as a critical)."""
    total_at_least: int | None = None
    """The total must be this or more (a roll of 100 as a fumble)."""
    description: Text = ""
    """What this result means at the table."""

    @property
    def tests(self) -> bool:
        """Whether the tier gives any test (only the last tier may give none)."""
        return any(
            value is not None
            for value in (self.min_margin, self.divide, self.total_at_most, self.total_at_least)
        )


CheckFamily = Literal["target", "roll-under", "pool", "bands"]
"""How checks are rolled and read:

- target: a roll plus modifiers against a difficulty's target (d20 DCs, 2d6 vs 9);
- roll-under: a roll that must not exceed a target, a difficulty's number, or one
  worked out from the character (`under: '{skill}'`, d100 percentile systems);
- pool: a number of dice from the character, each at or over `success_on` a success,
  against the successes a difficulty needs;
- bands: a roll plus modifiers read in bands of the total (2d6: 6- / 7-9 / 10+),
  no difficulty.
"""


@model_class
class CheckRules(Model):
    """How a check is rolled and read."""

    family: CheckFamily = "target"
    """target, roll-under, pool or bands (see the authoring guide's recipes)."""
    mode: Literal["roll-over", "roll-under"] | None = None
    """Outdated: use `family` (roll-over is `target`). Still read; lint names it."""
    roll: DiceTemplate | None = None
    """The dice template of a check, e.g. '2d6+{attribute}+{skill}', '1d20+{skill}' or
    '1d100'. Every family but pool needs it; {attribute} and {skill} are optional."""
    under: DiceTemplate | None = None
    """Roll-under: the number a roll must not exceed, from the character ('{skill}');
    a difficulty's `divide` divides it. Leave out to use the difficulties' targets."""
    pool: DiceTemplate | None = None
    """Pool: how many dice a character rolls, e.g. '{attribute}+{skill}'."""
    die: int = field(default=10, metadata={"ge": 2, "le": 1000})
    """Pool: the sides of each die."""
    success_on: int = field(default=8, metadata={"ge": 1})
    """Pool: a die showing this or more is a success."""
    explode_on: int | None = field(default=None, metadata={"ge": 2})
    """Pool: a die showing this or more is rolled again (and may succeed again)."""
    attribute_bonus: Literal["value", "d20-modifier"] = "value"
    """How an attribute enters the roll: its value as is, or the d20 modifier (score-10)//2."""
    results: tuple[ResultTier, ...] = field(metadata={"min_length": 2})
    """Result tiers, best first; the last one catches everything else."""
    default_difficulty: Id | None = None
    """The difficulty used when a check names none."""

    @classmethod
    def _before(cls, data: Any) -> Any:
        # `mode` was the field before check families; a module written then still reads.
        if isinstance(data, dict) and "mode" in data and "family" not in data:
            family = {"roll-over": "target", "roll-under": "roll-under"}.get(data["mode"])
            if family is not None:
                data = {**data, "family": family}
        return data

    def __post_init__(self) -> None:
        self._family_fields()
        self._last_tier_catches_all()

    def _family_fields(self) -> CheckRules:
        if self.family == "pool" and self.pool is None:
            raise ValueError("a pool check needs `pool`: how many dice, e.g. '{attribute}+{skill}'")
        if self.family != "pool" and self.roll is None:
            raise ValueError(f"a {self.family} check needs `roll`: its dice template")
        return self

    def _last_tier_catches_all(self) -> CheckRules:
        if self.results[-1].tests:
            raise ValueError("the last result tier must give no test (it catches the rest)")
        if not all(tier.tests for tier in self.results[:-1]):
            raise ValueError(
                "every result tier but the last needs a test: min_margin, divide, "
                "total_at_most or total_at_least"
            )
        margins = [tier.min_margin for tier in self.results[:-1] if tier.min_margin is not None]
        if margins != sorted(margins, reverse=True):
            raise ValueError("result tiers must be listed best first (min_margin decreasing)")
        return self

    @property
    def needs_difficulty(self) -> bool:
        """Whether a check is read against a target (every family but bands)."""
        return self.family != "bands"


@model_class
class AttackResult(Model):
    """How an attack's margin over the defence reads: a hit, a partial hit, a miss."""

    id: Literal["critical", "hit", "partial", "miss"]
    """What kind of result this is."""
    label: str
    """How the result is announced ('Grazed')."""
    min_margin: int | None = None
    """Lowest margin (the to-hit total minus the defence) for this result; leave it
    out on the last, which catches the rest."""
    damage: float = field(default=1.0, metadata={"ge": 0, "le": 10})
    """How much of the damage roll lands: 1 in full, 0.5 half (rounded down), 0 none, 2 doubled."""


@model_class
class Defence(Model):
    """Which number an attack must beat: the target's own, or one per situation."""

    key: str | None = None
    """The target's `defences` entry that applies ('AC')."""
    by_situation: dict[str, int | str] = field(default_factory=dict)
    """Per situation ('open', 'cover', 'unaware'): a number, or the target's `defences`
    entry to use. The first is the default situation."""
    bonus: DiceTemplate | None = None
    """Added from the target's own numbers, e.g. '{reflexes}' (a dodge)."""
    default: int = 10
    """The defence when the target has no entry for it."""


@model_class
class AttackRules(Model):
    """How an attack resolves: its defence, what the margin means, where damage lands."""

    defence: Defence = Defence()
    """The number a to-hit roll is compared with."""
    results: tuple[AttackResult, ...] = (
        AttackResult(id="hit", label="Hit", min_margin=0),
        AttackResult(id="miss", label="Miss", damage=0.0),
    )
    """Results best first, each with its lowest margin; the last catches the rest.
    Left out: a hit at margin 0 or more, else a miss."""

    def __post_init__(self) -> None:
        self._last_result_catches_all()

    def _last_result_catches_all(self) -> AttackRules:
        if len(self.results) < 2:
            raise ValueError("an attack needs at least two results (a hit and a miss)")
        if self.results[-1].min_margin is not None:
            raise ValueError(
                "the last attack result must leave out min_margin (it catches the rest)"
            )
        margins = [result.min_margin for result in self.results[:-1]]
        if any(margin is None for margin in margins):
            raise ValueError("every attack result but the last needs a min_margin")
        if margins != sorted(margins, reverse=True):  # type: ignore[type-var]
            raise ValueError("attack results must be listed best first (min_margin decreasing)")
        return self

    @property
    def situations(self) -> tuple[str, ...]:
        """The situations the defence knows, the default first."""
        return tuple(self.defence.by_situation)


@model_class
class InitiativeRules(Model):
    """How the order of a fight is decided."""

    roll: DiceTemplate
    """Dice template rolled per combatant, e.g. '2d6+{reflexes}' or '1d20+{dex}'."""
    tie_breaker: Id | None = None
    """Attribute compared when two totals tie (higher goes first); then a coin flip."""
    description: Text = ""
    """How initiative works, in words, for the rules summary."""


@model_class
class HealthRules(Model):
    """How harm is tracked."""

    name: str = "HP"
    """What the track is called at the table ('Wounds', 'HP')."""
    track: Literal["hp", "wounds"] = "hp"
    """hp: a pool that damage lowers to 0; wounds: boxes that damage fills up."""
    default: int = field(default=6, metadata={"ge": 1})
    """Health of a stat block that gives none."""
    description: Text = ""
    """What happens as harm accumulates and at the end of the track."""


@model_class
class Condition(Model):
    """A condition the system knows (pinned, blinded, drugged...)."""

    id: Id
    """Identifier used by the combat tracker and in text."""
    name: str
    """Name shown at the table."""
    effect: Text
    """What the condition does to the bearer."""
    rounds: int | None = field(default=None, metadata={"ge": 1})
    """How many rounds it lasts by default; leave out for 'until removed or saved'."""
    ticks: Literal["start", "end"] = "start"
    """Whether the duration counts down at the start or end of the bearer's turn."""
    save: DiceTemplate | None = None
    """A roll the bearer makes to end it early, e.g. '2d6+{nerve}'."""
    save_target: int | None = None
    """The total the save must reach."""
    visible: bool = True
    """Whether the players' view names it on a combatant (false: the GM keeps it to themselves)."""


@model_class
class RulesSection(Model):
    """A titled piece of rules text (chases, gadgets...) for the GM and the rules handout."""

    id: Id
    """Identifier of the section."""
    title: str
    """Heading of the section."""
    text: Text
    """The rules themselves."""


@model_class
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
    attributes: tuple[Attribute, ...] = ()
    """The attributes characters have (a skill-only system may have none)."""
    skills: tuple[Skill, ...] = ()
    """The skills characters may have."""
    check: CheckRules
    """The check: its family (target, roll-under, pool or bands), its dice, and its result tiers."""
    difficulties: tuple[Difficulty, ...] = ()
    """The difficulty ladder, easiest first (bands checks need none)."""
    initiative: InitiativeRules
    """Initiative: the roll that orders a fight and how ties break."""
    health: HealthRules = HealthRules()
    """Health: wounds or hit points, and the default for stat blocks that give none."""
    attack: AttackRules | None = None
    """How an attack resolves against a target; without it the GM reads each roll."""
    conditions: tuple[Condition, ...] = ()
    """Conditions the system knows."""
    sections: tuple[RulesSection, ...] = ()
    """Further rules (chases, gadgets, advancement...) in words."""
