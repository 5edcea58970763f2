"""The module's book on the GM screen: its chapters listed beside the one being read."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, OptionList
from textual.widgets.option_list import Option

from campaign.tui.layout import NARROW_OR_WIDE

if TYPE_CHECKING:
    from campaign.model import Module


class BookScreen(Screen[None]):
    """Chapters on the left; the highlighted one, as Markdown, on the right."""

    # Under 110 columns the chapter list gives the page room to read (and its tables
    # to keep their columns): at 80 a 36-column list left the page 40.
    HORIZONTAL_BREAKPOINTS = NARROW_OR_WIDE
    DEFAULT_CSS = """
    BookScreen #book-chapters { width: 36; }
    BookScreen.-narrow #book-chapters { width: 22; }
    BookScreen #book-page { width: 1fr; padding: 0 2; }
    BookScreen.-narrow #book-page { padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("s", "read", "Read", tooltip="Focus the page to scroll it"),
        Binding("c", "chapters", "Chapters", tooltip="Back to the chapter list"),
    ]

    def __init__(self, module: Module, chapter_id: str | None = None) -> None:
        super().__init__()
        self.module = module
        self.chapter_id = chapter_id or next(iter(module.chapters), None)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            options = [
                Option(Content(chapter.title), id=key)
                for key, chapter in self.module.chapters.items()
            ]
            yield OptionList(*options, id="book-chapters")
            with VerticalScroll(id="book-page"):
                yield Markdown("", id="book-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.module.title}: the book"
        chapters = self.query_one("#book-chapters", OptionList)
        ids = list(self.module.chapters)
        if self.chapter_id in ids:
            chapters.highlighted = ids.index(self.chapter_id)
        chapters.focus()
        self._show(self.chapter_id)

    def _show(self, chapter_id: str | None) -> None:
        chapter = self.module.chapters.get(chapter_id or "")
        page = self.query_one("#book-text", Markdown)
        if chapter is None:
            page.update("This module has no chapters.")
            return
        public = "" if not chapter.public else "\n\n*(The players may see this chapter.)*"
        page.update(f"# {chapter.title}{public}\n\n{chapter.text}")
        self.query_one("#book-page", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#book-chapters")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(str(event.option.id))

    def action_read(self) -> None:
        self.query_one("#book-page", VerticalScroll).focus()

    def action_chapters(self) -> None:
        self.query_one("#book-chapters", OptionList).focus()
