"""Odds of a scene's checks under a ruleset (campaign/checks.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign.checks import (
    check_expression,
    check_odds,
    check_rolled,
    check_target,
    success_chance,
    tier_odds,
)
from campaign.model import Check, Ruleset

RULESET = Ruleset.model_validate(
    {
        "id": "simple-2d6",
        "name": "Simple 2d6",
        "attributes": [{"id": "mind", "name": "Mind"}, {"id": "body", "name": "Body"}],
        "skills": [{"id": "search", "name": "Search", "attribute": "mind"}],
        "check": {
            "roll": "2d6+{attribute}+{skill}",
            "default_difficulty": "tricky",
            "results": [
                {"id": "critical", "label": "Clean", "min_margin": 4},
                {"id": "success", "label": "Success", "min_margin": 0},
                {"id": "partial", "label": "At a cost", "min_margin": -2},
                {"id": "failure", "label": "Failure"},
            ],
        },
        "difficulties": [
            {"id": "easy", "name": "Easy", "target": 7},
            {"id": "tricky", "name": "Tricky", "target": 9},
        ],
        "initiative": {"roll": "2d6+{body}"},
    }
)

# 2d6: ways to roll each total, out of 36
WAYS = {2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 5, 9: 4, 10: 3, 11: 2, 12: 1}


def chance(low: int, high: int = 12) -> float:
    return sum(WAYS[total] for total in range(max(low, 2), min(high, 12) + 1)) / 36


def test_target_from_the_ladder_a_number_or_the_default() -> None:
    assert check_target(RULESET, Check(task="t", difficulty="easy")) is not None
    easy = check_target(RULESET, Check(task="t", difficulty="easy"))
    assert easy is not None and (easy.number, easy.name) == (7, "Easy")
    bare = check_target(RULESET, Check(task="t", difficulty=10))
    assert bare is not None and (bare.number, bare.name) == (10, "")
    default = check_target(RULESET, Check(task="t"))
    assert default is not None and default.number == 9
    assert check_target(RULESET, Check(task="t", difficulty="nope")) is None


def test_expression_puts_the_whole_bonus_in_the_first_placeholder() -> None:
    assert check_expression(RULESET, 3) == "2d6+3+0"
    assert check_expression(RULESET, -1) == "2d6-1+0"


def test_odds_of_each_tier_for_2d6() -> None:
    odds = check_odds(RULESET, Check(task="t", skill="search", difficulty="easy"), 0)
    assert list(odds) == ["critical", "success", "partial", "failure"]
    assert odds["critical"] == pytest.approx(chance(11))
    assert odds["success"] == pytest.approx(chance(7, 10))
    assert odds["partial"] == pytest.approx(chance(5, 6))
    assert odds["failure"] == pytest.approx(chance(2, 4))
    assert success_chance(odds) == pytest.approx(chance(7))


def test_a_bonus_shifts_the_odds() -> None:
    check = Check(task="t", skill="search", difficulty="tricky")
    assert success_chance(check_odds(RULESET, check, 2)) == pytest.approx(chance(7))
    assert success_chance(check_odds(RULESET, check, 0)) == pytest.approx(chance(9))


def test_roll_under_reads_the_margin_the_other_way() -> None:
    tiers = [("success", 0), ("failure", None)]
    odds = tier_odds({3: 0.5, 8: 0.5}, 5, tiers, roll_under=True)
    assert odds == {"success": 0.5, "failure": 0.5}


def test_no_target_no_odds() -> None:
    ruleset = RULESET.model_copy(
        update={"check": RULESET.check.model_copy(update={"default_difficulty": None})}
    )
    assert check_odds(ruleset, Check(task="t"), 0) == {}


def test_what_is_rolled_in_words() -> None:
    assert check_rolled(RULESET, Check(task="t", skill="search")) == "Mind + Search"
    assert check_rolled(RULESET, Check(task="t", attribute="body")) == "Body"
    assert check_rolled(RULESET, Check(task="t")) == ""


@given(
    st.dictionaries(st.integers(-20, 40), st.floats(0.001, 1.0), min_size=1, max_size=30),
    st.integers(-10, 30),
    st.booleans(),
)
def test_tiers_share_out_all_the_probability(
    distribution: dict[int, float], target: int, roll_under: bool
) -> None:
    tiers = [(tier.id, tier.min_margin) for tier in RULESET.check.results]
    odds = tier_odds(distribution, target, tiers, roll_under=roll_under)
    assert sum(odds.values()) == pytest.approx(sum(distribution.values()))
    assert all(value >= 0 for value in odds.values())
