"""The condition language (`when:`): read-aloud variants, act leads, clue checks; each name
checked where it is written, and each condition answered from what a session records."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.errors import ModuleError
from campaign.loader import load_module
from campaign.model import When
from campaign.scaffold import create_module
from campaign.session import Session
from campaign.session.continuity import Continuity
from campaign.session.when import facts_of, holds, read_aloud_for

VARIANTS = """variants:
  - label: Keeper found
    when: {outcome: keeper-found, option: lost}
    read_aloud: The lamp is cold. Nobody has fed it tonight.
  - when: [{clue: door-footprints}, {not: {npc: smuggler, fate: dead}}]
    read_aloud: Fresh boot prints lead up the stair ahead of you.
"""


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    folder = create_module("starter", tmp_path)
    act = folder / "acts" / "act-1.yaml"
    text = act.read_text(encoding="utf-8")
    text = text.replace("id: lamp-room\n", "id: lamp-room\n" + VARIANTS, 1)
    text = text.replace(
        "clocks: [storm]\n",
        "clocks: [storm]\nleads:\n  - text: The harbourmaster sends a boy with a note.\n"
        "    to: lamp-room\n    when: {clock: storm, at_least: 2}\n",
        1,
    )
    act.write_text(text, encoding="utf-8")
    return folder


def test_variants_and_leads_load(starter: Path) -> None:
    module = load_module(starter)
    scene = module.scenes["lamp-room"]
    assert [variant.label for variant in scene.variants] == ["Keeper found", ""]
    assert module.acts["act-1"].leads[0].when == When(clock="storm", at_least=2)


def test_a_session_picks_the_read_aloud_that_holds(starter: Path, tmp_path: Path) -> None:
    module = load_module(starter)
    scene = module.scenes["lamp-room"]
    with Session.open(tmp_path / "s.sqlite", module=module, seed=1) as session:
        text, variant = read_aloud_for(scene, facts_of(session.state, module))
        assert variant is None and text == scene.read_aloud  # the outcome's default is 'found'
        Continuity(session, module).find_clue("door-footprints")
        text, variant = read_aloud_for(scene, facts_of(session.state, module))
        assert text.startswith("Fresh boot prints")
        Continuity(session, module).record_outcome("keeper-found", "lost")
        text, variant = read_aloud_for(scene, facts_of(session.state, module))
        assert variant is not None and variant.label == "Keeper found"
        session.undo()
        assert read_aloud_for(scene, facts_of(session.state, module))[0].startswith("Fresh")
        facts = facts_of(session.state, module)
        assert not holds(module.acts["act-1"].leads[0].when or When(clue="x"), facts)
        session.change_clock("storm", 2, name="The storm", segments=4)
        assert holds(When(clock="storm", at_least=2), facts_of(session.state, module))


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("option: lost}", "option: lots}", "has no option 'lots' (did you mean 'lost'?)"),
        ("{clue: door-footprints}", "{clue: door-fotprints}", "no clue with id 'door-fotprints'"),
        ("at_least: 2}", "at_least: 9}", "has 4 segments: at_least 9 can never hold"),
        ("fate: dead}", "fate: dead, clue: x}", "exactly one test"),
        ("{outcome: keeper-found, option: lost}", "{option: lost}", "`option` needs `outcome`"),
        ("to: lamp-room", "to: lamp-rom", "no scene with id 'lamp-rom'"),
    ],
)
def test_a_condition_that_can_never_hold_is_a_located_problem(
    starter: Path, old: str, new: str, needle: str
) -> None:
    act = starter / "acts" / "act-1.yaml"
    act.write_text(act.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ModuleError) as caught:
        load_module(starter)
    problems = [str(problem) for problem in caught.value.problems]
    assert any("act-1.yaml:" in p and needle in p for p in problems), problems


def test_a_clue_names_its_roll_in_check(starter: Path) -> None:
    act = starter / "acts" / "act-1.yaml"
    text = act.read_text(encoding="utf-8").replace(
        "    revelation: keeper-alive\n",
        "    revelation: keeper-alive\n    check: {skill: serch, difficulty: easy}\n",
        1,
    )
    act.write_text(text, encoding="utf-8")
    with pytest.raises(ModuleError) as caught:
        load_module(starter)
    (problem,) = [str(p) for p in caught.value.problems]
    assert "clues[0].check.skill: unknown skill 'serch' (did you mean 'search'?)" in problem
    act.write_text(text.replace("serch", "search"), encoding="utf-8")
    clue = load_module(starter).scenes["lighthouse-door"].clues[0]
    assert clue.check is not None and clue.check.skill == "search"
