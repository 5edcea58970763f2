"""The whole lint run: every finder over one loaded module, gathered into a `LintReport`.

The order of the sections, and of the warnings, is the order the report prints them.
"""

from __future__ import annotations

from campaign.lint.attacks import attack_warnings
from campaign.lint.checks import all_check_odds, check_warnings, outdated_fields
from campaign.lint.clues import revelation_clues
from campaign.lint.destinations import branching, destination_warnings
from campaign.lint.fights import fight_odds, fight_warnings
from campaign.lint.locations import location_warnings
from campaign.lint.places import Places
from campaign.lint.reach import (
    find_unused,
    reachable_scenes,
    unreachable_scenes,
    unreachable_warnings,
    unused_warnings,
)
from campaign.lint.report import LintReport
from campaign.lint.rollfree import clue_counts, roll_in_requires_warnings, rollfree_warnings
from campaign.lint.tables import table_odds, table_warnings
from campaign.lint.variants import variant_warnings
from campaign.model import Module


def lint_module(module: Module) -> LintReport:
    """Everything lint finds in a loaded module."""
    report = LintReport(module=module.id, title=module.title, path=str(module.root))
    for table in module.tables.values():
        result = table_odds(table)
        report.tables.append(result)
        report.warnings.extend(table_warnings(table, result))
    report.warnings.extend(outdated_fields(module))
    report.checks = all_check_odds(module)
    report.warnings.extend(check_warnings(module, report.checks))
    report.unused = find_unused(module)
    report.warnings.extend(unused_warnings(report.unused))
    reached = reachable_scenes(module)
    report.unreachable_scenes = unreachable_scenes(module)
    report.warnings.extend(unreachable_warnings(module, report.unreachable_scenes))
    report.revelations = revelation_clues(module, reached)
    report.warnings.extend(location_warnings(module))
    report.fights = fight_odds(module)
    report.warnings.extend(fight_warnings(report.fights))
    for item in report.revelations:
        for problem in item.problems:
            report.warnings.append(f"revelation {item.id}: {problem}")
    # The story checks point at the YAML (file:line:col), so an author can jump there.
    places = Places(module)
    report.branching = branching(module)
    report.roll_free_clues = clue_counts(module)
    report.variants = sum(len(scene.variants) for scene in module.scenes.values())
    report.warnings.extend(destination_warnings(module, places))
    report.warnings.extend(rollfree_warnings(module, places))
    report.warnings.extend(roll_in_requires_warnings(module, places))
    report.warnings.extend(variant_warnings(module, places))
    report.warnings.extend(attack_warnings(module, places))
    return report
