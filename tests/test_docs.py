"""The documentation stays true: the generated command reference matches the parser,
and the README stays a front page whose quick start CI relies on."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from campaign.cli import build_parser
from campaign.cli_docs import commands_markdown

REPO = Path(__file__).resolve().parent.parent
README_MAX_LINES = 200


def test_command_reference_is_current() -> None:
    committed = (REPO / "docs/commands.md").read_text(encoding="utf-8")
    assert committed == commands_markdown(), (
        "docs/commands.md is stale: run `python -m campaign.cli_docs > docs/commands.md`"
    )


def test_command_reference_covers_every_subcommand() -> None:
    text = commands_markdown()
    names = [
        name
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    ]
    assert "play" in names and "roll" in names
    for name in names:
        assert f"## `campaign {name}`" in text, name
        assert f"usage: campaign {name}" in text, name
    assert "| `--paper {a4,letter}` | default: a4 | `a4` |" in text
    assert (
        "| `--into MODULE_DIR` | module folder to write into (created if absent) | required |"
        in text
    )


def test_help_prints_no_doubled_percent() -> None:
    """A description is printed as written ('%%' stays two characters), so it says '95%'."""
    text = commands_markdown()
    assert "%%" not in text
    assert "95% intervals" in text


def test_command_reference_does_not_depend_on_the_terminal_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    narrow = commands_markdown()
    monkeypatch.setenv("COLUMNS", "300")
    assert commands_markdown() == narrow


def test_readme_is_a_front_page() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines; move detail into docs/ (at most {README_MAX_LINES})"
    )


def test_readme_quick_start_names_make_play_and_make_test() -> None:
    """.ci/run runs `make test`: the README's test command must stay that."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)", quick_start, re.M)
    assert "make play" in commands
    assert "make test" in commands
    assert "make test" in (REPO / ".ci/run").read_text(encoding="utf-8")


def test_readme_links_into_docs_resolve() -> None:
    """Relative links from the README (as GitHub shows it) point at files that exist."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\((?!https?://)([^)#\s]+)", text)
    assert any(target.startswith("docs/") for target in targets)
    for target in targets:
        assert (REPO / target).exists(), target
