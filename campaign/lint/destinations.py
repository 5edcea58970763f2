"""Scenes that lead only one way: the railroad check.

For each act, each scene it lists that does not end the act should lead to at
least two distinct scenes (its exits' `to`), so the agents' choices change
where the story goes. A scene ends its act when it has no exits, or when any
exit leaves the act (leads to a scene the act does not list). An author may
mark one deliberate one-way scene per act with `bottleneck: true`; more than
one is itself a warning. A scene the act lists that does not exist is the
loader's business and is skipped here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from campaign.lint.places import Places
from campaign.model import Act, Module, Scene


@dataclass(frozen=True, slots=True)
class Branching:
    """How many scenes that do not end an act lead to two or more scenes."""

    two_or_more: int = 0
    """Scenes (not ending their act) with at least two distinct destinations."""
    scenes: int = 0
    """Scenes that do not end their act (bottlenecks included)."""
    one_way: tuple[str, ...] = ()
    """Scenes with one destination and no `bottleneck: true`."""
    bottlenecks: tuple[str, ...] = ()
    """Scenes marked `bottleneck: true` that lead one way."""

    @property
    def summary(self) -> str:
        return (
            f"{self.two_or_more} of {self.scenes} scenes that do not end an act "
            "lead to two or more scenes"
        )


def ends_act(scene: Scene, act: Act) -> bool:
    """No exits, or an exit to a scene this act does not list."""
    return not scene.exits or any(exit_.to not in act.scenes for exit_ in scene.exits)


def destinations(scene: Scene) -> list[str]:
    """The distinct scenes a scene's exits lead to, in the order written."""
    return list(dict.fromkeys(exit_.to for exit_ in scene.exits))


def _quoted(ids: list[str]) -> str:
    return ", ".join(f"'{key}'" for key in ids)


def branching(module: Module) -> Branching:
    """The count behind the summary line, and the one-way scenes of every act."""
    two_or_more = total = 0
    one_way: list[str] = []
    marked: list[str] = []
    for act in module.acts.values():
        for key in dict.fromkeys(act.scenes):
            scene = module.scenes.get(key)
            if scene is None or ends_act(scene, act):
                continue
            total += 1
            if len(destinations(scene)) >= 2:
                two_or_more += 1
            elif scene.bottleneck:
                marked.append(key)
            else:
                one_way.append(key)
    return Branching(two_or_more, total, tuple(one_way), tuple(marked))


def destination_warnings(module: Module, places: Places) -> Iterator[str]:
    """One-way scenes not marked as bottlenecks, and acts with more than one bottleneck."""
    for act in module.acts.values():
        listed = [module.scenes[key] for key in dict.fromkeys(act.scenes) if key in module.scenes]
        for scene in listed:
            if ends_act(scene, act) or scene.bottleneck:
                continue
            leads_to = destinations(scene)
            if len(leads_to) >= 2:
                continue
            yield (
                f"{places.at('scene', scene.id)}: scene '{scene.id}' leads only to "
                f"'{leads_to[0]}'; "
                "give it a second way on, or mark it 'bottleneck: true' (one per act)"
            )
        marked = [scene.id for scene in listed if scene.bottleneck]
        if len(marked) > 1:
            yield (
                f"{places.at('act', act.id, ('scenes',))}: act '{act.id}' marks "
                f"{len(marked)} scenes 'bottleneck: true' ({_quoted(marked)}); "
                "lint allows one per act: give the others a second way on"
            )
