"""The GM screen's session side, as a base class of `GMScreen`.

Everything the GM does that the session records: tray rolls and table rolls,
notes, scene visits, clock ticks; undo and redo; the journal (`j`) and clocks
(`c`) drawer; resuming (the scene, clocks, journal and tray history come back);
other processes' events as they arrive; and live reload of the module's files.
`GMScreen` supplies the widgets (`ScenePane`, `ActTree`, `DiceTray`,
`SessionDrawer`, `ReloadProblems`) and `show_target`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.screen import Screen

from campaign.model import Module, Scene
from campaign.tui import layout
from campaign.tui.messages import JournalChanged, TableRollRequest
from campaign.tui.protocols import CampaignHost, host_of
from campaign.tui.reload import (
    FilesChanged,
    ModuleReloaded,
    ModuleWatcher,
    ReloadFailed,
    ReloadProblems,
    problems_of,
)
from campaign.tui.widgets.act_tree import ActTree
from campaign.tui.widgets.clocks import ClockList, ClocksPanel
from campaign.tui.widgets.dice_tray import DiceTray
from campaign.tui.widgets.drawer import SessionDrawer
from campaign.tui.widgets.journal import JournalPanel
from campaign.tui.widgets.notice import add_notice_line
from campaign.tui.widgets.scene_pane import ScenePane

if TYPE_CHECKING:
    from campaign.session import Event, Session
    from campaign.tables import TableResult

NARROW = layout.NARROW
"""Below this many columns the GM screen's tray starts closed and opens at the bottom."""

REFRESHING_KINDS = {"undo", "redo"}
"""Kinds after which the scene, the tray and the clocks are worked out again."""


