"""The combat tracker: initiative order, turns, harm and conditions.

A thin face over `campaign.session.CombatTracker`: every key writes one
journal event, and the table is redrawn from the session's state, so a
reopened session shows the same fight (same round, turn, harm, conditions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import CellDoesNotExist

from campaign.errors import CampaignError
from campaign.session import CombatTracker, Session
from campaign.session.combat import Combatant, harm_line
from campaign.tui.layout import NARROW_OR_WIDE
from campaign.tui.messages import JournalChanged, ShowDetail
from campaign.tui.protocols import gm_screen
from campaign.tui.screens import combat_add
from campaign.tui.screens.combat_view import (
    ENDED_KEYS,
    KEYS,
    Widths,
    column_widths,
    combatant_row,
    condition_choices,
    fight_log,
    fight_status,
    harm_amount,
    track_now,
)
from campaign.tui.session_access import announce
from campaign.tui.widgets.fight_forecast import FightForecast
from campaign.tui.widgets.fight_table import FightTable
from campaign.tui.widgets.keys_footer import KeysFooter
from campaign.tui.widgets.prompts import AskScreen, PickScreen
from campaign.tui.widgets.roster import condition_text
from campaign.tui.widgets.scene_extras import scene_fight

if TYPE_CHECKING:
    from campaign.model import Fight, Module


FOOTER_FIRST = (
    *("combat.next_turn", "combat.attack", "combat.harm", "combat.condition"),
    *("combat.remove", "combat.end_fight", "combat.initiative", "combat.end_condition"),
    *("combat.previous_turn", "combat.close", "combat.undo"),
)
"""The footer's keys, most used in a fight first (the rest are under `? more`)."""

NEEDS_A_FIGHT = frozenset(
    {
        *("initiative", "set_initiative", "next_turn", "previous_turn", "move", "harm"),
        *("condition", "end_condition", "attack", "remove", "end_fight"),
    }
)
"""Actions that only mean something while a fight runs: hidden from the footer
(and not run) before one starts and once it has ended."""

SCROLLBAR = 2
"""Cells the table keeps for its scrollbar (a dozen combatants overflow 24 rows)."""


def _key(name: str, action: str, description: str, tooltip: str, *, show: bool = True) -> Binding:
    return Binding(
        name, action, description, show=show, id=f"combat.{action.split('(')[0]}", tooltip=tooltip
    )


