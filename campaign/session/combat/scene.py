"""Who a scene sends into a fight: the fight it declares, or else every NPC present.

A scene lists everyone present, friends included (M asleep upstairs, the
guards on duty); the fight it declares (`fight:`, or its set piece's) names the
opposition the author means. The tracker's 'add the scene's NPCs' adds that
roster, counts and all, and says who it left out, so a friendly NPC is never
added as an enemy (and never skews the forecast) unless the GM adds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.model import Scene
from campaign.model.story import Fight
from campaign.model.tables import Bring


@dataclass(frozen=True, slots=True)
class SceneOpposition:
    """What 'add the scene's NPCs' adds, and the NPCs present it leaves out."""

    brings: tuple[Bring, ...]
    declared: bool
    """True when the brings are the fight the scene declares, not everyone present."""
    left_out: tuple[str, ...]
    """NPC ids present in the scene but not in its declared fight, as the scene lists them."""


def declared_fight(scene: Scene) -> Fight | None:
    """The fight a scene declares, its own or its set piece's."""
    if scene.fight is not None:
        return scene.fight
    return scene.set_piece.fight if scene.set_piece is not None else None


def scene_opposition(scene: Scene) -> SceneOpposition:
    """The declared fight's roster if there is one, else everyone the scene lists."""
    fight = declared_fight(scene)
    if fight is None:
        return SceneOpposition(tuple(scene.npcs), declared=False, left_out=())
    fighting = {bring.npc for bring in fight.npcs}
    left_out: list[str] = []
    for bring in scene.npcs:
        if bring.npc not in fighting and bring.npc not in left_out:
            left_out.append(bring.npc)
    return SceneOpposition(tuple(fight.npcs), declared=True, left_out=tuple(left_out))
