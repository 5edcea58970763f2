"""Keys typed before the GM screen was ready, handed to it in the order typed.

Keys typed over a first frame (`campaign.tui.screens.first_frame`) are kept and
given to the GM screen once it is up. They are handed over one at a time, each
once the last has been acted on (every message it set off handled): a key that moves the
focus (`d` to the dice tray) has moved it before the next arrives, so
`d 2 d 6 enter` rolls rather than giving the enter to the tree that had the
focus when all five were queued. Keys the GM types while that is under way join
the end of the queue rather than overtaking it (typed at a normal pace during
start-up, `n n p d 2 d 6` came out as dice text `2nnd6`).
"""

from __future__ import annotations

import asyncio
from time import monotonic

from textual import events
from textual.app import App, ScreenStackError

SETTLE_AT_MOST = 1.0
"""Seconds to wait at the most for a key to be acted on before handing over the next."""
QUIET_CHECKS = 2
"""Looks, a moment apart, that must all find every message queue empty."""


class TypedAhead:
    """The keys still to hand over, and the one being handed over now."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.queue: list[tuple[str, str | None]] = []
        self._handing: events.Key | None = None
        self.active = False
        """Whether keys are being handed over (new ones then wait their turn)."""

    def start(self, typed: list[tuple[str, str | None]]) -> None:
        """Hand `typed` over, in order, from now."""
        self.queue = [*typed, *self.queue]
        if self.queue and not self.active:
            self.active = True
            self.app.run_worker(self._hand_over(), group="typed-ahead", exit_on_error=False)

    def hold(self, event: events.Key) -> bool:
        """Whether `event` (a key as it reaches the app) waits its turn behind the keys
        being handed over; then it is queued and must not run now."""
        if not self.active or event is self._handing or event.is_forwarded:
            return False
        self.queue.append((event.key, event.character))
        return True

    async def _hand_over(self) -> None:
        """Each key, then a wait until it has been acted on: a key goes to the focused
        widget, bubbles back up to the app for the screen's bindings, and a printable
        one may be passed on to a text box from there (`CampaignApp.on_key`), each a
        message of its own; the next key must not overtake it on the way. (Waiting for
        the process to look idle, as Textual's Pilot does, never ends while the
        pane's odds workers run.)"""
        try:
            while self.queue:
                key, character = self.queue.pop(0)
                self._handing = events.Key(key, character)
                self.app.post_message(self._handing)
                await self._acted_on()
        finally:
            self.active, self._handing = False, None

    async def _acted_on(self) -> None:
        """Until no message queue of the app or of its screen's widgets holds anything,
        on `QUIET_CHECKS` looks in a row (at most `SETTLE_AT_MOST` seconds)."""
        deadline = monotonic() + SETTLE_AT_MOST
        quiet = 0
        while quiet < QUIET_CHECKS and monotonic() < deadline:
            await asyncio.sleep(0.002)
            quiet = quiet + 1 if self._quiet() else 0

    def _quiet(self) -> bool:
        app = self.app
        if app.message_queue_size:
            return False
        try:
            screen = app.screen
        except ScreenStackError:
            return True
        return not any(node.message_queue_size for node in screen.walk_children(with_self=True))
