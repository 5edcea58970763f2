"""Names on the command line (issue 19): `campaign table MODULE` lists the tables and a
wrong table name gets the nearest ones; `campaign new PATH` keeps PATH as the
folder, takes the module id from its last part (refusing an unsafe one with a
safe suggestion), sets `--title`, and prints commands that work when pasted."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.loader import load_module

LIVING_DAYLIGHTS = Path(__file__).resolve().parent.parent / "modules" / "living-daylights"


def _one_line(err: str, *needles: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --- table -----------------------------------------------------------------------


def test_table_without_a_name_lists_the_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", str(LIVING_DAYLIGHTS)]) == 0
    module = load_module(LIVING_DAYLIGHTS)
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == len(module.tables)
    for row, table in zip(rows, module.tables.values(), strict=True):
        table_id, title = row.split(None, 1)
        assert (table_id, title) == (table.id, table.title)


def test_table_list_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", str(LIVING_DAYLIGHTS), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["module"] == "living-daylights"
    first = data["tables"][0]
    assert first == {"id": "gibraltar-complications", "title": "Gibraltar complications",
                     "die": "1d6"}


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [
        ("gibraltar", "'gibraltar-complications'"),  # a part of the id
        ("rumors", "'rumours'"),  # a misspelling
        ("vienna-complication", "'vienna-complications'"),
    ],
)
def test_a_wrong_table_name_gets_did_you_mean(
    typed: str, nearest: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["table", str(LIVING_DAYLIGHTS), typed]) == 2
    _one_line(
        capsys.readouterr().err,
        f"no table '{typed}'",
        f"did you mean {nearest}",
        f"campaign table {LIVING_DAYLIGHTS} lists them",
    )


def test_a_table_name_like_none_still_points_at_the_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["table", str(LIVING_DAYLIGHTS), "zzz"]) == 2
    line = _one_line(capsys.readouterr().err, "no table 'zzz'", "lists them")
    assert "did you mean" not in line


# --- new ---------------------------------------------------------------------------


def _campaign(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campaign", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd, check=False,
    )


def test_an_unsafe_folder_name_is_refused_with_a_safe_one(tmp_path: Path) -> None:
    run = _campaign(tmp_path, "new", "bad name!")
    assert run.returncode == 2
    _one_line(run.stderr, "'bad name!' is not a module id", "try 'bad-name'")
    assert list(tmp_path.iterdir()) == []  # nothing made


@pytest.mark.parametrize(
    ("name", "suggested"),
    [("Über Mission", "ber-mission"), ("-lead", "lead"), ("a.b", "a-b"), ("x" * 81, "x" * 80)],
)
def test_other_unsafe_names(
    name: str, suggested: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--", name]) == 2
    _one_line(capsys.readouterr().err, f"try '{suggested}'")
    assert list(tmp_path.iterdir()) == []


def test_new_keeps_the_path_and_prints_commands_that_paste(tmp_path: Path) -> None:
    run = _campaign(tmp_path, "new", "my games/Harbour-Job", "--title", "The Harbour Job: Part 1")
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "my games" / "Harbour-Job"
    module = load_module(folder)
    assert (module.id, module.title) == ("harbour-job", "The Harbour Job: Part 1")
    created, advice = run.stdout.splitlines()
    assert created == "created 'my games/Harbour-Job' (module id harbour-job)"
    # Each printed command, split as a shell would, names the folder that was made.
    commands = [shlex.split(part) for part in advice.removeprefix("next: ").split("  then  ")]
    assert commands == [
        ["campaign", "validate", "my games/Harbour-Job"],
        ["campaign", "play", "my games/Harbour-Job"],
    ]
    validate = _campaign(tmp_path, *commands[0][1:])
    assert validate.returncode == 0 and "ok (1 act, 2 scenes" in validate.stdout


def test_the_default_title_comes_from_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", str(tmp_path / "sunken_abbey")]) == 0
    module = load_module(tmp_path / "sunken_abbey")
    assert (module.id, module.title) == ("sunken_abbey", "Sunken Abbey")


@pytest.mark.parametrize("title", ["yes", "a: b", "# not a comment", "Line\nbreak", "  "])
def test_any_one_line_title_reads_back_exactly(
    title: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["new", "m", "--title", title])
    if "\n" in title or not title.strip():
        assert code == 2
        _one_line(capsys.readouterr().err, "--title")
        assert not (tmp_path / "m").exists()
    else:
        assert code == 0
        assert load_module(tmp_path / "m").title == title


def test_new_where_a_file_is_in_the_way_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").write_text("mine", encoding="utf-8")
    assert main(["new", "notes/adventure"]) == 2
    _one_line(capsys.readouterr().err, "notes is a file, not a folder")
    assert main(["new", "notes"]) == 2
    _one_line(capsys.readouterr().err, "already exists")


def test_a_misspelt_word_of_a_longer_name_finds_it() -> None:
    from campaign.errors import nearest

    names = ["gibraltar-complications", "tangier-street", "rumours"]
    assert nearest("gibraltr", names) == ["gibraltar-complications"]
    assert nearest("tangeir", names) == ["tangier-street"]
    assert nearest("zzz", names) == []
