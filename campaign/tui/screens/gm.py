"""The GM screen: act and scene tree, the scene pane, the dice tray."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Header, Tree

from campaign.model import Module, Scene
from campaign.tui.commands import (
    BookCommands,
    DiceCommands,
    HandoutCommands,
    NPCCommands,
    SceneCommands,
    SearchCommands,
    TableCommands,
)
from campaign.tui.layout import BREAKPOINTS, tree_rows, width_class
from campaign.tui.messages import GiveHandout, GoTo, JournalChanged, RollRequest, ShowDetail
from campaign.tui.protocols import CampaignHost, host_of
from campaign.tui.reload import ReloadProblems
from campaign.tui.screens.session_screen import NARROW, SessionScreen
from campaign.tui.widgets.act_tree import ActTree, Target
from campaign.tui.widgets.continuity import GiveHandoutCommands
from campaign.tui.widgets.dice_tray import DiceTray
from campaign.tui.widgets.drawer import SessionDrawer
from campaign.tui.widgets.keys_footer import KeysFooter
from campaign.tui.widgets.scene_pane import ScenePane
from campaign.tui.widgets.showing import PlayersStrip

EXITS = Binding.Group("Follow exit")

FOOTER_FIRST = (
    *("gm.next", "gm.previous", "gm.dice", "gm.fight", "gm.cast", "gm.tables"),
    *("gm.handouts", "gm.journal", "gm.clocks", "gm.search", "gm.clue", "gm.give"),
    *("gm.undo", "gm.roster", "gm.outcome", "gm.tree", "gm.pane", "gm.modules"),
)
"""The footer's keys, most used in play first (the rest are under `? more`)."""


def _exit_bindings() -> list[BindingType]:
    return [
        Binding(
            str(number),
            f"follow_exit({number})",
            "Follow exit",
            show=False,
            group=EXITS,
            id=f"gm.exit-{number}",
            tooltip="Follow the scene's exit with that number",
        )
        for number in range(1, 10)
    ]


