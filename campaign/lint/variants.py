"""Read-aloud variants whose condition can never hold when their scene is played.

Acts are played in order, so while a scene of act N is played:

- an outcome of a later act is not recorded yet: it reads as its `default`
  (and as nothing when it has none). An outcome of act N itself or an
  earlier one may hold any of its options (a GM may record one early);
- an alternative path of a later act has not been taken;
- a clue found only in later acts' scenes (or in handouts given only there)
  has not been found, and a handout given only in later acts' scenes has not
  been given;
- a clock holds 0 to its segments; an NPC may have any fate.

A condition is judged by trying every combination of the values its tests can
tell apart (each outcome's options, each clock's thresholds, each NPC's fates
named). It is reported only when no combination makes it hold, so a warning
is never about a condition that can hold. Two reasons are told apart: a
condition that contradicts itself whenever it is read (two options of one
outcome in an `all:`, a `not:` of something always true) and one that only
the order of the acts rules out. A scene no act lists has no place in that
order: only self-contradiction is reported for it. A condition with too many
combinations to try is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product

from campaign.lint.places import Places
from campaign.model import Module, Scene, When
from campaign.model.when import Fate

MAX_COMBINATIONS = 4096
"""Conditions with more combinations of values than this are not judged."""

_UNSET = ""
"""An outcome with nothing recorded and no default: no option holds."""
_OTHER = "\0other"
"""A value no test names (another option, another fate)."""
FATES: tuple[Fate, ...] = ("alive", "dead", "captured", "allied", "missing")

Atom = tuple[str, str]
"""A thing a condition asks about: (kind, id), e.g. ('outcome', 'pushkin-order')."""
Value = str | int | bool


def atoms(when: When) -> Iterator[tuple[Atom, Value | None]]:
    """The things a condition asks about, each with the value its test names
    (the option, the threshold, the fate; None for a yes-or-no test)."""
    if when.outcome is not None:
        yield ("outcome", when.outcome), when.option
    elif when.clock is not None:
        yield ("clock", when.clock), when.at_least
    elif when.npc is not None:
        yield ("npc", when.npc), when.fate
    for kind in ("clue", "alternative", "handout"):
        key = getattr(when, kind)
        if key is not None:
            yield (kind, key), None
    for part in (when.not_, *(when.any or ()), *(when.all or ())):
        if part is not None:
            yield from atoms(part)


def holds(when: When, values: dict[Atom, Value]) -> bool:
    """Whether the condition holds when each thing it asks about has this value."""
    if when.outcome is not None:
        return values[("outcome", when.outcome)] == when.option
    if when.clock is not None:
        filled = values[("clock", when.clock)]
        return isinstance(filled, int) and filled >= (when.at_least or 0)
    if when.npc is not None:
        return values[("npc", when.npc)] == when.fate
    for kind in ("clue", "alternative", "handout"):
        key = getattr(when, kind)
        if key is not None:
            return values[(kind, key)] is True
    if when.not_ is not None:
        return not holds(when.not_, values)
    if when.any is not None:
        return any(holds(part, values) for part in when.any)
    return all(holds(part, values) for part in when.all or ())


@dataclass
class Timeline:
    """When things can first happen, by act number, for one module."""

    outcome_act: dict[str, int] = field(default_factory=dict)
    outcome_options: dict[str, list[str]] = field(default_factory=dict)
    outcome_default: dict[str, str | None] = field(default_factory=dict)
    alternative_act: dict[str, int] = field(default_factory=dict)
    clue_act: dict[str, int | None] = field(default_factory=dict)
    """Earliest act a clue can be found in; None when it can be found at any time."""
    handout_act: dict[str, int | None] = field(default_factory=dict)
    """Earliest act a handout is given in; None when it can be given at any time."""
    clock_segments: dict[str, int] = field(default_factory=dict)
    scene_act: dict[str, int] = field(default_factory=dict)
    """The latest act that lists a scene (the latest it can be played)."""


def _earliest(acts: list[int | None]) -> int | None:
    """The earliest of some acts; None (any time) if any of them is."""
    if not acts or None in acts:
        return None
    return min(act for act in acts if act is not None)


def timeline(module: Module) -> Timeline:
    """Every outcome, alternative, clue, handout and clock placed in the order of the acts."""
    line = Timeline(clock_segments={key: clock.segments for key, clock in module.clocks.items()})
    listed: dict[str, list[int]] = {}
    for act in module.acts.values():
        for key in act.scenes:
            listed.setdefault(key, []).append(act.number)
        for outcome in act.outcomes:
            line.outcome_act.setdefault(outcome.id, act.number)
            line.outcome_options[outcome.id] = [option.id for option in outcome.options]
            line.outcome_default[outcome.id] = outcome.default
        for path in act.alternatives:
            line.alternative_act.setdefault(path.id, act.number)
    line.scene_act = {key: max(numbers) for key, numbers in listed.items()}
    scene_first: dict[str, int | None] = {
        key: (min(listed[key]) if key in listed else None) for key in module.scenes
    }
    given: dict[str, list[int | None]] = {}
    for scene in module.scenes.values():
        for key in scene.handouts:
            given.setdefault(key, []).append(scene_first[scene.id])
    pc_handouts = {pc.handout for pc in module.pcs.values() if pc.handout}
    for key in module.handouts:
        # Given in no scene (or to a pregen): the GM may hand it over at any time.
        line.handout_act[key] = None if key in pc_handouts else _earliest(given.get(key, []))
    found: dict[str, list[int | None]] = {}
    for clue, home in module.clues():
        when = scene_first[home.id] if isinstance(home, Scene) else line.handout_act[home.id]
        found.setdefault(clue.id, []).append(when)
    line.clue_act = {key: _earliest(acts) for key, acts in found.items()}
    return line


@dataclass
class _Judge:
    """The values each thing can take while a scene of act `act` is played (any act: None)."""

    line: Timeline
    act: int | None
    reasons: dict[Atom, str] = field(default_factory=dict)
    """Why a thing is held back by the order of the acts, for the warning."""

    def later(self, first: int | None) -> bool:
        return self.act is not None and first is not None and first > self.act

    def _outcome(self, key: str, named: set[Value]) -> list[Value] | None:
        options = self.line.outcome_options.get(key)
        if options is None:
            return None
        default = self.line.outcome_default.get(key)
        first = self.line.outcome_act[key]
        if self.later(first):
            shown = f"its default '{default}'" if default else "no option (it has no default)"
            self.reasons[("outcome", key)] = (
                f"outcome '{key}' is recorded at the end of act {first} and reads as {shown} "
                "until then"
            )
            return [default or _UNSET]
        values: list[Value] = [option for option in options if option in named]
        if len(values) < len(options):
            values.append(_OTHER)
        return values if default else [*values, _UNSET]

    def _flag(self, kind: str, key: str) -> list[Value] | None:
        firsts: dict[str, int | None]
        if kind == "clue":
            firsts = self.line.clue_act
        elif kind == "handout":
            firsts = self.line.handout_act
        else:
            firsts = dict(self.line.alternative_act)
        if key not in firsts:
            return None
        first = firsts[key]
        if not self.later(first):
            return [False, True]
        self.reasons[(kind, key)] = (
            f"alternative '{key}' belongs to act {first}"
            if kind == "alternative"
            else f"{kind} '{key}' is {'found' if kind == 'clue' else 'given'} "
            f"only from act {first} on"
        )
        return [False]

    def values(self, atom: Atom, named: set[Value]) -> list[Value] | None:
        """What one thing can be; None when the module does not know it (not judged)."""
        kind, key = atom
        if kind == "outcome":
            return self._outcome(key, named)
        if kind == "clock":
            segments = self.line.clock_segments.get(key)
            if segments is None:
                return None
            return [0, *sorted({v for v in named if isinstance(v, int) and 0 < v <= segments})]
        if kind == "npc":
            fates: list[Value] = [fate for fate in FATES if fate in named]
            return fates + ([_OTHER] if len(fates) < len(FATES) else [])
        return self._flag(kind, key)

    def can_hold(self, when: When) -> bool | None:
        """Whether some combination of values makes it hold; None when it is not judged."""
        named: dict[Atom, set[Value]] = {}
        for atom, value in atoms(when):
            named.setdefault(atom, set())
            if value is not None:
                named[atom].add(value)
        choices: list[list[Value]] = []
        size = 1
        for atom, values_named in named.items():
            values = self.values(atom, values_named)
            if values is None:
                return None
            choices.append(values)
            size *= len(values)
            if size > MAX_COMBINATIONS:
                return None
        keys = list(named)
        return any(holds(when, dict(zip(keys, combo, strict=True))) for combo in product(*choices))


def _never(scene: Scene, index: int, line: Timeline) -> str | None:
    """Why a variant's condition can never hold when its scene is played, or None."""
    when = scene.variants[index].when
    anytime = _Judge(line, None)
    if anytime.can_hold(when) is not False:
        act = line.scene_act.get(scene.id)
        if act is None:
            return None
        timed = _Judge(line, act)
        if timed.can_hold(when) is not False:
            return None
        involved = {atom for atom, _ in atoms(when)}
        why = [reason for atom, reason in timed.reasons.items() if atom in involved]
        return f" while act {act} is played: " + "; ".join(why)
    return ": it contradicts itself"


def variant_warnings(module: Module, places: Places) -> Iterator[str]:
    """One warning per read-aloud variant whose condition can never hold."""
    line = timeline(module)
    for scene in module.scenes.values():
        for index, variant in enumerate(scene.variants):
            why = _never(scene, index, line)
            if why is None:
                continue
            where = places.at("scene", scene.id, ("variants", index, "when"))
            label = f" ('{variant.label}')" if variant.label else ""
            yield (f"{where}: scene '{scene.id}': variant {index + 1}{label} can never hold{why}")
