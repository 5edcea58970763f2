"""The PC roster and NPC fates: what carries from one evening to the next.

Pregens with their harm (wound boxes), gadget uses left and notes; NPCs with
their fate and trust. Each key writes one event through
`campaign.session.Continuity`; the tables redraw from the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import CellDoesNotExist

from campaign.characters import max_health
from campaign.errors import CampaignError
from campaign.session import Continuity, Session
from campaign.session.continuity import FATES
from campaign.tui.messages import JournalChanged, ShowDetail
from campaign.tui.protocols import gm_screen
from campaign.tui.session_access import announce
from campaign.tui.widgets.keys_footer import KeysFooter
from campaign.tui.widgets.notice import add_notice_line
from campaign.tui.widgets.prompts import AskScreen, PickScreen
from campaign.tui.widgets.roster import health_cell, uses_cell, wrapped

if TYPE_CHECKING:
    from campaign.model import Module


SCROLLBAR = 2
PADDING = 2
"""A DataTable pads each cell by one on both sides."""


def share(width: int, fixed: list[int], flexible: list[int]) -> list[int]:
    """Widths of columns in a table `width` cells wide: `fixed` ones as given, the
    `flexible` ones share what is left in proportion to the weights, at least 10 each.
    Rows are added with an automatic height, so a long cell wraps rather than being cut."""
    columns = len(fixed) + len(flexible)
    left = width - SCROLLBAR - PADDING * columns - sum(fixed)
    total = sum(flexible)
    shares = [max(10, left * weight // total) for weight in flexible]
    return fixed + shares


def _key(name: str, action: str, description: str, tooltip: str, *, show: bool = True) -> Binding:
    return Binding(
        name, action, description, show=show, id=f"roster.{action.split('(')[0]}", tooltip=tooltip
    )


FOOTER_FIRST = ("roster.harm", "roster.gadget", "roster.note", "roster.fate", "roster.trust")
"""The footer's keys, most used first (the rest are under `? more`)."""


