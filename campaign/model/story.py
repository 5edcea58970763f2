"""The story: acts, scenes, clues, checks, exits, clocks and revelations."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from campaign.model.base import Model, model_class
from campaign.model.common import Id, Ref, Text
from campaign.model.location import SceneLocation
from campaign.model.tables import Bring
from campaign.model.when import When

CheckResult = Literal["success", "partial", "failure"]


@model_class
class ClueSource(Model):
    """Where a clue comes from: an NPC, a handout or a place (give exactly one)."""

    npc: Ref | None = None
    """The NPC who gives it away."""
    handout: Ref | None = None
    """The handout it is found in."""
    place: str | None = None
    """The place or object it is found at ('the lining of the cello case')."""


@model_class
class ClueCheck(Model):
    """The roll a clue needs: a skill or attribute against a difficulty, as a scene's check."""

    skill: Ref | None = None
    """The ruleset skill rolled."""
    attribute: Ref | None = None
    """The ruleset attribute rolled (the skill's own attribute if left out)."""
    difficulty: Ref | int | None = None
    """A difficulty id from the ruleset's ladder, or a target number."""


@model_class
class Clue(Model):
    """A piece of information that points the agents at a revelation."""

    id: Id
    """Identifier, unique in the module; sessions record which clues were found."""
    text: Text
    """What the agents learn."""
    source: ClueSource
    """Where it comes from."""
    revelation: Ref
    """The revelation this clue points to."""
    requires: str = ""
    """What finding it takes that is not a roll ('asking Kara about the rifle')."""
    check: ClueCheck | None = None
    """The roll it takes, if any; a clue with no check is found without rolling."""


@model_class
class ClockTick(Model):
    """A clock that advances when a check goes a certain way."""

    clock: Ref
    """The clock's id."""
    on: CheckResult = "failure"
    """Which result advances it."""
    segments: int = field(default=1, metadata={"ge": -20, "le": 20})
    """How many segments it moves (negative to wind it back)."""


@model_class
class Check(Model):
    """A roll the agents may need: skill or attribute against a difficulty."""

    id: Id | None = None
    """Optional identifier, for exits that follow this check (an exit's `check`)."""
    task: str
    """What is being attempted ('Slip the tail through the tram crowd')."""
    skill: Ref | None = None
    """The ruleset skill rolled."""
    attribute: Ref | None = None
    """The ruleset attribute rolled (the skill's own attribute if left out)."""
    difficulty: Ref | int | None = None
    """A difficulty id from the ruleset's ladder, or a target number."""
    success: Text = ""
    """What success leads to."""
    partial: Text = ""
    """What a partial success leads to (success at a cost)."""
    failure: Text = ""
    """What failure leads to."""
    ticks: tuple[ClockTick, ...] = ()
    """Clocks this check advances."""


@model_class
class Exit(Model):
    """A way out of a scene."""

    to: Ref
    """The scene it leads to (in this act or the next)."""
    label: str = ""
    """How the exit reads on screen ('Follow the tram')."""
    on: CheckResult | Literal["any"] = "any"
    """Which result of the scene's check takes this exit; 'any' when it is a choice."""
    check: Id | None = None
    """Whose result `on` names, when the scene has several checks: the `id` of one of
    the scene's checks (give that check an `id`)."""
    condition: Text = ""
    """When this exit applies, in words ('if Kara trusts them')."""


@model_class
class Stage(Model):
    """One step of a set piece."""

    title: str
    """Name of the stage."""
    text: Text
    """What happens and what the agents face."""
    checks: tuple[Check, ...] = ()
    """Rolls this stage calls for."""


@model_class
class FightPolicy(Model):
    """How each side picks its targets when a fight is forecast."""

    agents: Literal["focus", "spread"] = "focus"
    """focus: everyone attacks the most hurt enemy; spread: the least hurt."""
    opposition: Literal["focus", "spread"] = "focus"
    """The same, for the other side."""


