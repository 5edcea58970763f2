"""The handouts screen (`h`): every handout, a preview, export and print.

The list shows each handout's title, type and audience, narrowed by the filter
box it opens on (fuzzy over titles, types and audiences, as in the tables); the
preview is the Markdown copy the players get (`v` switches to the GM's copy,
with clues and secrets). `g` gives the highlighted handout to the players, as
the GM screen's `g` does: the same question (to whom?) and one journal event.
`e` asks for a format (HTML, Markdown, PDF) and a paper size and writes
`./handouts/ID.EXT` in a thread; `x` opens the last file exported for
the handout (exporting HTML first if there is none) in the system's viewer:
a graphical web browser for HTML, else `xdg-open` or `open`; with no viewer
it says where the file is. Rendering runs in thread workers.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import webbrowser
from pathlib import Path
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    Markdown,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option

from campaign.errors import CampaignError
from campaign.model import Module
from campaign.search import FuzzyNames
from campaign.tui.screens.browser import BrowserScreen
from campaign.tui.screens.cast import highlight
from campaign.tui.session_access import campaign_record
from campaign.tui.widgets.keys_footer import KeysFooter

Format = Literal["html", "md", "pdf"]
Paper = Literal["a4", "letter"]
EXTENSIONS: dict[str, str] = {"html": "html", "md": "md", "pdf": "pdf"}
OUTPUT = Path("handouts")
"""Exports go to ./handouts/ID.EXT, as `campaign handout` writes them."""


def export_handout(
    module: Module,
    handout_id: str,
    fmt: Format,
    paper: Paper,
    audience: Literal["players", "gm"] = "players",
    folder: Path = OUTPUT,
) -> Path:
    """Render one handout and write it; returns the path. Raises CampaignError."""
    from campaign.handouts import render_handout

    output = render_handout(module, handout_id, fmt=fmt, audience=audience, paper=paper)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{handout_id}.{EXTENSIONS[fmt]}"
    if isinstance(output, bytes):
        path.write_bytes(output)
    else:
        path.write_text(output, encoding="utf-8")
    return path.resolve()


def _graphical_browser() -> bool:
    """True when webbrowser would open a window (not a console browser in this terminal)."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    ):
        return False
    return not (isinstance(browser, webbrowser.UnixBrowser) and not browser.background)


