"""Campaign continuity: what one evening leaves for the next.

The campaign record is derived from journal events like everything else: PC
roster (harm, gadget uses, notes), NPC fates (alive, dead, captured, allied,
missing; trust), clues found and by whom, handouts given, act outcomes and
alternative paths taken, and clock values (from the clock events).

A new evening is a new session file that *continues* the last one: its meta
names the previous file, and its first event carries a snapshot of the
record, scene and clocks, so the new file stands on its own even if the old
one is moved. The whole campaign is the chain of files.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campaign.model import Module
from campaign.session.events import UNDOABLE_KINDS, Event, register_summary
from campaign.session.state import ClockValue, SessionState, extra_part, register_reducer
from campaign.session.store import Session, SessionError

CLUE_FOUND = "clue-found"
HANDOUT_GIVEN = "handout-given"
NPC_FATE = "npc-fate"
OUTCOME = "outcome"
ALTERNATIVE = "alternative"
PC_STATE = "pc-state"
CARRY = "campaign-carry"

KINDS = (CLUE_FOUND, HANDOUT_GIVEN, NPC_FATE, OUTCOME, ALTERNATIVE, PC_STATE)
UNDOABLE_KINDS.update(KINDS)

FATES = ("alive", "dead", "captured", "allied", "missing")


@dataclass
class PCRecord:
    damage: int = 0
    gadget_uses: dict[str, int] = field(default_factory=dict)
    """Uses spent per gadget id."""
    notes: list[str] = field(default_factory=list)


@dataclass
class CampaignRecord:
    pcs: dict[str, PCRecord] = field(default_factory=dict)
    fates: dict[str, dict[str, Any]] = field(default_factory=dict)
    """NPC id -> {'fate': ..., 'trust': int | None, 'note': str}."""
    clues: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Clue id -> {'by': who found it, 'at': when, 'scene': where}."""
    handouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Handout id -> {'to': who got it, 'at': when}."""
    outcomes: dict[str, str] = field(default_factory=dict)
    """Outcome id -> option id."""
    alternatives: list[dict[str, str]] = field(default_factory=list)
    """{'act': ..., 'path': ...} in the order they were taken."""

    def pc(self, pc_id: str) -> PCRecord:
        return self.pcs.setdefault(pc_id, PCRecord())

    def to_dict(self) -> dict[str, Any]:
        return {
            "pcs": {
                pc_id: {
                    "damage": r.damage,
                    "gadget_uses": dict(r.gadget_uses),
                    "notes": list(r.notes),
                }
                for pc_id, r in self.pcs.items()
            },
            "fates": copy.deepcopy(self.fates),
            "clues": copy.deepcopy(self.clues),
            "handouts": copy.deepcopy(self.handouts),
            "outcomes": dict(self.outcomes),
            "alternatives": [dict(item) for item in self.alternatives],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CampaignRecord:
        return cls(
            pcs={
                pc_id: PCRecord(
                    int(r.get("damage", 0)),
                    dict(r.get("gadget_uses", {})),
                    list(r.get("notes", [])),
                )
                for pc_id, r in data.get("pcs", {}).items()
            },
            fates=copy.deepcopy(data.get("fates", {})),
            clues=copy.deepcopy(data.get("clues", {})),
            handouts=copy.deepcopy(data.get("handouts", {})),
            outcomes=dict(data.get("outcomes", {})),
            alternatives=[dict(item) for item in data.get("alternatives", [])],
        )


def record_of(state: SessionState) -> CampaignRecord:
    """The campaign record a session's events add up to."""
    return extra_part(state, "record", CampaignRecord)


def _reduce(state: SessionState, event: Event) -> None:
    record = record_of(state)
    data = event.data
    if event.kind == CARRY:
        state.extra["record"] = CampaignRecord.from_dict(data.get("record", {}))
        for clock_id, value in data.get("clocks", {}).items():
            state.clocks[clock_id] = ClockValue(
                clock_id, str(value["name"]), int(value["filled"]), int(value["segments"])
            )
        if data.get("scene") and state.scene is None:
            state.scene = str(data["scene"])
        return
    if event.kind == CLUE_FOUND:
        record.clues[str(data["clue"])] = {
            "by": data.get("by", ""),
            "at": event.at,
            "scene": data.get("scene", ""),
        }
    elif event.kind == HANDOUT_GIVEN:
        record.handouts[str(data["handout"])] = {"to": data.get("to", ""), "at": event.at}
    elif event.kind == NPC_FATE:
        entry = record.fates.setdefault(str(data["npc"]), {"fate": "alive", "trust": None})
        if data.get("fate"):
            entry["fate"] = data["fate"]
        if "trust" in data:
            entry["trust"] = data["trust"]
        if data.get("note"):
            entry["note"] = data["note"]
    elif event.kind == OUTCOME:
        record.outcomes[str(data["outcome"])] = str(data["option"])
    elif event.kind == ALTERNATIVE:
        record.alternatives.append({"act": str(data["act"]), "path": str(data["path"])})
    elif event.kind == PC_STATE:
        pc = record.pc(str(data["pc"]))
        if "harm" in data:
            pc.damage = max(0, min(int(data.get("health", 10**6)), pc.damage + int(data["harm"])))
            _harm_in_fight(state, str(data["pc"]), pc.damage)
        if "gadget" in data:
            used = pc.gadget_uses.get(str(data["gadget"]), 0) + int(data.get("uses", 1))
            limit = data.get("limit")
            pc.gadget_uses[str(data["gadget"])] = max(
                0, min(int(limit), used) if limit is not None else used
            )
        if data.get("note"):
            pc.notes.append(str(data["note"]))


