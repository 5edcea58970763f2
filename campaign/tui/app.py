"""The Textual app and its one factory, `make_app`, used by `campaign play` and every test."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import Future
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, ScreenStackError
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.notifications import Notifications, Notify
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._toast import ToastRack
from textual.worker import Worker, WorkerState

from campaign.errors import CampaignError
from campaign.tui.first_frame import FirstFrame, read_frame, start_mode
from campaign.tui.key_names import KeyDisplay
from campaign.tui.messages import (
    JournalChanged,
    ModuleFailed,
    ModuleLoaded,
    OpenModule,
    ShowLauncher,
)
from campaign.tui.session_link import ResumeSession, SessionLink
from campaign.tui.typed_ahead import TypedAhead
from campaign.tui.widgets.notice import notice_line

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.session import Session
    from campaign.tui.protocols import CampaignHost
    from campaign.tui.screens.gm import GMScreen


def _read_module(path: Path) -> Module:
    """Import the domain and load a module (runs in a thread; raises what the loader raises).

    An unchanged module comes from the cache of validated modules.
    """
    from campaign.cache import load_module_cached

    return load_module_cached(path)


def prefetch(path: Path) -> Future[Module]:
    """Start loading a module at once, before the app runs, so Textual's own
    start-up and the module's YAML and validation overlap."""
    future: Future[Module] = Future()

    def run() -> None:
        try:
            future.set_result(_read_module(path))
        except BaseException as error:  # handed to whoever waits on the future
            future.set_exception(error)

    threading.Thread(target=run, name="campaign-prefetch", daemon=True).start()
    return future


FIRST_FRAME_CSS: list[str | PurePath] = [
    "app.tcss",
    "screens/scene.tcss",
    "screens/first_frame.tcss",
]
"""The app's stylesheet and the first frame's (`campaign.tui.screens.first_frame`)."""


