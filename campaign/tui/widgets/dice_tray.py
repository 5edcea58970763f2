"""The dice tray: type an expression, see errors and odds as you type, roll, re-roll.

The tray rolls with the `random.Random` it is given (the app's own, seedable
for tests). Compiling is cheap and cached, so errors show on every keystroke;
exact odds can take longer and come from a thread worker, newest wins.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Static
from textual.widgets.input import Selection
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from campaign.dice import DiceError, Roll
from campaign.dice import compile as compile_dice
from campaign.errors import CampaignError
from campaign.session.events import kept_reading, roll_target
from campaign.tui.tray_words import HINT, PLACEHOLDER, PLACEHOLDER_AWAY, TITLE

if TYPE_CHECKING:
    from campaign.model import CheckRules
    from campaign.session import Session

HISTORY_LIMIT = 200
"""Rolls kept in the tray's history."""

_VS = re.compile(r"^(?P<expression>.*?)\s+vs\.?\s*(?P<target>[+-]?\d+)\s*$", re.IGNORECASE)


def split_target(text: str) -> tuple[str, int | None]:
    """'2d6+3 vs 9' -> ('2d6+3', 9); '2d6+3' -> ('2d6+3', None)."""
    match = _VS.match(text.strip())
    if match is None:
        return text.strip(), None
    return match.group("expression").strip(), int(match.group("target"))


@dataclass(frozen=True, slots=True)
class TrayRoll:
    """One roll in the history: what was typed, the target if any, the result."""

    text: str
    target: int | None
    roll: Roll
    seq: int | None = None
    """The session event that recorded it (None outside a session)."""
    source: str = ""
    """Who or what rolled ('Koskov: Service pistol')."""
    rules: CheckRules | None = None
    """The module's checks: 'vs 9' reads as they read a check (under for roll-under, a
    partial success where they have one); without them, reaching the number succeeds."""
    said: tuple[str, bool] | None = None
    """How the roll was read when it was made, as its event keeps it: an attack's 'miss'
    against a defence is not a check's 'success at a cost', so this wins over `rules`."""

    @property
    def reached(self) -> bool | None:
        if self.target is None:
            return None
        if self.said is not None:
            return self.said[1]
        return read_vs(self.rules, self.roll.total, self.target)[1]

    def verdict(self) -> str:
        """'reached' or 'missed', or the module's own result ('success at a cost')."""
        if self.said is not None:
            return self.said[0]
        return read_vs(self.rules, self.roll.total, self.target)[0]

    def prompt(self) -> Text:
        """How the roll reads in the history: total first, then the breakdown."""
        line = Text.assemble((f"{self.roll.total:>4}", "bold"), "  ")
        if self.source:
            line.append(f"{self.source}: ", style="italic")
        line.append_text(self.roll.__rich__())
        if self.target is not None:
            line.append(
                f"  vs {self.target}: {self.verdict()}", style="bold" if self.reached else "dim"
            )
        return line


def read_vs(rules: CheckRules | None, total: int, target: int | None) -> tuple[str, bool]:
    """A total against a typed 'vs N' in the module's words, and whether it succeeds:
    at or under N for roll-under, the module's result tiers where it has them."""
    if target is None:
        return "", False
    if rules is None or rules.family == "bands":
        return ("reached", True) if total >= target else ("missed", False)
    from campaign.checks.reading import SUCCESS_TIERS, read_total

    tier = read_total(rules, total, target)
    succeeds = tier.id in SUCCESS_TIERS or tier.id == "partial"
    return tier.label.lower(), succeeds


def describe_odds(text: str, target: int | None, under: bool = False) -> str:
    """One line of exact odds for an expression: mean, range, chance to reach the target
    (to roll it or under, for a roll-under module)."""
    from campaign.dice import odds

    outcome = odds(text)
    about = "" if outcome.exact else "≈ "
    line = f"{about}mean {outcome.mean:.1f} · {outcome.min}–{outcome.max}"
    if target is not None and under:
        line += f" · ≤{target}: {about}{1 - outcome.p_at_least(target + 1):.1%}"
    elif target is not None:
        line += f" · ≥{target}: {about}{outcome.p_at_least(target):.1%}"
    return line


class RollHistory(OptionList):
    """The tray's rolls, newest first; Enter or `r` rolls the highlighted one again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "reroll",
            "Re-roll",
            id="dice.reroll",
            tooltip="Roll the highlighted expression again",
        ),
    ]

    class Reroll(Message):
        """The GM asked to roll a history entry again."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def action_reroll(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Reroll(self.highlighted))


