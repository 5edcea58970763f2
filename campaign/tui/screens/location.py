"""A location on the GM screen: its map drawn in the terminal beside the key list.

The map is drawn as Unicode half-blocks (`campaign.maps.terminal`, two pixels a
cell, rasterised by the limited Typst child in a worker, so no image library
loads with the GM screen). Each key's mark is written over its cell; the key
highlighted in the list is marked in another colour on the map, and its text
(what the agents see, what is here, who, links) shows below the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from campaign.tui.render import Lines

if TYPE_CHECKING:
    from campaign.maps.terminal import MapCells
    from campaign.model import Location, LocationKey, Module

MARK_STYLE = "bold white on rgb(27,58,92)"
CHOSEN_STYLE = "bold black on rgb(240,200,60)"


def map_content(cells: MapCells, chosen: str | None) -> Content:
    """The map as styled half-blocks, key marks written over their cells."""
    labels: dict[tuple[int, int], tuple[str, str]] = {}
    for key, (x, y) in cells.marks.items():
        style = CHOSEN_STYLE if key == chosen else MARK_STYLE
        for offset, char in enumerate(key):
            labels[(x + offset, y)] = (char, style)
    lines: list[Content] = []
    for y, row in enumerate(cells.rows):
        parts: list[tuple[str, str]] = []
        for x, (upper, lower) in enumerate(row):
            if (x, y) in labels:
                parts.append(labels[(x, y)])
                continue
            style = "rgb({},{},{}) on rgb({},{},{})".format(*upper, *lower)
            if parts and parts[-1][1] == style:
                parts[-1] = (parts[-1][0] + "▀", style)
            else:
                parts.append(("▀", style))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


def key_text(module: Module, key: LocationKey) -> Content:
    """A key's text for the GM: what the agents see, what is here, who, links."""
    lines = Lines()
    lines.add("[b]$mark. $name[/]", mark=key.key, name=key.name)
    if key.public:
        lines.add("[$text-muted](the players' map shows it)[/]")
    lines.field("Seen", key.see)
    lines.field("Here", key.here)
    for who in key.who:
        npc = module.npcs.get(who.npc)
        when = f", {who.when}" if who.when else ""
        lines.add("[b]Who:[/] $who", who=f"{npc.name if npc else who.npc} ×{who.count}{when}")
    scenes = [module.scenes[s].title for s in key.links.scenes if s in module.scenes]
    if scenes:
        lines.add("[b]Scenes:[/] $s", s=", ".join(scenes))
    return lines.content()


class LocationScreen(Screen[None]):
    """A location: the map on the left, its keys on the right."""

    DEFAULT_CSS = """
    LocationScreen #location-map { width: 1fr; height: 1fr; }
    LocationScreen #location-side { width: 44; }
    LocationScreen #location-keys { height: 1fr; }
    LocationScreen #location-key { height: auto; max-height: 60%; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, module: Module, location: Location, keys: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.module = module
        self.location = location
        self.scene_keys = keys
        """The keys the scene that opened it uses (listed first)."""
        self.cells: MapCells | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Static("drawing the map …", id="location-map")
            with Vertical(id="location-side"):
                options = [Option(Content(f"{k.key}. {k.name}"), id=k.key) for k in self._keys()]
                yield OptionList(*options, id="location-keys")
                with VerticalScroll(id="location-key"):
                    yield Static("", id="location-key-text")
        yield Footer()

    def _keys(self) -> list[LocationKey]:
        keys = list(self.location.keys)
        return sorted(keys, key=lambda k: k.key not in self.scene_keys)

    def on_mount(self) -> None:
        self.sub_title = self.location.name
        self.query_one("#location-keys", OptionList).focus()
        if self.location.map is None:
            self.query_one("#location-map", Static).update("This location has no map.")
            return
        self.call_after_refresh(self._draw)

    def on_resize(self) -> None:
        # Drawn for the size it had: a bigger terminal leaves it small in a corner, a
        # smaller one wraps its rows into stripes. Drawn again for the new size.
        if self.location.map is not None and self.is_mounted:
            self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        region = self.query_one("#location-map", Static).size
        self._draw_map(max(20, region.width), max(8, region.height))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _draw_map(self, columns: int, rows: int) -> None:
        from campaign.errors import CampaignError
        from campaign.maps.terminal import map_cells

        try:
            cells = map_cells(self.module, self.location, columns, rows)
        except CampaignError as error:
            self.app.call_from_thread(self._show_problem, str(error))
            return
        self.app.call_from_thread(self._show_map, cells)

    def _show_problem(self, message: str) -> None:
        self.query_one("#location-map", Static).update(
            Content(f"The map cannot be drawn: {message}")
        )

    def _show_map(self, cells: MapCells) -> None:
        self.cells = cells
        self._redraw()

    def _chosen(self) -> str | None:
        option_list = self.query_one("#location-keys", OptionList)
        index = option_list.highlighted
        return option_list.get_option_at_index(index).id if index is not None else None

    def _redraw(self) -> None:
        if self.cells is not None:
            self.query_one("#location-map", Static).update(map_content(self.cells, self._chosen()))

    @on(OptionList.OptionHighlighted, "#location-keys")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        key = self.location.key(str(event.option.id))
        if key is not None:
            self.query_one("#location-key-text", Static).update(key_text(self.module, key))
        self._redraw()
