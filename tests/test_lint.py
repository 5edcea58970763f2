"""`campaign lint`: exact table odds, check odds per pregen, unused and unreachable
things, the three clue rule, and the command's exit codes and JSON."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.lint import (
    LintReport,
    character_bonus,
    fraction_text,
    lint_module,
    render_text,
    table_odds,
)
from campaign.loader import load_module
from campaign.model import Check, Module

FILES: dict[str, str] = {
    "module.yaml": """\
id: lint-test
title: Lint Test
ruleset: d20
""",
    "ruleset.yaml": """\
kind: ruleset
id: d20
name: Test d20
attributes:
  - {id: str, name: Strength}
  - {id: dex, name: Dexterity}
  - {id: wis, name: Wisdom}
skills:
  - {id: athletics, name: Athletics, attribute: str}
  - {id: stealth, name: Stealth, attribute: dex}
  - {id: perception, name: Perception, attribute: wis}
check:
  roll: "1d20+{attribute}+{skill}"
  attribute_bonus: d20-modifier
  default_difficulty: medium
  results:
    - {id: success, label: Success, min_margin: 0}
    - {id: failure, label: Failure}
difficulties:
  - {id: easy, name: Easy, target: 10}
  - {id: medium, name: Medium, target: 15}
  - {id: hard, name: Hard, target: 20}
initiative: {roll: "1d20+{dex}"}
""",
    "pcs/heroes.yaml": """\
id: hero
name: Hero
attributes: {str: 16, dex: 10, wis: 12}
skills: {athletics: 2}
handout: hero-sheet
---
id: rogue
name: Rogue
attributes: {str: 8, dex: 17}
skills: {stealth: 4}
""",
    "npcs/cast.yaml": """\
id: guard
name: Guard
---
id: inline-npc
name: Named only in a table result
---
id: bring-npc
name: Brought by a table entry
---
id: dossier-npc
name: Presented by a handout
---
id: informant
name: Gives a clue away
---
id: hermit
name: Nobody points at the hermit
""",
    "handouts/handouts.yaml": """\
id: hero-sheet
title: Hero
type: pregen
---
id: letter
title: A letter
type: note
---
id: map
title: A map
type: note
clues:
  - {id: map-mark, text: A cross on the map., source: {place: the map}, revelation: late}
---
id: dossier
title: Dossier
type: dossier
npc: dossier-npc
---
id: forgotten
title: Nobody hands this out
type: note
""",
    "tables/tables.yaml": """\
id: streets
title: Streets
roll: 2d6
entries:
  - {range: 2-4, result: "A tail [[table:alleys]]"}
  - {range: 5-9, result: "Crowds", npcs: [{npc: bring-npc}]}
  - {range: 10-12, result: "[[npc:inline-npc]] waves"}
  - {range: 13-15, result: Never on 2d6}
---
id: alleys
title: Alleys
roll: d66
entries:
  - {range: 11-16, result: A cat}
  - {range: 21-66, result: Rain, table: nested}
---
id: nested
title: Nested
entries:
  - {weight: 3, result: Three parts}
  - {weight: 1, result: One part}
---
id: rare
title: Rare
roll: 3d6
entries:
  - {range: 3, result: Once in 216}
  - {range: 4-18, result: The rest}
---
id: set-piece-table
title: Set piece complications
roll: 1d6
entries:
  - {range: 1-6, result: Rocks}
---
id: odd-d66
title: A d66 range that reaches past 16
roll: d66
entries:
  - {range: 11-21, result: Low}
  - {range: 22-66, result: High}
---
id: orphan-table
title: Nobody rolls this
roll: 1d4
entries:
  - {range: 1-4, result: Nothing}
""",
    "acts/acts.yaml": """\
id: act-1
number: 1
title: One
overview: The first act.
scenes: [start, middle, orphan]
---
id: act-2
number: 2
title: Two
overview: The second act.
scenes: [finale, epilogue]
---
kind: scene
id: start
title: Start
npcs: [{npc: guard}]
tables: [streets, rare, odd-d66]
handouts: [letter, dossier]
clocks: [alarm]
clues:
  - {id: c1, text: One., source: {place: a desk}, revelation: good}
  - {id: c2, text: Two., source: {npc: informant}, revelation: good}
  - {id: f1, text: One., source: {place: a shelf}, revelation: few}
checks:
  - {task: Climb the wall, skill: athletics, difficulty: medium}
  - {task: Dodge the trap, attribute: dex, difficulty: hard}
exits:
  - {to: middle}
