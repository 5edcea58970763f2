"""What the players see: each show and hide a journal event, and no GM-only word on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.cli import main
from campaign.handouts.recap import players_recap_rows
from campaign.loader import ModuleError, load_module
from campaign.paths import bundled_modules_dir
from campaign.players import condition_words, players_view
from campaign.scaffold import create_module
from campaign.session import Continuity, Session, hide, roll_in_the_open, show, shown_of
from campaign.session.combat.tracker import CombatTracker

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
    texts = [" ".join(text.split())[:60] for text in texts if text and len(text.strip()) > 20]
    for npc in MODULE.npcs.values():
        known = npc.known_as
        if known is not None:  # the GM's own name and role, where the players know others
            texts += [repr(npc.name)] if npc.name != known.name else []
            texts += [repr(npc.role)] if npc.role != known.role else []
    return texts


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
        fight = CombatTracker(session, MODULE)
        fight.start()
        for npc_id in ("necros", "kamran-shah", "zhdanov", "kgb-agent"):
            fight.add_npc(npc_id)
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


SECRET_NAMES = ("Necros", "Koskov's assassin", "Kamran Shah", "secretly Koskov's man")
"""GM names and roles of NPCs the players know by another (`known_as`)."""


def _secret_leaks(text: str) -> list[str]:
    return [name for name in SECRET_NAMES if name in text]


def test_a_secret_identity_shows_only_as_the_players_know_it(session: Session) -> None:
    necros = MODULE.npcs["necros"]
    assert necros.known_as is not None
    with session:
        show(session, "npc", "necros", necros.name)
        show(session, "npc", "zhdanov", "Zhdanov")
        view = players_view(MODULE, session.state)
        card = view.npcs[0]
        assert (card.name, card.role) == (necros.known_as.name, necros.known_as.role)
        assert card.description == necros.known_as.description.strip()
        assert necros.allegiance is not None and card.seems == necros.allegiance.apparent
        assert "KGB" not in card.seems  # the apparent text must not hint at the frame
        assert _secret_leaks(str(view)) == []
        hide(session, "npc", "necros")
        show(session, "clear")
        fight = CombatTracker(session, MODULE)
        fight.start("Necros on the Rock")
        fight.add_pc(next(iter(MODULE.pcs)))
        fight.add_npc("necros")
        fight.add_npc("sas-trooper", 2)
        view = players_view(MODULE, session.state)
        names = {row.name for row in view.fight}
        assert {necros.known_as.name, "Unknown 1", "Unknown 2"} <= names
        assert _secret_leaks(str(view)) == [] and "SAS trooper" not in str(view)
        Continuity(session, MODULE).find_clue("a4-leaving-vienna-kara-driver")
        unmasked = {row.name for row in players_view(MODULE, session.state).fight}
        assert necros.name in unmasked  # once they know who he is, they see it


def test_an_npc_never_introduced_fights_as_unknown(session: Session) -> None:
    with session:
        fight = CombatTracker(session, MODULE)
        fight.start()
        fight.add_npc("kgb-agent")
        fight.add_npc("kamran-shah")
        names = [row.name for row in players_view(MODULE, session.state).fight]
        known = MODULE.npcs["kamran-shah"].known_as
        assert known is not None and sorted(names) == sorted(["Unknown", known.name])
        show(session, "npc", "kgb-agent")
        hide(session, "npc", "kgb-agent")  # met once is met: the fight names them after
        names = [row.name for row in players_view(MODULE, session.state).fight]
        assert MODULE.npcs["kgb-agent"].name in names


def test_the_players_recap_is_what_the_players_saw(session: Session) -> None:
    with session:
        show(session, "npc", "necros", "Necros")
        hide(session, "npc", "necros", "Necros")
        session.roll("2d6+5", source="Necros: Silenced pistol")  # the GM's, in private
        roll_in_the_open(session, "2d6+1")
        fight = CombatTracker(session, MODULE)
        fight.start("Necros on the Rock")
        agent = fight.add_pc(next(iter(MODULE.pcs)))
        [killer] = fight.add_npc("necros")
        fight.add_npc("sas-trooper", 2)
        [m_cid] = fight.add_npc("m")
        fight.roll_initiative()
        fight.next_turn()
        fight.remove(m_cid)
        fight.harm(agent, 2)
        fight.harm(killer, 6)
        fight.end()
        show(session, "clear")
        rows = players_recap_rows(session.state.journal(), MODULE, session.state)
    text = "\n".join(row["text"] for row in rows)
    assert _secret_leaks(text) == []
    for left_out in (
        "Hidden",
        "cleared",
        "Joins the fight",
        "leaves the fight",
        "Round 1",
        "Initiative",
        "Silenced pistol",
        "SAS trooper",
        "M leaves",
    ):
        assert left_out not in text, left_out
    known = MODULE.npcs["necros"].known_as
    assert known is not None
    assert f"Met: {known.name}" in text and f"{known.name} is down" in text
    assert "Rolled in the open: 2d6" in text and "takes 2" in text
    assert "A fight begins" in text and "The fight ends" in text


def test_public_map_keys_foretell_nothing() -> None:
    spoilers = ("climbs it on a rope", "falls onto it", "004 falls", "deliveries come in")
    drowned = load_module(bundled_modules_dir() / "drowned-bell")
    for module in (MODULE, drowned):
        for location in module.locations.values():
            for key in location.keys:
                if key.public:
                    see = " ".join(key.see.split())
                    assert not [s for s in spoilers if s in see], (location.id, key.key)
                    assert "004" not in see, (location.id, key.key)


def test_known_as_until_names_what_exists(tmp_path: Path) -> None:
    folder = create_module("Test Module", tmp_path)
    npc = folder / "npcs/smuggler.yaml"
    npc.write_text(
        npc.read_text().rstrip("\n")
        + "\nknown_as:\n  name: A fisherman\n  until: {clue: no-such-clue}\n"
    )
    with pytest.raises(ModuleError) as caught:
        load_module(folder)
    [line] = caught.value.lines()
    assert "npcs/smuggler.yaml:" in line and "known_as.until.clue: no clue with id" in line


def test_a_players_handout_about_a_secret_npc_uses_known_as() -> None:
    from campaign.handouts.context import handout_context

    dossier = next(h for h in MODULE.handouts.values() if h.npc == "koskov")
    about_necros = dossier.model_copy(update={"npc": "necros"})
    npc = handout_context(MODULE, about_necros, "players")["npc"]
    known = MODULE.npcs["necros"].known_as
    assert known is not None and (npc["name"], npc["role"]) == (known.name, known.role)
    assert handout_context(MODULE, about_necros, "gm")["npc"]["name"] == "Necros"


def test_the_gm_side_says_what_name_the_players_see(session: Session) -> None:
    from campaign.tui.widgets.showing import players_see

    with session:
        show(session, "npc", "necros")
        strip = players_see(MODULE, session.state)
        assert "Necros (to the players: The fair-haired young man)" in strip
        Continuity(session, MODULE).find_clue("a4-leaving-vienna-kara-driver")
        assert "to the players" not in players_see(MODULE, session.state)
