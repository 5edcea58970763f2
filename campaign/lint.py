"""`campaign lint`: what a module's author should look at before the table does.

Validation (the loader) says whether a module can be played; lint says how it
will play. It reads a loaded `Module` and reports:

- tables: the exact chance of every entry under its die (the dice engine's
  exact odds, summed over the entry's range; weight / total for a weighted
  table), entries that can never come up, entries under 1 %, and ranges that
  reach past what the die can roll;
- checks: for every scene check (and set-piece stage check), each pregen's
  chance of a success or better and of a partial, with the pregen's own
  attribute and skill put into the ruleset's check template
  (`campaign.characters` fills it, `campaign.checks` reads the tiers);
- unused NPCs, tables, handouts and clocks;
- scenes no exit reaches;
- the three clue rule: revelations with fewer than three clues, or fewer than
  three that can be found by the act that needs them.

Everything lint finds is a warning: the module loads and can be played. The
only errors are the loader's problems (`campaign lint` prints them and exits
2, as `campaign validate` does). No Textual here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from campaign.characters import fill_scene_check
from campaign.checks import check_rolled, check_target, success_chance, tier_odds
from campaign.dice import compile as compile_dice
from campaign.dice import odds
from campaign.model import Check, Handout, Module, RandomTable, Ruleset, Scene, StatBlock
from campaign.model.tables import INLINE_REFERENCE, format_ranges

RARE = Fraction(1, 100)
"""Entries less likely than this are reported as rare."""

CLUES_WANTED = 3
"""The three clue rule: every conclusion the players must reach gets at least three clues."""

_MAX_RANGE_WIDTH = 10_000
"""Ranges wider than this are not searched for results the die cannot roll."""


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
    """What the pregen's attribute and skill add to the roll."""
    roll: str
    """The check template filled in for this pregen."""
    success: float
    """Chance of a success or better."""
    partial: float
    """Chance of a partial success (0 when the ruleset has no partial tier)."""


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
            "warnings": list(self.warnings),
            "errors": list(self.errors),
        }


