"""The fight as a new GM found it (issue 19): damage rolled at a target comes off
the target's track, the damage-or-healing prompt cannot be read backwards and
says what it did, an ended fight looks ended, and the initiative line reads in
the order the fight runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from campaign.tui.app import CampaignApp
from campaign.tui.screens.combat import CombatScreen
from campaign.tui.widgets.prompts import AskScreen, PickScreen

from .conftest import SIZE, lighthouse_fight

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def _row(screen: CombatScreen, cid: str) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(getattr(cell, "plain", cell)) for cell in table.get_row(cid)]


def _log(screen: CombatScreen) -> list[str]:
    return str(screen.query_one("#fight-log", Static).render()).splitlines()


def _notice(screen: CombatScreen) -> str:
    notice = screen.query_one("#fight-notice", Static)
    return str(notice.render()) if notice.display else ""


def _footer(app: CampaignApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


def _select(screen: CombatScreen, cid: str) -> None:
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(cid))


async def _pick(pilot: Pilot[None], settle: Settle, value: str) -> None:
    """Choose `value` in the picker on top, with the arrows as a GM does."""
    prompt = pilot.app.screen
    assert isinstance(prompt, PickScreen)
    index = [choice for choice, _ in prompt.choices].index(value)
    start = prompt.start
    await pilot.press(*(["down"] * (index - start) if index > start else ["up"] * (start - index)))
    await pilot.press("enter")
    await settle(pilot)


async def test_damage_rolled_at_a_target_comes_off_its_track(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "damage.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await lighthouse_fight(pilot)
        session = screen.session
        _select(screen, "smuggler-1")
        before = len(session.state.journal())
        await pilot.press("r")  # the knife: to hit, or damage
        await settle(pilot)
        await _pick(pilot, settle, "1")  # Knife damage: 1d3
        assert isinstance(app.screen, PickScreen) and "whom" in app.screen.title_text
        await _pick(pilot, settle, "tess")
        assert pilot.app.screen is screen

        journal = session.state.journal()
        assert len(journal) == before + 1  # one event: the roll and the harm together
        event = journal[-1]
        assert event.kind == "combat-harm" and event.data["cid"] == "tess"
        dealt = int(event.data["amount"])
        assert 1 <= dealt <= 3
        assert event.data["roll"]["expression"] == "1d3"
        tess = screen.tracker.state.combatants["tess"]
        assert tess.damage == dealt  # applied, not only logged
        assert _row(screen, "tess")[3].endswith(f"{dealt}/5")  # the roster shows it
        said = f"Tess takes {dealt}: Wounds 0 → {dealt}/5"
        assert _log(screen)[-1].startswith("Cove Smuggler 1: Knife damage on Tess: 1d3")
        assert _log(screen)[-1].endswith(said)
        assert _notice(screen) == said

        # one undo takes back the damage and its roll
        await pilot.press("u")
        await settle(pilot)
        assert screen.tracker.state.combatants["tess"].damage == 0
        assert _row(screen, "tess")[3].endswith("0/5")
        assert not any("Knife damage" in line for line in _log(screen))

        # the roll to hit is only logged: whether it hits is the GM's (or a ruleset's) call
        await pilot.press("r")
        await settle(pilot)
        await _pick(pilot, settle, "0")
        await _pick(pilot, settle, "tess")
        assert screen.tracker.state.combatants["tess"].damage == 0
        assert session.state.journal()[-1].kind == "roll"


async def test_the_amount_prompt_says_which_sign_heals_and_what_it_did(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "amount.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await lighthouse_fight(pilot)
        _select(screen, "tess")
        await pilot.press("x")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, AskScreen)
        assert prompt.title_text == "Damage to Tess (type 5; heal with -5)"
        assert "-5 heals 5" in prompt.hint and "Now Wounds 0/5" in prompt.hint
        await pilot.press("3", "enter")
        await settle(pilot)
        assert screen.tracker.state.combatants["tess"].damage == 3
        assert _notice(screen) == "Tess takes 3: Wounds 0 → 3/5"
        assert _log(screen)[-1] == "Tess takes 3: Wounds 0 → 3/5"

        await pilot.press("x", "minus", "2", "enter")
        await settle(pilot)
        assert screen.tracker.state.combatants["tess"].damage == 1
        assert _notice(screen) == "Tess heals 2: Wounds 3 → 1/5"

        # '-' and '+' say what they do too, and the result
        await pilot.press("minus")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        assert app.screen.title_text == "Damage to Tess" and "Now Wounds 1/5" in app.screen.hint
        await pilot.press("4", "enter")
        await settle(pilot)
        assert _notice(screen) == "Tess takes 4: Wounds 1 → 5/5 (out)"
        assert "(out)" in _row(screen, "tess")[2]


async def test_an_ended_fight_looks_ended(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "ended.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await lighthouse_fight(pilot)
        screen.tracker.roll_initiative()
        screen.tracker.harm("smuggler-2", 2)  # down
        screen.refresh_view()
        for _ in range(4):  # into round 2
            await pilot.press("n")
            await settle(pilot)
        assert screen.tracker.state.round == 2
        assert "Next" in _footer(app) and "End fight" in _footer(app)

        await pilot.press("E")
        await settle(pilot)
        status = str(screen.query_one("#fight-status", Static).render())
        assert status.startswith("Fight ended — round 2, 1 down")
        assert "to act" not in status and "Round" not in status
        assert not any(_row(screen, cid)[0] for cid in ("smuggler-1", "smuggler-2", "tess"))
        keys = _footer(app)
        assert "Undo" in keys and "Back" in keys
        for gone in ("Next", "Prev", "Attack", "Dmg", "Heal", "End fight", "Init", "Remove"):
            assert gone not in keys, gone
        assert "the fight is over" in str(screen.query_one("#fight-keys", Static).render())
        # a fight key does nothing now (no event, no prompt)
        journal = len(screen.session.state.journal())
        await pilot.press("n", "minus", "r")
        await settle(pilot)
        assert app.screen is screen and len(screen.session.state.journal()) == journal

        # undo takes the end back: the fight, its turn and its keys return
        await pilot.press("u")
        await settle(pilot)
        state = screen.tracker.state
        assert state.active and state.round == 2
        assert "Next" in _footer(app)
        assert any(_row(screen, cid)[0] == "▶" for cid in state.combatants)

        # adding someone to an ended fight starts a new one, with them alone
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("w", *"Zed 3", "enter")
        await settle(pilot)
        state = screen.tracker.state
        assert state.active and not state.ended and list(state.combatants) == ["zed"]
        assert str(screen.query_one("#fight-status", Static).render()).startswith("Fight: ")


async def test_the_initiative_line_reads_in_turn_order(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "order.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await lighthouse_fight(pilot)
        for name in ("Ada", "Ben", "Cleo", "Dov"):
            screen.tracker.add_named(name)
        screen.refresh_view()
        await pilot.press("i")
        await settle(pilot)
        line = next(line for line in _log(screen) if line.startswith("Initiative: "))
        listed = [part.rsplit(" ", 1)[0] for part in line.removeprefix("Initiative: ").split(", ")]
        assert listed == [c.name for c in screen.tracker.state.order()]
        totals = [int(part.rsplit(" ", 1)[1]) for part in line.split(", ")]
        assert totals == sorted(totals, reverse=True)
        assert len(set(listed)) == 7  # everyone, once
