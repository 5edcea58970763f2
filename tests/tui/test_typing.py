"""Typing is never a command: while a text box has focus, every printable key is text.

For each screen with a text box (the journal's note, the cast, tables and search
filters, the palette, the combat prompts, the dice tray) the test focuses the
box the way a GM does, types every printable ASCII character, and checks that
the text arrived whole and that the session journal gained nothing but the one
event the box is for. Number prompts refuse letters without anything else
happening. Escape leaves a box, then the screen or dialog it is on; on the GM
screen it never closes the screen.
"""

from __future__ import annotations

import string
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.keys import _character_to_key, key_to_character
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from campaign.session import CombatTracker
from campaign.session.continuity import record_of
from campaign.tui.app import CampaignApp
from campaign.tui.screens.cast import CastScreen
from campaign.tui.screens.combat import CombatScreen
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.help import HelpScreen
from campaign.tui.screens.launcher import LauncherScreen
from campaign.tui.screens.roster import RosterScreen
from campaign.tui.screens.search import SearchScreen
from campaign.tui.screens.tables import TablesScreen
from campaign.tui.widgets.dice_tray import DiceTray
from campaign.tui.widgets.prompts import AskScreen

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]

TYPED = string.digits + string.ascii_letters + " " + string.punctuation
"""Every printable ASCII character (the space inside, so stripping a note keeps it whole)."""
assert set(TYPED) == set(string.printable) - set("\t\n\r\x0b\x0c")


def key_for(character: str) -> str:
    """The key name Textual gives a character ('!' is 'exclamation_mark'), as Pilot does."""
    return character if character.isalnum() else _character_to_key(character)


def journal_size(app: CampaignApp) -> int:
    assert app.session is not None
    return len(app.session.state.journal())


def new_events(app: CampaignApp, before: int) -> list[tuple[str, dict[str, object]]]:
    assert app.session is not None
    return [(event.kind, event.data) for event in app.session.state.journal()[before:]]


def on_top(app: App[None], screen: object) -> bool:
    """Whether `screen` is the one showing (a function: mypy would narrow `app.screen`)."""
    return app.screen is screen


def added(data: dict[str, object]) -> list[dict[str, object]]:
    """The combatants a combat-add event brought."""
    combatants = data["combatants"]
    assert isinstance(combatants, list)
    return combatants


def focused_input(app: App[None]) -> Input:
    focused = app.focused
    assert isinstance(focused, Input), f"focus is on {focused!r}, not a text box"
    return focused


def binding_keys(cls: type[object]) -> set[str]:
    """Keys in the BINDINGS the toolkit declared on a class and its bases."""
    keys: set[str] = set()
    for base in cls.__mro__:
        if not base.__module__.startswith("campaign."):
            continue
        for binding in base.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                keys.update(key.strip() for key in binding.key.split(","))
    return keys


def keys_the_box_takes_from_the_screen(app: App[None]) -> set[str]:
    """Keys the toolkit bound on the screen or the widgets around the focused box that
    never reach them, because Textual's Input binds them too (ctrl+e is 'end of line'
    in a box). Printable keys are not counted: there the box is meant to win."""
    box = focused_input(app)
    textual_input = {  # the editing keys (its scrolling keys give way when it cannot scroll)
        key.strip()
        for binding in Input.__dict__["BINDINGS"]
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }
    lost: set[str] = set()
    for node in box.ancestors_with_self[1:]:
        for key in binding_keys(type(node)) & textual_input:
            character = key_to_character(key)
            if character is None or not character.isprintable():
                lost.add(f"{type(node).__name__}: {key}")
    return lost


async def type_everything(pilot: Pilot[None], settle: Settle) -> Input:
    """Type TYPED into the focused box; check no key of the screen is shadowed by it."""
    box = focused_input(pilot.app)
    assert not keys_the_box_takes_from_the_screen(pilot.app)
    await pilot.press(*TYPED)
    await settle(pilot)
    assert pilot.app.focused is box
    assert box.value == TYPED
    return box