def _harm_in_fight(state: SessionState, pc_id: str, damage: int) -> None:
    """Harm or healing from the roster reaches the pregen in a running fight too: the
    fight's track and the record are one harm (the tracker adds its own to the record)."""
    from campaign.session.combat.state import combat_state  # the combat package imports this one

    combat = combat_state(state)
    if not combat.active:
        return
    for combatant in combat.combatants.values():
        if combatant.kind == "pc" and combatant.ref == pc_id:
            combatant.damage = min(combatant.health, damage)


def _summary(event: Event) -> str:
    data = event.data
    if event.kind == CLUE_FOUND:
        who = f" by {data['by']}" if data.get("by") else ""
        return f"Clue found{who}: {data.get('text') or data['clue']}"
    if event.kind == HANDOUT_GIVEN:
        to = f" to {data['to']}" if data.get("to") else ""
        return f"Handout given{to}: {data.get('title') or data['handout']}"
    if event.kind == NPC_FATE:
        parts = [str(data["fate"])] if data.get("fate") else []
        if data.get("trust") is not None:
            parts.append(f"trust {data['trust']}")
        return f"{data.get('name') or data['npc']}: {', '.join(parts) or 'noted'}"
    if event.kind == OUTCOME:
        question = data.get("question") or data["outcome"]
        return f"Outcome: {question} {data.get('label') or data['option']}"
    if event.kind == ALTERNATIVE:
        return f"Path taken in {data['act']}: {data.get('title') or data['path']}"
    if event.kind == PC_STATE:
        name = data.get("name") or data["pc"]
        if "harm" in data:
            amount = int(data["harm"])
            return f"{name} {'takes' if amount >= 0 else 'recovers'} {abs(amount)}"
        if "gadget" in data:
            return f"{name} uses {data.get('gadget_name') or data['gadget']}"
        return f"{name}: {data.get('note', '')}"
    if event.kind == CARRY:
        return f"Continues from {data.get('previous_name', 'the last session')}"
    return event.kind


for _kind in (*KINDS, CARRY):
    register_reducer(_kind, _reduce)
    register_summary(_kind, _summary)


@dataclass(frozen=True, slots=True)
class ThreadStatus:
    """An earlier outcome an act depends on, and what actually happened."""

    outcome_id: str
    question: str
    option_id: str | None
    """The answer recorded (or the outcome's default), None if neither."""
    option_label: str
    recorded: bool
    """False when the answer is the module's default, not a recorded one."""
    effect: str
    """What this answer changes in the act."""