@model_class
class FightBand(Model):
    """What the author means a fight to be: the agents' chance to win lies in this band."""

    agents_win: tuple[float, float]
    """Lowest and highest chance (0 to 1) the agents should have of winning."""

    def __post_init__(self) -> None:
        self._ordered()

    def _ordered(self) -> FightBand:
        low, high = self.agents_win
        if not 0 <= low <= high <= 1:
            raise ValueError("agents_win is [low, high] with 0 <= low <= high <= 1")
        return self


@model_class
class Fight(Model):
    """The fight a scene or set piece starts: who the agents face, and how it should go."""

    npcs: tuple[Bring, ...] = field(metadata={"min_length": 1})
    """The opposition: NPC ids with counts (a dice count is forecast at its mean)."""
    situation: str | None = None
    """The ruleset's attack situation the agents fight in ('cover'); its default if left out."""
    policy: FightPolicy = FightPolicy()
    """How each side picks targets in the forecast."""
    band: FightBand | None = None
    """The agents' chance to win the author intends; lint checks the forecast against it."""
    deadly: bool = False
    """A fight the agents are meant to run from: lint does not ask for a band."""


@model_class
class SetPiece(Model):
    """A structured action sequence with its own rules (a chase, a heist, a fight)."""

    title: str
    """Name of the set piece."""
    summary: Text
    """The sequence in a few sentences."""
    rules: Text = ""
    """Special rules that apply while it runs."""
    clock: Ref | None = None
    """The clock that paces it."""
    table: Ref | None = None
    """A table of complications rolled during it."""
    stages: tuple[Stage, ...] = ()
    """The steps, in order."""
    fight: Fight | None = None
    """The fight it comes to, if it does (for the forecast)."""
    success: Text = ""
    """How it ends if the agents win."""
    failure: Text = ""
    """How it ends if they lose."""


@model_class
class ReadAloudVariant(Model):
    """Read-aloud text for when the story has gone a certain way."""

    when: When
    """When this variant applies (the first that applies is read)."""
    read_aloud: Text
    """What is read instead of the scene's own read-aloud."""
    label: str = ""
    """A few words for the GM ('Pushkin dead')."""


@model_class
class Scene(Model):
    """One scene: what the agents walk into and what can happen there."""

    kind: Literal["scene"] = "scene"
    """Document kind; may be left out in a `scenes/` folder."""
    id: Id
    """Identifier; acts list their scenes by id, exits lead to them."""
    title: str
    """Title shown at the table."""
    place: str = ""
    """Where it happens."""
    summary: str = ""
    """One line for the scene list."""
    read_aloud: Text = ""
    """Boxed text read to the players on arrival (present tense, second person)."""
    variants: tuple[ReadAloudVariant, ...] = ()
    """Other read-aloud texts, each for when the story has gone a certain way; the first
    whose `when` holds is read instead of `read_aloud`."""
    bottleneck: bool = False
    """A scene meant to lead to one place only (lint allows one such scene per act)."""
    gm_notes: Text = ""
    """What the GM needs to run it."""
    clues: tuple[Clue, ...] = ()
    """Clues to be found here."""
    npcs: tuple[Bring, ...] = ()
    """NPCs present, with counts."""
    tables: tuple[Ref, ...] = ()
    """Tables to roll on here."""
    handouts: tuple[Ref, ...] = ()
    """Handouts given out here."""
    checks: tuple[Check, ...] = ()
    """Rolls the scene may call for."""
    set_piece: SetPiece | None = None
    """A structured action sequence, if the scene is one."""
    fight: Fight | None = None
    """The fight the scene starts, if it does (for the forecast)."""
    location: Ref | SceneLocation | None = None
    """The location it happens in: its id, or {id, keys} naming the keyed areas it uses."""

    @property
    def location_id(self) -> str | None:
        """The location's id, however it was written."""
        place = self.location
        return place.id if isinstance(place, SceneLocation) else place

    clocks: tuple[Ref, ...] = ()
    """Clocks that matter here."""
    exits: tuple[Exit, ...] = ()
    """Where the agents can go next."""


