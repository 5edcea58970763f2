"""A screen's notice line: where its notifications show instead of toasts.

A toast floats over whatever is under it: the footer's keys, the journal's note
box, the clocks' keys, the text being read. On a screen with a notice line
(the GM screen and the browsers mount one above their footer) a notification
takes a line of its own, wrapped whole, until the GM presses the next key
(`CampaignApp` clears it) or the next notification replaces it. Hidden while
empty, so it costs no room until there is something to say.

Toasts still show on screens without a line (dialogs, help), and only the
ones raised on that screen (`CampaignApp._refresh_notifications`): nothing
raised on one screen floats over another's keys.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.notifications import Notification
from textual.screen import Screen
from textual.widgets import Static

SEVERITY_STYLES = {"warning": "$warning", "error": "bold $error"}


class NoticeLine(Static):
    """The latest notification, as one wrapped line above the footer."""

    DEFAULT_CSS = """
    NoticeLine {
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $boost;
        display: none;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="notice-line", markup=False)
        self.notification: Notification | None = None
        """What the line shows (None when hidden)."""

    def show(self, notification: Notification) -> None:
        self.notification = notification
        message = (
            Content.from_markup(notification.message)
            if notification.markup
            else Content(notification.message)
        )
        style = SEVERITY_STYLES.get(notification.severity, "")
        title = Content.styled(f"{notification.title}: ", "bold") if notification.title else ""
        line = Content.assemble(title, message)
        self.update(line.stylize(style) if style else line)
        self.display = True

    def clear(self) -> None:
        if self.notification is not None:
            self.notification = None
            self.update("")
            self.display = False


def notice_line(screen: Screen[Any]) -> NoticeLine | None:
    """The screen's notice line, if it has one."""
    found = screen.query(NoticeLine)
    return found.first() if found else None


def add_notice_line(screen: Screen[Any]) -> None:
    """Mount a notice line above the screen's footer (or at the end)."""
    from textual.widgets import Footer

    footers = screen.query(Footer)
    if footers:
        screen.mount(NoticeLine(), before=footers.first())
    else:
        screen.mount(NoticeLine())
