"""The module: its metadata document and the loaded, cross-checked whole."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from campaign.model.base import Model, model_class
from campaign.model.chapter import Chapter
from campaign.model.common import Id, Ref, Text
from campaign.model.handout import Handout, HandoutKind
from campaign.model.location import Location
from campaign.model.ruleset import Ruleset
from campaign.model.statblock import NPC, PC
from campaign.model.story import Act, Clock, Clue, Revelation, Scene
from campaign.model.tables import RandomTable


@model_class
class HandoutSettings(Model):
    """What the shared handout templates print that no handout wrote (`handouts:` in module.yaml).

    Every decoration is off unless the module asks for it, so a module that says
    nothing gets on paper exactly the words its handouts hold. A handout's own
    `data.organisation`, `data.classification` and `data.reference` (`file`,
    `exhibit`) always print, whatever is set here.
    """

    letterhead: str = ""
    """The office printed as a letterhead on dossiers, orders, clues and pregens
    ('Secret Intelligence Service'); empty prints none."""
    letterheads: dict[HandoutKind, str] = field(default_factory=dict)
    """A letterhead per handout type, over `letterhead` (`{rules: Training Section}`);
    rules summaries print the module's title when neither names one."""
    classified: bool = False
    """Print a classification banner and stamp ('Secret', 'Confidential': the type's own,
    see Shared templates) on handouts whose data gives no `classification`."""
    reference_numbers: bool = False
    """Print a made-up registry number ('OPS/51598', 'PF/40913', 'EXH/...') on handouts
    whose data gives no reference of their own."""


@model_class
class ModuleInfo(Model):
    """The module's own document, `module.yaml`."""

    kind: Literal["module"] = "module"
    """Document kind; may be left out in module.yaml."""
    id: Id
    """Identifier used to open the module (`campaign play ID`)."""
    title: str
    """Title of the adventure."""
    version: str = "0.1.0"
    """Version of the module."""
    authors: tuple[str, ...] = ()
    """Who wrote it."""
    license: str = ""
    """Licence of the text (e.g. 'CC BY 4.0')."""
    summary: Text = ""
    """What the adventure is about, for the module list."""
    ruleset: Ref
    """The id of the ruleset document the module is played with."""
    players: str = ""
    """How many players it suits ('2-5')."""
    attribution: Text = ""
    """Credits and attributions required by licences."""
    tags: tuple[str, ...] = ()
    """Free tags (genre, system)."""
    start: Ref | None = None
    """The scene play starts at; the first scene of the first act if left out."""
    chapters: tuple[str, ...] = ()
    """The order of the chapters (files in `chapters/`, named without `.md`); chapters not
    listed follow in file-name order."""
    handouts: HandoutSettings = field(default_factory=HandoutSettings)
    """Letterheads, classifications and reference numbers the shared handout templates add
    (see [HandoutSettings](#handoutsettings)); all off unless set."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a document came from: its file (relative to the module) and first line."""

    path: Path
    line: int
    index: int
    """Position of the document within its file (0 for the first)."""


@dataclass(frozen=True)
class Module:
    """A loaded module: every document by kind and id, cross-references checked.

    Mappings keep the order documents were found in (acts are sorted by number).
    Treat it as read-only: the loader builds a new Module on every reload.
    """

    root: Path
    info: ModuleInfo
    ruleset: Ruleset
    acts: Mapping[str, Act]
    scenes: Mapping[str, Scene]
    npcs: Mapping[str, NPC]
    pcs: Mapping[str, PC]
    tables: Mapping[str, RandomTable]
    handouts: Mapping[str, Handout]
    clocks: Mapping[str, Clock]
    revelations: Mapping[str, Revelation]
    locations: Mapping[str, Location] = field(default_factory=dict)
    chapters: Mapping[str, Chapter] = field(default_factory=dict)
    """The module's book: Markdown chapters in reading order."""
    sources: Mapping[tuple[str, str], SourceRef] = field(default_factory=dict)
    """(kind, id) -> where it was defined."""

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def title(self) -> str:
        return self.info.title

    def act_of_scene(self, scene_id: str) -> Act | None:
        """The act that lists a scene."""
        for act in self.acts.values():
            if scene_id in act.scenes:
                return act
        return None

    def clues(self) -> Iterator[tuple[Clue, Scene | Handout]]:
        """Every clue with the scene or handout it is defined in."""
        for scene in self.scenes.values():
            for clue in scene.clues:
                yield clue, scene
        for handout in self.handouts.values():
            for clue in handout.clues:
                yield clue, handout

    def clue(self, clue_id: str) -> Clue | None:
        for clue, _ in self.clues():
            if clue.id == clue_id:
                return clue
        return None

    @property
    def start_scene(self) -> Scene:
        if self.info.start is not None:
            return self.scenes[self.info.start]
        first_act = next(iter(self.acts.values()))
        return self.scenes[first_act.scenes[0]]

    def counts(self) -> dict[str, int]:
        """How many of each kind, for `campaign modules`."""
        return {
            "acts": len(self.acts),
            "scenes": len(self.scenes),
            "npcs": len(self.npcs),
            "pcs": len(self.pcs),
            "tables": len(self.tables),
            "handouts": len(self.handouts),
            "clocks": len(self.clocks),
            "revelations": len(self.revelations),
        } | ({"locations": len(self.locations)} if self.locations else {})


DOCUMENT_MODELS: dict[str, type[Model]] = {
    "module": ModuleInfo,
    "ruleset": Ruleset,
    "act": Act,
    "scene": Scene,
    "npc": NPC,
    "pc": PC,
    "table": RandomTable,
    "handout": Handout,
    "clock": Clock,
    "revelation": Revelation,
    "location": Location,
}
"""Every document kind and its model."""

FOLDER_KINDS: dict[str, str] = {
    "acts": "act",
    "scenes": "scene",
    "npcs": "npc",
    "cast": "npc",
    "pcs": "pc",
    "pregens": "pc",
    "tables": "table",
    "handouts": "handout",
    "clocks": "clock",
    "revelations": "revelation",
    "locations": "location",
    "rulesets": "ruleset",
    "ruleset": "ruleset",
}
"""The kind a document gets from the folder it sits in when it names none."""

__all__ = [
    "DOCUMENT_MODELS",
    "FOLDER_KINDS",
    "HandoutSettings",
    "Module",
    "ModuleInfo",
    "Ref",
    "SourceRef",
]
