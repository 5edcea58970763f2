"""The scene pane's read-aloud that applies now, NPCs' voices and a declared fight's forecast."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Collapsible, Static

from campaign.loader import load_module
from campaign.model import ReadAloudVariant, When
from campaign.paths import bundled_modules_dir
from campaign.session import Continuity, Session
from campaign.tui.app import CampaignApp
from campaign.tui.widgets.scene_extras import read_aloud_widgets

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
LIVING = bundled_modules_dir() / "living-daylights"


def texts(app: CampaignApp, selector: str) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(selector).results(Static))


async def test_a_fight_scene_forecasts_and_npcs_have_voices(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(LIVING)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.action_goto("scene", "a2-the-milkman")  # type: ignore[attr-defined]
        for _ in range(6):
            await settle(pilot)
        forecast = texts(app, "#fight-forecast")
        assert forecast.startswith("Forecast agents win ~") and "meant 70%-100%" in forecast
        npcs = texts(app, ".npcs")
        necros = load_module(LIVING).npcs["necros"]
        assert necros.voice is not None and necros.voice.mannerism[:30] in npcs


def test_the_read_aloud_that_holds_is_shown_and_the_rest_folded(tmp_path: Path) -> None:
    module = load_module(LIGHTHOUSE)
    scene = module.scenes["lamp-room"].model_copy(
        update={
            "variants": (
                ReadAloudVariant(
                    when=When(clue="door-footprints"),
                    read_aloud="Boot prints climb ahead.",
                    label="Tracked",
                ),
            )
        }
    )
    rehearsal = list(read_aloud_widgets(module, scene, None))
    assert "great lens" in str(rehearsal[0].render())
    assert isinstance(rehearsal[1], Collapsible)
    with Session.open(tmp_path / "s.sqlite", module=module, seed=1) as session:
        Continuity(session, module).find_clue("door-footprints")
        shown = list(read_aloud_widgets(module, scene, session.state))
    assert "Boot prints climb ahead." in str(shown[0].render())
    assert shown[0].border_title == "Read aloud · Tracked"
    assert isinstance(shown[1], Collapsible) and "(1)" in str(shown[1].title)


async def test_the_stat_block_shows_the_voice(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(LIVING)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b", *"necros")
        await settle(pilot)
        voice = texts(app, ".sb-voice")
        necros = load_module(LIVING).npcs["necros"]
        assert necros.voice is not None and necros.voice.lines[0][:30] in voice
