"""The app's open session as screens and widgets reach it: the session itself,
its campaign record, and telling the views about events a screen wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from campaign.session import CampaignRecord, Session
from campaign.session.continuity import record_of
from campaign.tui.protocols import CampaignHost

if TYPE_CHECKING:
    from textual.app import App


def current_session(app: App[Any]) -> Session | None:
    """The app's open session, if there is one."""
    session = getattr(app, "session", None)
    return session if isinstance(session, Session) else None


def campaign_record(app: App[Any]) -> CampaignRecord | None:
    """What the open session says happened (clues, handouts, outcomes, fates), if one is open."""
    session = current_session(app)
    return record_of(session.state) if session is not None else None


def announce(app: App[Any], session: Session, since: int) -> None:
    """Tell the screens about the events written after `since` (the journal, the tray...)."""
    fresh = [event for event in session.state.events if event.seq > since]
    if fresh and isinstance(app, CampaignHost):
        app.sessions.changed(fresh)
