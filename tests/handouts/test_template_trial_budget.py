"""`campaign validate` and `lint` try a module's templates within one budget for the whole
stage: ten handouts with a template that took 5 s a render kept validate busy for 318 s.

Past `TRIAL_SECONDS` no further trial starts, and one located problem says which
handouts and formats were not tried (exit 2). The test shrinks both the render
deadline and the stage's budget, so the CPU it asserts is small either way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from handout_helpers import write_template
from render_costs import costs_under

from campaign.cli import main
from campaign.handouts import check_module_templates, limits, template_trial
from campaign.loader import load_module

SLOW = "{{ handout.title }}\n{{ ('a' * 600000)|wordwrap(2) }}\n"
"""A render that works until its deadline (wordwrap of 600,000 characters)."""
HANDOUTS = 30


def _slow_module(spy_copy: Path) -> Path:
    documents = [
        f"id: slow-{index:02}\ntitle: Slow {index}\ntype: custom\ntemplate: slow\nbody: x\n"
        for index in range(HANDOUTS)
    ]
    (spy_copy / "handouts" / "slow.yaml").write_text("---\n".join(documents), encoding="utf-8")
    write_template(spy_copy, "slow.md.j2", SLOW)
    return spy_copy


@pytest.fixture
def short_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.4)
    monkeypatch.setattr(template_trial, "TRIAL_SECONDS", 4.0)


def test_the_trials_stop_when_the_budget_is_spent(spy_copy: Path, short_limits: None) -> None:
    module = load_module(_slow_module(spy_copy))
    # 60 trials (players' and GM copy of 30 handouts) at 0.4 s each: 24 s of CPU
    # without a budget; with it, about 4 s (the child's start-up included).
    with costs_under(10):
        problems = [str(problem) for problem in check_module_templates(module)]
    folder = spy_copy / "templates"
    *refused, stopped = problems
    # The slow template's refusal (once: every trial of it fails the same way), unless
    # a very loaded machine spent the budget before the first slow trial.
    assert refused in (
        [],
        [
            f"{folder}/slow.md.j2:2:1: refused: rendering took longer than 0.4 s "
            "(rendering handout slow-00, players' copy, Markdown)"
        ],
    ), problems
    match = re.fullmatch(
        rf"{re.escape(str(folder))}:1:1: templates: stopped after 4 s; (\d+) handouts not "
        r"tried \([a-z0-9-]+, [a-z0-9-]+, [a-z0-9-]+, [a-z0-9-]+, [a-z0-9-]+, …\) in "
        "Markdown: a template that runs slowly makes every handout slow",
        stopped,
    )
    assert match is not None, stopped
    assert 15 <= int(match[1]) <= HANDOUTS + 3, stopped  # most were never tried


def test_validate_and_lint_exit_2_naming_what_was_not_tried(
    spy_copy: Path, short_limits: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _slow_module(spy_copy)
    with costs_under(20):
        assert main(["validate", str(root)]) == 2
        assert main(["lint", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.count("templates: stopped after 4 s;") == 2, err
    assert "Traceback" not in err


def test_a_module_within_the_budget_is_tried_whole(spy_copy: Path) -> None:
    """The real budget leaves every trial of a module with harmless templates."""
    assert template_trial.TRIAL_SECONDS == 30.0
    write_template(spy_copy, "note.md.j2", "# {{ handout.title }}\n\n{{ handout.body }}\n")
    with costs_under(4):
        assert check_module_templates(load_module(spy_copy)) == []
