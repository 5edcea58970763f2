"""What `campaign lint` reports: the result records, the whole report, and its JSON shape.

Every other lint module fills these records; `campaign.lint.text` prints them.
The few formatting helpers here (`fraction_text`, `shorten`) are shared by the
finders and both renderings, so they live with the records they describe.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from campaign.lint.destinations import Branching
from campaign.lint.fights import FightOdds

RARE = Fraction(1, 100)
"""Entries less likely than this are reported as rare."""

CLUES_WANTED = 3
"""The three clue rule: every conclusion the players must reach gets at least three clues."""


def fraction_text(value: Fraction) -> str:
    """Fraction(1, 6) -> '1/6'; always 'p/q', so 0 is '0/1' and certainty '1/1'."""
    return f"{value.numerator}/{value.denominator}"


def shorten(text: str, width: int = 48) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# --- results -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryOdds:
    """One table entry and its chance of coming up."""

    number: int
    """1-based position in the table."""
    range: str
    """The entry's range as written ('2-4'), or '' for a weighted entry."""
    weight: int | None
    result: str
    probability: float
    exact: Fraction | None
    """The exact chance, or None when the die's odds could only be estimated."""

    @property
    def never(self) -> bool:
        return self.probability == 0

    @property
    def rare(self) -> bool:
        if self.never:
            return False
        if self.exact is not None:
            return self.exact < RARE
        return self.probability < float(RARE)


@dataclass(frozen=True, slots=True)
class TableOdds:
    """A table's die and the chance of each of its entries."""

    id: str
    title: str
    die: str
    weighted: bool
    exact: bool
    entries: tuple[EntryOdds, ...]
    uncovered: float = 0.0
    """Chance of a total no entry's range covers (the roller then takes the nearest entry)."""


@dataclass(frozen=True, slots=True)
class PCChance:
    """One pregen's chances at one check."""

    pc: str
    bonus: int
    """What the pregen's attribute and skill add to the roll (as its template names them)."""
    roll: str
    """The check template filled in for this pregen ('no roll' for a sure thing)."""
    success: float
    """Chance of a success or better."""
    partial: float
    """Chance of a partial success (0 when the ruleset has no partial tier)."""
    shown: str = ""
    """The pregen's number as the table reads it: '+3', '5 dice', '45' (roll-under), 'no roll'."""


@dataclass(frozen=True, slots=True)
class CheckOdds:
    """A check in a scene and every pregen's chance at it."""

    scene: str
    act: str
    where: str
    """Where in the scene: 'checks[0]' or 'set_piece.stages[1].checks[0]'."""
    stage: str
    """The set-piece stage's title, or '' for a scene check."""
    task: str
    rolled: str
    """What is rolled, in words ('Strength + Athletics')."""
    difficulty: str
    """The difficulty's name, or '' for a bare number."""
    target: int | None
    chances: tuple[PCChance, ...]
    against: str = ""
    """What it is rolled against, as the table says it ('Hard 15', 'bands'); '' for none."""


