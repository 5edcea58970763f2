"""The combat tracker: initiative order, turns, harm and conditions.

A thin face over `campaign.session.CombatTracker`: every key writes one
journal event, and the table is redrawn from the session's state, so a
reopened session shows the same fight (same round, turn, harm, conditions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.widgets.data_table import CellDoesNotExist

from campaign.errors import CampaignError
from campaign.session import CombatTracker, Session
from campaign.session.combat import Combatant
from campaign.tui.messages import JournalChanged, RollRequest, ShowDetail
from campaign.tui.protocols import gm_screen
from campaign.tui.screens.combat_view import (
    KEYS,
    combatant_row,
    condition_choices,
    fight_log,
    fight_status,
    name_and_number,
)
from campaign.tui.session_access import announce
from campaign.tui.widgets.prompts import AskScreen, PickScreen
from campaign.tui.widgets.roster import condition_text

if TYPE_CHECKING:
    from campaign.model import Module


def _key(name: str, action: str, description: str, tooltip: str, *, show: bool = True) -> Binding:
    return Binding(
        name, action, description, show=show, id=f"combat.{action.split('(')[0]}", tooltip=tooltip
    )


class CombatScreen(Screen[None]):
    """The fight in the session: one row per combatant, in initiative order."""

    CSS_PATH = "combat.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        _key("escape", "close", "Back", "Back to the GM screen (the fight goes on)"),
        _key(
            "a",
            "add_scene",
            "Scene NPCs",
            "Add the NPCs present in the scene (starts a fight)",
            show=False,
        ),
        _key(
            "P",
            "add_pcs",
            "PCs",
            "Add every pregenerated character not yet in the fight",
            show=False,
        ),
        _key("w", "add_named", "Named", "Add someone by name, with a health track", show=False),
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
        _key("space,n", "next_turn", "Next", "Next slot in the order; conditions tick"),
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
        _key(
            "x", "harm(0)", "Amount", "Type an amount: positive damages, negative heals", show=False
        ),
        _key("c", "condition", "Condition", "Put one of the ruleset's conditions on the selected"),
        _key("C", "end_condition", "End cond.", "End a condition on the selected one"),
        _key("r", "attack", "Attack", "Roll one of the selected one's attacks into the tray"),
        _key("enter", "stat_block", "Stats", "Open the selected one's stat block", show=False),
        _key("delete", "remove", "Remove", "Take the selected one out of the fight"),
        _key("u", "undo", "Undo", "Take back the latest event of the session", show=False),
        _key("E", "end_fight", "End fight", "End the fight (it stays in the journal)"),
    ]

    def __init__(self, module: Module, session: Session, scene_id: str | None = None) -> None:
        super().__init__()
        self.module = module
        self.session = session
        self.tracker = CombatTracker(session, module)
        self.scene_id = scene_id
        self.sub_title = "Combat tracker"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="fight-status")
        table: DataTable[Any] = DataTable(id="fight-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="fight-log")
        yield Static(KEYS, id="fight-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("", key="mark", width=1)
        table.add_column("Init", key="init", width=5)
        table.add_column("Name", key="name", width=24)
        table.add_column(self.module.ruleset.health.name, key="health", width=16)
        table.add_column("Conditions", key="conditions", width=48)
        self.refresh_view()
        table.focus()

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

    def refresh_view(self) -> None:
        """Redraw everything from the session's state."""
        state = self.tracker.state
        table = self.query_one(DataTable)
        keep = self.selected
        table.clear()
        current = {c.cid for c in state.current()}
        track = self.module.ruleset.health.track
        for combatant in state.order():
            row = combatant_row(combatant, here=combatant.cid in current, track=track)
            table.add_row(*row, key=combatant.cid)
        if keep is not None and keep.cid in state.combatants:
            table.move_cursor(row=table.get_row_index(keep.cid))
        self.set_class(not state.active, "-no-fight")
        scene = self.module.scenes.get(self.scene_id or "")
        self.query_one("#fight-status", Static).update(fight_status(state, scene))
        self.query_one("#fight-log", Static).update(fight_log(self.session))

    @on(JournalChanged)
    def _journal_changed(self, event: JournalChanged) -> None:
        self.refresh_view()

    # --- doing things -------------------------------------------------------------

    def _do(self, action: Callable[[], object], done: str = "") -> bool:
        """Run a tracker call; a refusal becomes a notification, never a crash."""
        since = self.session.state.last_seq
        try:
            action()
        except CampaignError as error:
            self.notify(str(error), title="Combat", severity="warning", markup=False)
            return False
        finally:
            self.refresh_view()
            announce(self.app, self.session, since)
        if done:
            self.notify(done, timeout=3, markup=False)
        return True

    def _ensure_fight(self) -> None:
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

    def action_add_scene(self) -> None:
        scene = self.module.scenes.get(self.scene_id or "")
        if scene is None or not scene.npcs:
            self.notify("This scene has no NPCs: w adds someone by name", severity="warning")
            return
        several = any(not isinstance(b.count, int) or b.count > 1 for b in scene.npcs)
        if not several:
            self._add_scene(scene.id, group=False)
            return

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self._add_scene(scene.id, group=answer == "group")

        self.app.push_screen(
            PickScreen(
                "Identical NPCs",
                [
                    ("group", "Group them: one initiative and one slot per kind"),
                    ("single", "Each acts on its own"),
                ],
            ),
            chosen,
        )

    def _add_scene(self, scene_id: str, *, group: bool) -> None:
        def add() -> None:
            self._ensure_fight()
            added = self.tracker.add_from_scene(scene_id, group=group)
            self.notify(f"{len(added)} joined the fight", timeout=3)

        self._do(add)

    def action_add_pcs(self) -> None:
        def add() -> None:
            self._ensure_fight()
            present = {c.ref for c in self.tracker.state.combatants.values()}
            missing = [pc_id for pc_id in self.module.pcs if pc_id not in present]
            if not self.module.pcs:
                raise CampaignError("this module has no pregenerated characters: w adds by name")
            for pc_id in missing:
                self.tracker.add_pc(pc_id)
            self.notify(f"{len(missing)} pregens joined the fight", timeout=3)

        self._do(add)

    def action_add_named(self) -> None:
        default = self.module.ruleset.health.default

        def answered(answer: str | None) -> None:
            if not answer:
                return
            name, health = name_and_number(answer)

            def add() -> None:
                self._ensure_fight()
                self.tracker.add_named(name, health=health)

            self._do(add)

        self.app.push_screen(
            AskScreen(
                "Add someone by name",
                placeholder=f"name [{self.module.ruleset.health.name.lower()}, default {default}]",
                hint="e.g. 'Kara Milovy 5'",
            ),
            answered,
        )

    def action_add_pinned(self) -> None:
        def answered(answer: str | None) -> None:
            if not answer:
                return
            name, count = name_and_number(answer)
            if count is None:
                self.notify("Give the count it acts on, e.g. 'Bomb timer 10'", severity="warning")
                return

            def add() -> None:
                assert count is not None
                self._ensure_fight()
                self.tracker.add_pinned(name, count)

            self._do(add)

        self.app.push_screen(
            AskScreen("Add a pinned slot", placeholder="name count, e.g. Bomb timer 10"), answered
        )

    def action_add_table(self) -> None:
        latest = next(
            (e for e in reversed(self.session.state.journal()) if e.kind == "table"), None
        )
        npcs = (latest.data.get("result") or {}).get("npcs", []) if latest else []
        if not npcs:
            self.notify("The latest table roll brought no NPCs", severity="warning")
            return

        def add() -> None:
            self._ensure_fight()
            for item in npcs:
                if item.get("count", 0) > 0:
                    self.tracker.add_npc(str(item["npc"]), int(item["count"]))

        self._do(add, f"From {latest.data.get('title', 'the table') if latest else ''}")

    def action_initiative(self) -> None:
        self._do(self._roll_initiative)

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
                self._do(lambda: self.tracker.set_initiative(combatant.cid, number))

        self.app.push_screen(AskScreen(f"Initiative of {combatant.name}"), answered)

    def action_next_turn(self) -> None:
        if self._do(self.tracker.next_turn):
            announcements = self.tracker.state.announcements
            if announcements:
                self.notify("\n".join(announcements), title="Turn", timeout=4, markup=False)

    def action_previous_turn(self) -> None:
        self._do(self.tracker.previous_turn)

    def action_move(self, offset: int) -> None:
        combatant = self._need_selected()
        if combatant is not None:
            self._do(lambda: self.tracker.move(combatant.cid, offset))

    def action_harm(self, sign: int) -> None:
        combatant = self._need_selected()
        if combatant is None:
            return
        verb = {1: "Damage to", -1: "Healing for", 0: "Damage (+) or healing (-) for"}[sign]

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            try:
                amount = int(answer) if answer else 1
            except ValueError:
                self.notify(f"'{answer}' is not a number", severity="warning", markup=False)
                return
            if sign:
                amount = abs(amount) * sign
            self._do(lambda: self.tracker.harm(combatant.cid, amount))

        self.app.push_screen(
            AskScreen(f"{verb} {combatant.name}", placeholder="1", hint="enter alone means 1"),
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
        choices = condition_choices(conditions)

        def chosen(answer: str | None) -> None:
            if answer:
                self._do(lambda: self.tracker.add_condition(combatant.cid, answer))

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
            self._do(lambda: self.tracker.end_condition(combatant.cid, only))
            return

        def chosen(answer: str | None) -> None:
            if answer:
                self._do(lambda: self.tracker.end_condition(combatant.cid, answer))

        choices: list[tuple[str, str | Content]] = [
            (c.condition_id, condition_text(c)) for c in combatant.conditions
        ]
        self.app.push_screen(PickScreen(f"End a condition on {combatant.name}", choices), chosen)

    def action_remove(self) -> None:
        combatant = self._need_selected()
        if combatant is not None:
            self._do(lambda: self.tracker.remove(combatant.cid))

    def action_end_fight(self) -> None:
        self._do(self.tracker.end, "The fight is over")

    def action_undo(self) -> None:
        since = self.session.state.last_seq
        event = self.session.undo()
        self.refresh_view()
        announce(self.app, self.session, since)
        if event is None:
            self.notify("Nothing to undo", severity="warning")
        else:
            self.notify(f"Undone: {event.data.get('summary', '')}", timeout=3, markup=False)

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
        combatant = self._need_selected()
        if combatant is None:
            return
        block = self._block(combatant)
        rolls: list[tuple[str, str]] = []
        for attack in getattr(block, "attacks", ()):
            if attack.roll:
                rolls.append((attack.roll, attack.name))
            if attack.damage:
                rolls.append((attack.damage, f"{attack.name} damage"))
        if not rolls:
            self.notify(
                f"{combatant.name} has no attacks to roll", severity="warning", markup=False
            )
            return
        gm = gm_screen(self.app)

        def chosen(answer: str | None) -> None:
            if answer and gm is not None:
                expression, what = rolls[int(answer)]
                gm.post_message(RollRequest(expression, source=f"{combatant.name}: {what}"))

        choices: list[tuple[str, str | Content]] = [
            (str(index), f"{what}: {expression}") for index, (expression, what) in enumerate(rolls)
        ]
        self.app.push_screen(PickScreen(f"{combatant.name} attacks", choices), chosen)