---
kind: scene
id: middle
title: Middle
clues:
  - {id: c3, text: Three., source: {handout: letter}, revelation: good}
  - {id: f2, text: Two., source: {place: a drawer}, revelation: few}
set_piece:
  title: The chase
  summary: Run.
  table: set-piece-table
  stages:
    - title: Rooftops
      text: Jump.
      checks:
        - {task: Leap the gap, skill: athletics, difficulty: easy}
---
kind: scene
id: orphan
title: No exit leads here
clues:
  - {id: s1, text: Stranded., source: {place: a crate}, revelation: stranded}
---
kind: scene
id: finale
title: Finale
handouts: [map]
clues:
  - {id: l1, text: Late one., source: {place: a chest}, revelation: late}
  - {id: l2, text: Late two., source: {place: a bag}, revelation: late}
  - {id: s2, text: Found., source: {place: a wall}, revelation: stranded}
  - {id: s3, text: Found too., source: {place: a floor}, revelation: stranded}
exits:
  - {to: epilogue}
---
kind: scene
id: epilogue
title: Epilogue
clues:
  - {id: o1, text: One place., source: {place: a pit}, revelation: one-place}
  - {id: o2, text: One place., source: {place: a pit}, revelation: one-place}
  - {id: o3, text: One place., source: {place: a pit}, revelation: one-place}
""",
    "clocks/clocks.yaml": """\
id: alarm
name: Alarm
segments: 4
when_full: Guards.
---
id: idle-clock
name: Idle
segments: 4
when_full: Nothing.
""",
    "revelations/revelations.yaml": """\
