"""The tables browser (`T`): every random table, its entries' exact chances, and rolls.

The left lists the tables (filter by typing: fuzzy over titles and tags). The
right shows the highlighted table's entries, each with its range (or weight)
and its exact chance under the table's die, and below them the last result as
a tree: the table, the entry rolled and its text, each inline roll, the NPCs
it brings (enter opens their stat block), and nested tables, indented.

Rolls are journalled once: with a session open, `r` rolls through the session
(`Session.roll_table`, one table event) and shows that very result; without
one (a rehearsal), the app's seeded Random rolls it. Re-rolling one step (`e`
on a line of the result) with a session rolls that step's table as a new table
event of its own, so the journal shows what was rolled again and replays it;
the tree splices the new step in where the old one was.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Input, OptionList, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from campaign.errors import CampaignError
from campaign.model import Module, RandomTable
from campaign.search import FuzzyNames
from campaign.tables import TableResult, TableRoller, replace_step
from campaign.tui.screens.browser import BrowserScreen, active_session
from campaign.tui.screens.cast import highlight
from campaign.tui.widgets.fit_tree import FitTree
from campaign.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from campaign.lint import TableOdds
    from campaign.session import Event

NodeData = tuple[str, str | int]
"""('step', index in result.steps) or ('npc', npc id)."""

_NPC_REFERENCE = re.compile(r"\[\[\s*npc:\s*([^\]\s]+)\s*\]\]")


def _shift(result: TableResult, depth: int) -> TableResult:
    """The same result at another depth (a table rolled on its own, put under a parent)."""
    return replace(result, depth=depth, nested=tuple(_shift(c, depth + 1) for c in result.nested))


def odds_rows(table: RandomTable) -> TableOdds:
    from campaign.lint import table_odds

    return table_odds(table)


ENTRY_COLUMNS = 34
"""Cells of an entry row before its result: #, range, chance, exact, padding, scrollbar."""


