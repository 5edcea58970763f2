"""Each check family's fixture opens on the GM screen, and the numbers shown are the ones
rolled: the skill-only d20 agent shows +3 and 45% against Standard 15, on the scene pane and
on the cast's chip, as lint does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from campaign.tui.app import CampaignApp
from campaign.tui.screens.gm import GMScreen
from campaign.tui.widgets.statblock import RollChip

from .conftest import SIZE

FAMILIES = Path(__file__).resolve().parents[1] / "fixtures" / "families"
Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def text_of(app: CampaignApp, selector: str) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(selector).results(Static))


AGENTS = {
    "d20-skill": ("Agent Falk", "+3"),
    "percentile": ("Dr Ilse Brandt", "45"),
    "pool": ("Mara Voss", "5 dice"),
    "bands": ("Jonah Reyes", "+2"),
}


@pytest.mark.parametrize("family", list(AGENTS))
async def test_each_family_opens_with_its_odds(
    app_factory: Factory, settle: Settle, family: str
) -> None:
    app = app_factory(FAMILIES / family)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        checks = text_of(app, ".check")
        assert "Talk the escort into an early crossing" in checks
        if family != "bands":
            assert "vs " in checks
        else:  # read by the total alone: the bands themselves, not a difficulty
            assert "Hot 10+ Strong hit · 7-9 Weak hit · 6- Miss" in " ".join(checks.split())
        odds = text_of(app, ".check-odds")
        name, shown = AGENTS[family]
        row = next(line for line in odds.splitlines() if line.startswith(name))
        assert shown in row and "%" in row


async def test_the_skill_only_d20_agent_shows_plus_3_and_45_percent(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(FAMILIES / "d20-skill")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        checks = text_of(app, ".check")
        assert "Persuade  vs Standard 15" in checks or "Persuade vs Standard 15" in checks
        assert "Nerve" not in checks
        odds = text_of(app, ".check-odds")
        row = next(line for line in odds.splitlines() if line.startswith("Agent Falk"))
        assert row.split() == ["Agent", "Falk", "+3", "45%"]
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("ctrl+t")  # the pregenerated characters
        await settle(pilot)
        labels = [str(chip.render()) for chip in app.screen.query(RollChip)]
        assert any("Persuade 3 (+3)" in label for label in labels), labels


def _with_clue_roll(tmp_path: Path) -> Path:
    """The percentile fixture, its clue found by Library Use at Hard."""
    import shutil

    folder = tmp_path / "percentile"
    shutil.copytree(FAMILIES / "percentile", folder)
    story = folder / "story.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace(
            "    revelation: impostor\n",
            "    revelation: impostor\n    check: {skill: library, difficulty: hard}\n",
            1,
        ),
        encoding="utf-8",
    )
    return folder


async def test_a_clue_roll_shows_under_the_clue_and_with_its_odds(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    """A clue's `check:` is on the pane: the roll under the clue, and each agent's chance
    (Library Use 70 halved: 35%) in a check block of its own."""
    app = app_factory(_with_clue_roll(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clues = " ".join(text_of(app, ".clues").split())
        assert "roll Library Use vs Hard (÷ 2)" in clues
        checks = " ".join(text_of(app, ".check").split())
        assert "Clue: The prisoner's coat is cut for a taller man." in checks
        odds = text_of(app, ".check-odds").splitlines()
        rows = [line.split() for line in odds if line.startswith("Dr Ilse Brandt")]
        assert ["Dr", "Ilse", "Brandt", "70", "35%"] in rows


async def test_a_roll_under_chip_is_read_at_or_under_the_skill(
    app_factory: Factory, settle: Settle
) -> None:
    """Dr Brandt's Persuade 45 chip rolls '1d100 vs 45', and the tray reads it as the
    ruleset reads a Regular check (a 96 fails, a 9 is an extreme success)."""
    from campaign.checks import read_total
    from campaign.tui.widgets.dice_tray import DiceTray

    app = app_factory(FAMILIES / "percentile")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        persuade = next(
            chip for chip in app.screen.query(RollChip) if chip.source.endswith(": Persuade")
        )
        assert persuade.expression == "1d100 vs 45"
        persuade.focus()
        await pilot.press("enter")
        await settle(pilot)
        gm = next(screen for screen in app.screen_stack if isinstance(screen, GMScreen))
        newest = gm.query_one(DiceTray).history[0]
        rules = gm.module.ruleset.check
        assert newest.target == 45
        assert newest.verdict() == read_total(rules, newest.roll.total, 45).label.lower()


def test_the_agents_odds_table_names_each_agent_whole() -> None:
    """The name column is as wide as the longest name needs (up to 20): at 160 columns
    'Ingrid Lindqvist' was cut to 'Ingrid Lindqv…' beside empty space."""
    from campaign.cache import load_module_cached
    from campaign.checks import as_check
    from campaign.model import ClueCheck
    from campaign.tui.widgets.scene_checks import NAME_WIDTH, agents_table

    module = load_module_cached(Path(__file__).parents[2] / "modules" / "living-daylights")
    check = as_check(ClueCheck(skill=module.ruleset.skills[0].id, difficulty=9), "Look")
    rows = agents_table(module, check).plain.splitlines()
    for pc in module.pcs.values():
        assert len(pc.name) < NAME_WIDTH
        assert any(row.startswith(pc.name + " ") for row in rows), (pc.name, rows)
    assert len({len(row) for row in rows}) == 1  # one width for the header and each row
