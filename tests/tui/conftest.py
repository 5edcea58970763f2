"""Fixtures that make the GM screen deterministic: still cursors, no animations,
no user data folders, a fixed module to draw, seeded dice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.pilot import Pilot

from campaign.tui.app import CampaignApp, make_app

if TYPE_CHECKING:
    from campaign.tui.screens.combat import CombatScreen

FIXTURES = Path(__file__).parent / "fixtures"
LIGHTHOUSE = FIXTURES / "lighthouse"
BROKEN = FIXTURES / "broken"
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _deterministic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No animations, no user config or user modules, modules only from fixtures."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr("campaign.loader.discovery.module_search_dirs", lambda: [FIXTURES])
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def app_factory() -> Callable[..., CampaignApp]:
    """make_app with the test defaults: seeded dice, inputs that do not blink."""

    def factory(module_path: Path | None = LIGHTHOUSE, **options: object) -> CampaignApp:
        options.setdefault("seed", 7)
        options.setdefault("cursor_blink", False)
        return make_app(module_path, **options)  # type: ignore[arg-type]

    return factory


async def settle_screen(pilot: Pilot[None]) -> None:
    """Let workers finish and the screen catch up (loading, odds, recompose)."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def settle() -> Callable[[Pilot[None]], Awaitable[None]]:
    """`await settle(pilot)`: workers done, messages handled, screen refreshed."""
    return settle_screen


async def open_tracker(pilot: Pilot[None]) -> CombatScreen:
    """`f` on the GM screen, once it is ready: the combat tracker, as it opens."""
    from campaign.tui.screens.combat import CombatScreen

    await settle_screen(pilot)
    await pilot.press("f")
    await settle_screen(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CombatScreen)
    return screen


async def open_fight(
    pilot: Pilot[None],
    title: str,
    *,
    npcs: tuple[tuple[str, int], ...] = (),
    pcs: tuple[str, ...] = (),
    named: tuple[tuple[str, int], ...] = (),
) -> CombatScreen:
    """`f` on the GM screen, then a fight started by hand: NPCs (id, count), then pregens,
    then named combatants (name, health), the screen shown as the tracker left it."""
    from campaign.session import CombatTracker

    screen = await open_tracker(pilot)
    tracker = CombatTracker(screen.session, screen.module)
    tracker.start(title)
    for npc, count in npcs:
        tracker.add_npc(npc, count)
    for pc in pcs:
        tracker.add_pc(pc)
    for name, health in named:
        tracker.add_named(name, health=health)
    screen.refresh_view()
    await settle_screen(pilot)
    return screen


async def lighthouse_fight(pilot: Pilot[None]) -> CombatScreen:
    """The lighthouse door's two smugglers (each on their own) and Tess, 5 wounds."""
    return await open_fight(
        pilot, "The Lighthouse Door", npcs=(("smuggler", 2),), named=(("Tess", 5),)
    )


async def pick_choice(pilot: Pilot[None], value: str) -> None:
    """Answer the open pick prompt with the choice `value`, by the keys a GM presses."""
    from campaign.tui.widgets.prompts import PickScreen

    prompt = pilot.app.screen
    assert isinstance(prompt, PickScreen)
    index = [choice for choice, _ in prompt.choices].index(value)
    moves = index - prompt.start
    await pilot.press(*(["down"] * moves if moves > 0 else ["up"] * -moves), "enter")
    await settle_screen(pilot)
