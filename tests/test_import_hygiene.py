"""`campaign` outside `campaign/tui/` never imports Textual.

Runs in a fresh interpreter so nothing the test runner imported leaks in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CORE = ["campaign.loader", "campaign.model", "campaign.dice", "campaign.cli", "campaign.checks"]


def test_core_does_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "    leaked = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "    assert not leaked, f'{name} imported {leaked[:5]}'\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def test_cli_parser_does_not_import_textual() -> None:
    """Building the parser (what `campaign roll --help` does) stays Textual-free."""
    code = (
        "import sys\n"
        "from campaign.cli import build_parser\n"
        "build_parser()\n"
        "assert 'textual' not in sys.modules\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def test_campaign_play_finds_its_module_without_the_model() -> None:
    """`campaign play` parses its arguments and finds the module before the GM screen
    starts; none of that may import the model (pydantic), or the screen's first frame
    would wait for it (issue 20)."""
    code = (
        "import sys\n"
        "from campaign.cli import build_parser\n"
        "from campaign.loader import find_module\n"
        "build_parser()\n"
        "find_module('living-daylights')\n"
        "heavy = sorted(m for m in ('pydantic', 'campaign.model') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
        "from campaign.loader import load_module\n"
        "assert 'pydantic' in sys.modules\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def test_campaign_play_settles_a_named_session_without_the_model(tmp_path: Path) -> None:
    """`campaign play MODULE --session NAME` (and `--new NAME`) checks the session's
    file before the GM screen starts, without the session layer or pydantic: the
    resumed session's first frame is painted ahead of them (issue 20)."""
    (tmp_path / "campaign" / "sessions").mkdir(parents=True)
    (tmp_path / "campaign" / "sessions" / "tuesday.sqlite").write_bytes(b"")
    code = (
        "import sys\n"
        "from campaign.cli import build_parser\n"
        "from campaign.cli.play import _session_to_play\n"
        "for flag, name in (('--session', 'tuesday'), ('--new', 'wednesday')):\n"
        "    args = build_parser().parse_args(['play', 'living-daylights', flag, name])\n"
        "    assert _session_to_play(args, None) == name\n"
        "heavy = sorted(m for m in ('pydantic', 'campaign.session') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
