"""What the players see: each show and hide a journal event, and no GM-only word on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.cli import main
from campaign.loader import load_module
from campaign.paths import bundled_modules_dir
from campaign.players import condition_words, players_view
from campaign.session import Continuity, Session, hide, roll_in_the_open, show, shown_of

MODULE = load_module(bundled_modules_dir() / "living-daylights")


def gm_only_texts() -> list[str]:
    """Every GM-only string of the bundled campaign worth looking for on the players' screen."""
    texts: list[str] = []
    for npc in MODULE.npcs.values():
        texts += [npc.secret, npc.tactics]
        if npc.allegiance and npc.allegiance.true != npc.allegiance.apparent:
            texts.append(npc.allegiance.true)
    for scene in MODULE.scenes.values():
        texts.append(scene.gm_notes)
        texts += [clue.text for clue in scene.clues]
    return [" ".join(text.split())[:60] for text in texts if text and len(text.strip()) > 20]


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return Session.open(tmp_path / "evening.sqlite", module=MODULE, seed=3)


def test_a_scripted_evening_appears_on_the_players_screen(session: Session) -> None:
    scene = next(iter(MODULE.scenes.values()))
    npc = MODULE.npcs["koskov"]
    with session:
        show(session, "read-aloud", scene.id, scene.title)
        show(session, "npc", "koskov", npc.name)
        Continuity(session, MODULE).give_handout(next(iter(MODULE.handouts)))
        roll_in_the_open(session, "2d6+1")
        clock = next(iter(MODULE.clocks.values()))
        show(session, "clock", clock.id, clock.name)
        view = players_view(MODULE, session.state)
        assert view.scene == scene.title and view.read_aloud == scene.read_aloud.strip()
        assert [card.name for card in view.npcs] == [npc.name]
        assert view.handouts and view.rolls and view.rolls[0].startswith("2d6")
        assert [name for name, _, _ in view.clocks] == [clock.name]
        session.undo()  # the clock comes off again
        assert players_view(MODULE, session.state).clocks == ()
        hide(session, "npc", "koskov")
        assert players_view(MODULE, session.state).npcs == ()
        show(session, "clear")
        cleared = players_view(MODULE, session.state)
        assert cleared.read_aloud is None and cleared.rolls  # rolls made in the open stay


def test_no_gm_only_words_reach_the_players(session: Session) -> None:
    with session:
        for scene in list(MODULE.scenes.values())[:10]:
            show(session, "read-aloud", scene.id)
        for npc_id in MODULE.npcs:
            show(session, "npc", npc_id)
        screen = str(players_view(MODULE, session.state))
    leaks = [text for text in gm_only_texts() if text in screen]
    assert leaks == []


def test_npcs_are_described_in_words() -> None:
    assert [condition_words(6, d) for d in (0, 2, 3, 6)] == ["unhurt", "hurt", "badly hurt", "down"]


def test_show_and_hide_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "data" / "campaign" / "sessions" / "evening.sqlite"
    path.parent.mkdir(parents=True)
    Session.open(path, module=MODULE, seed=1).close()
    assert main(["show", "evening", "npc", "koskov"]) == 0
    assert capsys.readouterr().out.strip() == f"shown: npc {MODULE.npcs['koskov'].name}"
    assert main(["show", "evening"]) == 0
    assert "NPC: " in capsys.readouterr().out
    assert main(["show", "evening", "npc", "koskof"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'koskov'?" in err
    assert main(["hide", "evening", "npc", "koskov"]) == 0
    capsys.readouterr()
    with Session.open(path, read_only=True) as session:
        assert shown_of(session.state).npcs == []