class RosterScreen(Screen[None]):
    """Pregens (harm, gadgets, notes) above, NPC fates and trust below."""

    CSS_PATH = "roster.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        _key("escape", "close", "Back", "Back to the GM screen"),
        _key("minus", "harm(1)", "Harm", "Fill the selected PC's wound boxes (asks how many)"),
        _key("plus,equals_sign", "harm(-1)", "Heal", "Clear the selected PC's wound boxes"),
        _key("g", "gadget", "Gadget", "Spend one use of one of the selected PC's gadgets"),
        _key("n", "note", "Note", "Add a note to the selected PC or NPC"),
        _key("f", "fate", "Fate", "Set the selected NPC's fate (alive, dead, captured...)"),
        _key("t", "trust", "Trust", "Set the selected NPC's trust in the agents (a number)"),
        _key("tab", "switch", "PCs/NPCs", "Switch between the PC and the NPC table"),
        _key("enter", "stat_block", "Stats", "Open the selected one's stat block", show=False),
    ]

    def __init__(self, module: Module, session: Session) -> None:
        super().__init__()
        self.module = module
        self.session = session
        self.continuity = Continuity(session, module)
        self.sub_title = "PC roster and NPC fates"
        self._width = 0
        """The width the columns were laid out for."""
        self._widths: dict[str, int] = {}
        """Each column's width (by key), to fold long cells to."""

    def compose(self) -> ComposeResult:
        yield Header()
        # the legend of the gadgets' boxes here: a column header is cut to its width
        title = Content.assemble(
            ("Player characters", "bold $accent"),
            ("  gadgets: ■ a use left, □ spent", "$text-muted"),
        )
        yield Static(title, classes="roster-title")
        pcs: DataTable[Any] = DataTable(id="roster-pcs", cursor_type="row")
        yield pcs
        yield Static(Content.styled("NPCs", "bold $accent"), classes="roster-title")
        npcs: DataTable[Any] = DataTable(id="roster-npcs", cursor_type="row", zebra_stripes=True)
        yield npcs
        yield KeysFooter(first=FOOTER_FIRST)

    def on_mount(self) -> None:
        add_notice_line(self)  # messages above the footer, never a toast over it
        self.refresh_view()
        pcs = self.query_one("#roster-pcs", DataTable)
        (pcs if self.module.pcs else self.query_one("#roster-npcs", DataTable)).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_view()

    def _columns(self) -> None:
        """Columns for the screen's width (again when it changed); cells wrap."""
        width = self.app.size.width
        if width == self._width:
            return
        self._width = width
        pcs = self.query_one("#roster-pcs", DataTable)
        pcs.clear(columns=True)
        name, health, gadgets, notes = share(width, [22, 14], [3, 2])
        pcs.add_column("Name", key="name", width=name)
        pcs.add_column(self.module.ruleset.health.name, key="health", width=health)
        pcs.add_column("Gadgets", key="gadgets", width=gadgets)
        pcs.add_column("Notes", key="notes", width=notes)
        npcs = self.query_one("#roster-npcs", DataTable)
        npcs.clear(columns=True)
        npc_name, fate, trust, note = share(width, [30, 9, 5], [1])
        npcs.add_column("Name", key="name", width=npc_name)
        npcs.add_column("Fate", key="fate", width=fate)
        npcs.add_column("Trust", key="trust", width=trust)
        npcs.add_column("Note", key="note", width=note)
        self._widths = {"name": name, "gadgets": gadgets, "notes": notes}
        self._widths |= {"npc-name": npc_name, "note": note}

    def refresh_view(self) -> None:
        self._columns()
        record = self.continuity.record
        ruleset = self.module.ruleset
        pcs = self.query_one("#roster-pcs", DataTable)
        row = pcs.cursor_row
        pcs.clear()
        for pc in self.module.pcs.values():
            state = record.pcs.get(pc.id)
            spent = state.gadget_uses if state else {}
            gadgets = Content("  ").join(
                uses_cell(g.name, spent.get(g.id, 0), g.uses) for g in pc.gadgets
            )
            notes = state.notes[-1] if state and state.notes else ""
            if state and len(state.notes) > 1:
                notes += f" (+{len(state.notes) - 1})"
            pcs.add_row(
                wrapped(Content.styled(pc.name, "bold"), self._widths.get("name", 0)),
                health_cell(
                    ruleset.health.track, max_health(ruleset, pc), state.damage if state else 0
                ),
                wrapped(gadgets, self._widths.get("gadgets", 0)),
                wrapped(Content(notes), self._widths.get("notes", 0)),
                key=pc.id,
                height=None,
            )
        if pcs.row_count:
            pcs.move_cursor(row=min(row, pcs.row_count - 1))
        npcs = self.query_one("#roster-npcs", DataTable)
        row = npcs.cursor_row
        npcs.clear()
        for npc in self.module.npcs.values():
            fate = record.fates.get(npc.id, {})
            name = fate.get("fate", "alive")
            style = {"dead": "$error", "captured": "$warning", "allied": "$success"}.get(name, "")
            trust = fate.get("trust")
            npcs.add_row(
                wrapped(Content(npc.name), self._widths.get("npc-name", 0)),
                Content.styled(name, style) if style else Content(name),
                Content("" if trust is None else f"{trust:+d}"),
                wrapped(Content(str(fate.get("note", ""))), self._widths.get("note", 0)),
                key=npc.id,
                height=None,
            )
        if npcs.row_count:
            npcs.move_cursor(row=min(row, npcs.row_count - 1))

    @on(JournalChanged)
    def _journal_changed(self, event: JournalChanged) -> None:
        self.refresh_view()

    # --- selection ------------------------------------------------------------------

    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return str(key.value)

    def _pc(self) -> str | None:
        if not self.query_one("#roster-pcs").has_focus:
            self.notify("Select a PC first (tab switches tables)", severity="warning")
            return None
        return self._selected("#roster-pcs")

    def _npc(self) -> str | None:
        if not self.query_one("#roster-npcs").has_focus:
            self.notify("Select an NPC first (tab switches tables)", severity="warning")
            return None
        return self._selected("#roster-npcs")

    def _do(self, action: Callable[[], object]) -> None:
        since = self.session.state.last_seq
        try:
            action()
        except CampaignError as error:
            self.notify(str(error), severity="warning", markup=False)
        self.refresh_view()
        announce(self.app, self.session, since)

    # --- actions --------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_switch(self) -> None:
        pcs = self.query_one("#roster-pcs", DataTable)
        npcs = self.query_one("#roster-npcs", DataTable)
        (npcs if pcs.has_focus else pcs).focus()

    def action_harm(self, sign: int) -> None:
        pc_id = self._pc()
        if pc_id is None:
            return
        name = self.module.pcs[pc_id].name

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            try:
                amount = abs(int(answer)) if answer else 1
            except ValueError:
                self.notify(f"'{answer}' is not a number", severity="warning", markup=False)
                return
            self._do(lambda: self.continuity.harm_pc(pc_id, amount * sign))

        verb = "Harm to" if sign > 0 else "Healing for"
        self.app.push_screen(
            AskScreen(f"{verb} {name}", placeholder="1", hint="enter alone means 1", numeric=True),
            answered,
        )

    def action_gadget(self) -> None:
        pc_id = self._pc()
        if pc_id is None:
            return
        pc = self.module.pcs[pc_id]
        if not pc.gadgets:
            self.notify(f"{pc.name} carries no gadgets", severity="warning", markup=False)
            return
        record = self.continuity.record.pcs.get(pc_id)
        spent = record.gadget_uses if record else {}
        choices: list[tuple[str, str | Content]] = []
        for gadget in pc.gadgets:
            used = spent.get(gadget.id, 0)
            left = "no limit" if gadget.uses is None else f"{gadget.uses - used} left"
            choices.append((gadget.id, f"{gadget.name} ({left})"))

        def chosen(answer: str | None) -> None:
            if answer:
                self._do(lambda: self.continuity.use_gadget(pc_id, answer))

        self.app.push_screen(PickScreen(f"{pc.name} uses", choices), chosen)

    def action_note(self) -> None:
        pcs = self.query_one("#roster-pcs")
        if pcs.has_focus:
            pc_id = self._selected("#roster-pcs")
            if pc_id is None:
                return

            def pc_note(answer: str | None) -> None:
                if answer:
                    self._do(lambda: self.continuity.note_pc(pc_id, answer))

            name = self.module.pcs[pc_id].name
            self.app.push_screen(AskScreen(f"Note on {name}"), pc_note)
            return
        npc_id = self._selected("#roster-npcs")
        if npc_id is None:
            return

        def npc_note(answer: str | None) -> None:
            if answer:
                self._do(lambda: self.continuity.set_fate(npc_id, note=answer))

        self.app.push_screen(AskScreen(f"Note on {self.module.npcs[npc_id].name}"), npc_note)

    def action_fate(self) -> None:
        npc_id = self._npc()
        if npc_id is None:
            return
        now = self.continuity.record.fates.get(npc_id, {}).get("fate", "alive")

        def chosen(answer: str | None) -> None:
            if answer:
                self._do(lambda: self.continuity.set_fate(npc_id, answer))

        self.app.push_screen(
            PickScreen(
                f"Fate of {self.module.npcs[npc_id].name}",
                [(fate, fate) for fate in FATES],
                highlight=FATES.index(now) if now in FATES else 0,
            ),
            chosen,
        )

    def action_trust(self) -> None:
        npc_id = self._npc()
        if npc_id is None:
            return

        def answered(answer: str | None) -> None:
            if not answer:
                return
            try:
                trust = int(answer)
            except ValueError:
                self.notify(f"'{answer}' is not a number", severity="warning", markup=False)
                return
            self._do(lambda: self.continuity.set_fate(npc_id, trust=trust))

        self.app.push_screen(
            AskScreen(
                f"Trust of {self.module.npcs[npc_id].name}",
                placeholder="e.g. 2 or -1",
                numeric=True,
            ),
            answered,
        )

    def action_stat_block(self) -> None:
        pcs = self.query_one("#roster-pcs")
        kind, table_id = ("pc", "#roster-pcs") if pcs.has_focus else ("npc", "#roster-npcs")
        identifier = self._selected(table_id)
        gm = gm_screen(self.app)
        if identifier is not None and gm is not None:
            gm.post_message(ShowDetail(kind, identifier))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_stat_block()
