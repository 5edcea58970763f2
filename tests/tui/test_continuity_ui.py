"""Continuity on the GM screen: clues found, handouts given, outcomes and
threads, the PC roster and NPC fates, and a new evening that carries them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from campaign import cli
from campaign.cache import load_module_cached
from campaign.session import Session, session_path, start_next_evening
from campaign.session.continuity import record_of
from campaign.tui.app import CampaignApp
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.roster import RosterScreen
from campaign.tui.widgets.prompts import AskScreen, PickScreen
from campaign.tui.widgets.scene_pane import ScenePane

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
LIVING_DAYLIGHTS = Path(__file__).parents[2] / "modules" / "living-daylights"


def _pane_text(app: CampaignApp, selector: str) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query_one(ScenePane).query(selector))


async def _show(pilot: Pilot[None], settle: Settle, kind: str, identifier: str) -> GMScreen:
    screen = pilot.app.screen
    assert isinstance(screen, GMScreen)
    screen.show_target(kind, identifier)
    await settle(pilot)
    return screen


async def test_clue_and_handout_carry_into_a_new_evening(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    first = tmp_path / "evening-1.sqlite"
    app = app_factory(session=str(first))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _show(pilot, settle, "scene", "lamp-room")
        assert "found" not in _pane_text(app, ".clues")
        await pilot.press("k")  # the one unfound clue: asks who found it
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        assert app.screen.title_text.startswith("Who found “Today's entry")  # which clue
        await pilot.press(*"Ada", "enter")
        await settle(pilot)
        assert app.session is not None
        assert record_of(app.session.state).clues["lamp-logbook"]["by"] == "Ada"
        assert "✓ Today's entry" in _pane_text(app, ".clues")
        assert "found by Ada" in _pane_text(app, ".clues")
        await pilot.press("k")  # nothing left to find here
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)

        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"Ben", "enter")
        await settle(pilot)
        assert record_of(app.session.state).handouts["keepers-log"]["to"] == "Ben"
        assert "✓ given to Ben" in _pane_text(app, ".at-hand")
        # the pane drew again; its checks' odds are worked out again, not left at 'odds …'
        odds = _pane_text(app, ".check-odds")
        assert "%" in odds and "…" not in odds

    module = load_module_cached(LIGHTHOUSE)
    second = tmp_path / "evening-2.sqlite"
    with Session.open(first, create=False) as previous:
        start_next_evening(previous, second, module).close()
    again = app_factory(session=str(second))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _show(pilot, settle, "scene", "lamp-room")
        assert "found by Ada" in _pane_text(again, ".clues")
        assert "✓ given to Ben" in _pane_text(again, ".at-hand")
        assert again.session is not None
        assert list(record_of(again.session.state).handouts) == ["keepers-log"]


async def test_palette_gives_a_handout(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "palette.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Give handout", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await pilot.press("enter")  # to nobody in particular
        await settle(pilot)
        assert app.session is not None
        assert record_of(app.session.state).handouts["keepers-log"]["to"] == ""


async def test_act_overview_shows_the_recorded_outcome(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "acts.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _show(pilot, settle, "act", "act-2")
        threads = _pane_text(app, ".section")
        assert "default: Found and safe" in threads
        assert "Morwenna leads the agents" in threads

        await _show(pilot, settle, "act", "act-1")
        await pilot.press("O")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # Did the agents find Morwenna?
        await settle(pilot)
        await pilot.press("down", "enter")  # Never found
        await settle(pilot)
        assert app.session is not None
        assert record_of(app.session.state).outcomes == {"keeper-found": "lost"}
        assert "✓ Never found" in _pane_text(app, ".section")

        await pilot.press("O", "down", "enter")  # the alternative path was taken
        await settle(pilot)
        assert record_of(app.session.state).alternatives == [
            {"act": "act-1", "path": "smugglers-first"}
        ]

        await _show(pilot, settle, "act", "act-2")
        threads = _pane_text(app, ".section")
        assert "✓ Never found" in threads
        assert "The chapel is empty but for her notebook." in threads
        assert "default:" not in threads


@pytest.mark.skipif(not LIVING_DAYLIGHTS.is_dir(), reason="bundled module not present")
async def test_roster_harm_gadgets_notes_and_fates(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(LIVING_DAYLIGHTS, session=str(tmp_path / "roster.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        module = screen.module
        pc = next(iter(module.pcs.values()))
        await pilot.press("minus", "2", "enter")
        await settle(pilot)
        await pilot.press("g", "enter")
        await settle(pilot)
        await pilot.press("n", *"lost his hat", "enter")
        await settle(pilot)
        assert app.session is not None
        record = record_of(app.session.state).pcs[pc.id]
        assert record.damage == 2
        assert record.gadget_uses == {pc.gadgets[0].id: 1}
        assert record.notes == ["lost his hat"]
        row = [str(c) for c in screen.query_one("#roster-pcs", DataTable).get_row_at(0)]
        assert "■■□" in row[1] and "lost his hat" in row[3]

        await pilot.press("plus", "enter")
        await settle(pilot)
        assert record_of(app.session.state).pcs[pc.id].damage == 1

        await pilot.press("tab", "f")  # first NPC's fate
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")  # dead
        await settle(pilot)
        await pilot.press("t", *"-1", "enter")
        await settle(pilot)
        npc = next(iter(module.npcs))
        fate = record_of(app.session.state).fates[npc]
        assert fate["fate"] == "dead" and fate["trust"] == -1
        npc_row = [str(c) for c in screen.query_one("#roster-npcs", DataTable).get_row_at(0)]
        assert npc_row[1:3] == ["dead", "-1"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)


def test_play_continue_starts_a_new_evening(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    module = load_module_cached(LIGHTHOUSE)
    with Session.open(session_path("tuesday"), module=module) as previous:
        previous.append("handout-given", {"handout": "keepers-log", "to": "Ada"})
    started: list[CampaignApp] = []
    monkeypatch.setattr(CampaignApp, "run", lambda self, **_: started.append(self))
    assert cli.main(["play", str(LIGHTHOUSE), "--continue", "tuesday"]) == 0
    (app,) = started
    assert app.session_name and app.session_name != "tuesday"
    with Session.open(session_path(app.session_name), create=False) as evening:
        assert evening.meta["continues"].endswith("tuesday.sqlite")
        assert record_of(evening.state).handouts["keepers-log"]["to"] == "Ada"


def test_play_continue_refuses_a_missing_session(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["play", str(LIGHTHOUSE), "--continue", "nope"]) == 2
    assert "no such session" in capsys.readouterr().err
