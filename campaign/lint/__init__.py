"""`campaign lint`: what a module's author should look at before the table does.

Validation (the loader) says whether a module can be played; lint says how it
will play. It reads a loaded `Module` and reports:

- tables: the exact chance of every entry under its die (the dice engine's
  exact odds, summed over the entry's range; weight / total for a weighted
  table), entries that can never come up, entries under 1 %, and ranges that
  reach past what the die can roll (`campaign.lint.tables`);
- checks: for every scene check (and set-piece stage check), each pregen's
  chance of a success or better and of a partial, with the pregen's own
  attribute and skill put into the ruleset's check template
  (`campaign.lint.checks`);
- unused NPCs, tables, handouts and clocks, and scenes no exit reaches
  (`campaign.lint.reach`);
- the three clue rule: revelations with fewer than three clues, or fewer than
  three that can be found by the act that needs them (`campaign.lint.clues`);
- revelations with no clue found without a roll in their act (and, after the
  first act, in an earlier one), and clues whose `requires` names a roll that
  belongs in `check:` (`campaign.lint.rollfree`);
- scenes that do not end their act yet lead to only one scene, beyond the one
  `bottleneck: true` an act may have, and the count of those that lead to two
  or more (`campaign.lint.destinations`);
- read-aloud variants whose condition can never hold while their scene is
  played (`campaign.lint.variants`).

The story checks' warnings start with `file:line:col` (`campaign.lint.places`).

`campaign.lint.run` gathers them into a `LintReport` (`campaign.lint.report`,
which also owns its JSON shape); `campaign.lint.text` prints it.

Everything lint finds is a warning: the module loads and can be played. The
only errors are the loader's problems (`campaign lint` prints them and exits
2, as `campaign validate` does). No Textual here.
"""

from __future__ import annotations

from campaign.lint.checks import all_check_odds, character_bonus, check_chances
from campaign.lint.clues import revelation_clues
from campaign.lint.reach import find_unused, reachable_scenes, unreachable_scenes
from campaign.lint.report import (
    CLUES_WANTED,
    RARE,
    CheckOdds,
    EntryOdds,
    LintReport,
    PCChance,
    RevelationClues,
    TableOdds,
    Unused,
    fraction_text,
    lint_errors,
)
from campaign.lint.run import lint_module
from campaign.lint.tables import table_odds
from campaign.lint.text import WARNING_MARK, render_text

__all__ = [
    "CLUES_WANTED",
    "RARE",
    "WARNING_MARK",
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
