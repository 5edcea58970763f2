"""Handouts: documents given to players (or kept by the GM), rendered from templates."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from campaign.model.base import Model, model_class
from campaign.model.common import Id, JsonValue, Ref, Text
from campaign.model.story import Clue

HandoutKind = Literal["dossier", "orders", "note", "clue", "programme", "pregen", "rules", "custom"]


@model_class
class Handout(Model):
    """A handout: what it presents and how it is printed."""

    kind: Literal["handout"] = "handout"
    """Document kind; may be left out in a `handouts/` folder."""
    id: Id
    """Identifier; the rendered file is named after it."""
    title: str
    """Title printed on the handout."""
    type: HandoutKind
    """What sort of document it is; picks the default template."""
    audience: Literal["players", "gm"] = "players"
    """Who may see it. GM-only fields never reach a players' handout."""
    template: str | None = None
    """Template name (without extension); defaults to the type ('dossier', 'orders'...)."""
    npc: Ref | None = None
    """The NPC it presents (a dossier)."""
    pc: Ref | None = None
    """The pregenerated character it presents (a character sheet)."""
    clue: Ref | None = None
    """The clue it presents."""
    body: Text = ""
    """Main text of the document."""
    clues: tuple[Clue, ...] = ()
    """Clues the players can find by reading it."""
    data: dict[str, JsonValue] = field(default_factory=dict)
    """Free data for the template (stamps, dates, list items...)."""

    @property
    def template_name(self) -> str:
        """The template to render with."""
        return self.template or self.type
