"""The cast browser (`b`): NPCs and pregens by fuzzy name and tag, with stat blocks.

Type in the search box to match names fuzzily ("kskv" finds Koskov); `#tag`
words in the box, or the tag list, keep only those with the tags. The list
shows the matches; the highlighted one's stat block fills the right, where
attacks, skills and attributes roll into the GM screen's dice tray.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Header, Input, OptionList, Select, Static, Tab, Tabs
from textual.widgets.option_list import Option

from campaign.model import Module, StatBlock
from campaign.search import FuzzyNames
from campaign.tui.screens.browser import BrowserScreen
from campaign.tui.widgets.keys_footer import KeysFooter
from campaign.tui.widgets.statblock import StatBlockView

ANY_TAG = "__any__"
ROLL_HINT = "Roll: ctrl+r, then ↓ ↑ and enter"


def highlight(name: str, positions: tuple[int, ...]) -> Content:
    """A name with the matched letters in bold accent."""
    content = Content(name)
    for position in positions:
        if position < len(name):
            content = content.stylize("bold $accent underline", position, position + 1)
    return content


class CastScreen(BrowserScreen):
    """Browse NPCs and PCs, read and roll from their stat blocks."""

    CSS_PATH = "cast.tcss"
    FILTER = "#cast-query"
    LIST = "#cast-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "search", "Search", id="cast.search", tooltip="Type a name (fuzzy)"),
        Binding(
            "ctrl+t",
            "toggle_kind",
            "NPCs/PCs",
            id="cast.kind",
            tooltip="Switch between NPCs and pregenerated PCs",
        ),
        Binding("ctrl+g", "tags", "Tag", id="cast.tag", tooltip="Filter by a tag"),
        Binding(
            "ctrl+r",
            "first_roll",
            "Rolls",
            id="cast.rolls",
            tooltip="Jump to the stat block's first roll (then tab, enter rolls)",
        ),
    ]

    def __init__(self, module: Module, kind: str = "npc", identifier: str | None = None) -> None:
        super().__init__(module)
        self.kind = "pc" if kind == "pc" else "npc"
        self.selected = identifier
        self.matches: list[str] = []
        self._filtered = ""
        """The filter text the list was last built for."""
        self._names = {
            "npc": FuzzyNames((npc.name, npc.id) for npc in module.npcs.values()),
            "pc": FuzzyNames((pc.name, pc.id) for pc in module.pcs.values()),
        }

    def blocks(self) -> dict[str, StatBlock]:
        return dict(self.module.npcs if self.kind == "npc" else self.module.pcs)

    def tags(self) -> list[str]:
        return sorted({tag for block in self.blocks().values() for tag in block.tags})

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="cast-body"):
            with Vertical(id="cast-side"):
                yield Tabs(
                    Tab(f"NPCs ({len(self.module.npcs)})", id="npc"),
                    Tab(f"PCs ({len(self.module.pcs)})", id="pc"),
                    active=self.kind,
                    id="cast-kind",
                )
                query = Input(placeholder="name (fuzzy), #tag", id="cast-query")
                query.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
                yield query
                yield Select[str](
                    [(tag, tag) for tag in self.tags()],
                    prompt="Any tag",
                    allow_blank=True,
                    id="cast-tag",
                )
                yield OptionList(id="cast-list")
                yield Static("", id="cast-count")
                # how to reach the stat block's rollable cells, which the mouse-less GM
                # otherwise only finds in the footer or the help
                yield Static(ROLL_HINT, id="cast-hint", markup=False)
            yield StatBlockView(self.module, id="cast-block")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Cast"
        self.refilter()

    # --- filtering ----------------------------------------------------------------

    def refilter(self, *, to_top: bool = False) -> None:
        """Match names and tags; keep the selection if it still matches, unless `to_top`
        (the GM is typing: the best match is highlighted, as in the tables)."""
        text = self.query_one("#cast-query", Input).value
        self._filtered = text
        words = text.split()
        wanted = [word[1:].lower() for word in words if word.startswith("#") and len(word) > 1]
        name_query = " ".join(word for word in words if not word.startswith("#"))
        tag = self.query_one("#cast-tag", Select).value
        blocks = self.blocks()
        found = []
        for match in self._names[self.kind].match(name_query):
            block = blocks[match.value]
            tags = [t.lower() for t in block.tags]
            if isinstance(tag, str) and tag not in block.tags:
                continue
            if not all(any(t.startswith(w) for t in tags) for w in wanted):
                continue
            found.append((match, block))
        self.matches = [block.id for _, block in found]
        options = self.query_one("#cast-list", OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Content.assemble(
                    highlight(match.name, match.positions),
                    "\n",
                    (
                        block.concept
                        if hasattr(block, "concept") and block.concept
                        else block.role,
                        "dim italic",
                    ),
                ),
                id=block.id,
            )
            for match, block in found
        )
        what = "NPCs" if self.kind == "npc" else "PCs"
        self.query_one("#cast-count", Static).update(f"{len(found)} of {len(blocks)} {what}")
        if self.selected in self.matches and not to_top:
            options.highlighted = self.matches.index(self.selected)
        elif self.matches:
            options.highlighted = 0
        self._show_highlighted()

    def _show_highlighted(self) -> None:
        options = self.query_one("#cast-list", OptionList)
        index = options.highlighted
        block = None
        if index is not None and 0 <= index < len(self.matches):
            block = self.blocks()[self.matches[index]]
            self.selected = block.id
        self.query_one(StatBlockView).show(block)

    @on(Input.Changed, "#cast-query")
    def _typed(self, event: Input.Changed) -> None:
        # `select` clears the box itself and has listed already: its late Changed is no typing
        if event.value != self._filtered:
            self.refilter(to_top=True)

    @on(Input.Submitted, "#cast-query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.query_one("#cast-list", OptionList).focus()

    @on(Select.Changed, "#cast-tag")
    def _tag(self, event: Select.Changed) -> None:
        self.refilter()

    @on(OptionList.OptionHighlighted, "#cast-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_highlighted()

    @on(OptionList.OptionSelected, "#cast-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_first_roll()

    @on(Tabs.TabActivated, "#cast-kind")
    def _kind(self, event: Tabs.TabActivated) -> None:
        kind = event.tab.id or "npc"
        if kind == self.kind:
            return
        self.kind = kind
        tag = self.query_one("#cast-tag", Select)
        tag.set_options([(name, name) for name in self.tags()])
        self.refilter()

    # --- actions ------------------------------------------------------------------

    def select(self, kind: str, identifier: str) -> None:
        """Show one NPC or PC (clearing the filters)."""
        self.selected = identifier
        if kind != self.kind:
            self.query_one("#cast-kind", Tabs).active = kind
            self.kind = kind
        self.query_one("#cast-query", Input).value = ""
        self.query_one("#cast-tag", Select).clear()
        self.refilter()

    def action_search(self) -> None:
        self.query_one("#cast-query", Input).focus()

    def action_toggle_kind(self) -> None:
        tabs = self.query_one("#cast-kind", Tabs)
        tabs.active = "pc" if self.kind == "npc" else "npc"

    def action_tags(self) -> None:
        select = self.query_one("#cast-tag", Select)
        select.focus()
        select.expanded = True

    def action_first_roll(self) -> None:
        chips = self.query_one(StatBlockView).chips()
        if chips:
            chips[0].focus()
        else:
            self.query_one(StatBlockView).focus()
