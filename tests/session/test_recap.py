"""`campaign recap` and `campaign handouts-given` from a session's journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.cli import main
from campaign.loader import load_module
from campaign.model import Module
from campaign.session import Continuity, Session, start_next_evening

MODULE_DIR = Path(__file__).resolve().parents[2] / "modules" / "living-daylights"


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(MODULE_DIR)


@pytest.fixture
def evening(tmp_path: Path, module: Module) -> Session:
    session = Session.open(tmp_path / "evening-1.sqlite", module=module, seed=8)
    session.visit_scene("a1-concert-hall", "Mozart at the Conservatory")
    session.roll("2d6+3", source="Ashdown: Notice")
    session.note("GM only: Koskov winked at the cellist")
    session.change_clock("kgb-alert", 1, name="KGB alert", segments=8)
    record = Continuity(session, module)
    record.give_handout("concert-programme", to="Lindqvist")
    record.find_clue(next(iter(module.clues()))[0].id, by="Reyes")
    return session


def test_gm_recap_has_everything(evening: Session, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recap", str(evening.path)]) == 0
    out = capsys.readouterr().out
    assert "Mozart at the Conservatory" in out
    assert "Ashdown: Notice: 2d6 [" in out
    assert "Koskov winked" in out
    assert "Clock KGB alert +1" in out


def test_players_recap_leaves_out_gm_only_events(
    evening: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["recap", str(evening.path), "--audience", "players", "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert "<html" in out.lower()
    assert "Mozart at the Conservatory" in out
    assert "Koskov winked" not in out
    assert "KGB alert" not in out


def test_campaign_recap_chains_evenings(
    tmp_path: Path, evening: Session, module: Module, capsys: pytest.CaptureFixture[str]
) -> None:
    second = start_next_evening(evening, tmp_path / "evening-2.sqlite", module)
    second.visit_scene("a2-arrival", "Bramshaw House")
    second.close()
    assert main(["recap", str(tmp_path / "evening-2.sqlite"), "--campaign"]) == 0
    out = capsys.readouterr().out
    assert out.index("Mozart at the Conservatory") < out.index("Bramshaw House")
    assert "evening-1" in out and "evening-2" in out


def test_recap_pdf_needs_out(evening: Session, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recap", str(evening.path), "--format", "pdf"]) == 2
    assert "needs --out" in capsys.readouterr().err


def test_handouts_given_renders_for_players(
    tmp_path: Path, evening: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "given"
    assert main(["handouts-given", str(evening.path), "--format", "md", "--out", str(out)]) == 0
    assert (out / "concert-programme.md").is_file()
    index = (out / "index.md").read_text()
    assert "concert-programme.md" in index and "to Lindqvist" in index


def test_missing_session_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recap", str(tmp_path / "nope.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such session" in err


def test_roll_into_a_session_from_the_shell(
    evening: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    assert main(["roll", "3d6", "--session", str(evening.path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    fresh = evening.poll()
    assert [event.seq for event in fresh] == [data["event"]]
    assert fresh[0].data["total"] == data["total"]
    assert main(["roll", "3d6", "--session", str(evening.path), "--seed", "1"]) == 2
    assert "do not mix" in capsys.readouterr().err


def test_the_recap_reads_as_the_story_no_undo_rows_one_row_a_roll(
    evening: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    from campaign.session import roll_in_the_open, show

    evening.note("a typo")
    evening.undo()
    roll_in_the_open(evening, "1d20", source="in the open")
    show(evening, "read-aloud", "a1-concert-hall")
    assert main(["recap", str(evening.path)]) == 0
    out = capsys.readouterr().out
    assert "a typo" not in out and "| Undo |" not in out
    assert out.count("1d20 [") == 1
    assert "| Players | Shown to the players: read-aloud" in out
    assert "\n\n\n" not in out
