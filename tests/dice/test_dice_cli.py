"""`campaign roll` and `campaign odds`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from campaign.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_roll_json_is_replayable_and_byte_identical(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "roll", "4d6kh3+2", "--seed", "7", "--json")
    second = run(capsys, "roll", "4d6kh3+2", "--seed", "7", "--json")
    assert first == second
    code, out, err = first
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["expression", "total", "labels", "seed", "dice"]
    assert data["expression"] == "4d6kh3+2"
    assert data["seed"] == 7
    assert data["total"] == 9
    assert [die["face"] for die in data["dice"]] == [2, 1, 4, 1]
    assert [die["kept"] for die in data["dice"]] == [True, True, True, False]
    assert set(data["dice"][0]) == {
        "term",
        "sides",
        "face",
        "kept",
        "exploded",
        "rerolled",
        "success",
    }


def test_roll_in_a_subprocess_matches(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "roll", "4d6kh3+2", "--seed", "7", "--json")
    result = subprocess.run(
        [sys.executable, "-m", "campaign", "roll", "4d6kh3+2", "--seed", "7", "--json"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout == out.encode()


def test_roll_without_seed_reports_one(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "roll", "3d6!", "--json")
    seed = json.loads(out)["seed"]
    assert isinstance(seed, int)
    _, replay, _ = run(capsys, "roll", "3d6!", "--json", "--seed", str(seed))
    assert replay == out


def test_roll_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "roll", "4d6kh3+2", "--seed", "7")
    assert code == 0
    assert out == "4d6kh3 [2, 1, 4, ~~1~~] + 2 = 9\n"


def test_roll_times(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "roll", "1d20 [hit]", "--seed", "3", "--times", "3", "--json")
    assert code == 0
    rolls = json.loads(out)["rolls"]
    assert [roll["seed"] for roll in rolls] == [3, 4, 5]
    assert all(roll["labels"] == ["hit"] for roll in rolls)
    # Each roll replays on its own with its seed.
    _, single, _ = run(capsys, "roll", "1d20 [hit]", "--seed", "4", "--json")
    assert json.loads(single) == rolls[1]
    _, lines, _ = run(capsys, "roll", "2d6", "--seed", "3", "--times", "4")
    assert len(lines.splitlines()) == 4


def test_bad_expression_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "roll", "2d6+")
    assert code == 2
    assert out == ""
    assert err == "campaign: 2d6+ : column 5: expected a number or a die\n"


def test_bad_expression_in_a_subprocess_has_no_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "campaign", "odds", "1d6r<7"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == "campaign: 1d6r<7 : column 4: every face of 1d6r<7 would be rerolled forever\n"
    )


def test_times_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["roll", "1d6", "--times", "0"])
    assert exited.value.code == 2
    assert "between 1 and 1000" in capsys.readouterr().err


def test_odds_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "odds", "2d20kh1+5", "--target", "15")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2d20kh1+5: exact"
    assert lines[1] == "mean 18.82  min 6  max 25"
    assert len(lines) == 2 + 20 + 1  # a row per outcome 6..25
    assert lines[2].split()[0] == "6" and lines[2].endswith("0.250%")
    assert lines[-1] == "P(>= 15) = 79.75%"


def test_odds_text_groups_many_outcomes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "odds", "100d100")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("100d100: estimated from ")
    assert "±" in lines[1]
    assert len(lines) <= 2 + 42
    assert ".." in lines[5]


def test_odds_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "odds", "2d20kh1+5", "--target", "15", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["expression", "exact", "mean", "min", "max", "distribution", "p_at_least"]
    assert data["p_at_least"] == pytest.approx(319 / 400)
    assert data["distribution"]["25"] == pytest.approx(39 / 400)
    _, estimated, _ = run(capsys, "odds", "100d100", "--json")
    data = json.loads(estimated)
    assert data["exact"] is False and data["stderr"] > 0
    assert "p_at_least" not in data


def test_odds_json_is_byte_identical(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "odds", "1d1000*1d1000", "--json") == run(
        capsys, "odds", "1d1000*1d1000", "--json"
    )