class CampaignApp(KeyDisplay, App[None]):
    """The GM's terminal screen. Build it with `make_app`.

    Screens see it as a `campaign.tui.protocols.CampaignHost` and never import it.
    """

    CSS_PATH = "app.tcss"
    TITLE = "campaign"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f1,question_mark",
            "help",
            "Help",
            id="app.help",
            tooltip="List every key of this screen",
        ),
    ]

    def __init__(
        self,
        module_path: Path | None,
        *,
        seed: int | None = None,
        session: str | None = None,
        exit_when_ready: bool = False,
        cursor_blink: bool = True,
    ) -> None:
        self._frame_mode = start_mode(session, seed)
        self._first_frame: FirstFrame | None = None
        self.frame_kept = False
        """Whether the first frame is one kept from an earlier start (then it is not
        written again); one read from the module's YAML is replaced by the real one."""
        if module_path is not None and self._frame_mode is not None:
            self._first_frame = read_frame(module_path, self._frame_mode)
            self.frame_kept = self._first_frame is not None
            if self._first_frame is None:
                from campaign.tui.raw_frame import raw_frame

                self._first_frame = raw_frame(module_path, self._frame_mode)
        elif module_path is not None and session is not None:
            from campaign.tui.raw_frame import session_frame

            self._first_frame = session_frame(module_path, session)
        # A default screen's own stylesheets are never read: the first frame's come here.
        super().__init__(css_path=FIRST_FRAME_CSS if self._first_frame is not None else None)
        self.module_path = module_path
        self.seed = seed
        self.session_name = session
        """--session NAME, if given."""
        self.sessions = SessionLink(session, seed=seed)
        """The open session (see campaign.tui.session_link)."""
        self.played: Session | None = None
        """The session open when the app closed (`campaign play` says how to resume it)."""
        self.rng = random.Random(seed)
        self._raised_on: dict[str, Screen[object]] = {}
        """The screen each notification was raised on (by identity): its toast shows
        only there."""
        """Dice when no session is open (--seed without --session); a session rolls its own."""
        self.exit_when_ready = exit_when_ready
        self.cursor_blink = cursor_blink
        self.loading_path: Path | None = None
        """The module folder last asked for."""
        self.ready_seen = False
        """True once the first scene is on screen (the first frame's, or the GM screen's)."""
        self.ready_at: float | None = None
        """When the first scene was painted (`time.time()`; the start-up bench reads it)."""
        self.ready_cpu: float | None = None
        """CPU seconds (user and system) the process had used by then."""
        self.live_at: float | None = None
        """When the real GM screen had painted its first scene (after a first frame: later)."""
        self._live_seen = False
        self._prefetched: tuple[Path, Future[Module]] | None = None
        self.typed_ahead = TypedAhead(self)
        """Keys typed over the first frame, handed to the GM screen in order."""
        self._frame_shown = False
        """Whether this start showed a first frame (the module loads once it is painted)."""
        if module_path is not None and self._first_frame is None:
            self._prefetched = (module_path, prefetch(module_path))
        if session:
            self.title = f"session {session}"

    @property
    def session(self) -> Session | None:
        """The session being played (rolls, notes, scenes, clocks go into it), or None."""
        return self.sessions.session

    # --- screens ----------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        """The first frame kept for this module, if there is one (`campaign.tui.first_frame`):
        it is painted first, as a bare app's screen would be, and the module loads once
        it is up (`_painted`); the GM screen then goes over it."""
        frame, self._first_frame = self._first_frame, None
        if frame is None:
            return super().get_default_screen()
        from campaign.tui.screens.first_frame import FirstFrameScreen

        self._frame_shown = True
        if not self.frame_kept and self.session_name is None:
            # Read from the YAML: the module may yet have mistakes. (A resumed session's
            # frame keeps the session's name, which the GM screen then shows too.)
            self.title = "checking the module…"
        elif self._frame_mode == "rehearsal":
            self.title = "campaign · rehearsal: nothing is recorded"
        return FirstFrameScreen(frame)

    def on_mount(self) -> None:
        if self.module_path is None:
            self.show_launcher()
        elif self._frame_shown:
            self.loading_path = self.module_path  # loaded once the first frame is painted
        else:
            self.open_module(self.module_path)

    def _show(self, screen: Screen[None]) -> None:
        """Replace whatever main screen shows (closing dialogs) with `screen`."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_launcher(self) -> None:
        from campaign.tui.screens.launcher import LauncherScreen

        self._show(LauncherScreen())

    def open_module(self, path: Path) -> None:
        """Show a loading screen and load the module in a thread."""
        from campaign.tui.screens.loading import LoadingScreen

        self.loading_path = path
        self._show(LoadingScreen(path))
        self._load(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self, path: Path) -> None:
        from campaign.errors import ModuleError

        early, self._prefetched = self._prefetched, None
        try:
            if early is not None and early[0] == path:
                module = early[1].result()
            else:
                module = _read_module(path)
        except ModuleError as error:
            problems = [
                (
                    f"{problem.path}:{problem.line}:{problem.column}",
                    f"{problem.field}: {problem.message}" if problem.field else problem.message,
                )
                for problem in error.problems
            ]
            self.post_message(ModuleFailed(path, problems, error.title))
        except CampaignError as error:
            self.post_message(
                ModuleFailed(path, [("", line) for line in error.lines()], error.title)
            )
        else:
            self.sessions.prepare(module)
            import campaign.tui.screens.gm  # here, so the UI thread only builds it  # noqa: F401

            self.post_message(ModuleLoaded(path, module))

    @on(ModuleLoaded)
    def _loaded(self, event: ModuleLoaded) -> None:
        from campaign.tui.screens.first_frame import FirstFrameScreen
        from campaign.tui.screens.gm import GMScreen

        self.sessions.attach(self)
        self._title_session()
        typed = self.screen.typed if isinstance(self.screen, FirstFrameScreen) else []
        self._show(GMScreen(event.module))
        # Typed over the first frame: not lost. Queued behind the GM screen's own
        # mounting, they reach it as it comes up (its keys, as nothing has focus yet).
        self.typed_ahead.start(list(typed))
        failed = self.sessions.failed
        if failed is not None:
            self._ask_about_session(*failed)
        elif self.sessions.error:
            self.notify(self.sessions.error, title="Session", severity="error", markup=False)

    def _title_session(self) -> None:
        """The title bar says whether the evening is being recorded, and where (no
        "campaign ·" before a session's name: at 80 columns it cut off the module's)."""
        session = self.session
        if session is None:
            self.title = "campaign · rehearsal: nothing is recorded"
        elif session.read_only:
            self.title = f"session {session.name} (read-only: nothing is recorded)"
        else:
            self.title = f"session {session.name}"

    def _ask_about_session(self, path: Path, error: CampaignError) -> None:
        """A session that would not open: the GM chooses, nothing is silently rehearsed."""
        from campaign.session import SessionReadOnly
        from campaign.tui.screens.session_problem import Choice, SessionProblemScreen

        def chosen(choice: Choice | None) -> None:
            if choice == "read-only":
                try:
                    self.sessions.open_read_only(path)
                except CampaignError as failure:
                    self.notify(str(failure), title="Session", severity="error", markup=False)
                    self._ask_about_session(path, failure)
                    return
                gm, opened = self.gm_screen(), self.session
                if gm is not None and opened is not None:
                    gm.post_message(JournalChanged(opened.events()))
            elif choice == "rehearse":
                self.sessions.rehearse()
            else:
                self.exit(return_code=2, message=str(error))
                return
            self._title_session()

        screen = SessionProblemScreen(
            path, error.title, str(error), readable=isinstance(error, SessionReadOnly)
        )
        self.push_screen(screen, chosen)

    @on(ResumeSession)
    def _resume(self, event: ResumeSession) -> None:
        from campaign.tui.session_link import module_of_session

        try:
            folder = module_of_session(event.module_path, event.module_id)
        except CampaignError as error:
            self.notify(str(error), title="Cannot resume", severity="error", markup=False)
            return
        self.sessions.request(event.path)
        self.open_module(folder)

    def on_unmount(self) -> None:
        self.played = self.session
        self.sessions.stop()

    @on(ModuleFailed)
    def _failed(self, event: ModuleFailed) -> None:
        from campaign.tui.screens.errors import ErrorScreen

        self._show(ErrorScreen(event.path, event.problems, event.title))
        if self.exit_when_ready:  # nothing will ever be ready: say so, and stop
            self.exit(return_code=2, message=f"{event.path}: {event.title}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Any worker that dies unexpectedly becomes an error panel or a notification."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        what = f"{type(error).__name__}: {error}"
        if event.worker.group == "load" and self.loading_path is not None:
            self._failed(ModuleFailed(self.loading_path, [("", what)], "Could not load the module"))
            return
        self.notify(what, title="Something went wrong", severity="error", markup=False)

    @on(OpenModule)
    def _open(self, event: OpenModule) -> None:
        self.open_module(event.path)

    @on(ShowLauncher)
    def _launcher(self, event: ShowLauncher) -> None:
        self.show_launcher()

    def gm_screen(self) -> GMScreen | None:
        """The GM screen in the stack, if there is one (how screens reach it:
        `campaign.tui.protocols.gm_screen`)."""
        from campaign.tui.screens.gm import GMScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, GMScreen):
                return screen
        return None

    def screen_ready(self, screen: Screen[None]) -> None:
        """The first frame or the GM screen has its first scene up; once painted,
        note when (and with `exit_when_ready`, stop there: the start-up bench)."""
        from campaign.tui.screens.first_frame import FirstFrameScreen

        if not self._live_seen and not isinstance(screen, FirstFrameScreen):
            self._live_seen = True
            self.call_after_refresh(self._live, screen)  # first: `_painted` may exit
        if not self.ready_seen:
            self.ready_seen = True
            self.call_after_refresh(self._painted, screen)

    def _painted(self, screen: Screen[None]) -> None:
        from campaign.tui.screens.first_frame import FirstFrameScreen

        self.ready_at = time.time()
        self.ready_cpu = time.process_time()
        if self.exit_when_ready:
            # Timed already; widgets still mounting (the tray under a scene shown
            # first) finish before the app is taken down.
            self.call_after_refresh(self.exit)
        elif isinstance(screen, FirstFrameScreen) and self.loading_path is not None:
            self._load(self.loading_path)  # the first frame is up: now the module

    def _live(self, screen: Screen[None]) -> None:
        """The GM screen has painted its first scene: keep it as the next start's first
        frame, if this start was a fresh one (nothing recorded yet but the start)."""
        self.live_at = time.time()
        from campaign.tui.screens.first_frame import release_covered

        release_covered(self.screen_stack)
        mode, path = self._frame_mode, self.module_path
        session = self.session
        fresh = (mode == "rehearsal" and session is None) or (
            mode == "new"
            and session is not None
            and all(event.kind == "session-start" for event in session.events())
        )
        if mode is None or path is None or not fresh or self.frame_kept:
            return
        if path != self.loading_path:  # the GM opened another module meanwhile
            return
        from campaign.tui import first_frame

        target = first_frame.frame_path(path, mode)
        data = first_frame.capture(screen, path, str(screen.sub_title))
        if target is not None and data is not None:
            first_frame.write_frame(target, data)  # a few kB, once: not worth a thread

    # --- notifications: a screen's notice line, or toasts of that screen only ----------

    def on_notify(self, event: Notify) -> None:
        """After Textual has added the notification: note the screen it was raised on
        and show it in that screen's notice line, if it has one."""
        screen = self.screen
        self._raised_on[event.notification.identity] = screen
        line = notice_line(screen)
        if line is not None:
            line.show(event.notification)
        self._refresh_notifications()  # now that its screen is known

    def _refresh_notifications(self) -> None:
        """Toasts show only on the screen they were raised on, and never where a notice
        line shows them (Textual 8 shows toasts only from here): a toast raised on the
        GM screen no longer floats over the fight's or the journal's keys."""
        try:
            screen = self.screen
            rack = screen.get_child_by_type(ToastRack)
        except (ScreenStackError, NoMatches):
            return
        shown = Notifications()
        if notice_line(screen) is None:
            for notification in self._notifications:
                if self._raised_on.get(notification.identity) is screen:
                    shown.add(notification)
        for identity in [i for i in self._raised_on if i not in self._identities()]:
            del self._raised_on[identity]
        self.call_later(rack.show, shown)

    def _identities(self) -> set[str]:
        return {notification.identity for notification in self._notifications}

    async def on_event(self, event: events.Event) -> None:
        # The GM has moved on: the next key takes the notice line's message away
        # (before the key runs, so a message the key brings stays).
        if isinstance(event, events.Key) and self.typed_ahead.hold(event):
            return  # typed while earlier keys are still being handed over: after them
        if isinstance(event, events.Key) and not event.is_forwarded:
            try:
                line = notice_line(self.screen)
            except ScreenStackError:
                line = None
            if line is not None:
                line.clear()
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """Typing is never a command, even typed ahead.

        A key is forwarded to the widget focused when it arrives; keys typed right after
        `j`, `N` or `d` (a burst: tmux, a fast typist, a busy screen) were forwarded to the
        old widget before the binding moved the focus to a text box. They bubble up here
        unhandled, where the box now filters them out of every binding, so they would be
        lost: hand them to the box, in order. A printable key reaching the app while a box
        has focus is always such a key, since the box stops every printable key it gets.
        """
        focused = self.focused
        if event.is_printable and isinstance(focused, Input):
            event.prevent_default()  # no binding, no dispatch: the box takes it
            focused.post_message(events.Key(event.key, event.character))

    # --- actions ------------------------------------------------------------------

    def action_help(self) -> None:
        from campaign.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))


def make_app(
    module_path: Path | None,
    *,
    seed: int | None = None,
    session: str | None = None,
    exit_when_ready: bool = False,
    cursor_blink: bool = True,
) -> CampaignApp:
    """The app, for `campaign play` and every test.

    module_path: a module folder to open at once, or None for the module list.
    seed: seeds the app's random.Random (tests and reproducible demos).
    session: the session to play (name or path); None starts a new one, or with a seed
        none at all (a rehearsal: nothing recorded, dice from the seeded Random).
    exit_when_ready: quit as soon as the GM screen shows its first scene (startup bench).
    cursor_blink: False keeps inputs' cursors still (snapshot tests).
    """
    app = CampaignApp(
        module_path,
        seed=seed,
        session=session,
        exit_when_ready=exit_when_ready,
        cursor_blink=cursor_blink,
    )
    _host: CampaignHost = app  # for mypy: the app gives screens all that they ask of it
    return app
