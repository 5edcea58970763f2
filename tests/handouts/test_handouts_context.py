"""The data templates see: plain JSON-like values, GM-only fields removed for players."""

from __future__ import annotations

from typing import Any

import pytest
from handout_helpers import NOW

from campaign.handouts import CONTEXT_KEYS, HandoutError, handout_context, render_handout
from campaign.model import Module


def _assert_plain(value: Any, where: str = "context") -> None:
    if value is None or isinstance(value, (str, bool, int, float)):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"{where}: key {key!r}"
            _assert_plain(item, f"{where}.{key}")
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _assert_plain(item, f"{where}[{index}]")
        return
    raise AssertionError(f"{where} is a {type(value).__name__}, not plain data")


def _flatten(value: Any) -> str:
    return repr(value)


@pytest.mark.parametrize("audience", ["players", "gm"])
def test_context_is_plain_data_with_the_documented_keys(spy: Module, audience: Any) -> None:
    for handout in spy.handouts.values():
        context = handout_context(spy, handout, audience, now=NOW)
        assert tuple(context) == CONTEXT_KEYS
        _assert_plain(context)


def test_players_dossier_shows_the_file_not_the_secrets(spy: Module) -> None:
    context = handout_context(spy, spy.handouts["dossier-volkov"], "players", now=NOW)
    npc = context["npc"]
    assert npc == {
        "id": "volkov",
        "name": "Colonel Ivan Volkov",
        "role": "KGB colonel, defector",
        "description": "A heavy man with a gold tooth and a laugh like a drain.",
        "allegiance": {"apparent": "The West"},
    }
    text = _flatten(context)
    for secret in ("VOLKOV-SECRET", "VOLKOV-TACTICS", "VOLKOV-TRUE", "VOLKOV-ATTACK",
                   "VOLKOV-TRAIT", "villain-tag-spoiler", "HANDOUT-CLUE-TEXT",
                   "REVELATION-SPOILER", "SPOILER-SUMMARY-TEXT"):  # fmt: skip
        assert secret not in text
    assert "clues" not in context["handout"]


def test_gm_context_has_everything(spy: Module) -> None:
    context = handout_context(spy, spy.handouts["dossier-volkov"], "gm", now=NOW)
    text = _flatten(context)
    for secret in ("VOLKOV-SECRET", "VOLKOV-TACTICS", "VOLKOV-TRUE", "VOLKOV-ATTACK",
                   "HANDOUT-CLUE-TEXT", "REVELATION-SPOILER", "SPOILER-SUMMARY-TEXT"):  # fmt: skip
        assert secret in text
    assert context["npc"]["skill_list"][0]["name"] == "Fight"


def test_pregen_is_the_players_own_sheet_without_secret_or_tactics(spy: Module) -> None:
    context = handout_context(spy, spy.handouts["pregen-agent"], "players", now=NOW)
    pc = context["pc"]
    assert pc["name"] == "Agent One"
    assert pc["gear"] == ["Lock picks", "A good coat"]
    assert [gadget["boxes"] for gadget in pc["gadgets"]] == [2, 0]
    assert pc["wounds"] == 5 and pc["health_name"] == "Wounds"
    assert [(a["name"], a["value"]) for a in pc["attribute_list"]] == [
        ("Body", 1),
        ("Mind", 2),
        ("Spirit", 1),
    ]
    assert {s["id"]: s["value"] for s in pc["skill_list"]} == {"fight": 1, "search": 3, "talk": 0}
    assert pc["allegiance"] == {"apparent": "The Service"}
    for hidden in ("secret", "tactics", "tags"):
        assert hidden not in pc
    assert "AGENT-" not in _flatten(context)


def test_clue_document_keeps_its_reading_for_the_gm(spy: Module) -> None:
    players = handout_context(spy, spy.handouts["ledger"], "players", now=NOW)
    gm = handout_context(spy, spy.handouts["ledger"], "gm", now=NOW)
    assert players["clue"] is None
    assert "CLUE-TEXT-SPOILER" not in _flatten(players)
    assert gm["clue"]["id"] == "embassy-ledger"
    assert "REVELATION-SPOILER" in gm["clue"]["revelation_statement"]
    assert players["handout"]["data"]["transfers"][1]["amount"] == "US$ 900 | pipe"


def test_context_is_fresh_each_time(spy: Module) -> None:
    handout = spy.handouts["ledger"]
    first = handout_context(spy, handout, "players", now=NOW)
    first["handout"]["data"]["transfers"].clear()
    second = handout_context(spy, handout, "players", now=NOW)
    assert len(second["handout"]["data"]["transfers"]) == 2
    assert len(handout.data["transfers"]) == 2


def test_gm_only_handout_is_refused_for_players(spy: Module) -> None:
    with pytest.raises(HandoutError, match="for the GM only; render it with --audience gm"):
        render_handout(spy, "gm-notes", fmt="html", audience="players")
    assert "GM-ONLY-HANDOUT-BODY" in render_handout(spy, "gm-notes", fmt="md", audience="gm")


def test_unknown_handout_suggests_a_name(spy: Module) -> None:
    hint = r"no handout 'dosier-volkov'.*did you mean 'dossier-volkov'"
    with pytest.raises(HandoutError, match=hint):
        render_handout(spy, "dosier-volkov")
