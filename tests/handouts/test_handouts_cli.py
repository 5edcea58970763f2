"""`campaign handout` from the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from handout_helpers import FIXTURE

from campaign.cli import main


def test_all_players_handouts_as_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["handout", str(FIXTURE), "--all", "--format", "md", "--out", str(out)]) == 0
    written = capsys.readouterr().out.split()
    assert "gm-notes" not in " ".join(written)
    assert sorted(Path(path).name for path in written) == sorted(
        path.name for path in out.iterdir()
    )
    assert (out / "dossier-volkov.md").read_text().startswith("**TOP SECRET**")


def test_named_handouts_for_the_gm_as_pdf_on_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["handout", str(FIXTURE), "gm-notes", "pregen-agent", "--audience", "gm"]
    args += ["--format", "pdf", "--paper", "letter", "--out", str(tmp_path)]
    assert main(args) == 0
    assert capsys.readouterr().out.split() == [
        str(tmp_path / "gm-notes.pdf"),
        str(tmp_path / "pregen-agent.pdf"),
    ]
    assert (tmp_path / "pregen-agent.pdf").read_bytes().startswith(b"%PDF")


def test_errors_are_one_line_each_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["handout", str(FIXTURE), "gm-notes", "dosier-volkov", "orders-one"]
    assert main([*args, "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "campaign: handout 'gm-notes' is for the GM only; render it with --audience gm",
        "campaign: no handout 'dosier-volkov' in module spy-fixture "
        "(did you mean 'dossier-volkov'?)",
    ]
    assert captured.out.split() == [str(tmp_path / "orders-one.html")]
    assert main(["handout", str(FIXTURE)]) == 2
    assert "name one or more handouts or use --all; spy-fixture has: dossier-volkov" in (
        capsys.readouterr().err
    )


def test_quiet_without_a_terminal(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "campaign", "handout", str(FIXTURE), "--all"]
    process = subprocess.run(
        [*command, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    assert len(process.stdout.splitlines()) == 9


def _hard_memory_limit() -> None:
    import resource

    # As a GM's shell with `ulimit -v 8000000` (KB) leaves it: a hard limit the
    # render child may lower but never raise.
    resource.setrlimit(resource.RLIMIT_AS, (8_000_000 * 1024, 8_000_000 * 1024))


def test_a_hard_memory_limit_from_the_shell_is_kept_not_fought(
    spy_copy: Path, tmp_path: Path
) -> None:
    (spy_copy / "templates").mkdir()
    (spy_copy / "templates" / "dossier.html.j2").write_text(
        '{% extends "_page.html.j2" %}{% block content %}<p>{{ handout.title }}</p>{% endblock %}'
    )
    command = [sys.executable, "-m", "campaign", "handout", str(spy_copy), "dossier-volkov"]
    command += ["--out", str(tmp_path)]
    done = subprocess.run(
        command, capture_output=True, text=True, preexec_fn=_hard_memory_limit, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "<p>" in (tmp_path / "dossier-volkov.html").read_text()
