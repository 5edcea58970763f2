"""Whether a condition (`campaign.model.When`) holds, from what a session has recorded.

`facts_of` gathers what conditions can ask about (outcomes, with each
outcome's default standing in until one is recorded; clues found; clock
segments; alternatives taken; handouts given; NPC fates, 'alive' until one is
recorded); `holds` answers a condition; `read_aloud_for` picks the text a
scene's arrival reads: its first variant that holds, else its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from campaign.model import Module, ReadAloudVariant, Scene, When
from campaign.session.continuity import record_of
from campaign.session.state import SessionState


@dataclass(frozen=True)
class Facts:
    """What a session has recorded, as conditions read it."""

    outcomes: Mapping[str, str]
    clues: frozenset[str]
    clocks: Mapping[str, int]
    alternatives: frozenset[str]
    handouts: frozenset[str]
    fates: Mapping[str, str]


def facts_of(state: SessionState, module: Module) -> Facts:
    """The facts of a session's state for a module (outcome defaults from the module)."""
    record = record_of(state)
    outcomes = {
        outcome.id: outcome.default
        for act in module.acts.values()
        for outcome in act.outcomes
        if outcome.default is not None
    }
    outcomes.update(record.outcomes)
    return Facts(
        outcomes=outcomes,
        clues=frozenset(record.clues),
        clocks={clock_id: value.filled for clock_id, value in state.clocks.items()},
        alternatives=frozenset(item["path"] for item in record.alternatives),
        handouts=frozenset(record.handouts),
        fates={npc: str(entry.get("fate") or "alive") for npc, entry in record.fates.items()},
    )


def holds(when: When, facts: Facts) -> bool:
    """Whether the condition holds for these facts."""
    if when.outcome is not None:
        return facts.outcomes.get(when.outcome) == when.option
    if when.clue is not None:
        return when.clue in facts.clues
    if when.clock is not None:
        return facts.clocks.get(when.clock, 0) >= (when.at_least or 0)
    if when.alternative is not None:
        return when.alternative in facts.alternatives
    if when.handout is not None:
        return when.handout in facts.handouts
    if when.npc is not None:
        return facts.fates.get(when.npc, "alive") == when.fate
    if when.not_ is not None:
        return not holds(when.not_, facts)
    if when.any is not None:
        return any(holds(part, facts) for part in when.any)
    return all(holds(part, facts) for part in when.all or ())


def read_aloud_for(scene: Scene, facts: Facts) -> tuple[str, ReadAloudVariant | None]:
    """The read-aloud for this scene now: its first variant that holds, else its own."""
    for variant in scene.variants:
        if holds(variant.when, facts):
            return variant.read_aloud, variant
    return scene.read_aloud, None
