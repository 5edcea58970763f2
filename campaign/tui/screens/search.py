"""Full-text search (`/`): every word of the module, results with the match in context.

Type a phrase: read-aloud text, GM notes, clues, stat blocks (name, role,
description, traits, tactics, secret), table entries, handouts and acts are
searched (`campaign.search`, an index built once per module). Each result shows
its kind, title, field and a snippet with the match highlighted; enter opens
it in place: a scene or act on the GM screen, an NPC in the cast browser, a
table in the tables browser, a handout in the handouts screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from campaign.model import Module
from campaign.search import Hit, index_for
from campaign.tui.screens.browser import BrowserScreen
from campaign.tui.screens.documents import open_document
from campaign.tui.widgets.keys_footer import KeysFooter

KIND_LABELS = {
    "scene": "Scene",
    "act": "Act",
    "npc": "NPC",
    "pc": "PC",
    "table": "Table",
    "handout": "Handout",
    "chapter": "Chapter",
    "location": "Place",
}

MIN_QUERY = 2
"""Characters typed before searching."""


def hit_content(hit: Hit) -> Content:
    """A result as two lines: kind, title and field; the snippet, match highlighted."""
    snippet = Content(hit.snippet)
    for start, end in hit.spans:
        snippet = snippet.stylize("bold reverse $accent", start, end)
    return Content.assemble(
        (f"{KIND_LABELS.get(hit.kind, hit.kind):<8}", "bold $secondary"),
        (hit.title, "bold"),
        (f"  · {hit.field}", "$text-muted"),
        "\n        ",
        snippet,
    )


class SearchScreen(BrowserScreen):
    """Search the whole module and open what was found."""

    CSS_PATH = "search.tcss"
    FILTER = "#search-query"
    LIST = "#search-results"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "query", "Query", id="search.query", tooltip="Back to the search box"),
    ]

    def __init__(self, module: Module, query: str = "") -> None:
        super().__init__(module)
        self.initial = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="search-body"):
            query = Input(
                value=self.initial,
                placeholder="Search read-aloud, notes, clues, NPCs, tables, handouts…",
                id="search-query",
            )
            query.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
            yield query
            yield Static("Type at least two letters.", id="search-status")
            yield OptionList(id="search-results")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Search"
        if self.initial:
            self.run_search(self.initial)

    def run_search(self, text: str) -> list[Hit]:
        status = self.query_one("#search-status", Static)
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        if len(text.strip()) < MIN_QUERY:
            self.hits = []
            status.update("Type at least two letters.")
            return self.hits
        self.hits = index_for(self.module).search(text, limit=200)
        results.add_options(Option(hit_content(hit)) for hit in self.hits)
        if self.hits:
            results.highlighted = 0
            shown = "200+" if len(self.hits) == 200 else str(len(self.hits))
            status.update(f"{shown} found · ↓ to the list, enter opens")
        else:
            status.update(Content(f"Nothing found for “{text.strip()}”."))
        return self.hits

    @on(Input.Changed, "#search-query")
    def _typed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.hits:
            self.open_hit(0)

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.open_hit(event.option_index)

    def open_hit(self, index: int) -> None:
        if 0 <= index < len(self.hits):
            hit = self.hits[index]
            open_document(self.app, hit.kind, hit.id)

    def action_query(self) -> None:
        self.query_one("#search-query", Input).focus()
