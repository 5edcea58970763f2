"""Layout at 80x24 and 160x48: nothing cut without a "…" (and the whole text a key
or hover away), footers that fit with the most used keys and `? more`, and the
fight: a dozen combatants reachable, the current one in view, a fight log that is
never behind or covered, attacks that name their target.

Drawn from the layout fixture (fixtures/layout/checkpoint), whose names, exits,
notes and table entries are all too long for a narrow screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from campaign.session import Session
from campaign.tui.app import CampaignApp
from campaign.tui.reload import ReloadProblems
from campaign.tui.screens.cast import CastScreen
from campaign.tui.screens.combat import CombatScreen
from campaign.tui.screens.combat_view import GROUP, fit_name
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.help import HelpScreen, key_sections, section_name
from campaign.tui.screens.roster import RosterScreen
from campaign.tui.screens.tables import TablesScreen
from campaign.tui.widgets.act_tree import ActTree
from campaign.tui.widgets.clocks import ClockRow
from campaign.tui.widgets.prompts import PickScreen
from campaign.tui.widgets.scene_pane import ExitButton, ScenePane
from campaign.tui.widgets.statblock import StatBlockView

from .conftest import FIXTURES

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
CHECKPOINT = FIXTURES / "layout" / "checkpoint"
NARROW = (80, 24)
WIDE = (160, 48)
PLAYERS = ("Ada Lovelace", "Ben Okafor", "Cleo Brandt", "Dov Lindqvist")


def _session(app: CampaignApp) -> Session:
    assert app.session is not None
    return app.session


def _footer_keys(app: CampaignApp) -> dict[str, FooterKey]:
    return {key.description: key for key in app.screen.query(FooterKey)}


def _fits(app: CampaignApp) -> bool:
    """Every key the footer shows lies inside the screen."""
    width = app.size.width
    return all(key.region.right <= width for key in app.screen.query(FooterKey))


def _text(widget: Static) -> str:
    return str(widget.render())


def _row_texts(table: DataTable[object]) -> list[str]:
    return [
        " ".join(str(getattr(cell, "plain", cell)) for cell in table.get_row_at(i))
        for i in range(table.row_count)
    ]


async def _twelve(pilot: Pilot[None], settle: Settle) -> CombatScreen:
    """The barrier's eight NPCs (four police, three KGB men, Koskov) and four PCs."""
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CombatScreen)
    tracker = screen.tracker
    tracker.start("The barrier")
    tracker.add_from_scene("barrier")
    for name in PLAYERS:
        tracker.add_named(name)
    tracker.roll_initiative()
    screen.refresh_view()
    await settle(pilot)
    return screen


# --- names that keep their number ------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (40, "Czechoslovak police officer 3"),
        (29, "Czechoslovak police officer 3"),
        (20, "Czechoslovak poli… 3"),
        (12, "Czechoslo… 3"),
        (10, "…officer 3"),
    ],
)
def test_a_cut_name_keeps_its_number(width: int, expected: str) -> None:
    fitted = fit_name("Czechoslovak police officer 3", width)
    assert fitted == expected
    assert len(fitted) <= width


def test_a_cut_name_without_a_number_ends_in_an_ellipsis() -> None:
    assert fit_name("General Georgi Alexandrovich Koskov", 16) == "General Georgi…"


def test_a_clock_shows_its_count_before_its_segments() -> None:
    line = ClockRow("alarm", "The alarm", 2, 6).line().plain
    assert line.splitlines()[1].strip() == "2/6 ▰▰▱▱▱▱"


# --- the fight ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_twelve_combatants_whole_names_and_the_current_one_in_view(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory(CHECKPOINT, session="fight")
    async with app.run_test(size=size) as pilot:
        screen = await _twelve(pilot, settle)
        table = screen.query_one(DataTable)
        rows = _row_texts(table)
        assert table.row_count == 12
        # room enough at 80 columns for every police officer's whole name and number
        for number in range(1, 5):
            assert sum(f"Czechoslovak police officer {number}" in row for row in rows) == 1
        assert not any("◆" in row for row in rows)
        # round after round, the slot whose turn it is stays selected and in view
        visible_rows = table.scrollable_content_region.height - 1  # less the header
        for _ in range(14):
            await pilot.press("n")
            await settle(pilot)
            current = screen.tracker.state.current()[0]
            assert table.cursor_row == table.get_row_index(current.cid)
            assert table.scroll_y <= table.cursor_row < table.scroll_y + visible_rows
        # every row can be reached (the table scrolls when they do not all fit)
        table.move_cursor(row=11)
        await settle(pilot)
        assert table.scroll_y <= 11 < table.scroll_y + visible_rows


