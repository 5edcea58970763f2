"""A TCP listener on 127.0.0.1 that stands in for the network, as the Typst child's proxy."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from campaign.handouts import typst_sandbox


class Listener:
    """Accepts and records every connection to 127.0.0.1:<port>, closing each at once."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.connections: list[tuple[str, int]] = []
        self.seen = threading.Event()
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, address = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(address)
            self.seen.set()
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.server.close()


@contextmanager
def proxy_listener(monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    """A listener that the next Typst child has as every proxy."""
    server = Listener()
    monkeypatch.setattr(typst_sandbox, "PROXY_NOWHERE", server.url)
    typst_sandbox.shutdown()  # the next child starts with the listener as its proxy
    try:
        yield server
    finally:
        typst_sandbox.shutdown()
        server.close()
