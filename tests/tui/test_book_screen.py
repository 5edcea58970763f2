"""The module's book on the GM screen: from the tree, the palette and the detail action."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import Markdown, OptionList

from campaign.loader import load_module
from campaign.paths import bundled_modules_dir
from campaign.tui.app import CampaignApp
from campaign.tui.commands import BookCommands
from campaign.tui.screens.book import BookScreen
from campaign.tui.widgets.act_tree import ActTree

from .conftest import SIZE

Factory = Callable[..., CampaignApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
LIVING = bundled_modules_dir() / "living-daylights"


async def test_the_book_opens_on_a_chapter_and_pages_through_them(
    app_factory: Factory, settle: Settle
) -> None:
    module = load_module(LIVING)
    first, second = list(module.chapters)[:2]
    app = app_factory(LIVING)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(ActTree)
        assert str(tree.root.children[0].label) == "Book"
        assert tree.root.children[0].children[0].data == ("chapter", first)
        app.screen.action_detail("chapter", first)  # type: ignore[attr-defined]
        await settle(pilot)
        book = app.screen
        assert isinstance(book, BookScreen)
        page = book.query_one("#book-text", Markdown)
        assert module.chapters[first].title in page.source
        await pilot.press("down")
        await settle(pilot)
        assert module.chapters[second].title in page.source
        assert book.query_one("#book-chapters", OptionList).highlighted == 1
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BookScreen)


def test_the_palette_offers_chapters_and_locations() -> None:
    module = load_module(LIVING)
    entries = list(BookCommands.entries(BookCommands.__new__(BookCommands), module))
    kinds = {kind for _, _, kind, _ in entries}
    assert kinds == {"chapter", "location"}
    assert len(entries) == len(module.chapters) + len(module.locations)


async def test_a_search_hit_in_a_chapter_opens_the_book_there(
    app_factory: Factory, settle: Settle
) -> None:
    from campaign.tui.screens.documents import open_document

    module = load_module(LIVING)
    last = list(module.chapters)[-1]
    app = app_factory(LIVING)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        open_document(app, "chapter", last)
        await settle(pilot)
        assert isinstance(app.screen, BookScreen)
        page = app.screen.query_one("#book-text", Markdown)
        assert module.chapters[last].title in page.source


async def test_the_places_node_opens_a_location(app_factory: Factory, settle: Settle) -> None:
    from textual.widgets import Tree

    from campaign.tui.screens.location import LocationScreen

    module = load_module(LIVING)
    first = next(iter(module.locations))
    app = app_factory(LIVING)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(ActTree)
        places = tree.root.children[1]
        assert str(places.label) == "Places" and not places.is_expanded
        leaf = places.children[0]
        assert leaf.data == ("location", first)
        tree.post_message(Tree.NodeSelected(leaf))
        await settle(pilot)
        assert isinstance(app.screen, LocationScreen)


async def test_at_80_columns_the_page_gets_the_room(app_factory: Factory, settle: Settle) -> None:
    """A 36-column chapter list left the page 40 of 80 columns, and the running chapter's
    table unreadable; at 160 the list keeps its 36."""
    module = load_module(LIVING)
    widths = {}
    for size in ((80, 24), (160, 48)):
        app = app_factory(LIVING)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            app.screen.action_detail("chapter", next(iter(module.chapters)))  # type: ignore[attr-defined]
            await settle(pilot)
            book = app.screen
            assert isinstance(book, BookScreen)
            widths[size[0]] = (
                book.query_one("#book-chapters").outer_size.width,
                book.query_one("#book-page").outer_size.width,
            )
    assert widths[160][0] == 36
    assert widths[80][0] <= 24 and widths[80][1] >= 56, widths


async def test_enter_on_book_or_places_opens_and_folds_it(
    app_factory: Factory, settle: Settle
) -> None:
    """They show nothing themselves, so Enter (not only space) unfolds them."""
    app = app_factory(LIVING)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(ActTree)
        tree.focus()
        book = tree.root.children[0]
        tree.move_cursor(book)
        await pilot.press("enter")
        await settle(pilot)
        assert book.is_expanded
        await pilot.press("enter")
        await settle(pilot)
        assert not book.is_expanded and not isinstance(app.screen, BookScreen)