class SessionScreen(Screen[None]):
    """Base of the GM screen: what it records, and the views of what it recorded."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j",
            "journal",
            "Journal",
            id="gm.journal",
            tooltip="Open the journal on its note box (escape leaves it); j in its list hides it",
        ),
        Binding("c", "clocks", "Clocks", id="gm.clocks", tooltip="Show or hide the clocks"),
        Binding(
            "u", "undo", "Undo", id="gm.undo", tooltip="Take back the latest event in the journal"
        ),
        Binding(
            "U,ctrl+y",
            "redo",
            "Redo",
            show=False,
            id="gm.redo",
            tooltip="Restore the latest event taken back",
        ),
        Binding(
            "N",
            "note",
            "Note",
            show=False,
            id="gm.note",
            tooltip="Open the journal and type a note",
        ),
    ]

    module: Module
    tray_open: bool

    def __init__(self) -> None:
        super().__init__()
        self._quiet_scene: str | None = None
        """A scene shown by the app itself (resume, undo, reload), not a visit to record."""
        self._watcher: ModuleWatcher | None = None
        self.opening_scene_id = ""
        """The scene the screen opened on (set by `opening_scene` in compose)."""

    @property
    def _app(self) -> CampaignHost:
        return host_of(self.app)

    @property
    def session(self) -> Session | None:
        return self._app.session

    # --- opening ------------------------------------------------------------------

    def opening_scene(self) -> Scene:
        """The scene to open on: the session's current one if the module still has it."""
        session = self.session
        scene_id = session.state.scene if session is not None else None
        scene = self.module.scenes.get(scene_id) if scene_id else None
        chosen = scene or self.module.start_scene
        self._quiet_scene = chosen.id
        self.opening_scene_id = chosen.id
        return chosen

    def on_mount(self) -> None:
        add_notice_line(self)  # messages above the footer, never a toast over the drawer
        session = self.session
        tray = self.query_one(DiceTray)
        tray.session = self.recorder
        if session is not None:
            tray.load_history(session)
            scene_id = session.state.scene
            if scene_id and scene_id not in self.module.scenes:
                self.notify(
                    f"The session was at scene {scene_id} (no longer in the module); "
                    f"showing {self.module.start_scene.title}.",
                    title="Scene gone",
                    severity="warning",
                    markup=False,
                )
        self._refresh_drawer()
        root = getattr(self.module, "root", None)
        if root is not None and root.is_dir():
            self._watcher = ModuleWatcher(root, self._announce_change)
            self._watcher.start()

    def _announce_change(self) -> None:
        """From the watcher's thread: post_message is thread-safe."""
        self.post_message(FilesChanged())

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    # --- recording ----------------------------------------------------------------

    def _recorded(self, *events: Event | None) -> None:
        """Announce events this screen wrote (the views refresh on JournalChanged)."""
        written = [event for event in events if event is not None]
        if written:
            self._app.sessions.changed(written)

    @property
    def recorder(self) -> Session | None:
        """The session to write into: None in a rehearsal or a read-only session."""
        session = self.session
        return session if session is not None and not session.read_only else None

    def _no_session(self, what: str) -> None:
        session = self.session
        why = (
            f"Session {session.name} is read-only"
            if session is not None
            else "No session is open (a rehearsal)"
        )
        self.notify(f"{why}: {what} is not recorded.", severity="warning", markup=False)

    @on(ScenePane.Shown)
    def _visited(self, event: ScenePane.Shown) -> None:
        view = event.view
        if not isinstance(view, Scene):
            return
        if self._quiet_scene == view.id:
            self._quiet_scene = None
            return
        self.record_visit(view)

    def record_visit(self, view: Scene) -> None:
        """Write the visit to `view` into the session, unless it is already the scene
        in effect. Called as soon as the GM moves (`GMScreen.show_target`), not only once
        the pane has laid the scene out: a roll typed right after `n` (ahead of a busy
        screen) was journaled before the move, under the scene left behind."""
        session = self.recorder
        if session is not None and session.state.scene != view.id:
            self._recorded(session.visit_scene(view.id, view.title))
        elif session is not None:
            self._refresh_drawer()  # the act's clocks come first

    @on(DiceTray.Rolled)
    def _rolled(self, event: DiceTray.Rolled) -> None:
        session = self.session
        if session is not None and event.entry.seq is not None:
            self._recorded(session.state.by_seq(event.entry.seq))

    @on(TableRollRequest)
    def _table_roll(self, event: TableRollRequest) -> None:
        from campaign.errors import CampaignError
        from campaign.tables import TableRoller

        session = self.recorder
        try:
            if session is not None:
                written, result = session.roll_table(self.module, event.table_id)
            else:
                written, result = None, TableRoller(self.module, self._app.rng).roll(event.table_id)
        except (CampaignError, KeyError) as error:
            self.notify(str(error), title="Cannot roll the table", severity="error", markup=False)
            return
        self._recorded(written)
        self.show_table_result(result)

    def show_table_result(self, result: TableResult) -> None:
        """The result where it stays until the GM moves on: the tables browser on that
        table, its result pane showing this roll (wrapped, whole at 80x24; e re-rolls a
        step), not a toast that vanishes. Escape comes back here."""
        from campaign.tui.screens.tables import TablesScreen

        self.app.push_screen(TablesScreen(self.module, result.table_id, result=result))

    @on(JournalPanel.NoteAdded)
    def _note(self, event: JournalPanel.NoteAdded) -> None:
        session = self.recorder
        if session is None:
            self._no_session("the note")
            return
        self._recorded(session.note(event.text))

    @on(ClockList.Tick)
    def _tick(self, event: ClockList.Tick) -> None:
        session = self.recorder
        clock = self.module.clocks.get(event.clock_id)
        if session is None:
            self._no_session("the clock")
            return
        if clock is None:
            self.notify(
                f"Clock {event.clock_id} is no longer in the module",
                severity="warning",
                markup=False,
            )
            return
        before = session.state.clocks.get(clock.id)
        filled = before.filled if before is not None else min(clock.start, clock.segments)
        if not 0 <= filled + event.delta <= clock.segments:
            self.app.bell()
            return
        written = session.change_clock(
            clock.id, event.delta, name=clock.name, segments=clock.segments, start=clock.start
        )
        after = session.state.clocks.get(clock.id)
        if after is not None and after.full and filled < clock.segments:
            self.notify(
                clock.when_full.strip(),
                title=f"{clock.name} is full",
                severity="warning",
                timeout=15,
                markup=False,
            )
        self._recorded(written)

    # --- showing what was recorded --------------------------------------------------

    @on(JournalChanged)
    def _journal_changed(self, event: JournalChanged) -> None:
        session = self.session
        if session is None:
            return
        kinds = {getattr(item, "kind", "") for item in event.events}
        tray = self.query_one(DiceTray)
        known = {entry.seq for entry in tray.history}
        if kinds & REFRESHING_KINDS or any(
            getattr(item, "kind", "") == "roll" and getattr(item, "seq", None) not in known
            for item in event.events
        ):
            tray.load_history(session)
        if kinds & REFRESHING_KINDS:
            self._follow_session_scene(session)
        self._refresh_drawer()

    def _follow_session_scene(self, session: Session) -> None:
        """After an undo or redo, show the scene the session is at (if it changed)."""
        scene_id = session.state.scene
        pane = self.query_one(ScenePane)
        current = pane.view.id if pane.view is not None else None
        if scene_id is None or scene_id == current:
            return
        if scene_id not in self.module.scenes:
            self.notify(
                f"Scene {scene_id} (no longer in the module)", severity="warning", markup=False
            )
            return
        self._quiet_scene = scene_id
        self.show_target("scene", scene_id)

    def _current_scene_id(self) -> str | None:
        view = self.query_one(ScenePane).view
        if isinstance(view, Scene):
            return view.id
        session = self.session
        return session.state.scene if session is not None else None

    def _refresh_drawer(self) -> None:
        drawer = self.query_one(SessionDrawer)
        if drawer.journal_open:
            self.query_one(JournalPanel).show(self.session, self.module)
        if drawer.clocks_open:
            self.query_one(ClocksPanel).show(self.module, self.session, self._current_scene_id())

    def show_target(self, kind: str, identifier: str) -> None:
        raise NotImplementedError  # GMScreen shows scenes and acts

    # --- actions ------------------------------------------------------------------

    def _open_drawer(self, which: str) -> None:
        drawer = self.query_one(SessionDrawer)
        panel = self.query_one(JournalPanel if which == "journal" else ClocksPanel)
        is_open = drawer.journal_open if which == "journal" else drawer.clocks_open
        if is_open and panel.has_focus_within:
            setattr(drawer, f"{which}_open", False)
            self.query_one(ActTree).focus()
            return
        setattr(drawer, f"{which}_open", True)
        if self.app.size.width < NARROW:
            self.tray_open = False
        self._refresh_drawer()
        if isinstance(panel, JournalPanel):  # `j` is for writing: keys typed next are the note
            panel.focus_note()
        else:
            self.set_focus(panel.query_one("#clock-list"))

    def leave_drawer(self) -> bool:
        """Escape in the journal's or the clocks' list: back to the act tree (the drawer
        stays open). False when the focus was not in the drawer."""
        if not self.query_one(SessionDrawer).has_focus_within:
            return False
        self.query_one(ActTree).focus()
        return True

    def action_journal(self) -> None:
        self._open_drawer("journal")

    def action_clocks(self) -> None:
        self._open_drawer("clocks")

    def action_note(self) -> None:
        """`N`: the journal, on its note box, whatever has the focus."""
        if self.session is None:
            self._no_session("a note")
            return
        drawer = self.query_one(SessionDrawer)
        drawer.journal_open = True
        self._refresh_drawer()
        self.query_one(JournalPanel).focus_note()

    def action_undo(self) -> None:
        self._undo_or_redo("undo")

    def action_redo(self) -> None:
        self._undo_or_redo("redo")

    def _undo_or_redo(self, which: str) -> None:
        session = self.recorder
        if session is None:
            self._no_session(which)
            return
        event = session.undo() if which == "undo" else session.redo()
        if event is None:
            self.notify(f"Nothing to {which}", timeout=3)
            self.app.bell()
            return
        done = "Undone" if which == "undo" else "Redone"
        self.notify(str(event.data.get("summary", "")), title=done, timeout=4, markup=False)
        self._recorded(event)

    # --- live reload ----------------------------------------------------------------

    @on(FilesChanged)
    def _files_changed(self) -> None:
        self._reload(self.module.root)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reload")
    def _reload(self, root: Path) -> None:
        from campaign.errors import CampaignError
        from campaign.loader import load_module

        try:
            module = load_module(root)
        except CampaignError as error:
            self.post_message(ReloadFailed(error.title, problems_of(error, root)))
        else:
            self.post_message(ModuleReloaded(module))

    @on(ReloadFailed)
    def _reload_failed(self, event: ReloadFailed) -> None:
        self.query_one(ReloadProblems).show_problems(event.title, event.problems)

    @on(ModuleReloaded)
    def _module_reloaded(self, event: ModuleReloaded) -> None:
        self.query_one(ReloadProblems).clear_problems()
        self.swap_module(event.module)

    def swap_module(self, module: Module) -> None:
        """Use a new version of the module, keeping the GM's place."""
        self.module = module
        self.sub_title = module.title
        self.query_one(ActTree).rebuild(module)
        pane = self.query_one(ScenePane)
        pane.module = module
        view = pane.view
        if view is not None:
            fresh = (module.scenes if view.kind == "scene" else module.acts).get(view.id)
            if fresh is None:
                self.notify(
                    f"{view.kind.capitalize()} {view.id} is no longer in the module; "
                    "it stays on screen until you move on.",
                    severity="warning",
                    markup=False,
                )
            elif fresh != view:
                self._quiet_scene = fresh.id if isinstance(fresh, Scene) else None
                pane.view = fresh
        self._refresh_drawer()
        self.notify("Module reloaded", timeout=2)
