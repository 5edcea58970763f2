"""What screens and widgets may use of the app and of the GM screen, as typed protocols.

Screens never import `campaign.tui.app` or `campaign.tui.screens.gm` (the app
imports them, so that would be a cycle): they reach the app through
`CampaignHost` and the GM screen through `GMView`, which the app finds for
them (`gm_screen`). Everything else goes up as messages (`campaign.tui.messages`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # annotations only: this module is imported at startup
    import random

    from textual.app import App
    from textual.message import Message
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from campaign.model import Module
    from campaign.session import Session
    from campaign.tui.session_link import SessionLink
    from campaign.tui.widgets.act_tree import Target


class GMView(Protocol):
    """The GM screen as the browsers, the fight, the roster, the palette, the
    continuity keys and the session link use it."""

    module: Module

    @property
    def app(self) -> App[Any]: ...

    @property
    def current(self) -> Target | None:
        """The scene or act the pane shows, as ('scene' | 'act', id)."""
        ...

    def show_target(self, kind: str, identifier: str) -> None: ...

    def roll(self, expression: str, source: str = "") -> None: ...

    def redraw_scene_pane(self) -> None: ...

    def action_detail(self, kind: str, identifier: str) -> None: ...

    def action_dice(self) -> None: ...

    def action_browse(self, what: str) -> None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def post_message(self, message: Message) -> bool: ...


@runtime_checkable
class CampaignHost(Protocol):
    """What screens need from the app (`campaign.tui.app.CampaignApp`)."""

    rng: random.Random
    """Dice when no session is open."""
    sessions: SessionLink

    @property
    def session(self) -> Session | None:
        """The session being played, or None (a rehearsal)."""
        ...

    def screen_ready(self, screen: Screen[None]) -> None:
        """The GM screen shows its first scene."""
        ...

    def gm_screen(self) -> GMView | None:
        """The GM screen in the screen stack, if there is one."""
        ...


def host_of(app: App[Any]) -> CampaignHost:
    """The app as a `CampaignHost` (every screen of this package runs in one)."""
    assert isinstance(app, CampaignHost)
    return app


def gm_screen(app: App[Any]) -> GMView | None:
    """The GM screen under whatever shows, if the app has one."""
    return app.gm_screen() if isinstance(app, CampaignHost) else None
