"""Fixtures that make the GM screen deterministic: still cursors, no animations,
no user data folders, a fixed module to draw, seeded dice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from campaign.tui.app import CampaignApp, make_app

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


async def _settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the screen catch up (loading, odds, recompose)."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def settle() -> Callable[[Pilot[None]], Awaitable[None]]:
    """`await settle(pilot)`: workers done, messages handled, screen refreshed."""
    return _settle
