"""Numbers in text agree with their nouns, and a condition's save shows real numbers.

"for 1 minutes" (a table's inline roll), "Pinned (1 rounds)" and "save
2d6+{nerve} vs 9" were seen at the table (issue 19).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from campaign.loader import load_module
from campaign.model import Module
from campaign.scaffold import create_module
from campaign.session.combat import Combatant, condition_save, condition_terms
from campaign.tables import roll_table
from campaign.wording import agree, plural, singular_of

LIVING_DAYLIGHTS = Path(__file__).resolve().parent.parent / "modules" / "living-daylights"


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "minute") == "1 minute"
    assert plural(2, "round") == "2 rounds"
    assert plural(0, "event") == "0 events"
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(-1, "wound") == "-1 wounds"


@pytest.mark.parametrize(
    ("word", "single"),
    [
        ("minutes", "minute"),
        ("Rounds", "Round"),
        ("lorries", "lorry"),
        ("whiskies", "whisky"),
        ("mercenaries", "mercenary"),
        ("boxes", "box"),
        ("matches", "match"),
        ("glasses", "glass"),
        ("men", "man"),
        ("children", "child"),
        ("dice", "die"),
        ("tonnes", "tonne"),
        ("days", "day"),
    ],
)
def test_a_plural_noun_after_one_becomes_singular(word: str, single: str) -> None:
    assert singular_of(word) == single
    assert agree(1, word) == single
    assert agree(2, word) == word


@pytest.mark.parametrize(
    "word", ["bonus", "status", "is", "was", "its", "always", "perhaps", "of", "extra", "damage",
             "glass", "wound", "and", "analysis"],
)
def test_words_that_are_not_plurals_are_left_alone(word: str) -> None:
    assert agree(1, word) == word


def test_an_authors_word_s_is_resolved_by_the_roll() -> None:
    assert agree(1, "wound(s)") == "wound"
    assert agree(2, "wound(s)") == "wounds"
    assert agree(0, "wound(s)") == "wounds"


TABLE = """\
id: agreement
title: Agreement
roll: 1d1
entries:
  - range: 1
    result: >
      The tram cuts the street for [[1d1]] minutes; [[1d1+1]] minutes later
      [[1d1]] wound(s), then [[1d1+1]] wound(s); [[1d1]] bonus damage;
      [[1d1]] mercenaries and [[1d1]] of them; [[npc:smuggler]] waits [[1d1]]
      rounds.
"""


@pytest.fixture
def agreement_module(tmp_path: Path) -> Module:
    folder = create_module("agreement", tmp_path)
    (folder / "tables/agreement.yaml").write_text(TABLE, encoding="utf-8")
    return load_module(folder)


def test_a_rolled_one_in_table_text_takes_a_singular_noun(agreement_module: Module) -> None:
    result = roll_table(agreement_module, "agreement", random.Random(1))
    assert result.text.strip() == (
        "The tram cuts the street for 1 minute; 2 minutes later 1 wound, then 2 wounds; "
        "1 bonus damage; 1 mercenary and 1 of them; Cove Smuggler waits 1 round."
    )
    assert [inline.roll.total for inline in result.inline] == [1, 2, 1, 2, 1, 1, 1, 1]


@pytest.fixture(scope="module")
def daylights() -> Module:
    return load_module(LIVING_DAYLIGHTS)


def test_conditions_read_with_their_bearers_numbers(daylights: Module) -> None:
    conditions = {condition.id: condition for condition in daylights.ruleset.conditions}
    bond = daylights.pcs["pc-bond"]
    bearer = Combatant(cid="c1", name=bond.name, kind="pc", ref=bond.id, health=4)
    nerve, reflexes = bond.attributes["nerve"], bond.attributes["reflexes"]
    close_combat = bond.skills["close-combat"]
    assert condition_terms(daylights, conditions["pinned"], bearer) == "1 round"
    assert condition_terms(daylights, conditions["blinded"], bearer) == "2 rounds"
    assert condition_terms(daylights, conditions["drugged"], bearer) == (
        f"until ended, save 2d6+{nerve} vs 9"
    )
    assert condition_save(daylights, conditions["restrained"], bearer) == (
        f"2d6+{reflexes}+{close_combat}"
    )
    assert condition_save(daylights, conditions["pinned"], bearer) is None


def test_a_condition_with_no_bearer_names_what_is_added(daylights: Module) -> None:
    conditions = {condition.id: condition for condition in daylights.ruleset.conditions}
    assert condition_terms(daylights, conditions["drugged"], None) == (
        "until ended, save 2d6+Nerve vs 9"
    )
    assert condition_save(daylights, conditions["restrained"], None) == (
        "2d6+Reflexes+Close Combat"
    )
    nobody = Combatant(cid="c2", name="A bystander", kind="npc", ref=None, health=2)
    assert condition_save(daylights, conditions["drugged"], nobody) == "2d6+0"


def test_every_condition_of_both_modules_reads_without_a_placeholder(daylights: Module) -> None:
    for module in (daylights, load_module(LIVING_DAYLIGHTS.parent / "drowned-bell")):
        for condition in module.ruleset.conditions:
            for pc in module.pcs.values():
                bearer = Combatant(cid="c", name=pc.name, kind="pc", ref=pc.id, health=4)
                text = condition_terms(module, condition, bearer)
                assert "{" not in text and not re.search(r"\b1 rounds\b", text), text
