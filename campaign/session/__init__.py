"""Sessions: an append-only SQLite journal of everything that happens at the table."""

# Importing the combat tracker registers its event kinds with the journal.
from campaign.session.catalog import check_session, list_sessions, session_summary
from campaign.session.combat import Combatant, CombatState, CombatTracker
from campaign.session.continuity import (
    CampaignRecord,
    Continuity,
    ThreadStatus,
    campaign_chain,
    start_next_evening,
)
from campaign.session.events import Event
from campaign.session.integrity import SessionDamaged, SessionReadOnly
from campaign.session.showing import Shown, hide, roll_in_the_open, show, shown_of
from campaign.session.state import ClockValue, SessionState, register_reducer
from campaign.session.store import (
    Session,
    SessionError,
    new_session_name,
    session_path,
)

__all__ = [
    "CampaignRecord",
    "ClockValue",
    "CombatState",
    "CombatTracker",
    "Combatant",
    "Continuity",
    "Event",
    "Session",
    "SessionDamaged",
    "SessionError",
    "SessionReadOnly",
    "SessionState",
    "Shown",
    "ThreadStatus",
    "campaign_chain",
    "check_session",
    "hide",
    "list_sessions",
    "new_session_name",
    "register_reducer",
    "roll_in_the_open",
    "session_path",
    "session_summary",
    "show",
    "shown_of",
    "start_next_evening",
]