id: good
statement: Three clues in act 1.
act: act-1
---
id: few
statement: Only two clues.
act: act-1
---
id: late
statement: Needed in act 1, every clue in act 2.
act: act-1
---
id: stranded
statement: One clue in a scene no exit reaches, two after act 1.
act: act-1
---
id: one-place
statement: Three clues, one scene.
act: act-2
""",
}


def write_module(root: Path, files: dict[str, str] = FILES) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_module(tmp_path_factory.mktemp("lint") / "lint-test")


@pytest.fixture(scope="module")
def module(folder: Path) -> Module:
    return load_module(folder)


@pytest.fixture(scope="module")
def report(module: Module) -> LintReport:
    return lint_module(module)


def entries(report: LintReport, table_id: str) -> dict[str, Fraction | None]:
    table = next(table for table in report.tables if table.id == table_id)
    return {entry.range or str(entry.weight): entry.exact for entry in table.entries}


# --- tables ---------------------------------------------------------------------------


def test_2d6_entries_have_their_exact_odds(report: LintReport) -> None:
    odds = entries(report, "streets")
    assert odds == {
        "2-4": Fraction(6, 36),
        "5-9": Fraction(24, 36),
        "10-12": Fraction(6, 36),
        "13-15": Fraction(0),
    }
    table = next(table for table in report.tables if table.id == "streets")
    assert table.exact and table.entries[0].probability == pytest.approx(1 / 6)
    assert [entry.number for entry in table.entries if entry.never] == [4]


def test_d66_and_weighted_tables(report: LintReport) -> None:
    assert entries(report, "alleys") == {"11-16": Fraction(6, 36), "21-66": Fraction(30, 36)}
    assert entries(report, "nested") == {"3": Fraction(3, 4), "1": Fraction(1, 4)}


def test_entry_that_never_comes_up_is_a_warning(report: LintReport) -> None:
    assert "table streets: entry 4 (13-15) can never come up: 2d6 rolls 2-12" in report.warnings


def test_rare_entry_and_range_past_the_die(report: LintReport) -> None:
    assert entries(report, "rare")["3"] == Fraction(1, 216)
    assert "table rare: entry 1 (3) comes up less than 1% of the time (1/216)" in report.warnings
    assert entries(report, "odd-d66") == {"11-21": Fraction(7, 36), "22-66": Fraction(29, 36)}
    assert "table odd-d66: entry 1 (11-21): d66 cannot roll 17-20" in report.warnings


def test_every_table_sums_to_one(report: LintReport) -> None:
    for table in report.tables:
        total = sum((entry.exact or Fraction(0)) for entry in table.entries)
        assert total == 1, table.id


def test_table_odds_of_a_large_die_are_exact(module: Module) -> None:
    table = module.tables["streets"].model_copy(update={"roll": "1d100"})
    result = table_odds(table)
    assert result.exact
    assert result.entries[0].exact == Fraction(3, 100)


# --- checks -----------------------------------------------------------------------------


def chances(report: LintReport, task: str) -> dict[str, float]:
    check = next(check for check in report.checks if check.task == task)
    return {chance.pc: chance.success for chance in check.chances}


def test_check_chance_per_pregen_by_hand(report: LintReport) -> None:
    # Climb: 1d20 + Strength modifier + Athletics vs 15.
    # hero: STR 16 -> +3, athletics 2: 1d20+5 >= 15 on 10-20, 11 faces of 20.
    # rogue: STR 8 -> -1, no athletics: 1d20-1 >= 15 on 16-20, 5 faces of 20.
    assert chances(report, "Climb the wall") == {
        "hero": pytest.approx(11 / 20),
        "rogue": pytest.approx(5 / 20),
    }
    # Dodge: attribute only (DEX) vs 20. hero DEX 10 -> +0: a natural 20 only.
    # rogue DEX 17 -> +3: 17-20.
    assert chances(report, "Dodge the trap") == {
        "hero": pytest.approx(1 / 20),
        "rogue": pytest.approx(4 / 20),
    }


def test_set_piece_stage_checks_are_included(report: LintReport) -> None:
    check = next(check for check in report.checks if check.task == "Leap the gap")
    assert check.scene == "middle" and check.stage == "Rooftops"
    assert check.where == "set_piece.stages[0].checks[0]"
    assert (check.difficulty, check.target) == ("Easy", 10)
    # hero 1d20+5 >= 10: a d20 of 5-20, 16 faces
    assert {c.pc: c.success for c in check.chances}["hero"] == pytest.approx(16 / 20)
    hero = next(c for c in check.chances if c.pc == "hero")
    assert hero.bonus == 5 and hero.partial == 0


def test_character_bonus_value_mode(module: Module) -> None:
    ruleset = module.ruleset.model_copy(
        update={"check": module.ruleset.check.model_copy(update={"attribute_bonus": "value"})}
    )
    check = Check(task="Climb", skill="athletics")
    assert character_bonus(ruleset, check, module.pcs["hero"]) == 16 + 2
    assert character_bonus(module.ruleset, check, module.pcs["hero"]) == 3 + 2


# --- unused and unreachable -----------------------------------------------------------------


def test_unused_documents(report: LintReport) -> None:
    assert report.unused.npcs == ("hermit",)
    assert report.unused.tables == ("orphan-table",)
    assert report.unused.handouts == ("forgotten",)
    assert report.unused.clocks == ("idle-clock",)
    assert "unused NPC hermit: in no scene, table entry, handout or clue source" in (
        report.warnings
    )


def test_unreachable_scenes(report: LintReport) -> None:
    # finale is act 2's first scene: reached; epilogue follows from it.
    assert report.unreachable_scenes == ["orphan"]
    assert "scene orphan (act 1): no exit leads here" in report.warnings


# --- the three clue rule -----------------------------------------------------------------


def revelation(report: LintReport, key: str) -> tuple[int, int, tuple[str, ...]]:
    item = next(item for item in report.revelations if item.id == key)
    return item.clues, item.in_time, item.problems


def test_three_clues_in_time_pass(report: LintReport) -> None:
    assert revelation(report, "good") == (3, 3, ())


def test_fewer_than_three_clues(report: LintReport) -> None:
    clues, _, problems = revelation(report, "few")
    assert clues == 2
    assert problems == ("2 clues; the three clue rule wants at least 3",)


def test_clues_only_after_the_act_that_needs_them(report: LintReport) -> None:
    # l1, l2 sit in act 2's finale; the map handout is given there too.
    clues, in_time, problems = revelation(report, "late")
    assert (clues, in_time) == (3, 0)
    assert problems[0].startswith("no clue can be found by act 1, which needs it: l1 (scene")
    assert "map-mark (handout map) after act 1" in problems[0]


def test_clue_in_an_unreached_scene_does_not_count(report: LintReport) -> None:
    clues, in_time, problems = revelation(report, "stranded")
    assert (clues, in_time) == (3, 0)
    assert "s1 (scene orphan) unreached" in problems[0]


def test_clues_all_in_one_place(report: LintReport) -> None:
    clues, in_time, problems = revelation(report, "one-place")
    assert (clues, in_time) == (3, 3)
    assert problems == ("every clue is in one place (scene epilogue); miss it and all are missed",)


def test_handout_given_in_no_scene_counts_in_time(tmp_path: Path) -> None:
    files = dict(FILES)
    files["acts/acts.yaml"] = files["acts/acts.yaml"].replace("handouts: [map]", "")
    report = lint_module(load_module(write_module(tmp_path / "m", files)))
    clues, in_time, _ = revelation(report, "late")
    assert (clues, in_time) == (3, 1)


def test_text_report_has_sections_and_marks(report: LintReport) -> None:
    text = render_text(report)
    for heading in ("Tables (7)", "Checks (3)", "Unused", "Unreachable scenes", "Revelations"):
        assert heading in text
    line = next(line for line in text.splitlines() if "13-15" in line)
    assert line.split()[:4] == ["!", "4", "13-15", "0%"]
    assert f"Warnings ({len(report.warnings)})" in text


# --- the command -------------------------------------------------------------------------


def test_cli_json_shape(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {
        "tables",
        "checks",
        "unused",
        "unreachable_scenes",
        "revelations",
        "warnings",
        "errors",
    }
    streets = next(table for table in data["tables"] if table["id"] == "streets")
    first = streets["entries"][0]
    assert first["exact"] == "1/6" and first["probability"] == pytest.approx(1 / 6)
    assert streets["never"] == [4]
    climb = next(check for check in data["checks"] if check["task"] == "Climb the wall")
    assert climb["pcs"]["hero"]["success"] == pytest.approx(0.55)
    assert climb["pcs"]["hero"]["roll"] == "1d20+3+2"
    assert data["unused"] == {
        "npcs": ["hermit"],
        "tables": ["orphan-table"],
        "handouts": ["forgotten"],
        "clocks": ["idle-clock"],
    }
    assert data["unreachable_scenes"] == ["orphan"]
    few = next(item for item in data["revelations"] if item["id"] == "few")
    assert few["clues"] == 2 and few["problems"]
    assert data["errors"] == [] and data["warnings"]


def test_cli_text_and_strict(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lint Test (lint-test)")
    assert main(["lint", str(folder), "--strict"]) == 1


def test_cli_clean_module_exits_0_even_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {key: FILES[key] for key in ("module.yaml", "ruleset.yaml")}
    files["acts/act.yaml"] = """\
