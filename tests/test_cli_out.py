"""One `--out` rule for every command that writes (issue 19).

Missing parent folders are created; an existing output file is replaced; a
file standing where a folder must be, a folder where a file must be, or a
place that cannot be written is one line on stderr and exit 2, never a
traceback. Each command is tried in-process for every case, and the four
commands the issue saw end in tracebacks are run as real processes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from campaign.cli import main
from campaign.loader import load_module
from campaign.scaffold import create_module
from campaign.session import Continuity, Session

Build = Callable[[str], list[str]]
"""The command's arguments with its --out value."""


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    return create_module("harbour", tmp_path / "modules")


@pytest.fixture
def session_file(tmp_path: Path, module_dir: Path) -> Path:
    module = load_module(module_dir)
    path = tmp_path / "evening.sqlite"
    with Session.open(path, module=module, seed=3) as session:
        session.note("The keeper's boots by the door")
        Continuity(session, module).give_handout("keepers-log", to="Ann")
    return path


def _file_writers(module_dir: Path, session_file: Path) -> dict[str, Build]:
    """Commands whose --out is a FILE."""
    return {
        "schema": lambda out: ["schema", "--out", out],
        "export": lambda out: ["export", "foundry-table", str(module_dir), "cove-events",
                               "--out", out],
        "recap": lambda out: ["recap", str(session_file), "--out", out],
    }


def _folder_writers(module_dir: Path, session_file: Path) -> dict[str, Build]:
    """Commands whose --out is a DIR."""
    return {
        "handout": lambda out: ["handout", str(module_dir), "--all", "--format", "md",
                                "--out", out],
        "handouts-given": lambda out: ["handouts-given", str(session_file), "--format", "md",
                                       "--out", out],
    }


FILE_COMMANDS = ["schema", "export", "recap"]
FOLDER_COMMANDS = ["handout", "handouts-given"]
FOLDER_OUTPUT = {"handout": "keepers-log.md", "handouts-given": "keepers-log.md"}
"""A file each folder command writes."""


def _one_line_error(capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --- files -----------------------------------------------------------------------


@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_missing_folders_are_created(
    command: str, tmp_path: Path, module_dir: Path, session_file: Path
) -> None:
    out = tmp_path / "new" / "deeper" / "out.txt"
    assert main(_file_writers(module_dir, session_file)[command](str(out))) == 0
    assert out.is_file() and out.stat().st_size > 0


@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_an_existing_output_file_is_replaced(
    command: str, tmp_path: Path, module_dir: Path, session_file: Path
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("OLD CONTENT " * 10_000, encoding="utf-8")
    assert main(_file_writers(module_dir, session_file)[command](str(out))) == 0
    text = out.read_text(encoding="utf-8")
    assert "OLD CONTENT" not in text and text


@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_file_where_a_folder_must_be_is_one_line(
    command: str,
    tmp_path: Path,
    module_dir: Path,
    session_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine", encoding="utf-8")
    for out in (blocker / "out.json", blocker / "sub" / "out.json"):
        assert main(_file_writers(module_dir, session_file)[command](str(out))) == 2
        _one_line_error(capsys, f"cannot write {out}", f"{blocker} is a file, not a folder")
    assert blocker.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_folder_where_the_file_must_be_is_one_line(
    command: str,
    tmp_path: Path,
    module_dir: Path,
    session_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(_file_writers(module_dir, session_file)[command](str(tmp_path))) == 2
    _one_line_error(capsys, f"cannot write {tmp_path}: it is a folder")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("command", FILE_COMMANDS + FOLDER_COMMANDS)
def test_a_place_that_cannot_be_written_is_one_line(
    command: str, module_dir: Path, session_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    builders = {**_file_writers(module_dir, session_file),
                **_folder_writers(module_dir, session_file)}
    assert main(builders[command]("/proc/x")) == 2
    _one_line_error(capsys, "cannot write /proc/x", "/proc does not take new files")
    assert capsys.readouterr().out == ""  # refused before anything was written


# --- folders ---------------------------------------------------------------------


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_missing_folders_are_created_for_a_folder_output(
    command: str, tmp_path: Path, module_dir: Path, session_file: Path
) -> None:
    out = tmp_path / "print" / "tonight"
    assert main(_folder_writers(module_dir, session_file)[command](str(out))) == 0
    assert (out / FOLDER_OUTPUT[command]).is_file()


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_files_in_an_existing_folder_are_replaced(
    command: str, tmp_path: Path, module_dir: Path, session_file: Path
) -> None:
    out = tmp_path / "print"
    out.mkdir()
    written = out / FOLDER_OUTPUT[command]
    written.write_text("OLD CONTENT " * 10_000, encoding="utf-8")
    assert main(_folder_writers(module_dir, session_file)[command](str(out))) == 0
    text = written.read_text(encoding="utf-8")
    assert "OLD CONTENT" not in text and "Keeper" in text


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_a_file_where_the_output_folder_must_be_is_one_line(
    command: str,
    tmp_path: Path,
    module_dir: Path,
    session_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "handouts"
    blocker.write_text("mine", encoding="utf-8")
    build = _folder_writers(module_dir, session_file)[command]
    assert main(build(str(blocker))) == 2
    _one_line_error(capsys, f"cannot write {blocker}: it is a file, not a folder")
    assert main(build(str(blocker / "tonight"))) == 2
    _one_line_error(capsys, f"{blocker} is a file, not a folder")
    assert blocker.read_text(encoding="utf-8") == "mine"


# --- as the issue ran them ---------------------------------------------------------


def _campaign(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campaign", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_issues_commands(tmp_path: Path, module_dir: Path) -> None:
    """`schema --out /no/such/dir/x.json` (here under tmp_path) now makes the folders;
    the others are one line and exit 2."""
    deep = tmp_path / "no" / "such" / "dir" / "x.json"
    made = _campaign("schema", "--out", str(deep))
    assert made.returncode == 0 and deep.is_file(), made.stderr
    existing = tmp_path / "existing.txt"
    existing.write_text("x", encoding="utf-8")
    runs = {
        "export": _campaign("export", "foundry-table", str(module_dir), "cove-events",
                            "--out", str(existing / "x.json")),
        "handout into a file": _campaign("handout", str(module_dir), "--all",
                                         "--out", str(existing)),
    }
    if Path("/proc/self").is_dir():
        runs["handout into /proc"] = _campaign("handout", str(module_dir), "--all",
                                               "--out", "/proc/x")
    for what, run in runs.items():
        assert run.returncode == 2, (what, run.stderr)
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in run.stderr, (what, run.stderr)
        assert lines[0].startswith("campaign: cannot write"), (what, lines[0])


FOUNDRY_TABLE = Path(__file__).resolve().parent / "importers/fixtures/foundry/bag-of-beans.json"


def test_import_into_a_place_that_cannot_be_written_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine", encoding="utf-8")
    places = [(blocker / "module", f"{blocker} is a file, not a folder")]
    if Path("/proc/self").is_dir():
        places.append((Path("/proc/x"), "/proc does not take new files"))
    for into, why in places:
        assert main(["import", "foundry-table", str(FOUNDRY_TABLE), "--into", str(into)]) == 2
        _one_line_error(capsys, f"cannot write {into}", why)
    made = tmp_path / "new" / "module"
    assert main(["import", "foundry-table", str(FOUNDRY_TABLE), "--into", str(made)]) == 0
    assert (made / "module.yaml").is_file()
