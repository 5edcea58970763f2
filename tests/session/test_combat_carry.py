"""What a fight leaves behind and what it starts from: pregens' harm carried from fight
to fight (and into the record), the scene's declared opposition, the order before
initiative, the line-up each round began with, a module NPC typed by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.characters import max_health
from campaign.loader import load_module
from campaign.model import Module
from campaign.session import CombatTracker, Continuity, Session, start_next_evening
from campaign.session.combat import scene_opposition
from campaign.session.continuity import record_of

MODULE_DIR = Path(__file__).resolve().parents[2] / "modules" / "living-daylights"


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(MODULE_DIR)


@pytest.fixture
def session(tmp_path: Path, module: Module) -> Session:
    return Session.open(tmp_path / "evening.sqlite", module=module, seed=7)


def _two_pcs(module: Module) -> tuple[str, str]:
    first, second = list(module.pcs)[:2]
    return first, second


def _first_fight(session: Session, module: Module) -> tuple[str, str]:
    """A fight that leaves the first pregen at 3 and the second one out, then ends."""
    bond, ingrid = _two_pcs(module)
    tracker = CombatTracker(session, module)
    tracker.start("Gibraltar")
    tracker.add_pc(bond)
    tracker.add_pc(ingrid)
    tracker.add_npc("necros")
    tracker.harm(bond, 3)
    tracker.harm(ingrid, 99)
    tracker.end()
    return bond, ingrid


def test_a_pregens_harm_carries_into_the_next_fight_and_the_record(
    session: Session, module: Module
) -> None:
    bond, ingrid = _first_fight(session, module)
    record = record_of(session.state)
    assert record.pcs[bond].damage == 3
    assert record.pcs[ingrid].damage == max_health(module.ruleset, module.pcs[ingrid])

    tracker = CombatTracker(session, module)
    tracker.start("The milk float")
    tracker.add_pc(bond)
    tracker.add_pc(ingrid)
    state = tracker.state.combatants
    assert state[bond].damage == 3 and not state[bond].out
    assert state[ingrid].out
    joined = [e.summary() for e in session.state.journal() if e.kind == "combat-add"][-2:]
    assert joined == [
        f"Joins the fight: {module.pcs[bond].name} (carries 3)",
        f"Joins the fight: {module.pcs[ingrid].name} (out)",
    ]


def test_healing_in_the_tracker_or_the_roster_is_the_same_harm(
    session: Session, module: Module
) -> None:
    bond, _ingrid = _first_fight(session, module)
    tracker = CombatTracker(session, module)
    tracker.start("Second")
    tracker.add_pc(bond)
    tracker.harm(bond, -1)  # the tracker's heal
    assert record_of(session.state).pcs[bond].damage == 2
    Continuity(session, module).harm_pc(bond, -2)  # the roster, mid-fight
    assert tracker.state.combatants[bond].damage == 0
    assert record_of(session.state).pcs[bond].damage == 0


def test_undo_takes_carried_harm_back_and_a_reopened_session_keeps_it(
    session: Session, module: Module, tmp_path: Path
) -> None:
    bond, _ingrid = _first_fight(session, module)
    session.undo()  # the fight's end
    session.undo()  # the second pregen's harm
    session.undo()  # the first pregen's harm
    assert bond not in record_of(session.state).pcs
    session.redo()
    assert record_of(session.state).pcs[bond].damage == 3
    path = session.path
    session.close()
    with Session.open(path, create=False) as reopened:
        assert record_of(reopened.state).pcs[bond].damage == 3
        with start_next_evening(reopened, tmp_path / "next.sqlite", module) as evening:
            tracker = CombatTracker(evening, module)
            tracker.start("Next evening")
            tracker.add_pc(bond)
            assert tracker.state.combatants[bond].damage == 3


def test_a_scene_that_declares_a_fight_sends_that_roster_only(module: Module) -> None:
    scene = module.scenes["a2-the-milkman"]
    opposition = scene_opposition(scene)
    assert opposition.declared
    assert [bring.npc for bring in opposition.brings] == ["necros"]
    assert set(opposition.left_out) == {"koskov", "safe-house-guard", "m"}


def test_adding_the_scene_adds_the_declared_fight(session: Session, module: Module) -> None:
    tracker = CombatTracker(session, module)
    tracker.start("The milk float")
    assert tracker.add_from_scene("a2-the-milkman") == ["necros"]
    assert list(tracker.state.combatants) == ["necros"]


def test_a_scene_without_a_fight_still_sends_everyone_present(module: Module) -> None:
    scene = next(
        s for s in module.scenes.values() if s.npcs and s.fight is None and not s.set_piece
    )
    opposition = scene_opposition(scene)
    assert not opposition.declared
    assert opposition.brings == scene.npcs


def test_before_initiative_the_agents_are_listed_together_then_the_npcs(
    session: Session, module: Module
) -> None:
    bond, ingrid = _two_pcs(module)
    tracker = CombatTracker(session, module)
    tracker.start()
    tracker.add_npc("necros")
    tracker.add_pc(bond)
    tracker.add_npc("kgb-agent", 2)
    tracker.add_pc(ingrid)
    assert [c.kind for c in tracker.state.order()] == ["pc", "pc", "npc", "npc", "npc"]
    assert [c.cid for c in tracker.state.order()][:2] == [bond, ingrid]
    tracker.roll_initiative()
    initiatives = [c.initiative or 0 for c in tracker.state.order()]
    assert initiatives == sorted(initiatives, reverse=True)


def test_each_round_keeps_the_line_up_it_began_with(session: Session, module: Module) -> None:
    bond, _ingrid = _two_pcs(module)
    tracker = CombatTracker(session, module)
    tracker.start()
    tracker.add_pc(bond)
    tracker.add_npc("necros")
    tracker.roll_initiative()
    tracker.next_turn()  # round 1
    tracker.next_turn()
    tracker.next_turn()  # round 2
    assert tracker.state.round == 2
    necros = tracker.state.combatants["necros"]
    tracker.harm("necros", necros.health)  # out during round 2
    tracker.next_turn()
    tracker.next_turn()  # round 3: begins with Necros out
    assert [c.out for c in tracker.state.round_starts[3] if c.cid == "necros"] == [True]
    session.undo()
    session.undo()  # back in round 2
    state = tracker.state
    assert state.round == 2 and 3 not in state.round_starts
    assert [c.damage for c in state.round_starts[2] if c.cid == "necros"] == [0]
    tracker.harm("necros", -1)  # a change mid-round leaves the round's start alone
    assert [c.damage for c in tracker.state.round_starts[2] if c.cid == "necros"] == [0]


def test_a_module_npc_is_found_by_id_or_name(session: Session, module: Module) -> None:
    tracker = CombatTracker(session, module)
    necros = module.npcs["necros"]
    assert tracker.npc_named("NECROS") == "necros"
    assert tracker.npc_named(f"  {necros.name.upper()} ") == "necros"
    assert tracker.npc_named("Kara Milovy the cellist") is None


def test_the_players_see_an_agent_whose_track_is_full_as_out(
    session: Session, module: Module
) -> None:
    from campaign.players import players_view

    bond, ingrid = _two_pcs(module)
    tracker = CombatTracker(session, module)
    tracker.start()
    tracker.add_pc(bond)
    tracker.add_pc(ingrid)
    tracker.add_npc("necros")
    health = module.ruleset.health
    full = tracker.state.combatants[ingrid].health
    tracker.harm(ingrid, full)
    tracker.harm(bond, 1)
    rows = {row.name: row.health for row in players_view(module, session.state).fight}
    assert rows[module.pcs[ingrid].name] == f"{health.name} {full}/{full} (out)"
    assert "(out)" not in rows[module.pcs[bond].name]
    assert len(rows) == 3 and "unhurt" in rows.values()  # Necros, by the name players know


def test_forecast_session_counts_a_fights_harm(
    session: Session, module: Module, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from campaign.cli import main

    bond, ingrid = _first_fight(session, module)
    session.close()
    code = main(
        [
            *("forecast", str(MODULE_DIR), "--scene", "a2-the-milkman"),
            *("--session", str(session.path), "--runs", "200", "--seed", "1", "--json"),
        ]
    )
    assert code == 0
    agents = json.loads(capsys.readouterr().out)["agents"]
    assert bond in agents and ingrid not in agents  # Ingrid is out; the rest fight on
    assert len(agents) == len(module.pcs) - 1
