"""Sessions: an append-only SQLite journal of everything that happens at the table."""

# Importing the combat tracker registers its event kinds with the journal.
from campaign.session.combat import Combatant, CombatState, CombatTracker
from campaign.session.events import Event
from campaign.session.state import ClockValue, SessionState, register_reducer
from campaign.session.store import (
    Session,
    SessionError,
    list_sessions,
    new_session_name,
    session_path,
    session_summary,
)

__all__ = [
    "ClockValue",
    "CombatState",
    "CombatTracker",
    "Combatant",
    "Event",
    "Session",
    "SessionError",
    "SessionState",
    "list_sessions",
    "new_session_name",
    "register_reducer",
    "session_path",
    "session_summary",
]
