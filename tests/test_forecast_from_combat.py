"""The combat tracker's line-up as a forecast: present health, who is out, who is not
modelled, initiative already rolled."""

from __future__ import annotations

import pytest

from campaign.characters import max_health
from campaign.errors import CampaignError
from campaign.forecast.from_combat import forecast_line_up, line_up
from campaign.loader import load_module
from campaign.paths import bundled_modules_dir
from campaign.session.combat import ActiveCondition, Combatant

LIVING = load_module(bundled_modules_dir() / "living-daylights")


def _pc(pc_id: str, damage: int = 0, initiative: int | None = None) -> Combatant:
    pc = LIVING.pcs[pc_id]
    health = max_health(LIVING.ruleset, pc)
    return Combatant(pc_id, pc.name, "pc", pc_id, health, damage, initiative)


def _npc(npc_id: str, number: int = 0, damage: int = 0, initiative: int | None = None) -> Combatant:
    npc = LIVING.npcs[npc_id]
    health = max_health(LIVING.ruleset, npc)
    cid = f"{npc_id}-{number}" if number else npc_id
    name = f"{npc.name} {number}" if number else npc.name
    return Combatant(cid, name, "npc", npc_id, health, damage, initiative)


def _fight(bond: int = 0, ashdown: int = 0) -> list[Combatant]:
    """Bond and Ashdown against Necros and two KGB agents, the agents hurt as given."""
    return [
        _pc("pc-bond", bond),
        _pc("pc-ashdown", ashdown),
        _npc("necros"),
        _npc("kgb-agent", 1),
        _npc("kgb-agent", 2),
    ]


def test_agents_badly_hurt_forecast_worse_than_the_same_fight_fresh() -> None:
    fresh = forecast_line_up(LIVING, line_up(LIVING, _fight()), seed=3)
    hurt_lineup = line_up(LIVING, _fight(bond=4, ashdown=6))  # one wound left each
    assert [f.health for f in hurt_lineup.fighters[:2]] == [1, 1]
    assert [f.maximum for f in hurt_lineup.fighters[:2]] == [5, 7]
    hurt = forecast_line_up(LIVING, hurt_lineup, seed=3)
    assert hurt.agents_win.high < fresh.agents_win.low, (hurt.agents_win, fresh.agents_win)
    assert hurt.someone_down > fresh.someone_down


def test_a_combatant_taken_out_is_not_in_the_roster() -> None:
    combatants = _fight(ashdown=7)  # Ashdown's seven boxes are all filled
    combatants[3].damage = combatants[3].health  # KGB agent 1 down too
    lineup = line_up(LIVING, combatants)
    keys = [fighter.key for fighter in lineup.fighters]
    assert keys == ["pc-bond", "necros", "kgb-agent-2"]
    assert (lineup.agents_out, lineup.opposition_out) == (1, 1)
    forecast = forecast_line_up(LIVING, lineup, seed=1)
    assert set(forecast.taken_out) == {"pc-bond", "necros", "kgb-agent-2"}


def test_a_combatant_the_model_cannot_play_is_listed_as_not_modelled() -> None:
    named = Combatant("tess", "Tess", "pc", None, 5)
    bomb = Combatant("bomb-timer", "Bomb timer", "event", None, 1, pinned=10)
    gone = Combatant("rosa", "Rosa Klebb", "npc", "rosa-klebb", 4)
    lineup = line_up(LIVING, [*_fight(), named, bomb, gone])
    assert [f.key for f in lineup.fighters] == [
        "pc-bond",
        "pc-ashdown",
        "necros",
        "kgb-agent-1",
        "kgb-agent-2",
    ]
    assert lineup.not_modelled == [
        "Tess: typed in by name (no stat block)",
        "Bomb timer: a scripted slot (it acts, but does not fight)",
        "Rosa Klebb: no stat block 'rosa-klebb' in living-daylights",
    ]
    forecast = forecast_line_up(LIVING, lineup, seed=1)
    assert forecast.not_modelled[:3] == lineup.not_modelled
    assert any(note.startswith("necros:") for note in forecast.not_modelled[3:])


def test_conditions_on_fighters_are_listed_as_not_modelled() -> None:
    combatants = _fight()
    combatants[3].conditions.append(ActiveCondition("stunned", "Stunned", 1))
    lineup = line_up(LIVING, combatants)
    bearer = combatants[3].name
    assert lineup.conditions == [f"Stunned on {bearer}"]
    forecast = forecast_line_up(LIVING, lineup, seed=1)
    assert f"condition Stunned on {bearer}" in forecast.not_modelled


def test_initiative_already_rolled_is_the_order_the_runs_play() -> None:
    """A duel worked out exactly: Bond sure to act first does better than sure to act second."""
    first = line_up(LIVING, [_pc("pc-bond", initiative=12), _npc("necros", initiative=3)])
    second = line_up(LIVING, [_pc("pc-bond", initiative=3), _npc("necros", initiative=12)])
    assert first.rolled == {"pc-bond": 12, "necros": 3}
    ahead = forecast_line_up(LIVING, first, seed=1).exact_agents_win
    behind = forecast_line_up(LIVING, second, seed=1).exact_agents_win
    assert ahead is not None and behind is not None
    assert ahead > behind


def test_the_same_line_up_and_seed_give_the_same_forecast() -> None:
    lineup = line_up(LIVING, _fight(bond=2))
    one = forecast_line_up(LIVING, lineup, seed=4).to_dict()
    two = forecast_line_up(LIVING, lineup, seed=4).to_dict()
    one.pop("timing"), two.pop("timing")
    assert one == two
    assert one["runs"] == 2_000


@pytest.mark.parametrize(
    ("combatants", "missing"),
    [
        ([_npc("necros")], "no player character"),
        ([_pc("pc-bond"), Combatant("tess", "Tess", "npc", None, 4)], "no NPC"),
        ([_pc("pc-bond"), _npc("kgb-agent", damage=2)], "no NPC"),
    ],
)
def test_a_side_with_nobody_to_play_is_refused(combatants: list[Combatant], missing: str) -> None:
    with pytest.raises(CampaignError, match=missing):
        forecast_line_up(LIVING, line_up(LIVING, combatants))
