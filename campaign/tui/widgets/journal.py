"""The journal pane: the session's events in order, oldest at the top, newest at the
bottom (as a log reads), each with its local time; a note input below.

Undone events stay in the list, struck through, so the GM sees what `u` took
back; events written by another process (`campaign roll --session`) name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from campaign.tui.session_link import time_of

if TYPE_CHECKING:
    from campaign.model import Module
    from campaign.session import Event, Session

SHOWN_LIMIT = 500
"""The newest events listed (the whole journal stays in the session)."""

KIND_STYLES = {
    "roll": "bold cyan",
    "table": "bold magenta",
    "note": "bold yellow",
    "scene": "bold green",
    "clock": "bold red",
    "undo": "bold",
    "redo": "bold",
}

GONE = " (no longer in the module)"

MIN_TEXT_WIDTH = 12
"""Narrower than this, a line's text wraps back under the time instead of hanging."""


def describe(event: Event, module: Module | None) -> str:
    """The event's one-line summary, saying so when what it names left the module."""
    text = event.summary()
    if module is None:
        return text
    data = event.data
    if event.kind == "scene" and str(data.get("scene", "")) not in module.scenes:
        return f"Scene: {data.get('title') or data.get('scene')} ({data.get('scene')}){GONE}"
    if event.kind == "clock" and str(data.get("clock", "")) not in module.clocks:
        return text + GONE
    if event.kind == "table" and str(data.get("table", "")) not in module.tables:
        return text + GONE
    return text


KIND_WORDS = {
    "roll": "roll",
    "table": "table",
    "note": "note",
    "scene": "scene",
    "clock": "clock",
    "undo": "undo",
    "redo": "redo",
    "clue-found": "clue",
    "handout-given": "handout",
    "npc-fate": "fate",
    "outcome": "outcome",
    "alternative": "path",
    "pc-state": "agent",
    "campaign-carry": "carried",
}
"""The kind column's word for each kind; every combat kind reads 'fight' (its summary
says what happened in the fight)."""

KIND_WIDTH = max(len(word) for word in KIND_WORDS.values())
"""The kind column fits its longest word, so no word is cut."""


def kind_word(kind: str) -> str:
    """The kind column's word: 'handout' for 'handout-given', 'fight' for 'combat-next';
    a kind this version does not know is cut with '…' (the summary beside it still reads)."""
    if kind in KIND_WORDS:
        return KIND_WORDS[kind]
    if kind.startswith("combat-"):
        return "fight"
    return kind if len(kind) <= KIND_WIDTH else kind[: KIND_WIDTH - 1] + "…"


@dataclass(frozen=True, slots=True)
class HangingLine:
    """A journal line whose text, when it wraps, continues under the text column (a
    hanging indent) rather than back under the time."""

    head: Text
    """Time and kind, padded to the text column."""
    body: Text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.head.cell_len
        room = options.max_width - indent
        if room < MIN_TEXT_WIDTH:  # too narrow to hang: let the whole line wrap
            yield Text.assemble(self.head, self.body)
            return
        pad = Text(" " * indent)
        for number, line in enumerate(self.body.wrap(console, room, overflow="fold")):
            yield Text.assemble(self.head if number == 0 else pad, line)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self.head.cell_len + self.body.cell_len
        return Measurement(min(width, MIN_TEXT_WIDTH), width)


def struck(text: str) -> Text:
    """A roll's line with the dice it dropped struck through, as the tray shows them
    ('4d6kh3 [6, 5, 3, ~~1~~]' in the journal's words, Markdown's strikethrough)."""
    body = Text()
    for index, part in enumerate(text.split("~~")):
        body.append(part, style="strike" if index % 2 else "")
    return body


