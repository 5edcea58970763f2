"""The combat tracker: order, groups, pins, turns, harm, conditions, undo, resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.loader import load_module
from campaign.model import Module
from campaign.session import CombatTracker, Session, SessionError

MODULE_DIR = Path(__file__).resolve().parents[2] / "modules" / "living-daylights"


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(MODULE_DIR)


@pytest.fixture
def session(tmp_path: Path, module: Module) -> Session:
    return Session.open(tmp_path / "fight.sqlite", module=module, seed=2024)


@pytest.fixture
def tracker(session: Session, module: Module) -> CombatTracker:
    combat = CombatTracker(session, module)
    combat.start("The concert hall")
    return combat


def names(tracker: CombatTracker) -> list[str]:
    return [combatant.name for combatant in tracker.state.order()]


def test_copies_are_numbered_and_health_comes_from_the_block(
    tracker: CombatTracker, module: Module
) -> None:
    cids = tracker.add_npc("kgb-agent", 3)
    assert cids == ["kgb-agent-1", "kgb-agent-2", "kgb-agent-3"]
    agent = module.npcs["kgb-agent"]
    assert names(tracker) == [f"{agent.name} {n}" for n in (1, 2, 3)]
    more = tracker.add_npc("kgb-agent")
    assert more == ["kgb-agent-4"]
    expected = agent.health or module.ruleset.health.default
    assert {c.health for c in tracker.state.combatants.values()} == {expected}



def test_a_name_typed_twice_is_numbered_so_the_two_can_be_told_apart(
    tracker: CombatTracker,
) -> None:
    first = tracker.add_named("Ada")
    second = tracker.add_named("ada")
    third = tracker.add_named("Ada")
    shown = {c.cid: c.name for c in tracker.state.combatants.values()}
    assert [shown[first], shown[second], shown[third]] == ["Ada", "ada 2", "Ada 3"]
    assert len({first, second, third}) == 3
    assert tracker.state.combatants[tracker.add_pinned("Bomb", 10)].name == "Bomb"
    assert tracker.state.combatants[tracker.add_pinned("Bomb", 5)].name == "Bomb 2"

def test_order_by_initiative_with_stated_tie_rule(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    tracker.add_npc("koskov")
    tracker.add_npc("kgb-agent")
    for cid in ("pc-bond", "koskov", "kgb-agent"):
        tracker.set_initiative(cid, 9)
    state = tracker.state
    ranked = state.order()
    # All tie at 9: higher tie-breaker attribute (wits) first, then PCs, then the coin.
    keys = [(c.tie_break, c.kind == "pc") for c in ranked]
    assert keys == sorted(keys, reverse=True)
    tracker.set_initiative("koskov", 12)
    assert tracker.state.order()[0].cid == "koskov"


def test_rolled_initiative_uses_the_ruleset_and_is_stored(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    tracker.add_npc("necros")
    event = tracker.roll_initiative()
    assert event is not None
    rolls = {item["cid"]: item for item in event.data["rolls"]}
    assert set(rolls) == {"pc-bond", "necros"}
    for cid, item in rolls.items():
        assert tracker.state.combatants[cid].initiative == item["total"]
        assert item["rendered"].startswith("2d6")
    assert tracker.roll_initiative() is None  # everyone has one already


def test_group_initiative_one_roll_one_slot(tracker: CombatTracker) -> None:
    tracker.add_npc("soviet-guard", 4, group=True)
    tracker.add_pc("pc-bond")
    event = tracker.roll_initiative()
    assert event is not None
    guards = [item["total"] for item in event.data["rolls"] if item["cid"] != "pc-bond"]
    assert len(guards) == 4 and len(set(guards)) == 1
    slots = tracker.state.slots()
    assert sorted(len(slot) for slot in slots) == [1, 4]


def test_pinned_slot_acts_on_its_number_and_wins_ties(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    tracker.add_npc("necros")
    tracker.set_initiative("pc-bond", 10)
    tracker.set_initiative("necros", 14)
    tracker.add_pinned("The bomb timer", 10)
    assert [c.cid for c in tracker.state.order()] == ["necros", "the-bomb-timer", "pc-bond"]


def test_a_typed_count_moves_a_pinned_slot_through_undo_and_resume(
    tracker: CombatTracker, session: Session, module: Module
) -> None:
    tracker.add_pc("pc-bond")
    tracker.set_initiative("pc-bond", 10)
    tracker.add_pinned("The bomb timer", 12)
    assert [c.cid for c in tracker.state.order()] == ["the-bomb-timer", "pc-bond"]
    tracker.set_initiative("the-bomb-timer", 5)  # the log says 'Bomb timer 5'
    bomb = tracker.state.combatants["the-bomb-timer"]
    assert bomb.pinned == 5
    assert [c.cid for c in tracker.state.order()] == ["pc-bond", "the-bomb-timer"]
    session.undo()
    assert tracker.state.combatants["the-bomb-timer"].pinned == 12
    session.redo()
    with Session.open(session.path, module=module) as again:
        resumed = CombatTracker(again, module).state.combatants["the-bomb-timer"]
        assert resumed.pinned == 5


def test_manual_reorder_is_kept_and_newcomers_slot_in(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    tracker.add_npc("necros")
    tracker.set_initiative("pc-bond", 12)
    tracker.set_initiative("necros", 5)
    tracker.move("necros", -1)
    assert [c.cid for c in tracker.state.order()] == ["necros", "pc-bond"]
    tracker.add_npc("koskov")
    tracker.set_initiative("koskov", 20)
    assert tracker.state.order()[0].cid == "koskov"


def test_turns_rounds_and_skipping_the_fallen(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    tracker.add_npc("kgb-agent", 2)
    tracker.set_initiative("pc-bond", 15)
    tracker.set_initiative("kgb-agent-1", 10)
    tracker.set_initiative("kgb-agent-2", 5)
    tracker.next_turn()
    assert tracker.state.round == 1 and tracker.state.current()[0].cid == "pc-bond"
    tracker.harm("kgb-agent-1", 99)
    assert tracker.state.combatants["kgb-agent-1"].out
    tracker.next_turn()
    assert tracker.state.current()[0].cid == "kgb-agent-2"
    tracker.next_turn()
    assert tracker.state.round == 2 and tracker.state.current()[0].cid == "pc-bond"
    tracker.previous_turn()
    assert tracker.state.round == 1 and tracker.state.current()[0].cid == "kgb-agent-2"


def test_damage_and_healing_stay_within_the_track(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    bond = tracker.state.combatants["pc-bond"]
    tracker.harm("pc-bond", 2)
    assert bond.damage == 2 and bond.remaining == bond.health - 2
    tracker.harm("pc-bond", 100)
    assert bond.damage == bond.health and bond.out
    tracker.harm("pc-bond", -100)
    assert bond.damage == 0 and not bond.out


def test_condition_counts_down_and_ending_is_announced(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    tracker.add_npc("necros")
    tracker.set_initiative("pc-bond", 15)
    tracker.set_initiative("necros", 5)
    tracker.add_condition("pc-bond", "blinded")  # 2 rounds, ticks at the start of the turn
    tracker.next_turn()  # round 1, Bond starts: 2 -> 1
    bond = tracker.state.combatants["pc-bond"]
    assert bond.conditions[0].rounds == 1
    tracker.next_turn()  # Necros
    event = tracker.next_turn()  # round 2, Bond starts: 1 -> 0, ends
    assert bond.conditions == []
    assert any("Blinded ends on" in line for line in event.data["announcements"])
    assert "Blinded ends on" in event.summary()


def test_condition_with_save_ends_on_a_success(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    tracker.set_initiative("pc-bond", 10)
    tracker.add_condition("pc-bond", "drugged")  # save 2d6+nerve vs 9 at the end of the turn
    condition = tracker.state.combatants["pc-bond"].conditions[0]
    assert condition.save is not None and condition.save.startswith("2d6+")
    for _ in range(40):
        event = tracker.next_turn()
        saves = [change["save"] for change in event.data["conditions"] if "save" in change]
        if saves and saves[0]["success"]:
            break
    assert tracker.state.combatants["pc-bond"].conditions == []
    assert any("shakes off Drugged" in line for line in event.data["announcements"])


def test_unknown_condition_is_refused(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    with pytest.raises(SessionError, match="unknown condition 'stunned'"):
        tracker.add_condition("pc-bond", "stunned")


def test_undo_of_a_turn_restores_round_and_conditions(tracker: CombatTracker) -> None:
    tracker.add_pc("pc-bond")
    tracker.set_initiative("pc-bond", 10)
    tracker.add_condition("pc-bond", "blinded")
    tracker.next_turn()
    before = (tracker.state.round, tracker.state.combatants["pc-bond"].conditions[0].rounds)
    tracker.next_turn()
    tracker.session.undo()
    after = (tracker.state.round, tracker.state.combatants["pc-bond"].conditions[0].rounds)
    assert after == before


def test_resume_mid_fight_is_identical(
    tmp_path: Path, tracker: CombatTracker, module: Module
) -> None:
    tracker.add_pc("pc-bond")
    tracker.add_npc("kgb-agent", 2, group=True)
    tracker.roll_initiative()
    tracker.next_turn()
    tracker.harm("kgb-agent-1", 1)
    tracker.add_condition("kgb-agent-2", "pinned")
    tracker.next_turn()

    def snapshot(state: object) -> object:
        from campaign.session.combat import CombatState

        assert isinstance(state, CombatState)
        return (
            state.round,
            state.turn,
            [
                (c.cid, c.initiative, c.damage, [(k.condition_id, k.rounds) for k in c.conditions])
                for c in state.order()
            ],
        )

    original = snapshot(tracker.state)
    path = tracker.session.path
    tracker.session.close()
    resumed = CombatTracker(Session.open(path), module)
    assert snapshot(resumed.state) == original
    assert resumed.state.active


def test_add_npcs_from_a_scene(tracker: CombatTracker, module: Module) -> None:
    scene = next(s for s in module.scenes.values() if s.npcs)
    added = tracker.add_from_scene(scene.id)
    assert added
    refs = {tracker.state.combatants[cid].ref for cid in added}
    assert refs == {bring.npc for bring in scene.npcs}


def test_actions_need_a_running_fight(session: Session, module: Module) -> None:
    combat = CombatTracker(session, module)
    with pytest.raises(SessionError, match="no fight is running"):
        combat.add_pc("pc-bond")
    combat.start()
    combat.end()
    assert not combat.state.active


def test_removing_someone_who_has_acted_keeps_the_turn_where_it_is(
    tracker: CombatTracker, session: Session
) -> None:
    """Found in tmux: removing a combatant above the current one skipped the next turn."""
    tracker.add_pc("pc-bond")
    tracker.set_initiative("pc-bond", 12)
    tracker.add_npc("necros")
    tracker.set_initiative("necros", 8)
    tracker.add_npc("kgb-agent")
    tracker.set_initiative("kgb-agent", 5)
    tracker.next_turn()  # round 1: Bond
    tracker.next_turn()  # Necros
    assert [c.cid for c in tracker.state.current()] == ["necros"]
    tracker.remove("pc-bond")  # he has acted this round
    assert [c.cid for c in tracker.state.current()] == ["necros"]
    session.undo()
    assert [c.cid for c in tracker.state.current()] == ["necros"]