async def clear(pilot: Pilot[None], settle: Settle) -> None:
    await pilot.press("end", "ctrl+u")  # Input: delete everything left of the cursor
    await settle(pilot)
    assert focused_input(pilot.app).value == ""


# --- the GM screen ------------------------------------------------------------------


async def test_j_then_a_note_records_only_the_note(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=None, session="typing-note")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gm = app.screen
        assert isinstance(gm, GMScreen)
        scene_before = gm.current
        before = journal_size(app)
        await pilot.press("j")
        await settle(pilot)
        assert focused_input(app).id == "journal-note"
        await type_everything(pilot, settle)
        await pilot.press("enter")
        await settle(pilot)
        assert new_events(app, before) == [("note", {"text": TYPED})]
        assert on_top(app, gm) and gm.current == scene_before  # no n, p, o, 1-9 ran
        assert focused_input(app).value == ""  # ready for the next note


async def test_keys_typed_ahead_of_the_focus_land_in_the_box(
    app_factory: Factory, settle: Settle
) -> None:
    """A burst (tmux send-keys, a fast typist): the keys after `j`, `N` or `d` reach the app
    before the binding has moved the focus; they still end up in the box, in order."""
    app = app_factory(seed=None, session="typing-burst")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for first, box in (("j", "journal-note"), ("N", "journal-note"), ("d", "dice-input")):
            await pilot.press("escape", "escape", "t")
            await settle(pilot)
            for character in first + TYPED:  # posted at once: nothing waits in between
                app.post_message(events.Key(key_for(character), character))
            await settle(pilot)
            assert focused_input(app).id == box
            assert focused_input(app).value == TYPED, first
            await clear(pilot, settle)
        assert new_events(app, 0) == []
        assert isinstance(app.screen, GMScreen)


async def test_arrows_tab_and_escape_leave_the_note_for_the_list(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None, session="typing-leave")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("up", "down", "tab", "escape"):
            await pilot.press("N")
            await settle(pilot)
            assert focused_input(app).id == "journal-note"
            await pilot.press(key)
            await settle(pilot)
            assert app.focused is not None and app.focused.id == "journal-list", key
        await pilot.press("escape")  # from the list: back to the tree, the screen stays
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        assert app.focused is not None and app.focused.id == "act-tree"
        await pilot.press("j", "escape", "j")  # j in the list hides the journal
        await settle(pilot)
        assert not app.screen.query_one("#session-drawer").display
        assert new_events(app, 0) == []


async def test_f1_opens_the_help_from_a_text_box_and_says_the_rule(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None, session="typing-help")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N", "question_mark")  # ? in a box is text, not the help
        await settle(pilot)
        assert focused_input(app).value == "?"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rule = str(app.screen.query_one("#help-rule", Static).render())
        assert rule.startswith("While a text box has the focus")
        await pilot.press("escape")
        await settle(pilot)
        assert focused_input(app).value == "?"  # back in the box, as it was


async def test_the_dice_tray_takes_every_character(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=None, session="typing-dice")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = journal_size(app)
        await pilot.press("d")
        await settle(pilot)
        assert focused_input(app).id == "dice-input"
        await type_everything(pilot, settle)
        await pilot.press("enter")  # not dice: refused with a note, nothing recorded
        await settle(pilot)
        assert new_events(app, before) == []
        assert any(note.title == "Cannot roll" for note in app._notifications)
        await clear(pilot, settle)
        await pilot.press(*"2d6+3 vs 9", "enter")
        await settle(pilot)
        ((kind, data),) = new_events(app, before)
        assert kind == "roll" and data["expression"] == "2d6+3"
        assert app.screen.query_one(DiceTray).history[0].target == 9