class DiceTray(Vertical):
    """Expression input, live error or odds line, and the roll history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+l",
            "clear_history",
            "Clear rolls",
            id="dice.clear",
            tooltip="Forget the rolls in the tray's history",
        ),
    ]

    error: reactive[str] = reactive("")
    """The compile error of what is typed, or ''."""
    odds_line: reactive[str] = reactive("")
    """Exact odds of what is typed, once worked out."""

    class Rolled(Message):
        """A roll was made in the tray (for whoever keeps a journal)."""

        def __init__(self, entry: TrayRoll) -> None:
            super().__init__()
            self.entry = entry

    class OddsReady(Message):
        def __init__(self, text: str, line: str) -> None:
            super().__init__()
            self.text = text
            self.line = line

    def __init__(
        self, rng: random.Random, *, rules: CheckRules | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.rng = rng
        self.rules = rules
        """The module's checks, which say how 'vs N' reads."""
        self.session: Session | None = None
        """When set, rolls go into the session's journal and take its dice."""
        self.history: list[TrayRoll] = []
        self.border_title = TITLE

    @property
    def _under(self) -> bool:
        return self.rules is not None and self.rules.family == "roll-under"

    def compose(self) -> ComposeResult:
        expression = Input(placeholder=PLACEHOLDER_AWAY, id="dice-input")
        expression.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
        yield expression
        yield Static(HINT, id="dice-feedback", markup=False)
        yield RollHistory(id="dice-history")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input):
            event.widget.placeholder = PLACEHOLDER

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, Input):
            event.widget.placeholder = PLACEHOLDER_AWAY

    # --- typing ---------------------------------------------------------------

    @on(Input.Changed, "#dice-input")
    def _typed(self, event: Input.Changed) -> None:
        text, target = split_target(event.value)
        self.odds_line = ""
        if not text:
            self.error = ""
            self._feedback(HINT)
            return
        try:
            compile_dice(text)
        except DiceError as error:
            self.error = f"column {error.column}: {error.message}"
            return
        except CampaignError as error:
            self.error = str(error)
            return
        self.error = ""
        self._feedback("working out the odds…")
        self._work_out_odds(event.value, text, target)

    def watch_error(self, error: str) -> None:
        self.set_class(bool(error), "-error")
        # `query`, not `query_one`: Textual runs this watcher once the tray is mounted,
        # and a GM who quits while the tray is still mounting leaves it without children.
        for expression in self.query("#dice-input").results(Input):
            expression.set_class(bool(error), "-invalid")
        if error:
            self._feedback(f"✗ {error}")

    def watch_odds_line(self, line: str) -> None:
        if line:
            self._feedback(line)

    def _feedback(self, line: str) -> None:
        for feedback in self.query("#dice-feedback").results(Static):
            feedback.update(line)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dice-odds")
    def _work_out_odds(self, typed: str, text: str, target: int | None) -> None:
        try:
            line = describe_odds(text, target, self._under)
        except CampaignError as error:
            line = f"odds not available: {error}"
        if not get_current_worker().is_cancelled:
            self.post_message(self.OddsReady(typed, line))

    @on(OddsReady)
    def _odds_ready(self, event: OddsReady) -> None:
        if event.text == self.query_one("#dice-input", Input).value and not self.error:
            self.odds_line = event.line

    # --- rolling --------------------------------------------------------------

    @on(Input.Submitted, "#dice-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() and self.roll(event.value) is not None:
            # Enter rolls it again; typing replaces it.
            event.input.selection = Selection(0, len(event.value))

    def roll(self, typed: str, source: str = "") -> TrayRoll | None:
        """Roll what the GM typed ('2d6+3' or '2d6+3 vs 9'); errors become a notification."""
        text, target = split_target(typed)
        seq: int | None = None
        try:
            if self.session is not None:
                rules = self.rules
                event, roll = self.session.roll(
                    text,
                    source=source,
                    target=target,
                    read=lambda total: read_vs(rules, total, target),
                )
                seq = event.seq
            else:
                roll = compile_dice(text).roll(self.rng)
        except CampaignError as error:
            self.notify(str(error), title="Cannot roll", severity="error", markup=False)
            return None
        entry = TrayRoll(text, target, roll, seq, source, self.rules)
        self.history.insert(0, entry)
        del self.history[HISTORY_LIMIT:]
        self._show_history()
        self.post_message(self.Rolled(entry))
        return entry

    def load_history(self, session: Session) -> None:
        """The history as the session's journal has it: its rolls in effect, newest first
        (after a resume, an undo, or a roll from another process)."""
        rolls = [event for event in session.state.journal() if event.kind == "roll"]
        history: list[TrayRoll] = []
        for event in reversed(rolls[-HISTORY_LIMIT:]):
            try:
                roll = Roll.from_dict(event.data)
            except (KeyError, TypeError, ValueError):  # a malformed entry: leave it out
                continue
            source = str(event.data.get("source", ""))
            target = roll_target(event.data)  # kept in the event: a resume still has it
            entry = TrayRoll(roll.expression, target, roll, event.seq, source, self.rules)
            history.append(replace(entry, said=kept_reading(event.data)))
        self.history = history
        self._show_history()

    def _show_history(self) -> None:
        history = self.query_one(RollHistory)
        history.clear_options()
        history.add_options(Option(entry.prompt()) for entry in self.history)
        if self.history:
            history.highlighted = 0

    @on(RollHistory.Reroll)
    def _reroll(self, event: RollHistory.Reroll) -> None:
        self._roll_again(event.index)

    @on(OptionList.OptionSelected, "#dice-history")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._roll_again(event.option_index)

    def _roll_again(self, index: int) -> None:
        if 0 <= index < len(self.history):
            entry = self.history[index]
            typed = entry.text if entry.target is None else f"{entry.text} vs {entry.target}"
            self.roll(typed, entry.source)

    def action_clear_history(self) -> None:
        self.history.clear()
        self._show_history()

    # --- focus ----------------------------------------------------------------

    def focus_input(self) -> None:
        """Focus the expression at once, so keys typed right after `d` land in it."""
        expression = self.query_one("#dice-input", Input)
        if expression.focusable:
            self.screen.set_focus(expression)
        else:  # the tray was hidden: focus once it shows
            expression.focus()