class GMScreen(SessionScreen):
    """Everything a GM needs while running a module."""

    CSS_PATH = ["scene.tcss", "gm.tcss"]  # noqa: RUF012 (a list, as Textual takes it)
    COMMANDS: ClassVar = {
        SceneCommands,
        NPCCommands,
        TableCommands,
        HandoutCommands,
        BookCommands,
        DiceCommands,
        GiveHandoutCommands,
        SearchCommands,
    }
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "dice", "Dice", id="gm.dice", tooltip="Open the dice tray and type a roll"),
        Binding("t", "tree", "Scenes", id="gm.tree", tooltip="Focus the act and scene tree"),
        Binding("s", "pane", "Read", id="gm.pane", tooltip="Focus the scene pane to scroll it"),
        Binding("n", "step(1)", "Next", id="gm.next", tooltip="Show the next scene in play order"),
        Binding(
            "p",
            "step(-1)",
            "Prev",
            id="gm.previous",
            tooltip="Show the previous scene in play order",
        ),
        Binding("o", "launcher", "Modules", id="gm.modules", tooltip="Back to the list of modules"),
        Binding("slash", "browse('search')", "Search", id="gm.search", tooltip="Full-text search"),
        Binding("b", "browse('cast')", "Cast", id="gm.cast", tooltip="Browse NPCs and PCs"),
        Binding("T", "browse('tables')", "Tables", id="gm.tables", tooltip="Roll tables"),
        Binding("h", "browse('handouts')", "Handouts", id="gm.handouts", tooltip="Handouts"),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            id="gm.back",
            tooltip="Leave the dice tray (closing it on a narrow screen) or the journal",
        ),
        Binding("f", "fight", "Fight", id="gm.fight", tooltip="Open the combat tracker"),
        Binding(
            "l", "location", "Map", id="gm.location", tooltip="The scene's location: map and keys"
        ),
        Binding(
            "P",
            "show_players",
            "Show",
            id="gm.show",
            tooltip="Show or hide things on the players' screen (read-aloud, NPC, map, roll)",
        ),
        Binding("R", "roster", "Roster", id="gm.roster", tooltip="PC roster and NPC fates"),
        Binding("k", "clue_found", "Clue found", id="gm.clue", tooltip="Mark a clue found"),
        Binding("g", "give_handout", "Give", id="gm.give", tooltip="Give the players a handout"),
        Binding(
            "O",
            "outcome",
            "Outcome",
            id="gm.outcome",
            tooltip="Record an outcome of the act, or a path taken",
        ),
        *_exit_bindings(),
    ]

    tray_open: reactive[bool] = reactive(True)
    """Whether the dice tray shows; toggled as the `-tray-open` class."""

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module
        self.sub_title = module.title
        self._wide = True  # set from the width in compose

    @property
    def campaign_app(self) -> CampaignHost:
        return host_of(self.app)

    def compose(self) -> ComposeResult:
        # The classes the width gives, before anything is styled: set once mounted
        # (as Textual and `on_mount` would), each restyles the whole screen.
        width = self.app.size.width
        self.add_class(width_class(width))
        self._wide = width >= NARROW
        self.set_reactive(GMScreen.tray_open, self._wide)
        self.set_class(self.tray_open, "-tray-open")
        yield Header()
        yield PlayersStrip(id="players-strip")
        yield ReloadProblems(id="reload-problems")
        with Horizontal(id="gm-body"):
            yield ActTree(self.module, id="act-tree")
            yield ScenePane(self.module, self.opening_scene(), id="scene-pane")
            yield DiceTray(self.campaign_app.rng, rules=self.module.ruleset.check, id="dice-tray")
        yield SessionDrawer(id="session-drawer")
        yield KeysFooter(first=FOOTER_FIRST)

    def on_mount(self) -> None:
        self.refresh_players_strip()
        tree = self.query_one(ActTree)
        tree.focus()
        # the cursor in the first frame drawn (as the first frame had it); scrolled to
        # once laid out, so the tree scrolls only as far as it needs to
        self._tree_to_pane(scroll=False)
        self.call_after_refresh(self._tree_to_pane)

    def _tree_to_pane(self, *, scroll: bool = True) -> None:
        """The tree's cursor on what the pane shows: the opening scene, or where keys
        typed over the first frame have moved it since."""
        shown = self.current or ("scene", self.opening_scene_id)
        rows = None if scroll else tree_rows(self.app.size.height)
        self.query_one(ActTree).show(*shown, scroll=scroll, rows=rows)

    def on_resize(self, event: events.Resize) -> None:
        """Crossing from narrow to wide (or back) puts the tray where that width keeps it:
        always open on the right when wide, closed until `d` when narrow."""
        wide = event.size.width >= NARROW
        if wide != self._wide:
            self._wide = wide
            self.tray_open = wide

    def watch_tray_open(self, tray_open: bool) -> None:
        self.set_class(tray_open, "-tray-open")

    # --- what the pane shows ----------------------------------------------------

    def show_target(self, kind: str, identifier: str) -> None:
        """Show a scene or an act and move the tree's cursor to it."""
        module = self.module
        view = module.scenes.get(identifier) if kind == "scene" else module.acts.get(identifier)
        if view is None:
            self.notify(
                f"No {kind} '{identifier}' in this module", severity="warning", markup=False
            )
            return
        self.query_one(ScenePane).view = view
        self.query_one(ActTree).show(kind, identifier)
        if isinstance(view, Scene) and self._quiet_scene != view.id:
            self.record_visit(view)  # now, before any key typed after this one is acted on

    @property
    def current(self) -> Target | None:
        view = self.query_one(ScenePane).view
        if view is None:
            return None
        return (view.kind, view.id)

    @on(Tree.NodeSelected, "#act-tree")
    def _node_selected(self, event: Tree.NodeSelected[Target]) -> None:
        if event.node.data is None and event.node.allow_expand:
            event.node.toggle()  # Book and Places show nothing themselves: Enter opens them
        elif event.node.data is not None:
            kind, identifier = event.node.data
            if kind in ("chapter", "location"):
                self.action_detail(kind, identifier)
            elif self.current != (kind, identifier):
                self.show_target(kind, identifier)

    @on(GoTo)
    def _go_to(self, event: GoTo) -> None:
        self.show_target(event.kind, event.identifier)

    @on(ScenePane.Shown)
    def _shown(self, event: ScenePane.Shown) -> None:
        self.campaign_app.screen_ready(self)

    # --- details and rolls -------------------------------------------------------

    @on(ShowDetail)
    def _show_detail(self, event: ShowDetail) -> None:
        self.action_detail(event.kind, event.identifier)

    def action_detail(self, kind: str, identifier: str) -> None:
        from campaign.tui.render import detail
        from campaign.tui.screens.detail import DetailScreen

        if kind == "location":
            self.open_location(identifier)
            return
        if kind == "chapter":
            from campaign.tui.screens.book import BookScreen

            self.app.push_screen(BookScreen(self.module, identifier))
            return
        found = detail(self.module, kind, identifier)
        if found is None:
            self.notify(
                f"No {kind} '{identifier}' in this module", severity="warning", markup=False
            )
            return
        what, title, body = found
        self.app.push_screen(DetailScreen(title, body, what))

    def open_location(self, identifier: str = "") -> None:
        """A location's map and keys: `identifier`'s, else the scene's, else pick one."""
        from campaign.model import SceneLocation
        from campaign.tui.screens.location import LocationScreen
        from campaign.tui.widgets.prompts import PickScreen

        module = self.module
        view = self.query_one(ScenePane).view
        place = view.location if isinstance(view, Scene) else None
        keys = place.keys if isinstance(place, SceneLocation) else ()
        chosen = identifier or (view.location_id if isinstance(view, Scene) else None) or ""
        if chosen in module.locations:
            self.app.push_screen(LocationScreen(module, module.locations[chosen], keys))
            return
        if not module.locations:
            self.notify("This module has no locations.", markup=False)
            return
        choices = [(key, place.name) for key, place in module.locations.items()]
        self.app.push_screen(
            PickScreen("Which location?", choices),
            lambda answer: self.open_location(answer) if answer else None,
        )

    def action_location(self) -> None:
        self.open_location()

    def action_goto(self, kind: str, identifier: str) -> None:
        self.show_target(kind, identifier)

    @on(RollRequest)
    def _roll_request(self, event: RollRequest) -> None:
        self.roll(event.expression, event.source)

    def roll(self, expression: str, source: str = "") -> None:
        """Roll into the tray (opening it) and announce the result."""
        self.tray_open = True
        tray = self.query_one(DiceTray)
        entry = tray.roll(expression, source)
        if entry is not None:
            title = f"{source}: {entry.text}" if source else f"Rolled {entry.text}"
            self.notify(entry.roll.render(), title=title, timeout=4, markup=False)

    # --- actions ------------------------------------------------------------------

    def action_dice(self) -> None:
        self.tray_open = True
        self.query_one(DiceTray).focus_input()

    def action_tree(self) -> None:
        self.query_one(ActTree).focus()

    def action_pane(self) -> None:
        self.query_one(ScenePane).focus()

    def action_back(self) -> None:
        """Escape leaves the tray (closing it where it covers the screen) or the drawer's
        lists; the GM screen itself never closes on escape."""
        tray = self.query_one(DiceTray)
        narrow = self.app.size.width < NARROW
        if tray.has_focus_within:
            if narrow:
                self.tray_open = False
            self.query_one(ActTree).focus()
        elif not self.leave_drawer() and narrow:
            self.tray_open = False

    def action_step(self, delta: int) -> None:
        order = self.query_one(ActTree).scene_order()
        if not order:
            return
        current = self.current
        if current is not None and current[0] == "scene" and current[1] in order:
            index = order.index(current[1]) + delta
        elif current is not None and current[0] == "act":
            act = self.module.acts[current[1]]
            index = order.index(act.scenes[0]) if delta > 0 else order.index(act.scenes[0]) - 1
        else:
            index = 0
        if 0 <= index < len(order):
            self.show_target("scene", order[index])
        else:
            self.app.bell()

    def action_follow_exit(self, number: int) -> None:
        if not self.query_one(ScenePane).follow_exit(number):
            self.app.bell()

    def action_launcher(self) -> None:
        """The module list over this screen: escape comes back to it as it was."""
        from campaign.tui.screens.launcher import LauncherScreen

        self.app.push_screen(LauncherScreen())

    # --- combat and continuity (campaign.tui.widgets.continuity) -------------------

    def action_fight(self) -> None:
        from campaign.tui.widgets.continuity import open_fight

        open_fight(self)

    def action_roster(self) -> None:
        from campaign.tui.widgets.continuity import open_roster

        open_roster(self)

    def action_clue_found(self) -> None:
        from campaign.tui.widgets.continuity import mark_clue

        mark_clue(self)

    def action_give_handout(self) -> None:
        from campaign.tui.widgets.continuity import give_handout

        give_handout(self)

    @on(GiveHandout)
    def _give(self, event: GiveHandout) -> None:
        """A browser's give (the handouts browser's g): the same question and event."""
        from campaign.tui.widgets.continuity import give_handout

        give_handout(self, event.handout_id)

    def action_outcome(self) -> None:
        from campaign.tui.widgets.continuity import record_outcome

        record_outcome(self)

    @on(JournalChanged)
    def _continuity_changed(self, event: JournalChanged) -> None:
        from campaign.tui.widgets.continuity import needs_redraw

        if needs_redraw(event.events):
            self.redraw_scene_pane()
        self.refresh_players_strip()

    def refresh_players_strip(self) -> None:
        """Say what the players' screen shows now."""
        from campaign.tui.session_access import current_session

        session = current_session(self.app)
        state = session.state if session is not None else None
        self.query_one(PlayersStrip).show_state(self.module, state)

    def action_show_players(self) -> None:
        from campaign.tui.widgets.showing import show_menu

        current = self.current
        show_menu(self, current[1] if current is not None and current[0] == "scene" else None)

    def redraw_scene_pane(self) -> None:
        """Draw the scene pane again (what the session recorded changed)."""
        self.call_later(self.query_one(ScenePane).redraw)

    # --- browsers -------------------------------------------------------------------

    def action_browse(self, what: str) -> None:
        """Open a browser over this screen: 'search', 'cast', 'tables' or 'handouts' (/ b T h).

        Each is imported when first opened: none is needed to show the GM screen.
        """
        app = self.app
        module = self.module
        if what == "search":
            from campaign.tui.screens.search import SearchScreen

            app.push_screen(SearchScreen(module))
        elif what == "cast":
            from campaign.tui.screens.cast import CastScreen

            app.push_screen(CastScreen(module))
        elif what == "tables":
            from campaign.tui.screens.tables import TablesScreen

            app.push_screen(TablesScreen(module))
        elif what == "handouts":
            from campaign.tui.screens.handouts import HandoutsScreen

            app.push_screen(HandoutsScreen(module))
