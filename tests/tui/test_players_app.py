"""The players' screen follows a session the GM is playing, and shows nothing GM-only."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from campaign.loader import load_module
from campaign.session import Continuity, Session, roll_in_the_open, show
from campaign.session.combat import CombatTracker
from campaign.tui.players import PlayersApp

from .conftest import LIGHTHOUSE


def screen_text(app: PlayersApp) -> str:
    parts = []
    for widget in app.screen.query(Static):
        parts.append(str(widget.render()))
        parts.append(str(widget.border_title or ""))
    return "\n".join(parts)


async def settle(app: PlayersApp, pilot: object, rounds: int = 6) -> None:
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause(0.15)  # type: ignore[attr-defined]


async def test_the_players_screen_follows_the_gm(tmp_path: Path) -> None:
    module = load_module(LIGHTHOUSE)
    path = tmp_path / "evening.sqlite"
    scene = module.scenes["lighthouse-door"]
    with Session.open(path, module=module, seed=4) as gm:
        show(gm, "read-aloud", scene.id, scene.title)
    app = PlayersApp(path, poll_seconds=0.05)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Rain needles your faces" in text and scene.title in text
        assert "Cove Smuggler" not in text
        with Session.open(path) as gm:  # the GM, in another process as far as the app knows
            show(gm, "npc", "smuggler", "Cove Smuggler")
            Continuity(gm, module).give_handout("keepers-log")
            roll_in_the_open(gm, "2d6+1")
            tracker = CombatTracker(gm, module)
            tracker.start("On the rocks")
            tracker.add_npc("smuggler")
            tracker.add_named("Ada", health=4)
        await settle(app, pilot)
        text = screen_text(app)
        assert "Cove Smuggler" in text and "Oilskins, a knife" in text
        assert "The Keeper's Log" in text and "2d6" in text
        assert "Fight" in text and "unhurt" in text
        for secret in (
            "Paid by the harbourmaster",  # the smuggler's secret
            "Flees when outnumbered",  # tactics
            "spare key hangs under the third step",  # GM notes
        ):
            assert secret not in text
        await pilot.press("h")
        await settle(app, pilot)
        assert "Lamp lit at dusk" in str(app.screen.query_one("#handout").source)  # type: ignore[attr-defined]
        # named in a title bar; the handout scrolls in its own box, so the screen
        # has no scrollbar to run through the footer
        assert app.screen.sub_title == "The Keeper's Log (1 of 1)"
        await pilot.resize_terminal(30, 6)  # a tiny window: the handout scrolls
        await settle(app, pilot)
        assert not app.screen.show_vertical_scrollbar
        assert app.screen.query_one("#handout-box").show_vertical_scrollbar
