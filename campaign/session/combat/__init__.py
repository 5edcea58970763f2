"""The combat tracker: initiative, turns, harm and conditions, all as journal events.

Every change is an event in the session, so a fight resumes, undoes and
recaps like everything else; anything random is rolled when the event is
written and stored in it. The package, by part:

- `kinds`: the event kinds;
- `state`: the fight as derived from them (combatants, conditions, order);
- `reducer`: how each event changes that state, and the journal hooks;
- `tracker`: `CombatTracker`, the commands that write the events;
- `initiative` and `turns`: what those commands roll and compute;
- `conditions`: a condition for one bearer (its save filled with their numbers,
  how long it lasts), as the tracker records it and the picker shows it;
- `scene`: who a scene sends into a fight (its declared fight, or everyone present);
- `summary`: one journal line per event.

Importing the package registers its event kinds with the journal.
"""

from campaign.session.combat.conditions import condition_save, condition_terms
from campaign.session.combat.kinds import (
    ADD,
    CONDITION,
    END,
    END_CONDITION,
    HARM,
    INITIATIVE,
    KINDS,
    NEXT,
    ORDER,
    PREVIOUS,
    REMOVE,
    START,
)
from campaign.session.combat.reducer import register_combat_events
from campaign.session.combat.scene import SceneOpposition, declared_fight, scene_opposition
from campaign.session.combat.state import ActiveCondition, Combatant, CombatState
from campaign.session.combat.summary import combat_summary, harm_line
from campaign.session.combat.tracker import CombatTracker

__all__ = [
    "ADD",
    "CONDITION",
    "END",
    "END_CONDITION",
    "HARM",
    "INITIATIVE",
    "KINDS",
    "NEXT",
    "ORDER",
    "PREVIOUS",
    "REMOVE",
    "START",
    "ActiveCondition",
    "CombatState",
    "CombatTracker",
    "Combatant",
    "SceneOpposition",
    "combat_summary",
    "condition_save",
    "condition_terms",
    "declared_fight",
    "harm_line",
    "scene_opposition",
]

register_combat_events()