async def test_narrow_names_are_cut_with_an_ellipsis_and_keep_their_number(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(CHECKPOINT, session="narrow")
    async with app.run_test(size=(64, 24)) as pilot:
        screen = await _twelve(pilot, settle)
        rows = _row_texts(screen.query_one(DataTable))
        kgb = [row for row in rows if row.split()[1:2] == ["KGB"]]
        assert len(kgb) == 3
        assert all("…" in row for row in kgb)
        endings = {row.split("…")[1].split()[0] for row in kgb}
        assert endings == {"1", "2", "3"}  # three men who can be told apart


async def test_grouped_npcs_say_so_in_words(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(CHECKPOINT, session="group")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f", "a")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # group them
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CombatScreen)
        rows = _row_texts(screen.query_one(DataTable))
        assert sum(GROUP.strip() in row for row in rows) == 7  # police and KGB men
        assert not any("◆" in row for row in rows)


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_the_fight_log_shows_the_newest_event_at_once_and_nothing_covers_it(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory(CHECKPOINT, session="log")
    async with app.run_test(size=size) as pilot:
        screen = await _twelve(pilot, settle)
        box = screen.query_one("#fight-log-box", VerticalScroll)
        log = screen.query_one("#fight-log", Static)
        table = screen.query_one(DataTable)
        for step in range(6):
            await pilot.press("n")
            await settle(pilot)
            table.move_cursor(row=step)
            hit = screen.selected
            assert hit is not None and hit.damage == 0
            await pilot.press("minus", "1", "enter")
            await settle(pilot)
            lines = _text(log).splitlines()
            # the newest event, not the one before; with the track before and after
            unit, track = screen.module.ruleset.health.name, screen.module.ruleset.health.track
            change = "0 → 1" if track == "wounds" else f"{hit.health} → {hit.health - 1}"
            out = " (out)" if hit.health == 1 else ""
            assert lines[-1] == f"{hit.name} takes 1: {unit} {change}/{hit.health}{out}"
            assert box.scroll_y == box.max_scroll_y  # scrolled to it
            assert box.region.bottom <= app.size.height - 1  # above the footer
        # a refusal is said on the tracker's own line, not in a toast over the log
        await pilot.press("C")  # nobody selected has a condition
        await settle(pilot)
        notice = screen.query_one("#fight-notice", Static)
        assert notice.display and "no conditions" in _text(notice)
        assert not list(app.screen.query(Toast))
        assert not app._notifications
        assert not notice.region.overlaps(box.region)


async def test_an_attack_asks_for_a_target_and_is_logged_at_once(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(CHECKPOINT, session="attack")
    async with app.run_test(size=NARROW) as pilot:
        screen = await _twelve(pilot, settle)
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("kgb-agent-1"))
        before = len(_session(app).state.journal())
        await pilot.press("r")  # the pistol's roll to hit, or its damage
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        assert "whom" in app.screen.title_text
        options = app.screen.choices
        target = next(i for i, (cid, _) in enumerate(options) if cid == "ada-lovelace")
        highlighted = app.screen.start
        await pilot.press(*(["down"] * (target - highlighted) if target > highlighted else []))
        await pilot.press(*(["up"] * (highlighted - target) if target < highlighted else []))
        await pilot.press("enter")
        await settle(pilot)
        journal = _session(app).state.journal()
        assert len(journal) == before + 1
        event = journal[-1]
        assert event.kind == "roll"
        source = event.data["source"]
        assert "KGB field officer of the Second Chief Directorate 1" in source
        assert "Ada Lovelace" in source and "Makarov pistol" in source
        last = _text(screen.query_one("#fight-log", Static)).splitlines()[-1]
        assert last == event.summary()
        # the next attack offers the same target first
        await pilot.press("r", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        assert app.screen.choices[app.screen.start][0] == "ada-lovelace"


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_the_combat_footer_shows_attack_remove_and_end_fight(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory(CHECKPOINT, session="keys")
    async with app.run_test(size=size) as pilot:
        await _twelve(pilot, settle)
        keys = _footer_keys(app)
        for wanted in ("Next", "Attack", "Dmg", "Heal", "Condition", "Remove", "End fight"):
            assert wanted in keys
        assert _fits(app)


# --- the GM screen --------------------------------------------------------------------


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_the_gm_footer_puts_the_most_used_keys_first_then_more(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory(CHECKPOINT)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        keys = _footer_keys(app)
        for wanted in ("Next", "Prev", "Dice", "Fight", "Cast", "Tables", "Handouts"):
            assert wanted in keys
        assert "more" in keys  # not every key fits, even at 160 columns
        assert _fits(app)
        order = [key.description for key in app.screen.query(FooterKey)]
        assert order.index("Fight") < order.index("more")
        await pilot.click(keys["more"])  # '? more' opens the help with every key
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_footer_follows_a_resize(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(CHECKPOINT)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        wide = len(_footer_keys(app))
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        assert len(_footer_keys(app)) < wide
        assert _fits(app)


async def test_tree_titles_end_in_an_ellipsis_with_the_whole_title_on_hover(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(CHECKPOINT)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(ActTree)
        lines = [strip.text for strip in (tree.render_line(y) for y in range(3))]
        assert all(line.rstrip().endswith("…") for line in lines)
        assert all(len(line.rstrip()) <= tree.scrollable_content_region.width for line in lines)
        tree.hover_line = 1  # the barrier scene
        assert tree.tooltip == "The Barrier at the Checkpoint on the Bratislava Road at Midnight"
        tree.hover_line = -1
        assert tree.tooltip is None


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_exits_wrap_and_show_their_destination(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory(CHECKPOINT)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ScenePane)
        pane.scroll_end(animate=False)
        await settle(pilot)
        exits = list(pane.query(ExitButton))
        assert len(exits) == 2
        for button in exits:
            assert "→ The Guard Hut Where the KGB Waits with Tea and Patience" in str(button.label)
            assert button.region.right <= pane.scrollable_content_region.right
            width = button.content_region.width
            text_cells = len(str(button.label))
            assert button.region.height >= -(-text_cells // width)  # every line of it shows


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_a_stat_blocks_attack_note_wraps_whole(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory(CHECKPOINT)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        gm = app.screen
        assert isinstance(gm, GMScreen)
        await app.push_screen(CastScreen(gm.module, "npc", "czech-police"))
        await settle(pilot)
        block = app.screen.query_one(StatBlockView)
        note = block.query(".sb-note").first(Static)
        assert "takes 1d3 again each round until free." in _text(note)
        assert note.region.right <= block.scrollable_content_region.right
        assert note.region.height == note.virtual_size.height  # no line lost


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_the_table_description_and_result_stay_on_screen(
    app_factory: Factory, settle: Settle, size: tuple[int, int]
) -> None:
    app = app_factory(CHECKPOINT, session="tables")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        gm = app.screen
        assert isinstance(gm, GMScreen)
        screen = TablesScreen(gm.module, "border-events")
        await app.push_screen(screen)
        await settle(pilot)
        result = screen.roll("border-events")
        await settle(pilot)
        assert result is not None
        heading = screen.query_one("#tables-heading", Static)
        assert "earshot of the guard hut" in _text(heading)
        assert heading.region.height == heading.virtual_size.height
        step = screen.query_one("#tables-step", Static)
        flat = " ".join(_text(step).split())
        assert " ".join(result.text.split()) in flat
        assert step.region.height == step.virtual_size.height  # the whole text shows
        assert step.region.bottom <= app.size.height - 1  # above the footer
        entries = screen.query_one("#tables-entries", DataTable)
        assert entries.virtual_size.width <= entries.region.width  # rows wrap, none runs off


def test_help_titles_read_as_words() -> None:
    assert section_name("ReloadProblems") == "Reload problems"
    assert section_name("GMScreen") == "GM screen"
    assert section_name("CombatScreen") == "Combat tracker"


async def test_help_on_the_gm_screen_has_no_run_together_title(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory(CHECKPOINT)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        titles = [title for title, _ in key_sections(app, app.screen)]
        assert all(" " in title or title.islower() or title.istitle() for title in titles)
        # the reload panel's keys are listed only while it shows problems
        assert "Reload problems" not in titles
        app.screen.query_one(ReloadProblems).add_class("-shown")
        await settle(pilot)
        assert "Reload problems" in [title for title, _ in key_sections(app, app.screen)]


async def test_the_roster_wraps_long_cells_at_80_columns(
    app_factory: Factory, settle: Settle
) -> None:
    """The bundled module's pregens carry long gadget names: they wrap in their column."""
    bundled = Path(__file__).parents[2] / "modules" / "living-daylights"
    app = app_factory(bundled, session="roster")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        for table_id in ("#roster-pcs", "#roster-npcs"):
            table = app.screen.query_one(table_id, DataTable)
            assert table.virtual_size.width <= table.region.width  # nothing runs off
        pcs = app.screen.query_one("#roster-pcs", DataTable)
        cells = " ".join(str(cell) for cell in pcs.get_row_at(0))
        assert "Flash lighter" in " ".join(cells.split())  # the row's last gadget, whole
        assert _fits(app)