def open_with_viewer(path: Path) -> bool:
    """Open a file in the system's viewer without touching this terminal; False if none."""
    if path.suffix == ".html" and _graphical_browser() and webbrowser.open(path.as_uri()):
        return True
    opener = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if opener is None:
        return False
    subprocess.Popen(
        [opener, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return True


class ExportDialog(ModalScreen[tuple[Format, Paper] | None]):
    """Choose a format and a paper size; enter exports, escape cancels."""

    CSS_PATH = "handouts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Do not export"),
        Binding("ctrl+s", "export", "Export", id="export.go", tooltip="Export with these choices"),
    ]

    def __init__(self, title: str, fmt: Format = "html", paper: Paper = "a4") -> None:
        super().__init__()
        self.handout_title = title
        self.fmt: Format = fmt
        self.paper: Paper = paper

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label(Content.assemble("Export ", (self.handout_title, "bold")))
            with Horizontal(id="export-choices"):
                with RadioSet(id="export-format"):
                    yield RadioButton(
                        "HTML (print from a browser)", value=self.fmt == "html", id="fmt-html"
                    )
                    yield RadioButton("Markdown", value=self.fmt == "md", id="fmt-md")
                    yield RadioButton("PDF", value=self.fmt == "pdf", id="fmt-pdf")
                with RadioSet(id="export-paper"):
                    yield RadioButton("A4", value=self.paper == "a4", id="paper-a4")
                    yield RadioButton("Letter", value=self.paper == "letter", id="paper-letter")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-dialog").border_title = "Export handout"
        self.query_one("#export-dialog").border_subtitle = f"to ./{OUTPUT}/"
        self.query_one("#export-format", RadioSet).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format(self, event: RadioSet.Changed) -> None:
        self.fmt = (event.pressed.id or "fmt-html").removeprefix("fmt-")  # type: ignore[assignment]

    @on(RadioSet.Changed, "#export-paper")
    def _paper(self, event: RadioSet.Changed) -> None:
        self.paper = (event.pressed.id or "paper-a4").removeprefix("paper-")  # type: ignore[assignment]

    @on(Button.Pressed, "#export-go")
    def action_export(self) -> None:
        self.dismiss((self.fmt, self.paper))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class HandoutsScreen(BrowserScreen):
    """Read, export and print the module's handouts; give one to the players."""

    CSS_PATH = "handouts.tcss"
    FILTER = "#handouts-query"
    LIST = "#handouts-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "g",
            "give",
            "Give",
            id="handouts.give",
            tooltip="Give the highlighted handout to the players (journalled, as g does there)",
        ),
        Binding("ctrl+f", "filter", "Filter", id="handouts.filter", tooltip="Type part of a title"),
        Binding(
            "v",
            "toggle_view",
            "GM/players",
            id="handouts.view",
            tooltip="Show the GM's copy or the players'",
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="handouts.export",
            tooltip="Write the handout as HTML, Markdown or PDF",
        ),
        Binding(
            "x",
            "open_file",
            "Open",
            id="handouts.open",
            tooltip="Open the exported file in the system viewer",
        ),
    ]

    class Previewed(Message):
        def __init__(self, handout_id: str, audience: str, text: str, error: str = "") -> None:
            super().__init__()
            self.handout_id = handout_id
            self.audience = audience
            self.text = text
            self.error = error

    class Exported(Message):
        def __init__(
            self, handout_id: str, path: Path | None, error: str = "", open_after: bool = False
        ) -> None:
            super().__init__()
            self.handout_id = handout_id
            self.path = path
            self.error = error
            self.open_after = open_after

    class Opened(Message):
        def __init__(self, path: Path, opened: bool) -> None:
            super().__init__()
            self.path = path
            self.opened = opened

    def __init__(self, module: Module, handout_id: str | None = None) -> None:
        super().__init__(module)
        self.selected = handout_id or next(iter(module.handouts), None)
        self.gm_view = False
        self.exported: dict[str, Path] = {}
        self.preview_text = ""
        self.last_choice: tuple[Format, Paper] = ("html", "a4")
        self.matches: list[str] = []
        self._filtered = ""
        """The filter text the list was last built for."""
        self._resumed = False
        self._names = FuzzyNames(
            (f"{handout.title} {handout.type} {handout.audience}", handout.id)
            for handout in module.handouts.values()
        )

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="handouts-body"):
            with Vertical(id="handouts-side"):
                query = Input(placeholder="filter handouts", id="handouts-query")
                query.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
                yield query
                yield OptionList(id="handouts-list")
            with Vertical(id="handouts-main"):
                yield Static("", id="handouts-heading")
                with VerticalScroll(id="handouts-scroll"):
                    yield Markdown("", id="handouts-preview")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Handouts"
        self.refilter()

    # --- list -----------------------------------------------------------------------

    def refilter(self, *, to_top: bool = False) -> None:
        """List the handouts the filter matches; `to_top` (as the GM types) highlights
        the best match, else the selected handout keeps its place."""
        text = self.query_one("#handouts-query", Input).value
        self._filtered = text
        found = self._names.match(text)
        self.matches = [match.value for match in found]
        record = campaign_record(self.app)
        given = record.handouts if record is not None else {}
        options = self.query_one("#handouts-list", OptionList)
        options.clear_options()
        for match in found:
            handout = self.module.handouts[match.value]
            title = len(handout.title)
            about = f"{handout.type} · for the {handout.audience}"
            options.add_option(
                Option(
                    Content.assemble(
                        highlight(handout.title, tuple(p for p in match.positions if p < title)),
                        "\n",
                        (about + (" · given" if handout.id in given else ""), "dim"),
                    ),
                    id=handout.id,
                )
            )
        if self.selected in self.matches and not to_top:
            options.highlighted = self.matches.index(self.selected)
        elif self.matches:
            options.highlighted = 0
            self.selected = self.matches[0]
        elif self.module.handouts:
            self.query_one("#handouts-heading", Static).update("No handout matches the filter.")
            return
        self.preview()

    def on_screen_resume(self) -> None:
        # back from the give question (or another screen): 'given' marks follow the
        # session; the first resume is the opening, listed by on_mount already
        if self._resumed:
            self.refilter()
        self._resumed = True

    @on(Input.Changed, "#handouts-query")
    def _typed(self, event: Input.Changed) -> None:
        if event.value != self._filtered:
            self.refilter(to_top=True)

    @on(Input.Submitted, "#handouts-query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_to_list()

    def action_filter(self) -> None:
        self.query_one("#handouts-query", Input).focus()

    def action_give(self) -> None:
        """Give the highlighted handout through the GM screen's own give (the same
        question, the same journal event, the same refusal of a GM-only handout)."""
        from campaign.tui.messages import GiveHandout
        from campaign.tui.protocols import gm_screen

        gm = gm_screen(self.app)
        handout_id = self.selected
        if gm is None or not self.matches or handout_id not in self.module.handouts:
            self.app.bell()
            return
        assert handout_id is not None  # it is one of the module's handouts
        gm.post_message(GiveHandout(handout_id))

    @property
    def audience(self) -> Literal["players", "gm"]:
        handout = self.module.handouts.get(self.selected or "")
        if self.gm_view or (handout is not None and handout.audience == "gm"):
            return "gm"
        return "players"

    # --- preview ------------------------------------------------------------------------

    def preview(self) -> None:
        heading = self.query_one("#handouts-heading", Static)
        handout = self.module.handouts.get(self.selected or "")
        if handout is None:
            heading.update("This module has no handouts.")
            return
        audience = self.audience
        copy = "GM's copy (clues and secrets shown)" if audience == "gm" else "Players' copy"
        if handout.audience == "gm":
            copy = "GM-only handout"
        heading.update(
            Content.assemble(
                (handout.title, "bold $accent"),
                "\n",
                (f"{handout.type} · {copy}", "$warning" if audience == "gm" else "$text-muted"),
                ("  · v players/GM · e export · x open", "$text-muted"),
            )
        )
        heading.set_class(audience == "gm", "-gm")
        self._render_preview(handout.id, audience)

    @work(thread=True, exclusive=True, exit_on_error=False, group="handout-preview")
    def _render_preview(self, handout_id: str, audience: Literal["players", "gm"]) -> None:
        from campaign.handouts import render_handout

        try:
            text = render_handout(self.module, handout_id, fmt="md", audience=audience)
        except CampaignError as error:
            self.post_message(self.Previewed(handout_id, audience, "", str(error)))
        else:
            self.post_message(self.Previewed(handout_id, audience, text))

    @on(Previewed)
    async def _previewed(self, event: Previewed) -> None:
        if event.handout_id != self.selected or event.audience != self.audience:
            return
        text = event.text if not event.error else f"**Cannot show this handout:** {event.error}"
        self.preview_text = text
        await self.query_one("#handouts-preview", Markdown).update(text)
        self.query_one("#handouts-scroll").scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#handouts-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self.selected:
            self.selected = event.option.id
            self.preview()

    @on(OptionList.OptionSelected, "#handouts-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#handouts-scroll").focus()

    def action_toggle_view(self) -> None:
        self.gm_view = not self.gm_view
        self.preview()

    # --- export and open ---------------------------------------------------------------

    def action_export(self) -> None:
        handout = self.module.handouts.get(self.selected or "")
        if handout is None:
            self.app.bell()
            return

        def chosen(choice: tuple[Format, Paper] | None) -> None:
            if choice is not None:
                self.last_choice = choice
                self.export(handout.id, *choice)

        self.app.push_screen(ExportDialog(handout.title, *self.last_choice), chosen)

    def export(
        self, handout_id: str, fmt: Format, paper: Paper, *, open_after: bool = False
    ) -> None:
        self.notify(f"Writing {handout_id}.{EXTENSIONS[fmt]}…", timeout=2, markup=False)
        self._export(handout_id, fmt, paper, self.audience, open_after)

    @work(thread=True, exclusive=False, exit_on_error=False, group="handout-export")
    def _export(
        self,
        handout_id: str,
        fmt: Format,
        paper: Paper,
        audience: Literal["players", "gm"],
        open_after: bool,
    ) -> None:
        try:
            path = export_handout(
                self.module, handout_id, fmt, paper, audience, Path.cwd() / OUTPUT
            )
        except (CampaignError, OSError) as error:
            self.post_message(self.Exported(handout_id, None, str(error)))
        else:
            self.post_message(self.Exported(handout_id, path, open_after=open_after))

    @on(Exported)
    def _exported(self, event: Exported) -> None:
        if event.path is None:
            self.notify(event.error, title="Export failed", severity="error", markup=False)
            return
        self.exported[event.handout_id] = event.path
        self.notify(str(event.path), title="Handout written", markup=False)
        if event.open_after:
            self._open(event.path)

    def action_open_file(self) -> None:
        if self.selected is None:
            self.app.bell()
            return
        path = self.exported.get(self.selected)
        if path is None or not path.exists():
            self.export(self.selected, "html", self.last_choice[1], open_after=True)
            return
        self._open(path)

    @work(thread=True, exit_on_error=False, group="handout-open")
    def _open(self, path: Path) -> None:
        self.post_message(self.Opened(path, open_with_viewer(path)))

    @on(Opened)
    def _opened(self, event: Opened) -> None:
        if event.opened:
            self.notify(str(event.path), title="Opened in the viewer", markup=False)
        else:
            self.notify(
                f"No viewer found here; the file is at {event.path}",
                title="Open it yourself",
                severity="warning",
                timeout=10,
                markup=False,
            )
