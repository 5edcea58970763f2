"""Damage rolled at a target (issue 19): one event that rolls and harms, undone
whole, replayed without rolling again; every harm says the track before and
after; the initiative line lists in turn order; an ended fight is marked so."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.errors import CampaignError
from campaign.loader import load_module
from campaign.model import Module
from campaign.session import CombatTracker, Session
from campaign.session.combat import combat_summary
from campaign.session.combat.initiative import in_turn_order
from campaign.session.events import Event

MODULES = Path(__file__).resolve().parents[2] / "modules"


@pytest.fixture(scope="module")
def wounds() -> Module:
    """The Living Daylights: a wounds track (boxes that fill)."""
    return load_module(MODULES / "living-daylights")


@pytest.fixture(scope="module")
def hit_points() -> Module:
    """The Drowned Bell: hit points (a pool that empties)."""
    return load_module(MODULES / "drowned-bell")


def _tracker(tmp_path: Path, module: Module, name: str = "s") -> CombatTracker:
    session = Session.open(tmp_path / f"{name}.sqlite", module=module, seed=19)
    tracker = CombatTracker(session, module)
    tracker.start("test")
    return tracker


def test_a_damage_roll_harms_its_target_in_one_event(tmp_path: Path, wounds: Module) -> None:
    tracker = _tracker(tmp_path, wounds)
    tracker.add_pc("pc-bond")
    bond = tracker.state.combatants["pc-bond"]
    before = len(tracker.session.state.journal())
    event = tracker.damage_roll("pc-bond", "1d3+1", "Necros: Knife damage on James Bond")
    assert len(tracker.session.state.journal()) == before + 1
    dealt = int(event.data["amount"])
    assert 2 <= dealt <= 4 and event.data["roll"]["expression"] == "1d3+1"
    assert tracker.state.combatants["pc-bond"].damage == dealt
    assert combat_summary(event) == (
        f"Necros: Knife damage on James Bond: {event.data['roll']['rendered']} · "
        f"James Bond takes {dealt}: Wounds 0 → {dealt}/{bond.health}"
    )
    # one undo takes back the roll and the harm
    tracker.session.undo()
    assert tracker.state.combatants["pc-bond"].damage == 0
    assert not [e for e in tracker.session.state.journal() if e.kind == "roll"]


def test_a_damage_roll_is_replayed_not_rolled_again(tmp_path: Path, wounds: Module) -> None:
    tracker = _tracker(tmp_path, wounds, "replay")
    tracker.add_npc("necros")
    dealt = [int(tracker.damage_roll("necros", "1d6").data["amount"]) for _ in range(3)]
    damage = tracker.state.combatants["necros"].damage
    assert damage == min(sum(dealt), tracker.state.combatants["necros"].health)
    tracker.session.close()
    with Session.open(tmp_path / "replay.sqlite", module=wounds) as again:
        assert CombatTracker(again, wounds).state.combatants["necros"].damage == damage


def test_a_negative_total_does_no_harm_and_a_bad_expression_writes_nothing(
    tmp_path: Path, wounds: Module
) -> None:
    tracker = _tracker(tmp_path, wounds)
    tracker.add_pc("pc-bond")
    tracker.harm("pc-bond", 2)
    event = tracker.damage_roll("pc-bond", "1d3-9")
    assert event.data["amount"] == 0  # never a heal
    assert tracker.state.combatants["pc-bond"].damage == 2
    before = len(tracker.session.state.journal())
    with pytest.raises(CampaignError, match="column 3"):
        tracker.damage_roll("pc-bond", "1d")
    assert len(tracker.session.state.journal()) == before


def test_hit_points_read_as_what_is_left(tmp_path: Path, hit_points: Module) -> None:
    tracker = _tracker(tmp_path, hit_points)
    tracker.add_npc("sahuagin")
    health = tracker.state.combatants["sahuagin"].health
    assert hit_points.ruleset.health.track == "hp"
    hurt = tracker.harm("sahuagin", 5)
    assert combat_summary(hurt) == f"Sahuagin raider takes 5: HP {health} → {health - 5}/{health}"
    healed = tracker.harm("sahuagin", -2)
    assert combat_summary(healed) == (
        f"Sahuagin raider heals 2: HP {health - 5} → {health - 3}/{health}"
    )
    down = tracker.harm("sahuagin", 999)
    assert combat_summary(down) == f"Sahuagin raider takes 999: HP {health - 3} → 0/{health} (out)"


def test_a_harm_written_before_the_track_was_kept_still_reads(tmp_path: Path) -> None:
    old = Event(3, "2026-01-01T00:00:00", "combat-harm", {"cid": "a", "amount": 2, "name": "A"})
    assert combat_summary(old) == "A takes 2"


def test_the_initiative_line_is_in_turn_order(tmp_path: Path, wounds: Module) -> None:
    tracker = _tracker(tmp_path, wounds)
    for pc in list(wounds.pcs)[:4]:
        tracker.add_pc(pc)
    tracker.add_npc("kgb-agent", 3)
    event = tracker.roll_initiative()
    assert event is not None and event.data["in_order"]
    order = [c.cid for c in tracker.state.order()]
    assert [item["cid"] for item in event.data["rolls"]] == order
    line = combat_summary(event) or ""
    assert line == "Initiative: " + ", ".join(
        f"{c.name} {c.initiative}" for c in tracker.state.order()
    )


def test_turn_order_keeps_a_manual_order(tmp_path: Path, wounds: Module) -> None:
    tracker = _tracker(tmp_path, wounds)
    tracker.add_pc("pc-bond")
    tracker.add_npc("necros")
    tracker.set_initiative("pc-bond", 12)
    tracker.set_initiative("necros", 5)
    tracker.move("necros", -1)  # the GM put Necros first
    tracker.add_npc("koskov")
    state = tracker.state
    rolls = [
        {"cid": "pc-bond", "name": "Bond", "total": 12, "coin": 0.5},
        {"cid": "koskov", "name": "Koskov", "total": 9, "coin": 0.5},
        {"cid": "necros", "name": "Necros", "total": 5, "coin": 0.5},
    ]
    ordered = [item["cid"] for item in in_turn_order(state, rolls)]
    # as the fight will run: Necros stays above Bond; Koskov slots in by his 9
    assert ordered == ["koskov", "necros", "pc-bond"]
    assert state.combatants["koskov"].initiative is None  # the state itself is untouched


def test_an_older_initiative_event_is_listed_by_total() -> None:
    rolls = [
        {"cid": "a", "name": "A", "total": 3, "coin": 0.1},
        {"cid": "b", "name": "B", "total": 11, "coin": 0.1},
        {"cid": "c", "name": "C", "total": 8, "coin": 0.9},
        {"cid": "d", "name": "D", "total": 8, "coin": 0.2},
    ]
    old = Event(5, "2026-01-01T00:00:00", "combat-initiative", {"rolls": rolls})
    assert combat_summary(old) == "Initiative: B 11, C 8, D 8, A 3"


def test_an_ended_fight_is_marked_ended_until_undone_or_restarted(
    tmp_path: Path, wounds: Module
) -> None:
    tracker = _tracker(tmp_path, wounds)
    tracker.add_npc("kgb-agent", 2)
    tracker.harm("kgb-agent-1", 99)
    assert not tracker.state.ended
    tracker.end()
    state = tracker.state
    assert state.ended and not state.active and state.down == 1
    tracker.session.undo()
    assert tracker.state.active and not tracker.state.ended
    tracker.end()
    tracker.start("another")
    assert tracker.state.active and not tracker.state.ended and not tracker.state.combatants