def journal_line(event: Event, module: Module | None, *, undone: bool, own: str) -> HangingLine:
    """'20:15:03 roll    Koskov: 2d6 (3, 4) = 7 · cli', wrapping under the text."""
    said = describe(event, module)
    body = struck(said) if event.kind == "roll" else Text(said)
    program = event.origin.split(":", 1)[0]
    if program and program != own.split(":", 1)[0]:  # another program: 'cli'
        body.append(f" · {program}", style="dim italic")
    head = Text.assemble(
        (time_of(event.at), "dim"),
        " ",
        (f"{kind_word(event.kind):<{KIND_WIDTH}}", KIND_STYLES.get(event.kind, "")),
        " ",
    )
    if undone:
        head.stylize("dim strike")
        body.stylize("dim strike")
        body.append(" (undone)", style="dim italic")
    return HangingLine(head, body)


class JournalList(OptionList):
    """The events; the newest is highlighted."""

    def on_resize(self) -> None:
        # Lines wrap anew at another width; keep the highlighted event (the newest,
        # unless the GM moved) in sight rather than wherever the old offset lands.
        self.call_after_refresh(self.scroll_to_highlight)


class NoteInput(Input):
    """The note box. Printable keys are text (Input consumes them before any binding);
    arrows and tab move into the list above, escape leaves the box for the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up,down,tab,escape",
            "to_list",
            "To the journal",
            show=False,
            id="journal.to-list",
            tooltip="Leave the note box for the list of events",
        ),
    ]

    def action_to_list(self) -> None:
        panel = self.parent
        if isinstance(panel, JournalPanel):
            panel.focus_list()


class JournalPanel(Vertical):
    """Journal list and note input."""

    DEFAULT_CSS = """
    JournalPanel {
        height: 100%;
        border: round $panel-lighten-2;
        border-title-color: $accent;
        border-title-style: bold;
        background: $surface;
    }
    JournalPanel:focus-within {
        border: round $accent;
    }
    JournalPanel JournalList, JournalPanel JournalList:focus {
        height: 1fr;
        border: none;
        background: $surface;
    }
    JournalPanel #journal-empty {
        color: $text-muted;
        padding: 0 1;
        height: auto;
    }
    JournalPanel #journal-note {
        margin: 0 1;
        width: 1fr;
    }
    """

    class NoteAdded(Message):
        """The GM typed a note and pressed Enter."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Journal"
        self.shown: list[Event] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="journal-empty", markup=False)
        yield JournalList(id="journal-list")
        note = NoteInput(
            placeholder="Add a note: type, then Enter", id="journal-note", compact=True
        )
        note.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
        yield note

    def show(self, session: Session | None, module: Module | None) -> None:
        """List the session's events (rebuilt: an undo changes earlier lines)."""
        empty = self.query_one("#journal-empty", Static)
        listing = self.query_one(JournalList)
        self.query_one("#journal-note", Input).disabled = session is None
        if session is None:
            self.shown = []
            listing.clear_options()
            empty.update("No session: a rehearsal (--seed without --session), nothing is recorded.")
            empty.display = True
            return
        state = session.state
        events = [event for event in state.events if event.kind != "session-start"]
        events = events[-SHOWN_LIMIT:]
        self.border_title = f"Journal · {session.name}"
        if not events:
            empty.update("Nothing yet: rolls, tables, notes, scenes and clocks appear here.")
        empty.display = not events
        self.shown = events
        listing.clear_options()
        listing.add_options(
            Option(
                journal_line(event, module, undone=event.seq in state.undone, own=session.origin),
                id=str(event.seq),
            )
            for event in events
        )
        if events:
            listing.highlighted = len(events) - 1
            # once laid out again, so the newest line is really in view
            listing.call_after_refresh(listing.scroll_end, animate=False)

    def focus_note(self) -> None:
        """Focus the note box at once, so keys typed right after `j` or `N` are text;
        the list when there is no session to write a note into."""
        note = self.query_one("#journal-note", Input)
        if note.disabled:
            self.focus_list()
        elif note.focusable:
            self.screen.set_focus(note)
        else:
            note.focus()

    def focus_list(self) -> None:
        self.screen.set_focus(self.query_one(JournalList))

    @on(Input.Submitted, "#journal-note")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.post_message(self.NoteAdded(text))
            event.input.value = ""
