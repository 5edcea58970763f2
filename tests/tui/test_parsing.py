"""The small pieces of syntax the GM screen reads: 'vs N' and palette rolls."""

from __future__ import annotations

import pytest

from campaign.tui.commands import dice_query
from campaign.tui.emphasis import md
from campaign.tui.widgets.dice_tray import split_target


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2d6+3", ("2d6+3", None)),
        ("2d6+3 vs 9", ("2d6+3", 9)),
        ("  1d20+5 VS 15 ", ("1d20+5", 15)),
        ("1d20 [to hit] vs 12", ("1d20 [to hit]", 12)),
        ("2d6 vs. 7", ("2d6", 7)),
        ("10d10>=8", ("10d10>=8", None)),
        ("vs 9", ("vs 9", None)),
    ],
)
def test_split_target(typed: str, expected: tuple[str, int | None]) -> None:
    assert split_target(typed) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("roll 2d6+3", "2d6+3"),
        ("2d6+3", "2d6+3"),
        ("Roll 4d6kh3 vs 12", "4d6kh3 vs 12"),
        ("roll", None),
        ("koskov", None),
        ("roll 2d6+", None),
        ("", None),
    ],
)
def test_dice_query(query: str, expected: str | None) -> None:
    assert dice_query(query) == expected


def test_markdown_emphasis_becomes_styles() -> None:
    content = md("**Subject.** KOSKOV, *the* general; snake_case_id and 2*3*4 stay as typed")
    assert content.plain == "Subject. KOSKOV, the general; snake_case_id and 2*3*4 stay as typed"
    styled = {content.plain[span.start : span.end]: str(span.style) for span in content.spans}
    assert styled == {"Subject.": "bold", "the": "italic"}
