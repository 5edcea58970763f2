"""Campaign continuity: what one evening records carries into the next."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.loader import load_module
from campaign.model import Module
from campaign.session import (
    Continuity,
    Session,
    SessionError,
    campaign_chain,
    start_next_evening,
)

MODULE_DIR = Path(__file__).resolve().parents[2] / "modules" / "living-daylights"


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(MODULE_DIR)


@pytest.fixture
def first(tmp_path: Path, module: Module) -> Session:
    return Session.open(tmp_path / "evening-1.sqlite", module=module, seed=1)


def a_clue(module: Module) -> str:
    clue, _ = next(iter(module.clues()))
    return clue.id


def test_everything_carries_to_the_next_evening(
    tmp_path: Path, first: Session, module: Module
) -> None:
    record = Continuity(first, module)
    clue_id = a_clue(module)
    record.find_clue(clue_id, by="Ashdown", scene="a1-concert-hall")
    record.give_handout("dossier-koskov", to="the table")
    record.set_fate("saunders", "dead")
    record.set_fate("kara-milovy", "allied", trust=4)
    record.record_outcome("saunders-fate", "alive")
    record.take_alternative("act-4", module.acts["act-4"].alternatives[0].id)
    pc = module.pcs["pc-bond"]
    record.harm_pc("pc-bond", 2)
    gadget = pc.gadgets[0]
    record.use_gadget("pc-bond", gadget.id)
    record.note_pc("pc-bond", "owes Leiter a favour")
    first.change_clock("kgb-alert", 3, name="KGB alert", segments=8)
    first.visit_scene("a4-the-prater", "The Prater")

    second = start_next_evening(first, tmp_path / "evening-2.sqlite", module)
    carried = Continuity(second, module).record
    assert carried.clues[clue_id]["by"] == "Ashdown"
    assert "dossier-koskov" in carried.handouts
    assert carried.fates["saunders"]["fate"] == "dead"
    assert carried.fates["kara-milovy"] == {"fate": "allied", "trust": 4}
    assert carried.outcomes["saunders-fate"] == "alive"
    assert carried.alternatives[0]["act"] == "act-4"
    assert carried.pcs["pc-bond"].damage == 2
    assert carried.pcs["pc-bond"].gadget_uses == {gadget.id: 1}
    assert carried.pcs["pc-bond"].notes == ["owes Leiter a favour"]
    assert second.state.clocks["kgb-alert"].filled == 3
    assert second.state.scene == "a4-the-prater"
    # ...and keeps going from there.
    second.change_clock("kgb-alert", 1, segments=8)
    assert second.state.clocks["kgb-alert"].filled == 4
    # Reopening the second evening alone gives the same record (it stands on its own).
    path = second.path
    second.close()
    with Session.open(path) as reopened:
        again = Continuity(reopened, module).record
        assert again.to_dict() == carried.to_dict()
        assert campaign_chain(reopened) == [first.path, path]


def test_act_overview_shows_what_actually_happened(first: Session, module: Module) -> None:
    record = Continuity(first, module)
    act5 = module.acts["act-5"]
    thread = next(t for t in act5.threads if t.outcome == "saunders-fate")
    before = {status.outcome_id: status for status in record.threads("act-5")}
    assert not before["saunders-fate"].recorded
    assert before["saunders-fate"].option_id == "dead"  # the module's default
    record.record_outcome("saunders-fate", "alive")
    after = {status.outcome_id: status for status in record.threads("act-5")}
    status = after["saunders-fate"]
    assert status.recorded and status.option_id == "alive"
    effects = {effect.option: effect.effect for effect in thread.effects}
    assert status.effect == effects["alive"]


def test_undo_takes_back_a_clue(first: Session, module: Module) -> None:
    record = Continuity(first, module)
    clue_id = a_clue(module)
    record.find_clue(clue_id)
    first.undo()
    assert clue_id not in record.record.clues


def test_gadget_uses_are_limited(first: Session, module: Module) -> None:
    record = Continuity(first, module)
    pc = next(p for p in module.pcs.values() if any(g.uses for g in p.gadgets))
    gadget = next(g for g in pc.gadgets if g.uses)
    assert gadget.uses is not None
    for _ in range(gadget.uses):
        record.use_gadget(pc.id, gadget.id)
    with pytest.raises(SessionError, match="no uses left"):
        record.use_gadget(pc.id, gadget.id)


def test_bad_input_is_refused(first: Session, module: Module) -> None:
    record = Continuity(first, module)
    with pytest.raises(SessionError, match="no clue"):
        record.find_clue("no-such-clue")
    with pytest.raises(SessionError, match="unknown fate"):
        record.set_fate("koskov", "promoted")
    with pytest.raises(SessionError, match="not an answer"):
        record.record_outcome("saunders-fate", "maybe")
    with pytest.raises(SessionError, match="already exists"):
        start_next_evening(first, first.path, module)