@dataclass(frozen=True, slots=True)
class Unused:
    """Documents nothing in the module points at."""

    npcs: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    handouts: tuple[str, ...] = ()
    clocks: tuple[str, ...] = ()

    def items(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        yield "npcs", self.npcs
        yield "tables", self.tables
        yield "handouts", self.handouts
        yield "clocks", self.clocks


@dataclass(frozen=True, slots=True)
class RevelationClues:
    """How many clues point at a revelation, and how many can be found in time."""

    id: str
    act: str
    act_number: int
    clues: int
    in_time: int
    """Clues in scenes of the revelation's act or earlier (reached by some exit), or in
    handouts given by then or given in no scene at all."""
    places: int
    """Distinct scenes and handouts the clues sit in."""
    late: tuple[str, ...] = ()
    """Clues found only after the act that needs them, or in scenes no exit reaches:
    not a problem while enough others are found in time."""
    problems: tuple[str, ...] = ()


@dataclass
class LintReport:
    """Everything `campaign lint` found in one module."""

    module: str
    title: str
    path: str
    tables: list[TableOdds] = field(default_factory=list)
    checks: list[CheckOdds] = field(default_factory=list)
    unused: Unused = Unused()
    unreachable_scenes: list[str] = field(default_factory=list)
    revelations: list[RevelationClues] = field(default_factory=list)
    fights: list[FightOdds] = field(default_factory=list)
    branching: Branching = field(default_factory=Branching)
    """Scenes that do not end an act, and how many lead to two or more scenes."""
    roll_free_clues: tuple[int, int] = (0, 0)
    """Clues that need no roll, and all clues."""
    variants: int = 0
    """Read-aloud variants, over every scene."""
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `campaign lint --json`."""
        return {
            "module": self.module,
            "title": self.title,
            "path": self.path,
            "tables": [_table_dict(table) for table in self.tables],
            "checks": [_check_dict(check) for check in self.checks],
            "unused": {kind: list(ids) for kind, ids in self.unused.items()},
            "unreachable_scenes": list(self.unreachable_scenes),
            "revelations": [_revelation_dict(item) for item in self.revelations],
            "fights": [_fight_dict(fight) for fight in self.fights],
            "branching": {
                "two_or_more": self.branching.two_or_more,
                "scenes": self.branching.scenes,
                "one_way": list(self.branching.one_way),
                "bottlenecks": list(self.branching.bottlenecks),
            },
            "clues": {"roll_free": self.roll_free_clues[0], "all": self.roll_free_clues[1]},
            "variants": self.variants,
            "warnings": list(self.warnings),
            "errors": list(self.errors),
        }


def lint_errors(lines: Sequence[str], module: str, path: str) -> LintReport:
    """The report of a module that did not load: only errors."""
    return LintReport(module=module, title="", path=path, errors=list(lines))


# --- JSON shape -------------------------------------------------------------------


def _fight_dict(fight: FightOdds) -> dict[str, Any]:
    win = fight.agents_win
    return {
        "scene": fight.scene,
        "where": fight.where,
        "agents_win": None if win is None else {"p": win[0], "low": win[1], "high": win[2]},
        "band": list(fight.band) if fight.band else None,
        "deadly": fight.deadly,
        "problem": fight.problem or None,
    }


def _table_dict(table: TableOdds) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": table.id,
        "title": table.title,
        "die": table.die,
        "weighted": table.weighted,
        "exact": table.exact,
        "entries": [
            {
                "entry": entry.number,
                "range": entry.range or None,
                "weight": entry.weight,
                "result": entry.result,
                "probability": entry.probability,
                "exact": fraction_text(entry.exact) if entry.exact is not None else None,
            }
            for entry in table.entries
        ],
        "never": [entry.number for entry in table.entries if entry.never],
        "rare": [entry.number for entry in table.entries if entry.rare],
    }
    if table.uncovered:
        data["uncovered"] = table.uncovered
    return data


def _check_dict(check: CheckOdds) -> dict[str, Any]:
    return {
        "scene": check.scene,
        "act": check.act,
        "where": check.where,
        "stage": check.stage or None,
        "task": check.task,
        "rolled": check.rolled,
        "difficulty": check.difficulty or None,
        "target": check.target,
        "against": check.against or None,
        "pcs": {
            chance.pc: {
                "bonus": chance.bonus,
                "shown": chance.shown,
                "roll": chance.roll,
                "success": chance.success,
                "partial": chance.partial,
            }
            for chance in check.chances
        },
    }


def _revelation_dict(item: RevelationClues) -> dict[str, Any]:
    return {
        "id": item.id,
        "act": item.act,
        "clues": item.clues,
        "in_time": item.in_time,
        "places": item.places,
        "late": list(item.late),
        "problems": list(item.problems),
    }