@model_class
class Clock(Model):
    """A progress clock: segments that fill as trouble grows."""

    kind: Literal["clock"] = "clock"
    """Document kind; may be left out in a `clocks/` folder."""
    id: Id
    """Identifier used by acts, scenes and checks."""
    name: str
    """Name shown at the table ('KGB alert')."""
    segments: int = field(metadata={"ge": 2, "le": 24})
    """How many segments it has."""
    start: int = field(default=0, metadata={"ge": 0})
    """Segments filled when the campaign begins."""
    description: Text = ""
    """What fills it."""
    when_full: Text
    """What happens when it fills."""
    public: bool = False
    """Whether the players' view shows it (a GM can also show a clock for a while)."""


@model_class
class Revelation(Model):
    """A conclusion the players must reach for the story to move; clues point at it."""

    kind: Literal["revelation"] = "revelation"
    """Document kind; may be left out in a `revelations/` folder."""
    id: Id
    """Identifier clues point to."""
    statement: Text
    """The conclusion, as the players should come to state it."""
    act: Ref
    """The act that needs it (the story stalls there without it)."""
    notes: Text = ""
    """How it can be reached and what it unlocks."""


@model_class
class OutcomeOption(Model):
    """One way an act's open question can turn out."""

    id: Id
    """Identifier, recorded in the session."""
    label: str
    """How it reads ('Saunders survives')."""


@model_class
class Outcome(Model):
    """A question an act settles that later acts depend on."""

    id: Id
    """Identifier, unique in the module; later acts' threads name it."""
    question: str
    """The question the GM answers at the end of the act ('Did Saunders survive the Prater?')."""
    options: tuple[OutcomeOption, ...] = field(metadata={"min_length": 2})
    """The possible answers."""
    default: Id | None = None
    """The answer when the GM records nothing (usually the film's)."""


@model_class
class ThreadEffect(Model):
    """What one answer of an earlier outcome changes here."""

    option: Id
    """The earlier outcome's option."""
    effect: Text
    """What changes in this act."""


@model_class
class Thread(Model):
    """An earlier outcome this act depends on, and what each answer changes."""

    outcome: Ref
    """The earlier act's outcome id."""
    effects: tuple[ThreadEffect, ...] = field(metadata={"min_length": 1})
    """What each answer changes."""


@model_class
class AlternativePath(Model):
    """A way the act can go differently from the expected story."""

    id: Id
    """Identifier; sessions record which were taken."""
    title: str
    """The path in a few words ('Kara is never found')."""
    trigger: Text
    """What the agents do (or fail to do) that opens it."""
    consequence: Text
    """What follows, in this act and later."""
    affects: tuple[Ref, ...] = ()
    """Later acts it changes."""


@model_class
class Lead(Model):
    """A way back into the story when the agents are stuck."""

    text: Text
    """What happens or what they can try ('Saunders rings the hotel with a name')."""
    to: Ref | None = None
    """The scene it leads to, if one."""
    when: When | None = None
    """When it applies, if not always."""


@model_class
class Act(Model):
    """An act: about one evening of play."""

    kind: Literal["act"] = "act"
    """Document kind; may be left out in an `acts/` folder."""
    id: Id
    """Identifier."""
    number: int = field(metadata={"ge": 0})
    """Position in the module (acts are played in this order)."""
    title: str
    """Title shown at the table."""
    summary: str = ""
    """One line for the act list."""
    overview: Text
    """What is really going on (GM only)."""
    goals: Text = ""
    """What the agents want, and what their superiors want of them."""
    ending: Text = ""
    """How the act ends."""
    scenes: tuple[Ref, ...] = field(metadata={"min_length": 1})
    """The act's scenes, in order; the first is where it starts."""
    clocks: tuple[Ref, ...] = ()
    """The act's clocks."""
    alternatives: tuple[AlternativePath, ...] = ()
    """Ways the act can go differently, with their consequences."""
    outcomes: tuple[Outcome, ...] = ()
    """Questions this act settles for later acts."""
    threads: tuple[Thread, ...] = ()
    """Earlier outcomes this act depends on, and what each changes."""
    leads: tuple[Lead, ...] = ()
    """If the agents are stuck: ways back into the act's story."""