id: act-1
number: 1
title: One
overview: Quiet.
scenes: [only]
---
kind: scene
id: only
title: Only
"""
    folder = write_module(tmp_path / "clean", files)
    assert main(["lint", str(folder), "--strict"]) == 0
    assert "No warnings." in capsys.readouterr().out


def test_cli_load_problems_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = dict(FILES)
    files["npcs/cast.yaml"] = files["npcs/cast.yaml"].replace("name: Guard", "nmae: Guard")
    folder = write_module(tmp_path / "broken", files)
    assert main(["lint", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "nmae: unknown field 'nmae' (did you mean 'name'?)" in err
    assert main(["lint", str(folder), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] and any("nmae" in line for line in data["errors"])
    assert data["tables"] == [] and data["warnings"] == []


def test_cli_unknown_module_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "no-such-module-anywhere"]) == 2
    assert "no module 'no-such-module-anywhere'" in capsys.readouterr().err


def test_fraction_text() -> None:
    assert fraction_text(Fraction(6, 36)) == "1/6"
    assert fraction_text(Fraction(0)) == "0/1"
    assert fraction_text(Fraction(1)) == "1/1"


# --- the authoring guide's example ----------------------------------------------------------

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
STARTER_LEFTOVERS = (
    "npcs/smuggler.yaml",
    "pcs/warden.yaml",
    "tables/cove-events.yaml",
    "handouts/keepers-log.yaml",
    "clocks/storm.yaml",
    "revelations/keeper-alive.yaml",
)


def test_authoring_guide_example_validates_and_lints_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Follow docs/authoring.md: `campaign new`, write the example files, delete the
    starter's leftovers; the module must load with no lint warnings."""
    import re

    monkeypatch.chdir(tmp_path)
    assert main(["new", "millers-debt"]) == 0
    folder = tmp_path / "millers-debt"
    guide = GUIDE.read_text(encoding="utf-8")
    examples = re.findall(r"<!-- example: (\S+) -->\n```yaml\n(.*?)```", guide, re.S)
    assert len(examples) >= 8
    for relative, text in examples:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for relative in STARTER_LEFTOVERS:
        assert relative in guide
        (folder / relative).unlink()
    module = load_module(folder)
    assert module.counts() == {
        "acts": 1,
        "scenes": 3,
        "npcs": 3,
        "pcs": 2,
        "tables": 2,
        "handouts": 1,
        "clocks": 1,
        "revelations": 1,
    }
    report = lint_module(module)
    assert report.warnings == []
    capsys.readouterr()
    assert main(["lint", "millers-debt"]) == 0
    checks = capsys.readouterr().out.split("Checks (")[1].split("\n\n")[0]
    for line in checks.splitlines()[2:]:
        assert line in guide, line
