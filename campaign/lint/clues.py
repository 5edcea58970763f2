"""The three clue rule: revelations with fewer than three clues, or fewer than three
that can be found by the act that needs them, or all of them in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from campaign.lint.reach import reachable_scenes
from campaign.lint.report import CLUES_WANTED, RevelationClues
from campaign.model import Handout, Module, Scene
from campaign.wording import plural

Placed = tuple[str, Scene | Handout]
"""A clue's id and the scene or handout it sits in."""


@dataclass
class _Timing:
    """A revelation's clues sorted by when they can be found."""

    in_time: int = 0
    late: list[str] = field(default_factory=list)
    """Found only after the act that needs them."""
    stranded: list[str] = field(default_factory=list)
    """In scenes no exit reaches."""


def _act_numbers(module: Module) -> dict[str, int]:
    """Scene id -> the number of the act that lists it."""
    return {scene: act.number for act in module.acts.values() for scene in act.scenes}


def _handout_acts(module: Module) -> dict[str, list[int]]:
    """Handout id -> numbers of the acts whose scenes give it out."""
    acts = _act_numbers(module)
    given: dict[str, list[int]] = {}
    for scene in module.scenes.values():
        for handout in scene.handouts:
            given.setdefault(handout, []).append(acts.get(scene.id, 0))
    return given


def _timing(
    clues: Sequence[Placed],
    needed_by: int,
    reached: set[str],
    scene_acts: dict[str, int],
    handout_acts: dict[str, list[int]],
) -> _Timing:
    timing = _Timing()
    for clue_id, container in clues:
        if isinstance(container, Scene):
            if scene_acts.get(container.id, 0) > needed_by:
                timing.late.append(f"{clue_id} (scene {container.id})")
            elif container.id not in reached:
                timing.stranded.append(f"{clue_id} (scene {container.id})")
            else:
                timing.in_time += 1
        else:
            given = handout_acts.get(container.id)
            if given and min(given) > needed_by:
                timing.late.append(f"{clue_id} (handout {container.id})")
            else:
                timing.in_time += 1
    return timing


def _problems(clues: Sequence[Placed], timing: _Timing, needed_by: int, places: int) -> list[str]:
    """What breaks the rule, worst first."""
    problems: list[str] = []
    act_label = f"act {needed_by}"
    elsewhere = ", ".join(
        [
            *(f"{item} after {act_label}" for item in timing.late),
            *(f"{item} unreached" for item in timing.stranded),
        ]
    )
    if len(clues) < CLUES_WANTED:
        problems.append(
            f"{plural(len(clues), 'clue')}; "
            f"the three clue rule wants at least {CLUES_WANTED}"
        )
    if clues and timing.in_time == 0:
        problems.append(f"no clue can be found by {act_label}, which needs it: {elsewhere}")
    elif len(clues) >= CLUES_WANTED and timing.in_time < CLUES_WANTED:
        problems.append(
            f"only {timing.in_time} of {len(clues)} clues can be found by {act_label}, "
            f"which needs it; the rest: {elsewhere}"
        )
    if len(clues) >= CLUES_WANTED and places == 1:
        _, container = clues[0]
        problems.append(
            f"every clue is in one place ({type(container).__name__.lower()} "
            f"{container.id}); miss it and all are missed"
        )
    return problems


def revelation_clues(module: Module, reached: set[str] | None = None) -> list[RevelationClues]:
    """For each revelation: its clues, those found in time, and what breaks the rule."""
    if reached is None:
        reached = reachable_scenes(module)
    scene_acts = _act_numbers(module)
    handout_acts = _handout_acts(module)
    found: list[RevelationClues] = []
    for revelation in module.revelations.values():
        act = module.acts.get(revelation.act)
        needed_by = act.number if act else 0
        clues: list[Placed] = [
            (clue.id, container)
            for clue, container in module.clues()
            if clue.revelation == revelation.id
        ]
        timing = _timing(clues, needed_by, reached, scene_acts, handout_acts)
        places = len({(type(container).__name__, container.id) for _, container in clues})
        found.append(
            RevelationClues(
                id=revelation.id,
                act=revelation.act,
                act_number=needed_by,
                clues=len(clues),
                in_time=timing.in_time,
                places=places,
                late=tuple(timing.late + timing.stranded),
                problems=tuple(_problems(clues, timing, needed_by, places)),
            )
        )
    return found
