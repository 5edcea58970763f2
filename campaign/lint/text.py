"""`campaign lint` as text: one section of aligned columns per finding, warnings marked '!'."""

from __future__ import annotations

from collections.abc import Sequence

from campaign.lint.fights import FightOdds
from campaign.lint.report import CheckOdds, LintReport, TableOdds, fraction_text, shorten
from campaign.wording import plural

WARNING_MARK = "!"


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


def render_text(report: LintReport) -> str:
    """The report as sections of aligned text; warnings marked with '!'."""
    if report.errors:
        problems = plural(len(report.errors), "problem")
        return "\n".join([*report.errors, f"{report.path}: {problems}"])
    out: list[str] = [f"{report.title} ({report.module})  {report.path}"]
    out += _tables_section(report.tables)
    out += _checks_section(report.checks)
    out += _unused_section(report)
    out += _unreachable_section(report)
    out += _revelations_section(report)
    out += _fights_section(report.fights)
    out += _story_section(report)
    count = len(report.warnings)
    out += ["", f"Warnings ({count})" if count else "No warnings."]
    out += [f"  {WARNING_MARK} {warning}" for warning in report.warnings]
    return "\n".join(out)


# --- sections ------------------------------------------------------------------------


def _fights_section(fights: Sequence[FightOdds]) -> list[str]:
    if not fights:
        return []
    out = ["", f"Fights ({len(fights)}): the pregens' chance to win, forecast"]
    for fight in fights:
        band = f"band {fight.band[0]:.0%}-{fight.band[1]:.0%}" if fight.band else ""
        band = "deadly" if fight.deadly and not band else band
        if fight.agents_win is None:
            out.append(f"  {WARNING_MARK} {fight.scene}  cannot be forecast")
            continue
        p, low, high = fight.agents_win
        outside = fight.band is not None and (high < fight.band[0] or low > fight.band[1])
        mark = WARNING_MARK if outside else " "
        interval = f"({low:.0%}-{high:.0%})"
        out.append(f"  {mark} {fight.scene:<28} {p:5.0%} {interval:<12} {band}")
    return out


def _tables_section(tables: Sequence[TableOdds]) -> list[str]:
    out = ["", f"Tables ({len(tables)})"]
    for table in tables:
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
    return out


def _checks_section(checks: Sequence[CheckOdds]) -> list[str]:
    out = ["", f"Checks ({len(checks)}): chance of success or better per pregen"]
    if not checks:
        return out
    pc_ids = list(dict.fromkeys(c.pc for check in checks for c in check.chances))
    partials = any(c.partial for check in checks for c in check.chances)
    if partials:
        out.append("  (success / partial)")
    rows = [["", "scene", "task", "rolled", "vs", *pc_ids]]
    rows += [_check_row(check, pc_ids, partials) for check in checks]
    right = tuple(range(5, 5 + len(pc_ids)))
    out += ["  " + line for line in _grid(rows, right=right)]
    return out


def _check_row(check: CheckOdds, pc_ids: Sequence[str], partials: bool) -> list[str]:
    """One check's row: mark, scene, task, what is rolled, against what, then a cell per pregen."""
    by_pc = {chance.pc: chance for chance in check.chances}
    cells = []
    for pc in pc_ids:
        chance = by_pc.get(pc)
        if chance is None:
            cells.append("-")
            continue
        cell = f"{chance.shown or f'{chance.bonus:+d}'} {chance.success:.0%}"
        if partials:
            cell += f"/{chance.partial:.0%}"
        cells.append(cell)
    versus = check.against or "?"
    no_chance = not check.against or (
        bool(check.chances) and all(c.success == 0 for c in check.chances)
    )
    task = shorten(check.task, 34)
    if check.stage:
        task = shorten(f"[{check.stage}] {check.task}", 34)
    return [WARNING_MARK if no_chance else "", check.scene, task, check.rolled, versus, *cells]


def _unused_section(report: LintReport) -> list[str]:
    out = ["", "Unused"]
    any_unused = False
    for kind, ids in report.unused.items():
        if ids:
            any_unused = True
            out.append(f"  {WARNING_MARK} {kind}: {', '.join(ids)}")
    if not any_unused:
        out.append("  nothing: every NPC, table, handout and clock is used")
    return out


def _unreachable_section(report: LintReport) -> list[str]:
    out = ["", "Unreachable scenes"]
    if report.unreachable_scenes:
        out.append(f"  {WARNING_MARK} {', '.join(report.unreachable_scenes)}")
    else:
        out.append("  none: every scene is an act's first or reached by an exit")
    return out


def _revelations_section(report: LintReport) -> list[str]:
    out = ["", "Revelations (three clue rule)"]
    if not report.revelations:
        return [*out, "  none"]
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
    return out + ["  " + line for line in _grid(rows, right=(3, 4, 5))]


def _story_section(report: LintReport) -> list[str]:
    """The counts behind the story checks: ways on, clues without a roll, variants."""
    roll_free, clues = report.roll_free_clues
    return [
        "",
        "Story",
        f"  {report.branching.summary}",
        f"  {roll_free} of {plural(clues, 'clue')} need no roll",
        f"  {plural(report.variants, 'read-aloud variant')}",
    ]
