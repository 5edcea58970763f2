"""`campaign statblock MODULE CHARACTER [--roll ENTRY] [--json]`."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.dice import compile as compile_dice

FAMILIES = Path(__file__).parent / "fixtures" / "families"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_the_block_with_the_numbers_each_roll_adds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "statblock", str(FAMILIES / "d20-skill"), "agent")
    assert code == 0
    assert "AGENT FALK" in out
    # Persuade 3 under 1d20+{skill}: the roll adds 3, not nerve + 3.
    assert "Persuade 3 (+3)" in out


def test_a_roll_under_skill_is_its_number_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "statblock", str(FAMILIES / "percentile"), "agent")
    assert code == 0
    assert "Skills: Persuade 45, Library Use 70" in out


def test_gm_only_lines_come_last_under_their_heading(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "statblock", "living-daylights", "Necros")
    assert code == 0
    head, gm = out.split("\nGM only\n")
    assert "Tactics:" in gm and "Tactics:" not in head
    assert "Walkman garrotte · to hit 2d6+5 · damage 1d3+1" in head


def test_rolls_an_attack_its_damage_and_a_skill_by_name_in_any_case(
    capsys: pytest.CaptureFixture[str],
) -> None:
    module = str(FAMILIES / "d20-skill")
    code, out, _ = run(capsys, "statblock", module, "escort", "--roll", "PISTOL", "--seed", "5")
    expected = compile_dice("1d20+2").roll(random.Random(5))
    assert code == 0 and out.strip() == f"Border escort: Pistol  {expected.render()}"
    code, out, _ = run(
        capsys, "statblock", module, "escort", "--roll", "pistol:damage", "--seed", "5", "--json"
    )
    data = json.loads(out)
    assert (data["entry"], data["kind"], data["expression"]) == ("Pistol:damage", "damage", "1d6")
    assert data["total"] == sum(die["face"] for die in data["dice"]) and data["seed"] == 5
    code, out, _ = run(capsys, "statblock", module, "agent", "--roll", "persuade", "--json")
    data = json.loads(out)
    assert data["expression"] == "1d20+3" and data["kind"] == "skill"
    assert data["total"] == data["dice"][0]["face"] + 3


def test_a_wrong_name_is_one_line_with_did_you_mean_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "statblock", "living-daylights", "necros", "--roll", "garrotte")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "did you mean 'Walkman garrotte'?" in err
    code, _, err = run(capsys, "statblock", "living-daylights", "necross")
    assert code == 2 and "did you mean 'necros'?" in err and err.count("\n") == 1
    # by a word of the name when no id is close: the GM remembers Talbot, not the id
    code, _, err = run(capsys, "statblock", "living-daylights", "talbot")
    assert code == 2 and "did you mean 'exercise-director' (Major Hugh Talbot)?" in err


def test_a_voice_prints_its_mannerism_and_lines_before_the_gm_only_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    folder = tmp_path / "d20"
    shutil.copytree(FAMILIES / "d20-skill", folder)
    cast = folder / "cast.yaml"
    cast.write_text(
        cast.read_text(encoding="utf-8").replace(
            "name: Border escort\n",
            "name: Border escort\nvoice:\n  mannerism: Counts the cars twice.\n"
            '  lines: ["Papers. Both of them."]\nsecret: Paid by the other side.\n',
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "statblock", str(folder), "escort")
    assert code == 0
    voice = out.index("\nVoice\n")
    assert out.index("Counts the cars twice.") > voice
    assert out.index("“Papers. Both of them.”") > voice
    assert out.index("\nGM only\n") > voice


@pytest.mark.parametrize(
    ("family", "extra", "said"),
    [
        ("d20-skill", [], "vs Standard 15 → "),
        ("d20-skill", ["--difficulty", "Hard"], "vs Hard 20 → "),
        ("percentile", [], "vs Regular 45 → "),
        ("percentile", ["--difficulty", "hard"], "vs Hard 22 → "),
        ("pool", ["--difficulty", "3"], "vs 3 successes → "),
        ("bands", [], ""),
    ],
)
def test_a_skill_roll_is_read_as_a_check(
    capsys: pytest.CaptureFixture[str], family: str, extra: list[str], said: str
) -> None:
    """The line ends with what the ruleset reads the total as: against the default
    difficulty or --difficulty, or (bands) by the total alone; --json says the same."""
    from campaign.checks import read_total
    from campaign.loader import load_module

    module = str(FAMILIES / family)
    argv = ["statblock", module, "agent", "--roll", "persuade", "--seed", "11", *extra]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    code, raw, _ = run(capsys, *argv, "--json")
    data = json.loads(raw)
    ruleset = load_module(FAMILIES / family).ruleset
    number = {"d20-skill": 20 if extra else 15, "percentile": 22 if extra else 45}.get(family)
    number = 3 if family == "pool" else number
    tier = read_total(ruleset.check, data["total"], number, 45 if family == "percentile" else None)
    assert out.rstrip().endswith(f" · {said}{tier.label}"), out
    assert (data["result"], data["label"]) == (tier.id, tier.label)


def test_a_wrong_difficulty_is_one_line_with_did_you_mean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["statblock", str(FAMILIES / "d20-skill"), "agent", "--roll", "persuade"]
    code, out, err = run(capsys, *argv, "--difficulty", "hrad")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "did you mean 'hard'?" in err


def test_initiative_rolls_what_the_combat_tracker_rolls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The expression is the tracker's own (the block's template, else the ruleset's,
    with the character's numbers), so a GM can roll an NPC in by hand."""
    from campaign.characters import initiative_expression
    from campaign.loader import load_module
    from campaign.paths import bundled_modules_dir

    module = load_module(bundled_modules_dir() / "living-daylights")
    expected = initiative_expression(module.ruleset, module.npcs["koskov"])
    code, out, _ = run(
        capsys, "statblock", "living-daylights", "koskov", "--roll", "INITIATIVE", "--json"
    )
    data = json.loads(out)
    assert code == 0 and (data["kind"], data["expression"]) == ("initiative", expected)
    assert expected != "2d6"  # Koskov's Reflexes are in it, not the bare template
