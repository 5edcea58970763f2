"""The players' screen: a read-only app that follows a session the GM is running.

`campaign players SESSION` runs it on a second terminal; `campaign serve`
serves it to browsers. It opens the session to follow (read-only; it polls
for the GM's events) and shows only `campaign.players.players_view`: the
read-aloud the GM shows, NPCs introduced, handouts given (the players' copy,
pageable), rolls made in the open, the fight, public clocks, the players' map
key. It never touches the module's GM fields itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from campaign.tui.players.sections import render_sections

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.players import PlayersView
    from campaign.session import Session

POLL_SECONDS = 0.5
"""How often the GM's new events are picked up."""


class PlayersApp(App[None]):
    """What the players see of one session, kept up to date."""

    TITLE = "campaign · players"
    CSS = """
    Screen { background: $surface; }
    #now { padding: 1 4; border: heavy $accent; margin: 1 2; text-style: bold; }
    .section { padding: 0 2; margin: 0 2 1 2; border: round $primary; }
    #waiting { padding: 2 4; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("h", "handout", "Handouts"),
        Binding("pageup", "scroll(-1)", "Page up", show=False),
        Binding("pagedown", "scroll(1)", "Page down", show=False),
    ]

    def __init__(self, path: Path, *, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.path = path
        self.poll_seconds = poll_seconds
        self.session: Session | None = None
        self.module: Module | None = None
        self.view: PlayersView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="screen"):
            yield Static("Waiting for the GM…", id="waiting")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.path.stem
        self._open_session()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _open_session(self) -> None:
        """Open the session and its module (in a thread: the module takes a moment)."""
        from campaign.errors import CampaignError
        from campaign.loader import load_module, module_of_session
        from campaign.session import Session

        try:
            session = Session.open(self.path, follow=True)
            folder = module_of_session(session.meta.get("module_path", ""), session.module_id)
            module = load_module(folder)
        except CampaignError as error:
            self.call_from_thread(self._open_failed, str(error))
            return
        self.call_from_thread(self._session_opened, session, module)

    def _open_failed(self, message: str) -> None:
        self.query_one("#waiting", Static).update(Content(message))

    def _session_opened(self, session: Session, module: Module) -> None:
        self.session, self.module = session, module
        self.title = module.title
        self.call_next(self.refresh_view)
        self.set_interval(self.poll_seconds, self.poll, name="players-poll")

    async def poll(self) -> None:
        """Pick up the GM's new events; redraw only when there are some."""
        if self.session is not None and self.session.poll():
            await self.refresh_view()

    async def refresh_view(self) -> None:
        from campaign.players import players_view

        if self.session is None or self.module is None:
            return
        view = players_view(self.module, self.session.state)
        if view == self.view:
            return
        self.view = view
        screen = self.query_one("#screen", VerticalScroll)
        await screen.remove_children()
        await screen.mount_all(render_sections(view))

    def action_scroll(self, pages: int) -> None:
        screen = self.query_one("#screen", VerticalScroll)
        screen.scroll_relative(y=pages * max(1, screen.size.height - 2))

    def action_handout(self) -> None:
        from campaign.tui.players.handout_screen import HandoutScreen

        if self.view is None or self.module is None or not self.view.handouts:
            self.notify("No handouts yet.", markup=False)
            return
        self.push_screen(HandoutScreen(self.module, [key for key, _ in self.view.handouts]))

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()


def make_players_app(path: Path, **options: Any) -> PlayersApp:
    """The players' app for the session file at `path`."""
    return PlayersApp(path, **options)