async def test_the_palette_takes_every_character(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=None, session="typing-palette")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gm = app.screen
        before = journal_size(app)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        await type_everything(pilot, settle)
        await pilot.press("enter")  # nothing matches all that: nothing happens
        await settle(pilot)
        assert new_events(app, before) == []
        assert on_top(app, palette)
        await clear(pilot, settle)
        await pilot.press(*"roll 2d6+1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert on_top(app, gm)
        ((kind, data),) = new_events(app, before)
        assert kind == "roll" and data["expression"] == "2d6+1"


# --- the browsers ------------------------------------------------------------------


async def test_the_cast_opens_on_its_filter(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=None, session="typing-cast")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = journal_size(app)
        await pilot.press("b")
        await settle(pilot)
        cast = app.screen
        assert isinstance(cast, CastScreen)
        assert focused_input(app).id == "cast-query"
        await type_everything(pilot, settle)
        await pilot.press("enter")
        await settle(pilot)
        assert on_top(app, cast) and cast.kind == "npc" and cast.matches == []
        assert new_events(app, before) == []
        assert "ctrl+r" in str(cast.query_one("#cast-hint").render())
        # the way to a roll the hint gives: the filter, the list, the first roll
        cast.query_one("#cast-query", Input).focus()
        await settle(pilot)
        await clear(pilot, settle)
        await pilot.press(*"smug", "enter", "ctrl+r", "enter")
        await settle(pilot)
        ((kind, data),) = new_events(app, before)
        assert kind == "roll" and str(data["source"]).startswith("Cove Smuggler: ")


async def test_the_tables_open_on_their_filter(app_factory: Factory, settle: Settle) -> None:
    """Typing a name once rolled the table under the cursor (r); now it filters."""
    app = app_factory(seed=None, session="typing-tables")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = journal_size(app)
        await pilot.press("T")
        await settle(pilot)
        tables = app.screen
        assert isinstance(tables, TablesScreen)
        assert focused_input(app).id == "tables-query"
        await type_everything(pilot, settle)
        await pilot.press("enter")
        await settle(pilot)
        assert on_top(app, tables) and tables.result is None
        assert new_events(app, before) == []
        tables.query_one("#tables-query", Input).focus()
        await settle(pilot)
        await clear(pilot, settle)
        await pilot.press(*"cove", "down", "enter")  # down to the list, enter rolls
        await settle(pilot)
        ((kind, data),) = new_events(app, before)
        assert kind == "table" and data["table"] == "cove-events"
        assert tables.result is not None


async def test_search_takes_every_character(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(seed=None, session="typing-search")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = journal_size(app)
        await pilot.press("slash")
        await settle(pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        await type_everything(pilot, settle)
        await pilot.press("enter")  # no hit: nothing opens
        await settle(pilot)
        assert on_top(app, search) and search.hits == []
        assert new_events(app, before) == []
        await clear(pilot, settle)
        await pilot.press(*"great lens turns", "enter")  # opens the lamp room
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)
        ((kind, data),) = new_events(app, before)
        assert kind == "scene" and data["scene"] == "lamp-room"


async def test_escape_from_a_filter_goes_back_to_the_gm_screen(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gm = app.screen
        for key in ("b", "T", "slash"):
            await pilot.press(key, *"ab")
            await settle(pilot)
            assert focused_input(app).value == "ab"
            await pilot.press("escape")
            await settle(pilot)
            assert on_top(app, gm), key


async def test_down_moves_from_a_filter_to_its_list(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, listing in (("b", "#cast-list"), ("T", "#tables-list")):
            await pilot.press(key, "down")
            await settle(pilot)
            assert app.focused is app.screen.query_one(listing, OptionList), key
            await pilot.press("escape")
            await settle(pilot)


# --- the module list ----------------------------------------------------------------


async def test_escape_leaves_the_module_list_for_the_module(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(seed=None, session="typing-modules")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gm = app.screen
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(gm, GMScreen)
        here = gm.current
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, LauncherScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert on_top(app, gm) and gm.current == here


async def test_escape_on_the_first_module_list_does_nothing(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        launcher = app.screen
        assert isinstance(launcher, LauncherScreen)
        assert "escape" not in launcher.active_bindings or not (
            launcher.active_bindings["escape"].enabled
        )
        await pilot.press("escape")
        await settle(pilot)
        assert on_top(app, launcher)


# --- combat and roster prompts ------------------------------------------------------


async def open_fight_with(pilot: Pilot[None], settle: Settle, *names: str) -> CombatScreen:
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CombatScreen)
    tracker = CombatTracker(screen.session, screen.module)
    tracker.start("test")
    for name in names:
        tracker.add_named(name)
    screen.refresh_view()
    await settle(pilot)
    return screen


async def test_combat_name_prompts_take_every_character(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "names.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_fight_with(pilot, settle)
        before = journal_size(app)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await type_everything(pilot, settle)
        await pilot.press("enter")
        await settle(pilot)
        assert on_top(app, screen)
        ((kind, data),) = new_events(app, before)
        assert kind == "combat-add" and [c["name"] for c in added(data)] == [TYPED]

        before = journal_size(app)
        await pilot.press("v")
        await settle(pilot)
        await type_everything(pilot, settle)
        await pilot.press(*" 10", "enter")  # the count it acts on
        await settle(pilot)
        assert on_top(app, screen)
        ((kind, data),) = new_events(app, before)
        (pinned,) = added(data)
        # the same name again is numbered, so the two can be told apart
        assert kind == "combat-add" and pinned["name"] == f"{TYPED} 2" and pinned["pinned"] == 10


async def test_combat_number_prompts_refuse_letters(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "numbers.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_fight_with(pilot, settle, "Ada")
        letters = [c for c in TYPED if not c.isdigit() and c not in "+-"]
        for key in ("I", "minus", "plus", "x"):
            before = journal_size(app)
            await pilot.press(key)
            await settle(pilot)
            prompt = app.screen
            assert isinstance(prompt, AskScreen), key
            await pilot.press(*letters)
            await settle(pilot)
            assert on_top(app, prompt) and focused_input(app).value == "", key
            assert new_events(app, before) == [], key
            await pilot.press("escape")
            await settle(pilot)
            assert on_top(app, screen)
        before = journal_size(app)
        await pilot.press("minus", *"a3b", "enter")  # the digit goes in, the letters do not
        await settle(pilot)
        assert screen.tracker.state.combatants["ada"].damage == 3
        assert len(new_events(app, before)) == 1


async def test_roster_trust_refuses_letters(
    app_factory: Factory, settle: Settle, tmp_path: Path
) -> None:
    app = app_factory(session=str(tmp_path / "trust.sqlite"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        before = journal_size(app)
        await pilot.press("t", *"trust me", "enter")
        await settle(pilot)
        assert on_top(app, roster) and new_events(app, before) == []
        await pilot.press("t", *"-2", "enter")
        await settle(pilot)
        assert len(new_events(app, before)) == 1
        assert app.session is not None
        assert -2 in {fate.get("trust") for fate in record_of(app.session.state).fates.values()}


# --- the rule itself ----------------------------------------------------------------


def test_no_binding_jumps_ahead_of_a_text_box() -> None:
    """Textual gives a focused Input every printable key before any binding, unless a
    binding is priority=True: no binding of the toolkit on a printable key may be."""
    import importlib
    import pkgutil

    import campaign.tui

    for info in pkgutil.walk_packages(campaign.tui.__path__, "campaign.tui."):
        importlib.import_module(info.name)
    offenders = []
    stack: list[type[object]] = [Widget, App]
    seen: set[type[object]] = set()
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls in seen or not cls.__module__.startswith("campaign."):
            seen.add(cls)
            continue
        seen.add(cls)
        for binding in getattr(cls, "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.priority:
                continue
            for key in binding.key.split(","):
                character = key_to_character(key.strip())
                if character is not None and character.isprintable():
                    offenders.append(f"{cls.__qualname__}: {key}")
    assert not offenders
    assert any(cls.__name__ == "GMScreen" for cls in seen)  # the walk did reach the screens
