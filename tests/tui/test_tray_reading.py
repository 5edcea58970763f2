"""The dice tray reads 'vs N' as the module reads a check: a roll-under module
succeeds at or under N, a partial success says so, a module-less tray says
reached or missed."""

from __future__ import annotations

import random
from pathlib import Path

from campaign.dice import compile as compile_dice
from campaign.loader import load_module
from campaign.tui.widgets.dice_tray import TrayRoll, describe_odds

ROOT = Path(__file__).resolve().parents[2]
PERCENTILE = load_module(ROOT / "tests" / "fixtures" / "families" / "percentile").ruleset.check
DOUBLE_O = load_module(ROOT / "modules" / "living-daylights").ruleset.check


def rolled(total: int, target: int, rules: object = None) -> TrayRoll:
    roll = compile_dice(f"1d1+{total - 1}").roll(random.Random(1))
    return TrayRoll(f"1d100 vs {target}", target, roll, rules=rules)  # type: ignore[arg-type]


def test_roll_under_succeeds_at_or_under_the_number() -> None:
    assert (rolled(30, 45, PERCENTILE).reached, rolled(30, 45, PERCENTILE).verdict()) == (
        True,
        "success",
    )
    assert rolled(8, 45, PERCENTILE).verdict() == "extreme success"
    assert (rolled(60, 45, PERCENTILE).reached, rolled(60, 45, PERCENTILE).verdict()) == (
        False,
        "failure",
    )
    assert "≤45: 45.0%" in describe_odds("1d100", 45, under=True)


def test_a_partial_success_is_not_called_a_miss() -> None:
    partial = next(tier for tier in DOUBLE_O.results if tier.min_margin == -2)
    assert rolled(7, 9, DOUBLE_O).verdict() == partial.label.lower()
    assert "missed" not in rolled(7, 9, DOUBLE_O).prompt().plain


def test_without_a_module_it_is_reached_or_missed() -> None:
    assert rolled(9, 9).verdict() == "reached" and rolled(8, 9).verdict() == "missed"
    assert "≥9" in describe_odds("2d6", 9)


async def test_a_tray_left_without_its_children_does_not_crash_the_app() -> None:
    """Quitting while the tray is still mounting leaves it childless when Textual runs
    its watchers: that must not end the GM's screen in a traceback."""
    from textual.app import App, ComposeResult

    from campaign.tui.widgets.dice_tray import DiceTray

    class Childless(DiceTray):
        def compose(self) -> ComposeResult:
            return iter(())

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Childless(random.Random(1), id="dice-tray")

    app = Host()
    async with app.run_test() as pilot:
        tray = app.query_one(Childless)
        tray.error = "column 1: not dice"
        await pilot.pause()
        assert tray.has_class("-error")
    assert app.return_code in (0, None)


async def test_the_tray_says_what_the_roll_was_read_as_when_it_was_made(
    tmp_path: Path,
) -> None:
    """An attack of 12 against a defence of 13 is a miss in the tracker; the tray's history
    must not read the same 'vs 13' as a Double-O check (a partial success)."""
    from textual.app import App, ComposeResult

    from campaign.session import Session
    from campaign.tui.widgets.dice_tray import DiceTray

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield DiceTray(random.Random(1), rules=DOUBLE_O, id="dice-tray")

    with Session.open(tmp_path / "s.sqlite", seed=1) as session:
        session.roll("1d1+11", source="Bond: Walther", target=13, read=lambda _: ("miss", False))
        session.roll("1d1+11", source="typed", target=13)  # no reading kept: the rules read it
        app = Host()
        async with app.run_test() as pilot:
            tray = app.query_one(DiceTray)
            tray.load_history(session)
            await pilot.pause()
            typed, attack = tray.history
    assert (attack.verdict(), attack.reached) == ("miss", False)
    assert "vs 13: miss" in attack.prompt().plain
    assert typed.verdict() == rolled(12, 13, DOUBLE_O).verdict() != "miss"


async def test_the_empty_box_says_press_d_until_it_has_the_focus() -> None:
    """Unfocused, keys are the screen's (a digit follows an exit): the box must not look
    ready to type in."""
    from textual.app import App, ComposeResult
    from textual.widgets import Button, Input

    from campaign.tui.tray_words import PLACEHOLDER, PLACEHOLDER_AWAY
    from campaign.tui.widgets.dice_tray import DiceTray

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Button("elsewhere")
            yield DiceTray(random.Random(1), id="dice-tray")

    app = Host()
    async with app.run_test() as pilot:
        box = app.query_one("#dice-input", Input)
        app.query_one(Button).focus()
        await pilot.pause()
        assert box.placeholder == PLACEHOLDER_AWAY and PLACEHOLDER_AWAY.startswith("press d")
        box.focus()
        await pilot.pause()
        assert box.placeholder == PLACEHOLDER
        app.query_one(Button).focus()
        await pilot.pause()
        assert box.placeholder == PLACEHOLDER_AWAY
