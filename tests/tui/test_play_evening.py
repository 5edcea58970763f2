"""Pilot tests of what a new GM found playing an evening (issue 19, 'h19-play'): a tray
roll's target survives a resume and reaches the recap, the journal's columns, module
text that looks like markup, toasts over keys lines, the browsers' filters and give
key, table results on the GM screen, stat-block bonuses, the pinned marker and the
cast's arrow keys."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList

from campaign.handouts.recap import render_session_recap
from campaign.session import Session
from campaign.session.events import Event, roll_reached, roll_target
from campaign.tui.app import CampaignApp
from campaign.tui.widgets.dice_tray import DiceTray, read_vs

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


def lines_of(app: CampaignApp, selector: str, count: int = 12) -> list[str]:
    """The lines a widget draws, as plain text."""
    widget = app.screen.query_one(selector)
    return [str(widget.render_line(y).text).rstrip() for y in range(count)]


# --- 1. a roll's 'vs N' is kept in its event -------------------------------------------


async def test_a_tray_rolls_target_is_kept_through_resume_and_recap(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None, session="targets")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *"2d6+1 vs 9", "enter")
        await pilot.press(*"1d6 vs 1", "enter")  # Enter selected the text: typing replaces it
        await pilot.press(*"1d6", "enter")
        await settle(pilot)
        assert app.session is not None
        path = app.session.path
        rolls = [event for event in app.session.state.journal() if event.kind == "roll"]
        assert [event.data.get("target") for event in rolls] == [9, 1, None]
        first = rolls[0]
        # read as the module reads a check: success, success at a cost (which succeeds),
        # or failure; kept with the roll so the journal and the recap say the same
        rules = app.screen.query_one(DiceTray).rules
        verdict, reached_first = read_vs(rules, first.data["total"], 9)
        assert roll_reached(first.data) is reached_first
        assert first.data["reading"] == verdict

    again = app_factory(seed=None, session="targets")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        history = again.screen.query_one(DiceTray).history
        assert [entry.target for entry in history] == [None, 1, 9]
        assert history[1].reached is True
        assert history[2].reached is reached_first
        tray = again.screen.query_one("#dice-history", OptionList)
        shown = [str(tray.get_option_at_index(index).prompt) for index in range(3)]
        assert shown[2].endswith(f"vs 9: {verdict}")
        assert shown[1].endswith("vs 1: success")
        assert " vs " not in shown[0]
        await pilot.press("escape", "j")
        await settle(pilot)
        journal = "\n".join(lines_of(again, "#journal-list", 4))
        assert f"vs 9: {verdict}" in journal

    with Session.open(path, create=False, read_only=True) as session:
        recap = render_session_recap(session, fmt="md")
        players = render_session_recap(session, fmt="md", audience="players")
    assert isinstance(recap, str) and isinstance(players, str)
    assert f"vs 9: {verdict}" in recap
    assert "vs 1: success" in recap
    assert "vs 9" not in players  # the tray's rolls are the GM's: private unless in the open


def test_rolls_recorded_without_a_target_still_read() -> None:
    """Events written before targets were kept (or with a damaged one) read as no target."""
    old = Event(3, "2026-11-24T20:15:03.000+00:00", "roll", {"expression": "2d6", "total": 7})
    assert roll_target(old.data) is None and roll_reached(old.data) is None
    assert old.summary() == "2d6"
    for damaged in ("9", 9.5, True, None, [9]):
        event = Event(4, old.at, "roll", {**old.data, "target": damaged})
        assert roll_target(event.data) is None
        assert event.summary() == "2d6"
    reached = Event(5, old.at, "roll", {**old.data, "rendered": "2d6 [3, 4] = 7", "target": 7})
    assert reached.summary() == "2d6 [3, 4] = 7 vs 7: reached"
    missed = Event(6, old.at, "roll", {**old.data, "target": 8, "source": "Rook"})
    assert missed.summary() == "Rook: 2d6 vs 8: missed"


# --- 2. the journal's kind column and hanging text ----------------------------------------


async def test_the_journal_kind_column_fits_its_words_and_text_hangs(
    app_factory: Factory, settle: Settle
) -> None:
    from campaign.tui.widgets.journal import KIND_WIDTH, kind_word

    app = app_factory(seed=None, session="kinds")
    async with app.run_test(size=(80, 60)) as pilot:  # 80 wide, tall enough to list all
        await settle(pilot)
        session = app.session
        assert session is not None
        long_note = " ".join(f"word{number}" for number in range(40))
        events = [
            session.append("handout-given", {"handout": "letter", "title": "The letter"}),
            session.append("combat-start", {"name": "Ambush"}),
            session.append("some-future-kind", {"text": "from a later version"}),
            session.note(long_note),
        ]
        app.sessions.changed(events)
        await pilot.press("j")
        await settle(pilot)
        shown = [line for line in lines_of(app, "#journal-list", 12) if line]
    text_column = 8 + 1 + KIND_WIDTH + 1
    kinds = [line[9:text_column].strip() for line in shown if line[:2].isdigit()]
    assert kinds[-4:] == ["handout", "fight", "some-f…", "note"]
    note_lines = shown[shown.index(next(line for line in shown if "word0 " in line)) :]
    assert len(note_lines) > 1, "the long note wraps"
    for line in note_lines[1:]:
        assert line[:text_column].strip() == "", "a wrapped line hangs under the text"
        assert line[text_column] != " "
    words = " ".join(line[text_column:].strip() for line in note_lines)
    assert words == long_note  # nothing cut
    assert kind_word("campaign-carry") == "carried" and len("carried") <= KIND_WIDTH


# --- 3. module text that looks like markup is shown as written ----------------------------

MARKUP_NAME = "Guard [x]"
MARKUP_CLUE = "[b]Boots[/b] in the mud [@click=app.quit]by the door[/]"


def markup_module(tmp_path: Path) -> Path:
    """The lighthouse with names and clues that Rich or Textual would read as markup."""
    module = tmp_path / "markup-lighthouse"
    shutil.copytree(LIGHTHOUSE, module)
    npc = module / "npcs" / "smuggler.yaml"
    npc.write_text(npc.read_text().replace("name: Cove Smuggler", f'name: "{MARKUP_NAME}"'))
    act = module / "acts" / "act-1.yaml"
    act.write_text(
        act.read_text().replace(
            "    revelation: keeper-alive\n",
            "    revelation: keeper-alive\n"
            "  - id: door-markup\n"
            f'    text: "{MARKUP_CLUE}"\n'
            "    source: {place: '[i]the step[/i]'}\n"
            "    revelation: keeper-alive\n",
            1,
        )
    )
    return module


def shown_title(widget: Widget) -> str:
    """A border title as drawn (the property reads it back as escaped markup)."""
    return Content.from_markup(widget.border_title or "").plain


def drawn(app: CampaignApp, selector: str, count: int) -> str:
    return "\n".join(lines_of(app, selector, count))


async def test_names_that_look_like_markup_read_as_written_in_pickers(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    from campaign.tui.widgets.prompts import AskScreen, PickScreen

    app = app_factory(markup_module(tmp_path), seed=None, session="markup")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("k")  # two unfound clues: the clue picker
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        options = drawn(app, "#pick-options", 4)
        assert "[b]Boots[/b] in the mud [@click=app.quit]by the door[/]" in options
        await pilot.press("escape")
        await settle(pilot)

        # the attack-target picker's shape: the attacker's name in the title, names listed
        choices = [("a", f"{MARKUP_NAME} 1"), ("b", "[red]Morwenna[/red]")]
        app.push_screen(PickScreen(f"{MARKUP_NAME} 1 attacks whom?", choices))
        await settle(pilot)
        box = app.screen.query_one("Vertical")
        assert shown_title(box) == f"{MARKUP_NAME} 1 attacks whom?"
        options = drawn(app, "#pick-options", 2)
        assert f"{MARKUP_NAME} 1" in options and "[red]Morwenna[/red]" in options
        await pilot.press("escape")
        app.push_screen(AskScreen(f"Initiative of {MARKUP_NAME}", numeric=True))
        await settle(pilot)
        assert shown_title(app.screen.query_one("Vertical")) == f"Initiative of {MARKUP_NAME}"
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running  # '[@click=app.quit]' was text, not an action

        await pilot.press("b")  # the cast: list and stat block
        await settle(pilot)
        await pilot.press(*"guard")
        await settle(pilot)
        assert MARKUP_NAME in drawn(app, "#cast-list", 2)


# --- 5. the tables' filter moves to the top match ------------------------------------------


def tables_module(tmp_path: Path) -> Path:
    """The lighthouse with three tables whose names overlap."""
    module = tmp_path / "tables-lighthouse"
    shutil.copytree(LIGHTHOUSE, module)
    for table_id, title in (("storm", "Storm at the cove"), ("caves", "Coves and caves")):
        (module / "tables" / f"{table_id}.yaml").write_text(
            f"id: {table_id}\ntitle: {title}\nroll: 1d2\n"
            "entries:\n  - {range: 1, result: One.}\n  - {range: 2, result: Two.}\n"
        )
    return module


async def test_typing_in_the_tables_filter_highlights_the_top_match(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    from campaign.tui.screens.tables import TablesScreen

    app = app_factory(tables_module(tmp_path), seed=None, session="tables")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        await pilot.press(*"storm", "down")  # to the list, on 'Storm at the cove'
        await settle(pilot)
        assert screen.selected == "storm"
        await pilot.press("ctrl+f", "ctrl+u", "c")  # back to the box: a new filter
        await settle(pilot)
        options = screen.query_one("#tables-list", OptionList)
        assert "storm" in screen.matches and screen.matches[0] != "storm"
        assert options.highlighted == 0
        assert screen.selected == screen.matches[0]
        heading = str(screen.query_one("#tables-heading").render())
        assert heading.startswith(screen.module.tables[screen.matches[0]].title)
        await pilot.press(*"ove e")  # 'cove e': the list narrows, the top stays highlighted
        await settle(pilot)
        assert options.highlighted == 0 and screen.selected == screen.matches[0]
        await pilot.press("down", "r")
        await settle(pilot)
        assert app.session is not None
        rolled = [e for e in app.session.state.journal() if e.kind == "table"]
        assert [event.data["table"] for event in rolled] == [screen.matches[0]]


# --- 8. no dangling +0 in a stat block's rolls ---------------------------------------------


def test_a_zero_bonus_is_left_out_of_shown_rolls() -> None:
    from campaign.tui.render import dice_text

    assert dice_text("1d20+0") == "1d20"
    assert dice_text("1d20 + 0 [to hit]") == "1d20 [to hit]"
    assert dice_text("1d20-0") == "1d20"
    assert dice_text("2d6+10") == "2d6+10"
    assert dice_text("1d20+0d4") == "1d20+0d4"
    assert dice_text("1d20+0.5") == "1d20+0.5"
    assert dice_text("2d6+3") == "2d6+3"


async def test_a_stat_blocks_attack_with_a_zero_bonus_reads_and_rolls_1d20(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    from campaign.tui.widgets.statblock import RollChip

    module = tmp_path / "zero-lighthouse"
    shutil.copytree(LIGHTHOUSE, module)
    npc = module / "npcs" / "smuggler.yaml"
    npc.write_text(
        npc.read_text().replace('roll: "2d6+3", damage: "1d3"', 'roll: "1d20+0", damage: "1d3+0"')
    )
    app = app_factory(module, seed=None, session="zero")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b", *"cove smug", "ctrl+r")
        await settle(pilot)
        chips = {str(chip.render()): chip for chip in app.screen.query(RollChip)}
        assert "Knife 1d20" in chips and "damage 1d3" in chips
        assert not any("+0" in label for label in chips)
        knife = chips["Knife 1d20"]
        assert knife.expression == "1d20" and knife.damage == "1d3"
        knife.focus()
        await pilot.press("enter", "D")
        await settle(pilot)
        assert app.session is not None
        rolled = [e.data["expression"] for e in app.session.state.journal() if e.kind == "roll"]
        assert rolled == ["1d20", "1d3"]


# --- 10. the cast's arrow keys follow the stat block's grid ----------------------------------


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_down_and_up_in_a_stat_block_keep_to_the_column(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    from campaign.tui.widgets.statblock import RollChip

    def label(widget: object) -> str:
        assert isinstance(widget, RollChip)
        return str(widget.render())

    app = app_factory(seed=None, session="grid")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("b", *"morw", "ctrl+r", "right")
        await settle(pilot)
        mind = app.focused
        assert label(mind).startswith("Mind")  # Body, Mind, Spirit on one line
        await pilot.press("down")
        await settle(pilot)
        below = app.focused
        # the skills' second column (Search, Talk), not the next chip in reading order
        assert label(below).startswith("Talk"), label(below)
        assert mind is not None and below is not None
        here, there = (app.screen.find_widget(chip).region for chip in (mind, below))
        assert there.y > here.y
        await pilot.press("up")
        await settle(pilot)
        assert app.focused is mind
        await pilot.press("right")  # along the line, as it reads
        await settle(pilot)
        assert label(app.focused).startswith("Spirit")


# --- 6. the handouts browser filters and gives --------------------------------------------


async def test_the_handouts_browser_filters_and_gives_as_the_gm_screen_does(
    app_factory: Factory, settle: Settle
) -> None:
    from campaign.tui.screens.handouts import HandoutsScreen
    from campaign.tui.widgets.prompts import AskScreen

    app = app_factory(seed=None, session="give")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoutsScreen)
        assert app.focused is screen.query_one("#handouts-query")  # opens on its filter
        await pilot.press(*"nothing like it")
        await settle(pilot)
        assert screen.matches == []
        assert "No handout matches" in str(screen.query_one("#handouts-heading").render())
        await pilot.press(*["backspace"] * 15, *"keeper", "down")
        await settle(pilot)
        assert screen.matches == ["keepers-log"] and screen.selected == "keepers-log"
        assert app.session is not None
        before = len(app.session.state.journal())
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"Rook", "enter")
        await settle(pilot)
        back: object = app.screen
        assert back is screen
        journal = app.session.state.journal()
        assert len(journal) == before + 1
        assert journal[-1].kind == "handout-given"
        assert journal[-1].data["handout"] == "keepers-log"
        assert journal[-1].data["to"] == "Rook"
        assert "given" in drawn(app, "#handouts-list", 4)
        await pilot.press("f1")
        await settle(pilot)
        help_text = str(app.screen.query_one("#help-body").render())
        assert "Give" in help_text and "Filter" in help_text


# --- 7. a table rolled on the GM screen stays on screen ------------------------------------


async def test_a_table_rolled_on_the_gm_screen_shows_whole_until_the_gm_moves_on(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    from campaign.tui.messages import TableRollRequest
    from campaign.tui.screens.gm import GMScreen
    from campaign.tui.screens.tables import TablesScreen

    module = tmp_path / "long-lighthouse"
    shutil.copytree(LIGHTHOUSE, module)
    long_text = " ".join(f"word{number}" for number in range(60))
    (module / "tables" / "long.yaml").write_text(
        "id: long\ntitle: A long result\nroll: 1d1\n"
        f"entries:\n  - {{range: 1, result: {long_text}}}\n"
    )
    app = app_factory(module, seed=None, session="table-result")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gm = app.screen
        assert isinstance(gm, GMScreen)
        gm.post_message(TableRollRequest("long"))
        await settle(pilot)
        await pilot.pause(0.1)  # no timer takes it away
        await settle(pilot)
        shown = app.screen
        assert isinstance(shown, TablesScreen)
        assert shown.result is not None and shown.result.table_id == "long"
        assert app.session is not None
        tables = [e for e in app.session.state.journal() if e.kind == "table"]
        assert len(tables) == 1 and tables[0].data["text"] == shown.result.text  # rolled once
        step = shown.query_one("#tables-step")
        assert step.region.bottom <= 24 - 1  # above the footer, on screen
        words = " ".join(drawn(app, "#tables-step", step.region.height).split())
        assert long_text in words  # wrapped, whole: nothing cut off at 80x24
        assert app.focused is shown.query_one("#tables-result")  # e re-rolls a step
        assert not app._notifications  # not a toast
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is gm


# --- 4. no toast over a keys line or the text being read ------------------------------------


def toasts_on(app: CampaignApp) -> list[Widget]:
    """The toasts drawn on the current screen."""
    from textual.widgets._toast import Toast

    return [toast for toast in app.screen.query(Toast) if toast.display]


async def test_messages_take_a_line_of_their_own_and_stay_on_their_screen(
    app_factory: Factory, settle: Settle
) -> None:
    from campaign.tui.screens.combat import CombatScreen
    from campaign.tui.widgets.notice import NoticeLine

    app = app_factory(seed=None, session="notices")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", "escape", "j", "escape")  # clocks and journal open, list focused
        await settle(pilot)
        await pilot.press("t", "u")  # nothing to undo: a message
        await settle(pilot)
        line = app.screen.query_one(NoticeLine)
        assert line.display and "Nothing to undo" in str(line.render())
        assert toasts_on(app) == []
        footer = app.screen.query_one("KeysFooter")
        note = app.screen.query_one("#journal-note")
        clocks = app.screen.query_one("#clocks")
        for covered in (footer, note, clocks):
            assert not line.region.overlaps(covered.region), covered
        assert line.region.bottom <= footer.region.y
        assert note.region.height and clocks.region.height  # still drawn, not pushed off

        await pilot.press("f")  # the fight: the GM screen's message does not follow
        await settle(pilot)
        assert isinstance(app.screen, CombatScreen)
        assert toasts_on(app) == []
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one(NoticeLine).display  # a key moved on: it is gone

        await pilot.press("T")  # a browser: the same line above its footer
        await settle(pilot)
        app.screen.notify("Cannot roll: [not markup]", severity="error", markup=False)
        await settle(pilot)
        browser_line = app.screen.query_one(NoticeLine)
        assert "Cannot roll: [not markup]" in str(browser_line.render())
        assert toasts_on(app) == []
        assert not browser_line.region.overlaps(app.screen.query_one("KeysFooter").region)