def _short(text: str, width: int = 72) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class TablesScreen(BrowserScreen):
    """Browse the module's random tables, see the odds, roll, re-roll a step."""

    CSS_PATH = "tables.tcss"
    FILTER = "#tables-query"
    LIST = "#tables-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "roll", "Roll", id="tables.roll", tooltip="Roll on the highlighted table"),
        Binding(
            "e",
            "reroll",
            "Re-roll step",
            id="tables.reroll",
            tooltip="Roll the highlighted step of the result again (the rest stays)",
        ),
        Binding("ctrl+f", "filter", "Filter", id="tables.filter", tooltip="Type part of a title"),
        Binding(
            "ctrl+r",  # not ctrl+e: the filter box, focused first, keeps that for 'end of line'
            "focus_result",
            "Result",
            id="tables.result",
            tooltip="Focus the result (as ctrl+r in the cast reaches the rolls)",
        ),
    ]

    def __init__(
        self, module: Module, table_id: str | None = None, *, result: TableResult | None = None
    ) -> None:
        """`result`: a roll made elsewhere (the GM screen) to show, already journalled."""
        super().__init__(module)
        self.selected = table_id or next(iter(module.tables), None)
        self.matches: list[str] = []
        self.result: TableResult | None = result
        self._filtered = ""
        """The filter text the list was last built for."""
        self._names = FuzzyNames(
            (f"{table.title} {' '.join('#' + tag for tag in table.tags)}".strip(), table.id)
            for table in module.tables.values()
        )

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="tables-body"):
            with Vertical(id="tables-side"):
                query = Input(placeholder="filter tables", id="tables-query")
                query.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
                yield query
                yield OptionList(id="tables-list")
            with Vertical(id="tables-main"):
                yield Static("", id="tables-heading")
                yield DataTable(id="tables-entries", cursor_type="row", zebra_stripes=True)
                result = FitTree[NodeData]("No roll yet: press r", id="tables-result")
                result.border_title = "Result"
                result.border_subtitle = "r roll · e re-roll a step · enter opens an NPC"
                result.show_root = False
                yield result
                yield Static("", id="tables-step")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Tables"
        entries = self.query_one("#tables-entries", DataTable)
        entries.add_columns("#", "range", "chance", "exact", "result")
        self.refilter()
        self._show_result()
        if self.result is not None:  # opened to show a roll: on it, so e re-rolls a step
            self.call_after_refresh(self.action_focus_result)

    # --- list -----------------------------------------------------------------------

    def refilter(self, *, to_top: bool = False) -> None:
        """List the tables the filter matches; `to_top` (as the GM types) highlights the
        best match, else the selected table keeps its place (opening, a resize)."""
        text = self.query_one("#tables-query", Input).value
        self._filtered = text
        found = self._names.match(text)
        self.matches = [match.value for match in found]
        options = self.query_one("#tables-list", OptionList)
        options.clear_options()
        for match in found:
            table = self.module.tables[match.value]
            title_length = len(table.title)
            line = Content.assemble(
                highlight(table.title, tuple(p for p in match.positions if p < title_length)),
                "\n",
                (" · ".join([table.die, *("#" + tag for tag in table.tags)]), "dim"),
            )
            options.add_option(Option(line, id=table.id))
        if self.selected in self.matches and not to_top:
            options.highlighted = self.matches.index(self.selected)
        elif self.matches:
            options.highlighted = 0
            self.selected = self.matches[0]  # what r would roll is what is highlighted
        self._show_table()

    @on(Input.Changed, "#tables-query")
    def _typed(self, event: Input.Changed) -> None:
        if event.value != self._filtered:
            self.refilter(to_top=True)

    @on(Input.Submitted, "#tables-query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.query_one("#tables-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#tables-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self.selected:
            self.selected = event.option.id
            self._show_table()

    @on(OptionList.OptionSelected, "#tables-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_roll()

    def on_resize(self, event: events.Resize) -> None:
        # the result column follows the width (once laid out), its rows wrap
        self.call_after_refresh(self._show_table)

    def _show_table(self) -> None:
        heading = self.query_one("#tables-heading", Static)
        entries = self.query_one("#tables-entries", DataTable)
        entries.clear(columns=True)
        entries.add_columns("#", "range", "chance", "exact")
        # a fixed width, so an entry wraps onto more lines rather than running off
        entries.add_column("result", width=max(20, entries.size.width - ENTRY_COLUMNS))
        table = self.module.tables.get(self.selected or "")
        if table is None:
            heading.update("No table matches.")
            return
        try:
            odds = odds_rows(table)
        except CampaignError as error:
            heading.update(Content(f"{table.title}: {error}"))
            return
        lines = [Content.styled(table.title, "bold $accent")]
        about = "exact" if odds.exact else "estimated"
        line = f"roll {table.die} · {len(table.entries)} entries · {about} odds"
        if table.tags:
            line += " · " + " ".join("#" + tag for tag in table.tags)
        lines.append(Content.styled(line, "$text-muted"))
        if table.description:
            lines.append(Content.styled(" ".join(table.description.split()), "italic"))
        heading.update(Content("\n").join(lines))
        for entry, chance in zip(table.entries, odds.entries, strict=True):
            extra = ""
            if entry.table:
                extra += f" → {entry.table}"
            if entry.npcs:
                extra += " (" + ", ".join(f"{b.count}× {b.npc}" for b in entry.npcs) + ")"
            entries.add_row(
                str(chance.number),
                chance.range or f"×{chance.weight}",
                f"{chance.probability:.1%}",
                _fraction(chance.exact),
                Text(" ".join((entry.result + extra).split())),
                height=None,
            )

    # --- rolling --------------------------------------------------------------------

    def action_roll(self) -> None:
        if self.selected is None:
            self.app.bell()
            return
        self.roll(self.selected)

    def roll(self, table_id: str) -> TableResult | None:
        """Roll on a table: through the session if one is open (one journal entry)."""
        session = active_session(self.app)
        try:
            if session is not None:
                event, result = session.roll_table(self.module, table_id)
                self._announce(event)
            else:
                result = TableRoller(self.module, self._rng()).roll(table_id)
        except CampaignError as error:
            self.notify(str(error), title="Cannot roll", severity="error", markup=False)
            return None
        self.result = result
        self._show_result()
        return result

    def reroll(self, step_index: int) -> TableResult | None:
        """Roll one step of the result again; the rest of the path stays."""
        if self.result is None:
            return None
        steps = self.result.steps
        if not 0 <= step_index < len(steps):
            return None
        session = active_session(self.app)
        try:
            if session is not None:
                target = steps[step_index]
                event, fresh = session.roll_table(self.module, target.table_id)
                self._announce(event)
                result = replace_step(self.result, target, _shift(fresh, target.depth))
            else:
                result = TableRoller(self.module, self._rng()).reroll_step(self.result, step_index)
        except CampaignError as error:
            self.notify(str(error), title="Cannot re-roll", severity="error", markup=False)
            return None
        self.result = result
        self._show_result(focus_step=step_index)
        return result

    def _announce(self, event: Event) -> None:
        """Tell the journal views a table event was written (as the GM screen does)."""
        sessions = getattr(self.app, "sessions", None)
        if sessions is not None and hasattr(sessions, "changed"):
            sessions.changed([event])

    def _rng(self) -> random.Random:
        rng = getattr(self.app, "rng", None)
        return rng if isinstance(rng, random.Random) else random.Random()

    def action_reroll(self) -> None:
        tree: Tree[NodeData] = self.query_one("#tables-result", Tree)
        node = tree.cursor_node
        while node is not None and (node.data is None or node.data[0] not in ("step", "inline")):
            node = node.parent
        if node is None or node.data is None or self.result is None:
            self.app.bell()
            return
        index = node.data[1]
        assert isinstance(index, int)
        self.reroll(index)

    def action_filter(self) -> None:
        self.query_one("#tables-query", Input).focus()

    def action_focus_result(self) -> None:
        self.query_one("#tables-result", Tree).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reroll":
            return self.result is not None
        return super().check_action(action, parameters)

    # --- the result tree ---------------------------------------------------------------

    def _show_result(self, focus_step: int | None = None) -> None:
        tree: Tree[NodeData] = self.query_one("#tables-result", Tree)
        tree.clear()
        self.refresh_bindings()
        if self.result is None:
            tree.root.add_leaf(Text("No roll yet: enter or r on a table rolls it", style="dim"))
            self._show_step(None)
            return
        steps = self.result.steps
        nodes: dict[int, TreeNode[NodeData]] = {}

        def add(parent: TreeNode[NodeData], step: TableResult) -> None:
            index = next(i for i, s in enumerate(steps) if s is step)
            label = Text.assemble(
                (step.title, "bold"),
                (f" ({step.die} → {step.roll.total}) ", "dim"),
                _short(step.text, 160),
            )
            node = parent.add(label, data=("step", index), expand=True)
            nodes[index] = node
            for inline in step.inline:
                node.add_leaf(
                    Text.assemble(
                        "dice ",
                        (inline.expression, "bold"),
                        f" → {inline.roll.total}  ",
                        (inline.roll.render(), "dim"),
                    ),
                    data=("inline", index),
                )
            for npc in step.npcs:
                note = f" ({_short(npc.note, 60)})" if npc.note else ""
                node.add_leaf(
                    Text.assemble(
                        "npc  ", (f"{npc.count} × ", "bold"), (npc.name, "underline"), note
                    ),
                    data=("npc", npc.npc_id),
                )
            for npc_id in _NPC_REFERENCE.findall(step.entry.result):
                if npc_id in self.module.npcs and npc_id not in {n.npc_id for n in step.npcs}:
                    node.add_leaf(
                        Text.assemble("npc  ", (self.module.npcs[npc_id].name, "underline")),
                        data=("npc", npc_id),
                    )
            for child in step.nested:
                add(node, child)
            if step.truncated:
                node.add_leaf(Text("(nested too deep: stopped)", style="italic"))

        add(tree.root, self.result)
        tree.root.expand_all()
        index = focus_step or 0
        target = nodes.get(index)
        if target is not None:  # once the new lines are laid out
            self.call_after_refresh(tree.move_cursor, target)
        self._show_step(index)

    def _show_step(self, index: int | None) -> None:
        """The full text of one step of the result, under the tree."""
        shown = self.query_one("#tables-step", Static)
        if self.result is None or index is None or not 0 <= index < len(self.result.steps):
            shown.update("")
            return
        step = self.result.steps[index]
        shown.update(
            Content.assemble(
                (f"{step.title} · entry {step.entry_index + 1} · rolled {step.roll.total}", "bold"),
                ("  ", ""),
                (step.roll.render(), "$text-muted"),
                "\n",
                step.text,
            )
        )

    @on(Tree.NodeHighlighted, "#tables-result")
    def _step_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        data = event.node.data
        if data is not None and data[0] in ("step", "inline") and isinstance(data[1], int):
            self._show_step(data[1])

    @on(Tree.NodeSelected, "#tables-result")
    def _open(self, event: Tree.NodeSelected[NodeData]) -> None:
        data = event.node.data
        if data is not None and data[0] == "npc":
            from campaign.tui.screens.cast import CastScreen

            self.app.push_screen(CastScreen(self.module, "npc", str(data[1])))


def _fraction(value: object) -> str:
    from fractions import Fraction

    if not isinstance(value, Fraction):
        return "~"
    return f"{value.numerator}/{value.denominator}"
