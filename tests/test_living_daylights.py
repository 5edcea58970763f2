"""The bundled campaign: complete, consistent, and playable off the film's script."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from pathlib import Path

import pytest

from campaign.dice import compile as compile_dice
from campaign.loader import load_module
from campaign.model import Module

MODULE_DIR = Path(__file__).resolve().parent.parent / "modules" / "living-daylights"


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(MODULE_DIR)


def words(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def test_ten_acts_in_order(module: Module) -> None:
    assert [act.number for act in module.acts.values()] == list(range(10))
    assert list(module.acts) == [f"act-{number}" for number in range(10)]


def test_each_act_has_three_to_eight_scenes(module: Module) -> None:
    # Issue 25 gave some acts a second way to their goal (a dawn café, a
    # police cell, a gorge road), so an act may hold up to eight scenes.
    for act in module.acts.values():
        assert 3 <= len(act.scenes) <= 8, act.id


def test_every_act_is_written_for_the_gm(module: Module) -> None:
    for act in module.acts.values():
        assert words(act.overview) >= 80, act.id
        assert act.goals and act.ending and act.summary, act.id
        assert act.clocks, f"{act.id} has no clock"


def test_every_act_has_an_alternative_path_with_consequence(module: Module) -> None:
    for act in module.acts.values():
        assert act.alternatives, f"{act.id} has no alternative path"
        for path in act.alternatives:
            assert words(path.trigger) >= 5 and words(path.consequence) >= 8, path.id


def test_later_acts_depend_on_earlier_outcomes(module: Module) -> None:
    questions = {outcome.id: outcome for act in module.acts.values() for outcome in act.outcomes}
    for act in module.acts.values():
        if act.number == 0:
            assert act.outcomes
            continue
        assert act.threads, f"{act.id} names no earlier outcome it depends on"
        for thread in act.threads:
            outcome = questions[thread.outcome]
            options = {option.id for option in outcome.options}
            assert {effect.option for effect in thread.effects} <= options
        # The overview tells the GM which earlier outcomes to check.
        named = [t.outcome for t in act.threads if t.outcome in act.overview]
        assert named, f"{act.id}'s overview does not name the outcomes it depends on"


def test_scenes_are_complete(module: Module) -> None:
    final_scene = module.acts["act-9"].scenes[-1]
    for scene in module.scenes.values():
        assert scene.read_aloud and scene.gm_notes, scene.id
        assert scene.checks or scene.set_piece, f"{scene.id} has no check or set piece"
        if scene.id != final_scene:
            assert any(exit_.on == "failure" for exit_ in scene.exits), (
                f"{scene.id} has no failure branch"
            )


def test_read_aloud_lengths_and_voice(module: Module) -> None:
    for scene in module.scenes.values():
        count = words(scene.read_aloud)
        assert 60 <= count <= 150, f"{scene.id}: {count} words of read-aloud text"
        assert re.search(r"\byou(r|rs)?\b", scene.read_aloud, re.IGNORECASE), (
            f"{scene.id}: read-aloud text is not in the second person"
        )


def test_last_scene_of_each_act_leads_to_the_next_act(module: Module) -> None:
    acts = list(module.acts.values())
    for act, following in itertools.pairwise(acts):
        targets = {exit_.to for exit_ in module.scenes[act.scenes[-1]].exits}
        assert following.scenes[0] in targets, f"{act.id} does not lead into {following.id}"


def test_three_clue_rule_for_every_revelation(module: Module) -> None:
    places: dict[str, set[str]] = defaultdict(set)
    for clue, container in module.clues():
        places[clue.revelation].add(f"{container.kind}:{container.id}")
    for revelation in module.revelations.values():
        assert len(places[revelation.id]) >= 3, (
            f"{revelation.id} has clues in only {sorted(places[revelation.id])}"
        )


def test_clues_for_an_act_are_found_no_later_than_that_act(module: Module) -> None:
    act_number = {act.id: act.number for act in module.acts.values()}
    scene_act = {scene: act.number for act in module.acts.values() for scene in act.scenes}
    for revelation in module.revelations.values():
        needed_by = act_number[revelation.act]
        reachable = [
            clue
            for clue, container in module.clues()
            if clue.revelation == revelation.id
            and (container.kind == "handout" or scene_act[container.id] <= needed_by)
        ]
        assert len(reachable) >= 3, f"{revelation.id}: fewer than three clues by act {needed_by}"


def test_cast_pregens_tables_handouts_clocks(module: Module) -> None:
    assert len(module.npcs) >= 20
    for required in (
        "bond",
        "koskov",
        "pushkin",
        "kara-milovy",
        "whitaker",
        "necros",
        "saunders",
        "kamran-shah",
        "felix-leiter",
        "gogol",
    ):
        assert required in module.npcs
    assert 4 <= len(module.pcs) <= 6 and "pc-bond" in module.pcs
    assert len(module.tables) >= 10
    assert len(module.handouts) >= 12
    assert {"kgb-alert", "koskov-cover", "opium-shipment"} <= set(module.clocks)


def test_every_npc_has_a_player_safe_face_and_a_secret(module: Module) -> None:
    for npc in module.npcs.values():
        assert npc.description, npc.id
        assert npc.secret, npc.id
    for twist in ("koskov", "pushkin", "kara-milovy"):
        assert module.npcs[twist].allegiance is not None


def test_tables_have_nesting_inline_dice_and_npcs(module: Module) -> None:
    entries = [entry for table in module.tables.values() for entry in table.entries]
    assert any("[[table:" in entry.result or entry.table for entry in entries)
    assert any(re.search(r"\[\[\d*d\d", entry.result) for entry in entries)
    assert any(entry.npcs for entry in entries)


def test_every_table_covers_its_die_exactly(module: Module) -> None:
    for table in module.tables.values():
        if table.weighted:
            continue
        support = compile_dice(table.die).support()
        assert support is not None
        hits = {value: 0 for value in support}
        for entry in table.entries:
            low, high = entry.bounds or (0, -1)
            for value in support:
                if low <= value <= high:
                    hits[value] += 1
        assert set(hits.values()) == {1}, table.id


def test_set_pieces_have_rules_support(module: Module) -> None:
    pieces = {scene.id: scene.set_piece for scene in module.scenes.values() if scene.set_piece}
    assert len(pieces) >= 8
    for scene_id, piece in pieces.items():
        assert piece is not None
        assert piece.stages and any(stage.checks for stage in piece.stages), scene_id
        assert piece.success and piece.failure, scene_id
