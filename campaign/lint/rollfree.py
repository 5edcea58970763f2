"""Clues that need no roll: a revelation must not hang on the dice.

For each revelation, at least one clue pointing at it in a scene of the act
that needs it needs no roll; and, unless that act is the module's first, at
least one in a scene of an earlier act does too. A clue needs a roll when it
has a `check:`, or when its `requires:` text names a roll: a ruleset skill or
attribute (by id or name) together with "vs" or one of the ruleset's
difficulties ("Persuasion or Languages vs Tricky"; a d20 "DC 15" counts as a
difficulty). Such a `requires:` is also
an outdated way to write the roll, which now goes in `check:`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from campaign.lint.places import Places
from campaign.model import Clue, Handout, Module, Revelation, Ruleset, Scene

_NOTHING = re.compile(r"(?!)")
"""Matches nothing: a ruleset with no skills or attributes has no roll to name."""


def _words(names: Iterable[str], *, extra: str = "") -> re.Pattern[str]:
    """One pattern matching any of the names (or the `extra` pattern) as whole words,
    in any case."""
    unique = sorted({name.strip() for name in names if name.strip()}, key=len, reverse=True)
    alternatives = [re.escape(name) for name in unique] + ([extra] if extra else [])
    if not alternatives:
        return _NOTHING
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])", re.IGNORECASE)


_DC = r"DC\s*\d{1,4}"
"""A d20 difficulty class by number ('DC 15'): as much a difficulty as a named one."""


@dataclass(frozen=True)
class RollWords:
    """What a `requires:` text must name to read as a roll, from one ruleset."""

    stats: re.Pattern[str]
    """Skills and attributes, by id and name."""
    against: re.Pattern[str]
    """'vs' and the difficulties, by id and name."""
    stat_ids: dict[str, tuple[str, str]]
    """A skill's or attribute's id or name, lowercased -> ('skill' or 'attribute', its id)."""
    difficulty_ids: dict[str, str]
    """A difficulty's id or name, lowercased -> its id."""

    @classmethod
    def of(cls, ruleset: Ruleset) -> RollWords:
        stat_ids: dict[str, tuple[str, str]] = {}
        for attribute in ruleset.attributes:
            for name in (attribute.id, attribute.name):
                stat_ids[name.lower()] = ("attribute", attribute.id)
        for skill in ruleset.skills:  # a skill named like an attribute is read as the skill
            for name in (skill.id, skill.name):
                stat_ids[name.lower()] = ("skill", skill.id)
        difficulty_ids = {
            name.lower(): level.id
            for level in ruleset.difficulties
            for name in (level.id, level.name)
        }
        against = ["vs", "versus", *difficulty_ids]
        targets = {
            level.target: level.id for level in ruleset.difficulties if level.target is not None
        }
        for number, key in targets.items():
            difficulty_ids.setdefault(f"dc {number}", key)
        return cls(_words(stat_ids), _words(against, extra=_DC), stat_ids, difficulty_ids)

    def check_for(self, text: str) -> str:
        """The `check:` a `requires:` text names ('{skill: notice, difficulty: tricky}'),
        or '' when it names more than one skill (or attribute) or difficulty."""
        stats = {self.stat_ids[match.group(0).lower()] for match in self.stats.finditer(text)}
        levels = {
            self._difficulty(match.group(0).lower()) for match in self.against.finditer(text)
        } - {""}
        if len(stats) != 1 or len(levels) > 1:
            return ""
        ((field, key),) = stats
        parts = [f"{field}: {key}", *(f"difficulty: {level}" for level in levels)]
        return "{" + ", ".join(parts) + "}"

    def _difficulty(self, word: str) -> str:
        """A difficulty's id for a word `against` matched ('' for 'vs'); 'DC 15' is the
        difficulty whose target is 15, or 15 itself."""
        number = re.fullmatch(r"dc\s*(\d+)", word)
        if number is not None:
            return self.difficulty_ids.get(f"dc {int(number.group(1))}", str(int(number.group(1))))
        return self.difficulty_ids.get(word, "")

    def names_a_roll(self, text: str) -> bool:
        """Whether `text` names a skill or attribute and 'vs', a difficulty or a DC."""
        return self.stats.search(text) is not None and self.against.search(text) is not None


def needs_roll(clue: Clue, words: RollWords) -> bool:
    """A `check:`, or a roll named in `requires:`."""
    return clue.check is not None or words.names_a_roll(clue.requires)


def _scene_acts(module: Module) -> dict[str, list[int]]:
    """Scene id -> numbers of the acts that list it."""
    found: dict[str, list[int]] = {}
    for act in module.acts.values():
        for key in dict.fromkeys(act.scenes):
            found.setdefault(key, []).append(act.number)
    return found


def _free_clue_acts(module: Module, revelation: Revelation, words: RollWords) -> set[int]:
    """Numbers of the acts with a roll-free clue for the revelation in one of their scenes."""
    scene_acts = _scene_acts(module)
    acts: set[int] = set()
    for scene in module.scenes.values():
        for clue in scene.clues:
            if clue.revelation == revelation.id and not needs_roll(clue, words):
                acts.update(scene_acts.get(scene.id, ()))
    return acts


def rollfree_warnings(module: Module, places: Places) -> Iterator[str]:
    """Revelations with no roll-free clue in their act, or none in an earlier act."""
    if not module.acts:
        return
    words = RollWords.of(module.ruleset)
    first = min(act.number for act in module.acts.values())
    for revelation in module.revelations.values():
        act = module.acts.get(revelation.act)
        if act is None:
            continue
        free = _free_clue_acts(module, revelation, words)
        where = f"{places.at('revelation', revelation.id)}: revelation '{revelation.id}'"
        if act.number not in free:
            yield (
                f"{where}: no clue in act {act.number} ('{act.id}'), which needs it, is found "
                "without a roll; give one of its scenes a clue with no 'check:' (and no roll "
                "in 'requires')"
            )
        if act.number != first and not any(number < act.number for number in free):
            yield (
                f"{where}: no clue in an act before act {act.number} is found without a "
                "roll; give a scene of an earlier act a clue with no 'check:' (and no roll "
                "in 'requires')"
            )


def _clue_homes(module: Module) -> Iterator[tuple[str, Scene | Handout]]:
    for scene in module.scenes.values():
        yield "scene", scene
    for handout in module.handouts.values():
        yield "handout", handout


def roll_in_requires_warnings(module: Module, places: Places) -> Iterator[str]:
    """Clues whose `requires:` names a roll: the roll belongs in `check:` now."""
    words = RollWords.of(module.ruleset)
    for kind, home in _clue_homes(module):
        for index, clue in enumerate(home.clues):
            if words.names_a_roll(clue.requires):
                where = places.at(kind, home.id, ("clues", index, "requires"))
                check = words.check_for(clue.requires)
                offer = f": check: {check}" if check else ""
                yield (
                    f"{where}: clue '{clue.id}' carries its roll in 'requires'; "
                    f"move it to 'check:' (skill, difficulty){offer}"
                )


def clue_counts(module: Module) -> tuple[int, int]:
    """(clues that need no roll, all clues), in scenes and handouts."""
    words = RollWords.of(module.ruleset)
    clues = [clue for clue, _ in module.clues()]
    return sum(not needs_roll(clue, words) for clue in clues), len(clues)