class CombatScreen(Screen[None]):
    """The fight in the session: one row per combatant, in initiative order."""

    CSS_PATH = "combat.tcss"
    HORIZONTAL_BREAKPOINTS = NARROW_OR_WIDE
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012 (as Screen)
    BINDINGS: ClassVar[list[BindingType]] = [
        _key("escape", "close", "Back", "Back to the GM screen (the fight goes on)"),
        _key(
            "a",
            "add_scene",
            "Scene NPCs",
            "Add the scene's declared fight, or else the NPCs present (starts a fight)",
            show=False,
        ),
        _key(
            "P",
            "add_pcs",
            "PCs",
            "Add every pregenerated character not yet in the fight",
            show=False,
        ),
        _key(
            "w",
            "add_named",
            "Named",
            "Add someone by name, with a health track (a module NPC's name: its stat block)",
            show=False,
        ),
        _key(
            "v", "add_pinned", "Pinned", "Add a scripted slot acting on a fixed count", show=False
        ),
        _key(
            "y", "add_table", "Table NPCs", "Add the NPCs the latest table roll brought", show=False
        ),
        _key("i", "initiative", "Init", "Roll initiative for everyone without one"),
        _key(
            "I",
            "set_initiative",
            "Set init",
            "Type the selected combatant's initiative",
            show=False,
        ),
        _key("n,space", "next_turn", "Next", "Next slot in the order; conditions tick"),
        _key("p", "previous_turn", "Prev", "Step back one slot (a correction)"),
        _key(
            "left_square_bracket,shift+up", "move(-1)", "Up", "Move the selected one up", show=False
        ),
        _key(
            "right_square_bracket,shift+down",
            "move(1)",
            "Down",
            "Move the selected one down",
            show=False,
        ),
        _key("minus", "harm(1)", "Dmg", "Damage the selected one (asks how much)"),
        _key("plus,equals_sign", "harm(-1)", "Heal", "Heal the selected one (asks how much)"),
        _key("x", "harm(0)", "Amount", "Type an amount: 5 damages, -5 heals", show=False),
        _key("c", "condition", "Condition", "Put one of the ruleset's conditions on the selected"),
        _key("C", "end_condition", "End cond.", "End a condition on the selected one"),
        _key("r", "attack", "Attack", "Roll one of the selected one's attacks into the tray"),
        _key("enter", "stat_block", "Stats", "Open the selected one's stat block", show=False),
        _key("delete", "remove", "Remove", "Take the selected one out of the fight"),
        _key("u", "undo", "Undo", "Take back the latest event of the session"),
        _key("U,ctrl+y", "redo", "Redo", "Restore the latest event taken back", show=False),
        _key("E", "end_fight", "End fight", "End the fight (it stays in the journal)"),
    ]

    def __init__(self, module: Module, session: Session, scene_id: str | None = None) -> None:
        super().__init__()
        self.module = module
        self.session = session
        self.tracker = CombatTracker(session, module)
        self.scene_id = scene_id
        self.sub_title = "Combat tracker"
        self.widths: Widths | None = None
        """The table's columns as last laid out (they follow the screen's width)."""
        self.targets: dict[str, str] = {}
        """Each attacker's last target (cid to cid): the next attack offers it first."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="fight-status")
        yield FightForecast(self.module, self._declared_fight(), id="fight-forecast")
        yield FightTable(id="fight-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="fight-notice", markup=False)
        with VerticalScroll(id="fight-log-box") as box:
            box.border_title = "Fight log"
            box.can_focus = False
            yield Static(id="fight-log")
        yield Static(KEYS, id="fight-keys")
        # no palette key: the palette's commands are the GM screen's, and the room
        # goes to the fight's own keys
        yield KeysFooter(first=FOOTER_FIRST, show_command_palette=False)

    def _declared_fight(self) -> Fight | None:
        """The fight the scene declares: the forecast takes its situation and policies."""
        scene = self.module.scenes.get(self.scene_id or "")
        return scene_fight(scene) if scene is not None else None

    def on_mount(self) -> None:
        self.query_one("#fight-notice", Static).display = False
        # opened (or reopened, or resumed) on whoever's turn it is: harm goes to the
        # selected row, and the first row is rarely the one acting
        self.refresh_view(follow_turn=True)
        self.query_one(DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_A_FIGHT:
            return self.tracker.state.active
        return True

    # --- the notice line --------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """The tracker's messages go to a line of its own above the fight log: a toast
        would cover the log (and the table at 24 rows). Shown as plain text until
        the next change to the fight."""
        notice = self.query_one("#fight-notice", Static)
        text = f"{title}: {message}" if title else message
        style = {"warning": "$warning", "error": "bold $error"}.get(severity, "")
        notice.update(Content.styled(" ".join(text.split()), style))
        notice.display = True

    def clear_notice(self) -> None:
        """The next thing written to the fight takes the message away (not a timer:
        a message read late is still there, and a picture of the screen is the same)."""
        self.query_one("#fight-notice", Static).display = False

    # --- drawing ------------------------------------------------------------------

    @property
    def selected(self) -> Combatant | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return self.tracker.state.combatants.get(str(key.value))

    def _columns(self) -> Widths:
        """Lay the columns out for the table's width (again when it changed)."""
        table = self.query_one(DataTable)
        health = self.module.ruleset.health
        width = (table.size.width or self.app.size.width) - SCROLLBAR
        combatants = list(self.tracker.state.combatants.values())
        widths = column_widths(combatants, health.track, width, health.name)
        if widths != self.widths or not table.columns:
            table.clear(columns=True)
            table.add_column("", key="mark", width=widths.mark)
            table.add_column("Init", key="init", width=widths.init)
            table.add_column("Name", key="name", width=widths.name)
            table.add_column(health.name, key="health", width=widths.health)
            table.add_column("Conditions", key="conditions", width=widths.conditions)
            self.widths = widths
        return widths

    def refresh_view(self, *, follow_turn: bool = False) -> None:
        """Redraw everything from the session's state; `follow_turn` selects (and
        scrolls to) the slot whose turn it is."""
        state = self.tracker.state
        table = self.query_one(DataTable)
        keep, row = self.selected, table.cursor_row
        widths = self._columns()
        table.clear()
        current = [c.cid for c in state.current()]
        track = self.module.ruleset.health.track
        for combatant in state.order():
            here = combatant.cid in current
            table.add_row(
                *combatant_row(combatant, here=here, track=track, widths=widths), key=combatant.cid
            )
        chosen = current[0] if follow_turn and current else keep.cid if keep else None
        if chosen is not None and chosen in state.combatants:
            table.move_cursor(row=table.get_row_index(chosen))
        elif table.row_count:  # the selected one has left: the next row takes its place
            table.move_cursor(row=min(row, table.row_count - 1))
        self.set_class(not state.active, "-no-fight")
        self.set_class(state.ended, "-ended")
        scene = self.module.scenes.get(self.scene_id or "")
        self.query_one("#fight-status", Static).update(fight_status(state, scene))
        self.query_one(FightForecast).follow(state)  # worked out in a worker when due
        self.query_one("#fight-keys", Static).update(ENDED_KEYS if state.ended else KEYS)
        self.refresh_bindings()  # the footer follows: an ended fight has fewer keys
        self.query_one("#fight-log", Static).update(fight_log(self.session))
        box = self.query_one("#fight-log-box", VerticalScroll)
        box.call_after_refresh(box.scroll_end, animate=False)

    @on(JournalChanged)
    def _journal_changed(self, event: JournalChanged) -> None:
        self.refresh_view()

    # --- doing things -------------------------------------------------------------

    def do(self, action: Callable[[], Any], done: str | Callable[[Any], str] = "") -> bool:
        """Run a tracker call; a refusal becomes a notification, never a crash.
        `done` is said on the notice line after: a text, or one made from the call's result."""
        self.clear_notice()
        since = self.session.state.last_seq
        try:
            result = action()
        except CampaignError as error:
            self.notify(str(error), title="Combat", severity="warning", markup=False)
            return False
        finally:
            self.refresh_view()
            announce(self.app, self.session, since)
        said = done(result) if callable(done) else done
        if said:
            self.notify(said, timeout=3, markup=False)
        return True

    def ensure_fight(self) -> None:
        if not self.tracker.state.active:
            scene = self.module.scenes.get(self.scene_id or "")
            self.tracker.start(scene.title if scene else "")

    def _need_selected(self) -> Combatant | None:
        combatant = self.selected
        if combatant is None:
            self.notify("Nobody is selected: add combatants first", severity="warning")
        return combatant

    def action_close(self) -> None:
        self.dismiss(None)

    # adding: campaign.tui.screens.combat_add

    def action_add_scene(self) -> None:
        combat_add.add_scene(self)

    def action_add_pcs(self) -> None:
        combat_add.add_pcs(self)

    def action_add_named(self) -> None:
        combat_add.add_named(self)

    def action_add_pinned(self) -> None:
        combat_add.add_pinned(self)

    def action_add_table(self) -> None:
        combat_add.add_table(self)

    def action_initiative(self) -> None:
        self.do(self._roll_initiative)

    def _roll_initiative(self) -> None:
        if self.tracker.roll_initiative() is None:
            self.notify("Everyone has an initiative already", timeout=3)

    def action_set_initiative(self) -> None:
        combatant = self._need_selected()
        if combatant is None:
            return

        def answered(answer: str | None) -> None:
            if answer:
                try:
                    number = int(answer)
                except ValueError:
                    self.notify(f"'{answer}' is not a number", severity="warning", markup=False)
                    return
                self.do(lambda: self.tracker.set_initiative(combatant.cid, number))

        self.app.push_screen(AskScreen(f"Initiative of {combatant.name}", numeric=True), answered)

    def action_next_turn(self) -> None:
        # who acts, and what ticked, are the fight log's newest line
        if self.do(self.tracker.next_turn):
            self.refresh_view(follow_turn=True)

    def action_previous_turn(self) -> None:
        if self.do(self.tracker.previous_turn):
            self.refresh_view(follow_turn=True)

    def action_move(self, offset: int) -> None:
        combatant = self._need_selected()
        if combatant is not None:
            self.do(lambda: self.tracker.move(combatant.cid, offset))

    def action_harm(self, sign: int) -> None:
        """'-' damages, '+' heals, 'x' does either ('5' damages, '-5' heals);
        the notice line then says 'Guard takes 5: HP 12 → 7/12'."""
        combatant = self._need_selected()
        if combatant is None:
            return
        health = self.module.ruleset.health
        now = track_now(combatant, health.name, health.track)
        if sign == 0:  # either: the prompt says which sign does what (it was read backwards)
            title = f"Damage to {combatant.name} (type 5; heal with -5)"
            hint = f"5 does 5 damage, -5 heals 5. Now {now}; enter alone: 1 damage."
        else:
            title = f"{'Damage to' if sign > 0 else 'Healing for'} {combatant.name}"
            hint = f"Now {now}; enter alone means 1."

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            amount = harm_amount(answer, sign)
            if amount is None:
                self.notify(f"'{answer}' is not a number", severity="warning", markup=False)
                return
            self.do(
                lambda: self.tracker.harm(combatant.cid, amount),
                done=lambda event: harm_line(event.data),
            )

        self.app.push_screen(
            AskScreen(title, placeholder="1", hint=hint, numeric=True),
            answered,
        )

    def action_condition(self) -> None:
        combatant = self._need_selected()
        if combatant is None:
            return
        conditions = self.module.ruleset.conditions
        if not conditions:
            self.notify("The ruleset has no conditions", severity="warning")
            return
        choices = condition_choices(self.module, conditions, combatant)

        def chosen(answer: str | None) -> None:
            if answer:
                self.do(lambda: self.tracker.add_condition(combatant.cid, answer))

        self.app.push_screen(PickScreen(f"Condition on {combatant.name}", choices), chosen)

    def action_end_condition(self) -> None:
        combatant = self._need_selected()
        if combatant is None:
            return
        if not combatant.conditions:
            self.notify(f"{combatant.name} has no conditions", severity="warning", markup=False)
            return
        if len(combatant.conditions) == 1:
            only = combatant.conditions[0].condition_id
            self.do(lambda: self.tracker.end_condition(combatant.cid, only))
            return

        def chosen(answer: str | None) -> None:
            if answer:
                self.do(lambda: self.tracker.end_condition(combatant.cid, answer))

        choices: list[tuple[str, str | Content]] = [
            (c.condition_id, condition_text(c)) for c in combatant.conditions
        ]
        self.app.push_screen(PickScreen(f"End a condition on {combatant.name}", choices), chosen)

    def action_remove(self) -> None:
        combatant = self._need_selected()
        if combatant is not None:
            # No question asked (the table waits for none); what was done, and its undo, is said.
            self.do(
                lambda: self.tracker.remove(combatant.cid),
                f"{combatant.name} is out of the fight · u puts them back",
            )

    def action_end_fight(self) -> None:
        self.do(self.tracker.end, "The fight is over")

    def action_undo(self) -> None:
        self._undo_or_redo("undo")

    def action_redo(self) -> None:
        self._undo_or_redo("redo")

    def _undo_or_redo(self, which: str) -> None:
        since = self.session.state.last_seq
        event = self.session.undo() if which == "undo" else self.session.redo()
        self.refresh_view()
        announce(self.app, self.session, since)
        if event is None:
            self.notify(f"Nothing to {which}", severity="warning")
        else:
            done = "Undone" if which == "undo" else "Redone"
            self.notify(f"{done}: {event.data.get('summary', '')}", timeout=3, markup=False)

    # --- stat blocks and attacks ------------------------------------------------

    def _block(self, combatant: Combatant) -> Any:
        if combatant.kind == "npc":
            return self.module.npcs.get(combatant.ref or "")
        return self.module.pcs.get(combatant.ref or "")

    def action_stat_block(self) -> None:
        combatant = self._need_selected()
        if combatant is None:
            return
        gm = gm_screen(self.app)
        if combatant.ref is None or combatant.kind not in ("npc", "pc") or gm is None:
            self.notify(f"{combatant.name} has no stat block", severity="warning", markup=False)
            return
        gm.post_message(ShowDetail(combatant.kind, combatant.ref))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_stat_block()

    def action_attack(self) -> None:
        """Roll one of the selected one's attacks at a target, into the fight log."""
        from campaign.tui.screens.combat_attack import attack

        combatant = self._need_selected()
        if combatant is not None:
            attack(self, combatant, self._block(combatant))
