"""Pilot tests of the browsers over the GM screen: the cast (fuzzy names, tags,
stat blocks whose attacks, skills and attributes roll into the dice tray), the
tables (exact chances, nested results, re-rolling a step, NPC links) and the
handouts (preview, GM copy, export, open). Plus SVG snapshots of a stat block
and of a table result."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Markdown, Select, Tree

from campaign.checks import check_roll
from campaign.model import Check
from campaign.tui.app import CampaignApp
from campaign.tui.screens import handouts as handouts_module
from campaign.tui.screens.cast import CastScreen
from campaign.tui.screens.gm import GMScreen
from campaign.tui.screens.handouts import ExportDialog, HandoutsScreen
from campaign.tui.screens.tables import TablesScreen
from campaign.tui.widgets.dice_tray import DiceTray
from campaign.tui.widgets.statblock import RollChip, StatBlockView

from .conftest import LIGHTHOUSE, SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
BUNDLED = Path(__file__).parents[2] / "modules"

NESTED = """\
id: night
title: Night on the cliff
tags: [cove]
entries:
  - {weight: 1, result: "Something stirs below: [[table:cove-events]]"}
"""


def newest_roll(app: CampaignApp) -> tuple[str, str]:
    gm = next(screen for screen in app.screen_stack if isinstance(screen, GMScreen))
    entry = gm.query_one(DiceTray).history[0]
    return entry.text, getattr(entry, "source", "")


def chip(app: CampaignApp, source: str) -> RollChip:
    return next(c for c in app.screen.query(RollChip) if c.source == source)


async def open_cast(pilot: Pilot[None], settle: Settle) -> CastScreen:
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CastScreen)
    return screen


# --- cast ----------------------------------------------------------------------------


async def test_fuzzy_name_and_tag_filter(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cast(pilot, settle)
        assert screen.matches == ["morwenna", "smuggler"]
        await pilot.press(*"cv smg")
        await settle(pilot)
        assert screen.matches == ["smuggler"]
        assert screen.query_one(StatBlockView).block is app.screen.module.npcs["smuggler"]  # type: ignore[attr-defined]
        # a tag written in the box
        screen.query_one("#cast-query", Input).value = "#minion"
        await settle(pilot)
        assert screen.matches == ["smuggler"]
        # a tag chosen in the list
        screen.query_one("#cast-query", Input).value = ""
        screen.query_one("#cast-tag", Select).value = "cove"
        await settle(pilot)
        assert screen.matches == ["smuggler"]
        screen.query_one("#cast-tag", Select).clear()
        await settle(pilot)
        assert screen.matches == ["morwenna", "smuggler"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GMScreen)


async def test_attack_rolls_to_hit_then_damage(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cast(pilot, settle)
        screen.select("npc", "smuggler")
        await settle(pilot)
        knife = chip(app, "Cove Smuggler: Knife")
        knife.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert newest_roll(app) == ("2d6+3", "Cove Smuggler: Knife")
        await pilot.press("D")
        await settle(pilot)
        assert newest_roll(app) == ("1d3", "Cove Smuggler: Knife damage")
        # a click on the damage rolls it as well
        tray = next(s for s in app.screen_stack if isinstance(s, GMScreen)).query_one(DiceTray)
        before = len(tray.history)
        await pilot.click(chip(app, "Cove Smuggler: Knife damage"))
        await settle(pilot)
        assert len(tray.history) == before + 1
        assert newest_roll(app) == ("1d3", "Cove Smuggler: Knife damage")
        assert isinstance(app.screen, CastScreen)  # rolling leaves the browser open


async def test_skill_and_attribute_roll_the_check_template(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cast(pilot, settle)
        screen.select("npc", "smuggler")
        await settle(pilot)
        smuggler = screen.module.npcs["smuggler"]
        expected = check_roll(
            screen.module.ruleset, smuggler, Check(task="Fight", skill="fight")
        ).expression
        assert expected == "2d6+2+1"
        chip(app, "Cove Smuggler: Fight").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert newest_roll(app) == (expected, "Cove Smuggler: Fight")
        # read against the ruleset's default difficulty (Tricky 9), as a check is
        gm = next(screen for screen in app.screen_stack if isinstance(screen, GMScreen))
        newest = gm.query_one(DiceTray).history[0]
        assert newest.target == 9
        assert newest.reached is (newest.roll.total >= 9)
        chip(app, "Cove Smuggler: Mind").focus()
        await pilot.press("space")
        await settle(pilot)
        assert newest_roll(app) == ("2d6+0+0", "Cove Smuggler: Mind")


async def test_d20_modifiers_and_pcs(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(BUNDLED / "drowned-bell")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cast(pilot, settle)
        screen.select("npc", "sahuagin")
        await settle(pilot)
        strength = chip(app, "Sahuagin raider: Strength")
        assert "13 (+1)" in str(strength.render())
        strength.focus()
        await pilot.press("enter")
        await settle(pilot)
        sahuagin = screen.module.npcs["sahuagin"]
        expected = check_roll(
            screen.module.ruleset, sahuagin, Check(task="Strength", attribute="str")
        ).expression
        assert newest_roll(app) == (expected, "Sahuagin raider: Strength")
        assert expected.startswith("1d20+1")
        # pregenerated characters: the second tab
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert screen.kind == "pc"
        assert screen.matches == list(screen.module.pcs)
        assert isinstance(
            screen.query_one(StatBlockView).block, type(next(iter(screen.module.pcs.values())))
        )


async def test_stat_block_shows_gm_only_and_gadgets(app_factory: Factory, settle: Settle) -> None:
    app = app_factory(BUNDLED / "living-daylights")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cast(pilot, settle)
        await pilot.press(*"koskov")
        await settle(pilot)
        view = screen.query_one(StatBlockView)
        assert view.block is not None and view.block.id == "koskov"
        secret = view.query_one(".sb-gm")
        assert "GM only" in str(secret.border_title)
        assert "Koskov is the villain" in str(secret.render())
        screen.select("pc", next(iter(screen.module.pcs)))
        await settle(pilot)
        titles = {str(widget.border_title) for widget in view.query(".sb-section")}
        assert {"Gear", "Gadgets"} <= titles


# --- tables ------------------------------------------------------------------------------


@pytest.fixture
def nested_module(tmp_path: Path) -> Path:
    folder = tmp_path / "lighthouse-nested"
    shutil.copytree(LIGHTHOUSE, folder)
    (folder / "tables" / "night.yaml").write_text(NESTED, encoding="utf-8")
    return folder


async def test_table_entries_show_exact_chances(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        entries = screen.query_one("#tables-entries", DataTable)
        rows = [entries.get_row_at(index) for index in range(entries.row_count)]
        assert [row[1] for row in rows] == ["1-2", "3-4", "5-6"]
        assert [row[3] for row in rows] == ["1/3", "1/3", "1/3"]
        assert rows[0][2] == "33.3%"


async def test_roll_a_nested_table_and_reroll_a_step(
    app_factory: Factory, settle: Settle, nested_module: Path
) -> None:
    app = app_factory(nested_module)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        await pilot.press("ctrl+f", *"night", "enter")
        await settle(pilot)
        assert screen.selected == "night"
        await pilot.press("r")
        await settle(pilot)
        result = screen.result
        assert result is not None
        assert [step.table_id for step in result.steps] == ["night", "cove-events"]
        assert [step.depth for step in result.steps] == [0, 1]
        assert result.text.startswith("Something stirs below: ")
        assert result.steps[1].text in result.text
        tree = screen.query_one("#tables-result", Tree)
        top = tree.root.children[0]
        assert top.data == ("step", 0)
        assert ("step", 1) in [child.data for child in top.children]
        # re-roll the nested step: the top stays, the nested one is new
        nested = next(child for child in top.children if child.data == ("step", 1))
        tree.focus()
        tree.move_cursor(nested)
        for _ in range(20):  # a re-roll may come up the same; roll until it differs
            await pilot.press("e")
            await settle(pilot)
            if screen.result != result:
                break
        again = screen.result
        assert again is not None and again != result
        assert again.roll is result.roll  # the top table's roll is kept
        assert again.steps[1] != result.steps[1]
        assert again.steps[1].depth == 1
        assert again.text == "Something stirs below: " + again.steps[1].text


async def test_a_result_that_brings_npcs_links_to_them(
    app_factory: Factory, settle: Settle
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen)
        for _ in range(60):
            result = screen.roll("cove-events")
            if result is not None and result.npcs:
                break
        assert screen.result is not None and screen.result.npcs
        await settle(pilot)
        tree = screen.query_one("#tables-result", Tree)
        npc_node = next(n for n in tree.root.children[0].children if n.data == ("npc", "smuggler"))
        tree.focus()
        tree.move_cursor(npc_node)
        await pilot.press("enter")
        await settle(pilot)
        cast = app.screen
        assert isinstance(cast, CastScreen) and cast.selected == "smuggler"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


# --- handouts -----------------------------------------------------------------------------


async def test_handout_preview_and_gm_copy(app_factory: Factory, settle: Settle) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoutsScreen)
        assert "Lamp lit at dusk" in screen.preview_text
        assert screen.query_one("#handouts-preview", Markdown).source == screen.preview_text
        await pilot.press("down", "v")  # from the filter box it opens on, to the list
        await settle(pilot)
        assert screen.audience == "gm"
        assert "Lamp lit at dusk" in screen.preview_text


async def test_export_writes_the_file_and_x_opens_it(
    app_factory: Factory, settle: Settle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def fake_open(path: Path) -> bool:
        opened.append(path)
        return False

    monkeypatch.setattr(handouts_module, "open_with_viewer", fake_open)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("down", "e")  # from the filter box it opens on, to the list
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("down", "enter")  # Markdown
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = tmp_path / "handouts" / "keepers-log.md"
        assert written.exists()
        assert "Lamp lit at dusk" in written.read_text(encoding="utf-8")
        await pilot.press("x")
        await settle(pilot)
        assert opened == [written.resolve()]
        # no viewer: the notification says where the file is
        assert any(str(written.resolve()) in str(n.message) for n in app._notifications)


async def test_x_without_an_export_writes_html_first(
    app_factory: Factory, settle: Settle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def fake_open(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(handouts_module, "open_with_viewer", fake_open)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("down", "x")  # from the filter box it opens on, to the list
        await settle(pilot)
        html = tmp_path / "handouts" / "keepers-log.html"
        assert html.exists() and opened == [html.resolve()]


# --- snapshots ------------------------------------------------------------------------------


def test_stat_block_snapshot(snap_compare: Callable[..., bool], app_factory: Factory) -> None:
    async def show(pilot: Pilot[None]) -> None:
        for _ in range(4):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("b", *"smug")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=show)


def test_table_result_snapshot(
    snap_compare: Callable[..., bool], app_factory: Factory, nested_module: Path
) -> None:
    async def roll(pilot: Pilot[None]) -> None:
        for _ in range(4):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("T", "ctrl+f", *"night", "enter", "r")
        await pilot.pause()

    # a relative path, so the picture is the same in any checkout
    assert snap_compare(
        app_factory(Path(nested_module.name), seed=11), terminal_size=SIZE, run_before=roll
    )


async def test_table_rolls_with_a_session_are_journalled_once(
    app_factory: Factory, settle: Settle, nested_module: Path
) -> None:
    app = app_factory(nested_module, seed=None, session="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        before = len(session.state.journal())
        await pilot.press("T", "ctrl+f", *"night", "enter", "r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TablesScreen) and screen.result is not None
        tables = [e for e in session.state.journal()[before:] if e.kind == "table"]
        assert [e.data["table"] for e in tables] == ["night"]
        assert tables[0].data["text"] == screen.result.text
        # re-rolling the nested step records that table's roll as an event of its own
        screen.reroll(1)
        await settle(pilot)
        tables = [e for e in session.state.journal()[before:] if e.kind == "table"]
        assert [e.data["table"] for e in tables] == ["night", "cove-events"]
        assert screen.result.steps[1].text == tables[1].data["text"]
        assert screen.result.steps[1].depth == 1
