"""Stat blocks: NPCs and pregenerated player characters.

One shape holds both a rules-light espionage agent and a 5e-SRD monster
(ability scores, AC as a defence, hit points, speed, actions, legendary
actions, and the key/value lines of a printed block in `properties`).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

from campaign.model.base import Model, model_class
from campaign.model.common import DiceExpr, DiceTemplate, Id, Ref, Text
from campaign.model.when import When


@model_class
class Attack(Model):
    """An attack a character can make: a roll to hit and a damage roll."""

    name: str
    """Name of the attack (e.g. 'Walther PPK', 'Bite')."""
    roll: DiceExpr | None = None
    """Roll to hit, e.g. '2d6+3' or '1d20+7 [to hit]'."""
    damage: DiceExpr | None = None
    """Damage roll, e.g. '1d6+1'."""
    range: str | None = None
    """Reach or range, in the module's own words ('close', '80/320 ft.')."""
    notes: Text = ""
    """Anything else (damage type, special effects)."""


@model_class
class Ability(Model):
    """A named ability: a trait, an action, a reaction or a legendary action."""

    name: str
    """Name of the ability."""
    text: Text
    """What it does."""
    roll: DiceExpr | None = None
    """A roll the ability calls for, if any."""
    uses: str | None = None
    """Limit on use ('1/day', 'Recharge 5-6', '3 charges')."""


@model_class
class Allegiance(Model):
    """Who a character seems to serve and who they really serve."""

    apparent: str
    """What the players are meant to believe."""
    true: str
    """The truth (GM only)."""

    @classmethod
    def _before(cls, data: Any) -> Any:
        # `true:` unquoted is a YAML boolean key; it can only mean this field.
        if isinstance(data, dict) and True in data:
            data = {("true" if key is True else key): value for key, value in data.items()}
        return data


@model_class
class KnownAs(Model):
    """How the players know a character whose identity is a secret: players' text.

    While it applies, the players' screen, the players' fight panel and the players'
    recap use these instead of the character's own name, role and description, and
    a fight shows the character under `name` even before the GM introduces them.
    """

    name: str
    """What the players call them ('The fair-haired jogger')."""
    role: str = ""
    """One line the players may read; empty shows no role."""
    description: Text = ""
    """What the agents see; empty shows none (never the GM's own description)."""
    until: When | None = None
    """When the players learn who this really is (a clue found, an outcome...): from
    then on they see the character's own name, role and description. Left out: always."""


@model_class
class Voice(Model):
    """How a character sounds at the table: a few lines in their own words, a mannerism."""

    lines: tuple[str, ...] = ()
    """Sample lines the GM can read out as they are, in the character's own words."""
    mannerism: str = ""
    """One habit of speech or bearing that makes them recognisable ('polishes his glasses
    before bad news')."""


@model_class
class Morale(Model):
    """When a character leaves a fight rather than fight on."""

    flee_at: Literal["half"] | int
    """Flees when its health left falls to this or below ('half': half its maximum)."""


@model_class
class StatBlock(Model):
    """Fields shared by NPCs and PCs."""

    id: Id
    """Identifier scenes, tables and handouts use to refer to this character."""
    name: str
    """Full name as shown at the table."""
    role: str = ""
    """One line: who they are in the story ('KGB general, defector')."""
    tags: tuple[str, ...] = ()
    """Free tags for filtering the cast (e.g. 'kgb', 'tangier', 'minion')."""
    description: Text = ""
    """Player-safe description: what the agents see and may be told."""
    attributes: dict[str, int] = field(default_factory=dict)
    """Attribute (or ability score) values by the ruleset's attribute ids."""
    skills: dict[str, int] = field(default_factory=dict)
    """Skill ratings by the ruleset's skill ids; a skill not listed counts as 0."""
    health: int | None = field(default=None, metadata={"ge": 1})
    """Maximum wounds or hit points (the ruleset says which); the ruleset default if left out."""
    health_roll: DiceExpr | None = None
    """Dice for rolled hit points, as printed in a 5e block ('6d10+12')."""
    defences: dict[str, int] = field(default_factory=dict)
    """Defence values by name (e.g. {'AC': 17} or {'cover': 2})."""
    speed: str | None = None
    """Movement, in the system's own words ('30 ft., fly 60 ft.')."""
    initiative: DiceTemplate | None = None
    """Own initiative roll, overriding the ruleset's (e.g. '1d20+2')."""
    attacks: tuple[Attack, ...] = ()
    """Attacks with their rolls."""
    traits: tuple[Ability | str, ...] = ()
    """Passive traits: a sentence each, or a name and text."""
    actions: tuple[Ability, ...] = ()
    """Special actions beyond attacks."""
    reactions: tuple[Ability, ...] = ()
    """Reactions."""
    legendary_actions: tuple[Ability, ...] = ()
    """Legendary actions (5e)."""
    properties: dict[str, str] = field(default_factory=dict)
    """Other lines of a printed stat block by label (Senses, Languages, Challenge...)."""
    tactics: Text = ""
    """How they fight or behave under pressure (GM only)."""
    secret: Text = ""
    """What the GM knows and the players must discover (GM only)."""
    allegiance: Allegiance | None = None
    """Apparent and true allegiance."""
    morale: Morale | None = None
    """When they flee a fight; without it they fight until down."""
    voice: Voice | None = None
    """How they sound: sample lines and a mannerism, for the GM (shown with the stat block
    and in the scenes they appear in)."""


@model_class
class NPC(StatBlock):
    """A non-player character's stat block."""

    kind: Literal["npc"] = "npc"
    """Document kind; may be left out in an `npcs/` folder."""
    known_as: KnownAs | None = None
    """How the players know them, when who they are is a secret (players' text): their
    screen, fight panel and recap show this instead of `name`, `role` and `description`.
    Without it, the players see the character's own name, role and description once
    the GM introduces them, and a fight shows an NPC not yet introduced as 'Unknown'
    ('Unknown 1', 'Unknown 2' when several: ally or foe, the label says neither)."""


@model_class
class Gadget(Model):
    """A piece of Q-branch kit (or a magic item) with limited uses."""

    id: Id
    """Identifier used to track its uses in a session."""
    name: str
    """Name of the gadget."""
    effect: Text
    """What it does."""
    uses: int | None = field(default=None, metadata={"ge": 1})
    """How many times it can be used; leave out for unlimited."""
    roll: DiceExpr | None = None
    """A roll it calls for, if any."""


@model_class
class PC(StatBlock):
    """A pregenerated player character."""

    kind: Literal["pc"] = "pc"
    """Document kind; may be left out in a `pcs/` folder."""
    concept: str = ""
    """The character in a few words ('Navy commander, MI6 double-O')."""
    background: Text = ""
    """History and connections, for the player."""
    gear: tuple[str, ...] = ()
    """Ordinary equipment."""
    gadgets: tuple[Gadget, ...] = ()
    """Gadgets with limited uses."""
    handout: Ref | None = None
    """The handout that presents this character to the player, if any."""
