"""Roll rendering (plain and Rich), JSON round trips."""

from __future__ import annotations

import json
import random

from rich.text import Text

from campaign.dice import DieResult, Roll, compile


def roll(text: str, seed: int) -> Roll:
    return compile(text).roll(random.Random(seed))


def test_one_line_rendering() -> None:
    assert str(roll("4d6kh3+2", 0)) == "4d6kh3 [6, 5, 3, ~~2~~] + 2 = 16"
    assert roll("4d6kh3+2", 0).render() == str(roll("4d6kh3+2", 0))
    assert str(roll("1d6!", 2)) == "1d6! [6!, 6!, 1] = 13"
    assert str(roll("1d6r1", 28)) == "1d6r1 [~~1~~, ~~1~~, 4] = 4"
    assert str(roll("10d10>=8", 0)) == "10d10>=8 [9*, 8*, 5, 3, 6, 5, 8*, 4, 5, 6] = 3"
    assert str(roll("2*(1d4+1)-3", 1)) == "2 * (1d4 [1] + 1) - 3 = 1"


def test_rich_rendering_styles() -> None:
    result = roll("4d6kh3+2", 7)  # faces 2, 1, 4, 1: a one kept, a one dropped
    text = result.__rich__()
    assert isinstance(text, Text)
    assert text.plain == "4d6kh3 [2, 1, 4, 1] + 2 = 9"
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles["9"] == "bold"
    struck = [span for span in text.spans if "strike" in str(span.style)]
    assert len(struck) == 1 and text.plain[struck[0].start : struck[0].end] == "1"
    red = [text.plain[s.start : s.end] for s in text.spans if str(s.style) == "red"]
    assert red == ["1"]  # the kept one; the dropped one is dim and struck instead
    natural_twenty = next(r for r in (roll("1d20", s) for s in range(500)) if r.total == 20)
    text = natural_twenty.__rich__()
    green = [text.plain[s.start : s.end] for s in text.spans if str(s.style) == "green"]
    assert green == ["20"]


def test_to_dict_shape() -> None:
    data = roll("1d20+5 [to hit]", 42).to_dict(seed=42)
    assert list(data) == ["expression", "total", "labels", "seed", "dice"]
    assert data == {
        "expression": "1d20+5 [to hit]",
        "total": 18,
        "labels": ["to hit"],
        "seed": 42,
        "dice": [
            {
                "term": "1d20",
                "sides": 20,
                "face": 13,
                "kept": True,
                "exploded": False,
                "rerolled": False,
                "success": None,
            }
        ],
    }
    assert roll("3d6", 1).to_dict()["seed"] is None
    json.dumps(data)


def test_round_trip_through_json() -> None:
    for text, seed in [("4d6r1kh3", 1), ("10d10!10>=8", 2), ("4dF", 0), ("1d6!!", 2)]:
        original = roll(text, seed)
        copy = Roll.from_dict(json.loads(json.dumps(original.to_dict(seed=seed))))
        assert copy == original
        assert str(copy) == str(original)


def test_a_hand_made_roll_still_renders() -> None:
    odd = Roll("not dice", 3, (), (DieResult("1d6", 6, 3),))
    assert str(odd) == "not dice[3] = 3"
    short = Roll("2d6", 4, (), (DieResult("2d6", 6, 4),))  # fewer dice than the text says
    assert str(short) == "2d6 [4] = 4"


def test_fate_and_success_marks() -> None:
    assert str(roll("4dF", 0)) == "4dF [+, +, 0, -] = 1"
    assert "10!*" in str(roll("10d10!10>=8", 2))