def fraction_text(value: Fraction) -> str:
    """Fraction(1, 6) -> '1/6'; always 'p/q', so 0 is '0/1' and certainty '1/1'."""
    return f"{value.numerator}/{value.denominator}"


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
        "pcs": {
            chance.pc: {
                "bonus": chance.bonus,
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


# --- tables ----------------------------------------------------------------------


def _short(text: str, width: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def table_odds(table: RandomTable) -> TableOdds:
    """The exact chance of each entry of a table under its die."""
    if table.weighted:
        total = sum(entry.weight or 1 for entry in table.entries)
        entries = tuple(
            EntryOdds(
                number=index + 1,
                range="",
                weight=entry.weight or 1,
                result=_short(entry.result),
                probability=float(Fraction(entry.weight or 1, total)),
                exact=Fraction(entry.weight or 1, total),
            )
            for index, entry in enumerate(table.entries)
        )
        return TableOdds(table.id, table.title, table.die, True, True, entries)
    outcome = odds(table.die)
    fractions = outcome.fractions
    claimed: set[int] = set()
    found: list[EntryOdds] = []
    for index, entry in enumerate(table.entries):
        bounds = entry.bounds
        assert bounds is not None  # a ranged table: every entry has a range
        low, high = bounds
        # An overlap is a load error, so each total belongs to one entry at most.
        totals = [total for total in outcome.distribution if low <= total <= high]
        claimed.update(totals)
        exact = (
            sum((fractions[total] for total in totals), Fraction(0))
            if fractions is not None
            else None
        )
        probability = (
            float(exact)
            if exact is not None
            else sum(outcome.distribution[total] for total in totals)
        )
        found.append(
            EntryOdds(
                number=index + 1,
                range=str(entry.range),
                weight=None,
                result=_short(entry.result),
                probability=probability,
                exact=exact,
            )
        )
    uncovered = sum(p for total, p in outcome.distribution.items() if total not in claimed)
    return TableOdds(
        table.id, table.title, table.die, False, outcome.exact, tuple(found), uncovered
    )


def _impossible_parts(table: RandomTable) -> Iterator[tuple[int, list[int]]]:
    """(entry number, results in its range the die cannot roll) for entries that
    can come up but whose range reaches past the die (d66 has no 17-20)."""
    if table.weighted:
        return
    support = compile_dice(table.die).support()
    if support is None:
        return
    possible = set(support)
    for index, entry in enumerate(table.entries):
        bounds = entry.bounds
        assert bounds is not None
        low, high = bounds
        if high - low > _MAX_RANGE_WIDTH:
            continue
        missing = [value for value in range(low, high + 1) if value not in possible]
        if missing and len(missing) < high - low + 1:
            yield index + 1, missing


def _table_warnings(table: RandomTable, result: TableOdds) -> Iterator[str]:
    for entry in result.entries:
        label = f"table {table.id}: entry {entry.number}"
        if entry.range:
            label += f" ({entry.range})"
        if entry.never:
            expression = compile_dice(table.die)
            yield (
                f"{label} can never come up: {table.die} rolls {expression.min}-{expression.max}"
            )
        elif entry.rare:
            chance = fraction_text(entry.exact) if entry.exact is not None else "~"
            yield f"{label} comes up less than 1% of the time ({chance})"
    for number, missing in _impossible_parts(table):
        yield (
            f"table {table.id}: entry {number} ({table.entries[number - 1].range}): "
            f"{table.die} cannot roll {format_ranges(missing)}"
        )
    if result.uncovered:
        yield (
            f"table {table.id}: {result.uncovered:.1%} of {table.die} rolls fall in no "
            "entry's range (the nearest entry is taken)"
        )


# --- checks ----------------------------------------------------------------------


def character_bonus(ruleset: Ruleset, check: Check, block: StatBlock) -> int:
    """What a character adds to a check: its attribute (the d20 modifier of an ability
    score when the ruleset says so) plus its skill, as `campaign.characters` fills them."""
    return fill_scene_check(ruleset, block, check).bonus


def _scene_checks(scene: Scene) -> Iterator[tuple[str, str, Check]]:
    """(where, stage title, check) for a scene's checks and its set piece's."""
    for index, check in enumerate(scene.checks):
        yield f"checks[{index}]", "", check
    if scene.set_piece is not None:
        for stage_index, stage in enumerate(scene.set_piece.stages):
            for index, check in enumerate(stage.checks):
                yield f"set_piece.stages[{stage_index}].checks[{index}]", stage.title, check


def check_chances(module: Module, check: Check) -> tuple[PCChance, ...]:
    """Every pregen's chance of success (or better) and of a partial at a check.

    Each pregen's own roll (`campaign.characters` fills the ruleset's check
    template with its numbers) is read tier by tier by `campaign.checks`.
    """
    ruleset = module.ruleset
    target = check_target(ruleset, check)
    if target is None:
        return ()
    tiers = [(tier.id, tier.min_margin) for tier in ruleset.check.results]
    chances: list[PCChance] = []
    for pc in module.pcs.values():
        filled = fill_scene_check(ruleset, pc, check)
        by_tier = tier_odds(
            odds(filled.expression).distribution,
            target.number,
            tiers,
            roll_under=ruleset.check.mode == "roll-under",
        )
        chances.append(
            PCChance(
                pc=pc.id,
                bonus=filled.bonus,
                roll=filled.expression,
                success=success_chance(by_tier),
                partial=by_tier.get("partial", 0.0),
            )
        )
    return tuple(chances)


def all_check_odds(module: Module) -> list[CheckOdds]:
    found: list[CheckOdds] = []
    for scene in module.scenes.values():
        act = module.act_of_scene(scene.id)
        for where, stage, check in _scene_checks(scene):
            target = check_target(module.ruleset, check)
            found.append(
                CheckOdds(
                    scene=scene.id,
                    act=act.id if act else "",
                    where=where,
                    stage=stage,
                    task=check.task,
                    rolled=check_rolled(module.ruleset, check),
                    difficulty=target.name if target else "",
                    target=target.number if target else None,
                    chances=check_chances(module, check) if target else (),
                )
            )
    return found


def _check_warnings(module: Module, checks: Sequence[CheckOdds]) -> Iterator[str]:
    if checks and not module.pcs:
        yield "no pregens (pcs): the checks' odds are worked out per pregen"
    for check in checks:
        where = f"scene {check.scene}: {check.where} ({_short(check.task, 40)})"
        if check.target is None:
            yield f"{where}: no difficulty, and the ruleset has no default_difficulty"
        elif check.chances and all(chance.success == 0 for chance in check.chances):
            yield f"{where}: no pregen can succeed"


# --- what points at what -----------------------------------------------------------


def _inline_targets(text: str, kind: str) -> Iterator[str]:
    for match in INLINE_REFERENCE.finditer(text):
        name, _, target = match.group(1).strip().partition(":")
        if target and name == kind:
            yield target.strip()


def find_unused(module: Module) -> Unused:
    """NPCs, tables, handouts and clocks nothing points at."""
    npcs: set[str] = set()
    tables: set[str] = set()
    handouts: set[str] = set()
    clocks: set[str] = set()
    for clue, _ in module.clues():
        if clue.source.npc:
            npcs.add(clue.source.npc)
        if clue.source.handout:
            handouts.add(clue.source.handout)
    for scene in module.scenes.values():
        npcs.update(bring.npc for bring in scene.npcs)
        tables.update(scene.tables)
        handouts.update(scene.handouts)
        clocks.update(scene.clocks)
        for _, _, check in _scene_checks(scene):
            clocks.update(tick.clock for tick in check.ticks)
        if scene.set_piece is not None:
            if scene.set_piece.table:
                tables.add(scene.set_piece.table)
            if scene.set_piece.clock:
                clocks.add(scene.set_piece.clock)
    for act in module.acts.values():
        clocks.update(act.clocks)
    for table in module.tables.values():
        for entry in table.entries:
            npcs.update(bring.npc for bring in entry.npcs)
            npcs.update(_inline_targets(entry.result, "npc"))
            others = [*_inline_targets(entry.result, "table")]
            if entry.table:
                others.append(entry.table)
            tables.update(other for other in others if other != table.id)
    for handout in module.handouts.values():
        if handout.npc:
            npcs.add(handout.npc)
    for pc in module.pcs.values():
        if pc.handout:
            handouts.add(pc.handout)
    return Unused(
        npcs=tuple(key for key in module.npcs if key not in npcs),
        tables=tuple(key for key in module.tables if key not in tables),
        handouts=tuple(key for key in module.handouts if key not in handouts),
        clocks=tuple(key for key in module.clocks if key not in clocks),
    )


def reachable_scenes(module: Module) -> set[str]:
    """Scenes play can reach: the start, each act's first scene, and every scene an exit
    leads to from those (across acts)."""
    starts = [module.start_scene.id, *(act.scenes[0] for act in module.acts.values())]
    seen: set[str] = set()
    queue = deque(scene for scene in starts if scene in module.scenes)
    while queue:
        key = queue.popleft()
        if key in seen:
            continue
        seen.add(key)
        for exit_ in module.scenes[key].exits:
            if exit_.to in module.scenes and exit_.to not in seen:
                queue.append(exit_.to)
    return seen


def unreachable_scenes(module: Module) -> list[str]:
    """Scenes no exit reaches (in act order)."""
    reached = reachable_scenes(module)
    ordered = [scene for act in module.acts.values() for scene in act.scenes]
    ordered += [scene for scene in module.scenes if scene not in ordered]
    return [scene for scene in ordered if scene in module.scenes and scene not in reached]


# --- the three clue rule -------------------------------------------------------------


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
        clues: list[tuple[str, Scene | Handout]] = [
            (clue.id, container)
            for clue, container in module.clues()
            if clue.revelation == revelation.id
        ]
        late: list[str] = []
        stranded: list[str] = []
        in_time = 0
        for clue_id, container in clues:
            if isinstance(container, Scene):
                if scene_acts.get(container.id, 0) > needed_by:
                    late.append(f"{clue_id} (scene {container.id})")
                elif container.id not in reached:
                    stranded.append(f"{clue_id} (scene {container.id})")
                else:
                    in_time += 1
            else:
                given = handout_acts.get(container.id)
                if given and min(given) > needed_by:
                    late.append(f"{clue_id} (handout {container.id})")
                else:
                    in_time += 1
        places = len({(type(container).__name__, container.id) for _, container in clues})
        problems: list[str] = []
        act_label = f"act {needed_by}"
        elsewhere = ", ".join(
            [
                *(f"{item} after {act_label}" for item in late),
                *(f"{item} unreached" for item in stranded),
            ]
        )
        if len(clues) < CLUES_WANTED:
            problems.append(
                f"{len(clues)} clue{'s' if len(clues) != 1 else ''}; "
                f"the three clue rule wants at least {CLUES_WANTED}"
            )
        if clues and in_time == 0:
            problems.append(f"no clue can be found by {act_label}, which needs it: {elsewhere}")
        elif len(clues) >= CLUES_WANTED and in_time < CLUES_WANTED:
            problems.append(
                f"only {in_time} of {len(clues)} clues can be found by {act_label}, "
                f"which needs it; the rest: {elsewhere}"
            )
        if len(clues) >= CLUES_WANTED and places == 1:
            _, container = clues[0]
            problems.append(
                f"every clue is in one place ({type(container).__name__.lower()} "
                f"{container.id}); miss it and all are missed"
            )
        found.append(
            RevelationClues(
                id=revelation.id,
                act=revelation.act,
                act_number=needed_by,
                clues=len(clues),
                in_time=in_time,
                places=places,
                late=tuple(late + stranded),
                problems=tuple(problems),
            )
        )
    return found


# --- the whole report -------------------------------------------------------------


def lint_module(module: Module) -> LintReport:
    """Everything lint finds in a loaded module."""
    report = LintReport(module=module.id, title=module.title, path=str(module.root))
    for table in module.tables.values():
        result = table_odds(table)
        report.tables.append(result)
        report.warnings.extend(_table_warnings(table, result))
    report.checks = all_check_odds(module)
    report.warnings.extend(_check_warnings(module, report.checks))
    report.unused = find_unused(module)
    names = {"npcs": "NPC", "tables": "table", "handouts": "handout", "clocks": "clock"}
    for kind, ids in report.unused.items():
        for key in ids:
            report.warnings.append(f"unused {names[kind]} {key}: {_unused_hint(kind)}")
    reached = reachable_scenes(module)
    report.unreachable_scenes = unreachable_scenes(module)
    for scene in report.unreachable_scenes:
        act = module.act_of_scene(scene)
        where = f" (act {act.number})" if act else ""
        report.warnings.append(f"scene {scene}{where}: no exit leads here")
    report.revelations = revelation_clues(module, reached)
    for item in report.revelations:
        for problem in item.problems:
            report.warnings.append(f"revelation {item.id}: {problem}")
    return report


def _unused_hint(kind: str) -> str:
    return {
        "npcs": "in no scene, table entry, handout or clue source",
        "tables": "in no scene, set piece or other table",
        "handouts": "given in no scene, clue source or pregen",
        "clocks": "in no act, scene, set piece or check",
    }[kind]


def lint_errors(lines: Sequence[str], module: str, path: str) -> LintReport:
    """The report of a module that did not load: only errors."""
    return LintReport(module=module, title="", path=path, errors=list(lines))


# --- text output --------------------------------------------------------------------


def _grid(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Rows of cells as aligned text; the columns in `right` are right-aligned."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if column in right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _percent(value: float) -> str:
    if value == 0:
        return "0%"
    if value < 0.001:
        return "<0.1%"
    return f"{value:.1%}"


WARNING_MARK = "!"


def render_text(report: LintReport) -> str:
    """The report as sections of aligned text; warnings marked with '!'."""
    if report.errors:
        count = len(report.errors)
        return "\n".join(
            [*report.errors, f"{report.path}: {count} problem{'s' if count != 1 else ''}"]
        )
    out: list[str] = [f"{report.title} ({report.module})  {report.path}"]
    out += ["", f"Tables ({len(report.tables)})"]
    for table in report.tables:
        how = "weights" if table.weighted else table.die
        note = "" if table.exact else "  (estimated odds)"
        out.append(f"  {table.id}: {table.title} [{how}]{note}")
        rows = [["", "#", "range" if not table.weighted else "weight", "chance", "exact", "result"]]
        for entry in table.entries:
            mark = WARNING_MARK if entry.never or entry.rare else ""
            rows.append(
                [
                    mark,
                    str(entry.number),
                    entry.range or str(entry.weight),
                    _percent(entry.probability),
                    fraction_text(entry.exact) if entry.exact is not None else "~",
                    entry.result,
                ]
            )
        out += ["    " + line for line in _grid(rows, right=(1, 3))]
    out += ["", f"Checks ({len(report.checks)}): chance of success or better per pregen"]
    if report.checks:
        pc_ids = list(dict.fromkeys(c.pc for check in report.checks for c in check.chances))
        partials = any(c.partial for check in report.checks for c in check.chances)
        if partials:
            out.append("  (success / partial)")
        header = ["", "scene", "task", "rolled", "vs", *pc_ids]
        rows = [header]
        for check in report.checks:
            by_pc = {chance.pc: chance for chance in check.chances}
            cells = []
            for pc in pc_ids:
                chance = by_pc.get(pc)
                if chance is None:
                    cells.append("-")
                    continue
                cell = f"{chance.bonus:+d} {chance.success:.0%}"
                if partials:
                    cell += f"/{chance.partial:.0%}"
                cells.append(cell)
            versus = (
                f"{check.difficulty} {check.target}".strip() if check.target is not None else "?"
            )
            no_chance = check.target is None or (
                bool(check.chances) and all(c.success == 0 for c in check.chances)
            )
            task = _short(check.task, 34)
            if check.stage:
                task = _short(f"[{check.stage}] {check.task}", 34)
            rows.append(
                [
                    WARNING_MARK if no_chance else "",
                    check.scene,
                    task,
                    check.rolled,
                    versus,
                    *cells,
                ]
            )
        right = tuple(range(5, 5 + len(pc_ids)))
        out += ["  " + line for line in _grid(rows, right=right)]
    out += ["", "Unused"]
    any_unused = False
    for kind, ids in report.unused.items():
        if ids:
            any_unused = True
            out.append(f"  {WARNING_MARK} {kind}: {', '.join(ids)}")
    if not any_unused:
        out.append("  nothing: every NPC, table, handout and clock is used")
    out += ["", "Unreachable scenes"]
    if report.unreachable_scenes:
        out.append(f"  {WARNING_MARK} {', '.join(report.unreachable_scenes)}")
    else:
        out.append("  none: every scene is an act's first or reached by an exit")
    out += ["", "Revelations (three clue rule)"]
    if report.revelations:
        rows = [["", "revelation", "act", "clues", "in time", "places"]]
        for item in report.revelations:
            rows.append(
                [
                    WARNING_MARK if item.problems else "",
                    item.id,
                    item.act,
                    str(item.clues),
                    str(item.in_time),
                    str(item.places),
                ]
            )
        out += ["  " + line for line in _grid(rows, right=(3, 4, 5))]
    else:
        out.append("  none")
    count = len(report.warnings)
    out += ["", f"Warnings ({count})" if count else "No warnings."]
    out += [f"  {WARNING_MARK} {warning}" for warning in report.warnings]
    return "\n".join(out)


__all__ = [
    "CLUES_WANTED",
    "RARE",
    "CheckOdds",
    "EntryOdds",
    "LintReport",
    "PCChance",
    "RevelationClues",
    "TableOdds",
    "Unused",
    "all_check_odds",
    "character_bonus",
    "check_chances",
    "find_unused",
    "fraction_text",
    "lint_errors",
    "lint_module",
    "reachable_scenes",
    "render_text",
    "revelation_clues",
    "table_odds",
    "unreachable_scenes",
]