class Continuity:
    """Records what carries between evenings; each method writes one event."""

    def __init__(self, session: Session, module: Module) -> None:
        self.session = session
        self.module = module

    @property
    def record(self) -> CampaignRecord:
        return record_of(self.session.state)

    def find_clue(self, clue_id: str, by: str = "", scene: str = "") -> Event:
        clue = self.module.clue(clue_id)
        if clue is None:
            raise SessionError(f"no clue '{clue_id}' in module '{self.module.id}'")
        return self.session.append(
            CLUE_FOUND, {"clue": clue_id, "by": by, "scene": scene, "text": clue.text.strip()}
        )

    def give_handout(self, handout_id: str, to: str = "") -> Event:
        handout = self.module.handouts.get(handout_id)
        if handout is None:
            raise SessionError(f"no handout '{handout_id}' in module '{self.module.id}'")
        if handout.audience == "gm":
            raise SessionError(f"'{handout.title}' is for the GM only")
        return self.session.append(
            HANDOUT_GIVEN, {"handout": handout_id, "to": to, "title": handout.title}
        )

    def set_fate(
        self, npc_id: str, fate: str | None = None, *, trust: int | None = None, note: str = ""
    ) -> Event:
        npc = self.module.npcs.get(npc_id)
        if npc is None:
            raise SessionError(f"no NPC '{npc_id}' in module '{self.module.id}'")
        if fate is not None and fate not in FATES:
            raise SessionError(f"unknown fate '{fate}'; expected one of: {', '.join(FATES)}")
        data: dict[str, Any] = {"npc": npc_id, "name": npc.name}
        if fate is not None:
            data["fate"] = fate
        if trust is not None:
            data["trust"] = trust
        if note:
            data["note"] = note
        return self.session.append(NPC_FATE, data)

    def record_outcome(self, outcome_id: str, option_id: str) -> Event:
        for act in self.module.acts.values():
            for outcome in act.outcomes:
                if outcome.id != outcome_id:
                    continue
                labels = {option.id: option.label for option in outcome.options}
                if option_id not in labels:
                    raise SessionError(
                        f"'{option_id}' is not an answer to '{outcome_id}'; expected one of: "
                        f"{', '.join(labels)}"
                    )
                return self.session.append(
                    OUTCOME,
                    {
                        "outcome": outcome_id,
                        "option": option_id,
                        "act": act.id,
                        "question": outcome.question,
                        "label": labels[option_id],
                    },
                )
        raise SessionError(f"no outcome '{outcome_id}' in module '{self.module.id}'")

    def take_alternative(self, act_id: str, path_id: str) -> Event:
        act = self.module.acts.get(act_id)
        if act is None:
            raise SessionError(f"no act '{act_id}'")
        paths = {path.id: path for path in act.alternatives}
        if path_id not in paths:
            raise SessionError(f"act '{act_id}' has no alternative path '{path_id}'")
        return self.session.append(
            ALTERNATIVE, {"act": act_id, "path": path_id, "title": paths[path_id].title}
        )

    def harm_pc(self, pc_id: str, amount: int) -> Event:
        pc = self._pc(pc_id)
        from campaign.characters import max_health

        return self.session.append(
            PC_STATE,
            {
                "pc": pc_id,
                "name": pc.name,
                "harm": amount,
                "health": max_health(self.module.ruleset, pc),
            },
        )

    def use_gadget(self, pc_id: str, gadget_id: str, uses: int = 1) -> Event:
        pc = self._pc(pc_id)
        gadgets = {gadget.id: gadget for gadget in pc.gadgets}
        gadget = gadgets.get(gadget_id)
        if gadget is None:
            raise SessionError(f"{pc.name} has no gadget '{gadget_id}'")
        spent = self.record.pcs.get(pc_id, PCRecord()).gadget_uses.get(gadget_id, 0)
        if gadget.uses is not None and uses > 0 and spent >= gadget.uses:
            raise SessionError(f"{gadget.name} has no uses left")
        return self.session.append(
            PC_STATE,
            {
                "pc": pc_id,
                "name": pc.name,
                "gadget": gadget_id,
                "gadget_name": gadget.name,
                "uses": uses,
                "limit": gadget.uses,
            },
        )

    def note_pc(self, pc_id: str, text: str) -> Event:
        pc = self._pc(pc_id)
        if not text.strip():
            raise SessionError("an empty note is not saved")
        return self.session.append(PC_STATE, {"pc": pc_id, "name": pc.name, "note": text})

    def _pc(self, pc_id: str) -> Any:
        pc = self.module.pcs.get(pc_id)
        if pc is None:
            raise SessionError(f"no PC '{pc_id}' in module '{self.module.id}'")
        return pc

    def threads(self, act_id: str) -> list[ThreadStatus]:
        """The earlier outcomes an act depends on, with what happened and what it changes."""
        act = self.module.acts.get(act_id)
        if act is None:
            raise SessionError(f"no act '{act_id}'")
        outcomes = {o.id: o for other in self.module.acts.values() for o in other.outcomes}
        result: list[ThreadStatus] = []
        for thread in act.threads:
            outcome = outcomes.get(thread.outcome)
            if outcome is None:
                continue
            recorded = self.record.outcomes.get(outcome.id)
            chosen = recorded or outcome.default
            labels = {option.id: option.label for option in outcome.options}
            effects = {effect.option: effect.effect for effect in thread.effects}
            result.append(
                ThreadStatus(
                    outcome_id=outcome.id,
                    question=outcome.question,
                    option_id=chosen,
                    option_label=labels.get(chosen or "", "not settled yet"),
                    recorded=recorded is not None,
                    effect=effects.get(chosen or "", ""),
                )
            )
        return result


def start_next_evening(
    previous: Session, path: Path, module: Module | None = None, *, origin: str = "campaign"
) -> Session:
    """A new session that continues `previous`: the record, clocks and scene carry over."""
    if path.exists():
        raise SessionError(f"{path}: already exists; a new evening needs a new session")
    previous.poll()
    state = previous.state
    snapshot = {
        "previous": str(previous.path),
        "previous_name": previous.name,
        "record": record_of(state).to_dict(),
        "clocks": {
            clock_id: {"name": value.name, "filled": value.filled, "segments": value.segments}
            for clock_id, value in state.clocks.items()
        },
        "scene": state.scene,
    }
    session = Session.open(path, module=module, origin=origin, seed=None)
    session.set_meta("continues", str(previous.path))
    session.append(CARRY, snapshot)
    return session


def campaign_chain(session: Session) -> list[Path]:
    """The session files of the campaign, oldest first, ending with this one."""
    chain = [session.path]
    seen = {session.path.resolve()}
    current = session.meta.get("continues")
    while current:
        path = Path(current)
        if not path.exists() or path.resolve() in seen:
            break
        seen.add(path.resolve())
        chain.insert(0, path)
        with Session.open(path, create=False, read_only=True) as earlier:
            current = earlier.meta.get("continues")
    return chain
