"""`campaign serve`: the players' screen over HTTP and a websocket, from a real server."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from campaign.loader import load_module
from campaign.session import Session, show

LIGHTHOUSE = Path(__file__).parent / "tui" / "fixtures" / "lighthouse"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {seconds} s")


async def fetch_page_and_screen(port: int, seconds: float) -> tuple[str, str]:
    """The index page, and what the app sends over the websocket within `seconds`."""
    received: list[str] = []
    async with aiohttp.ClientSession() as client:
        async with client.get(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 200
            page = await response.text()
        url = f"http://127.0.0.1:{port}/ws?width=100&height=30"
        async with client.ws_connect(url) as websocket:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and "needles" not in "".join(received):
                try:
                    message = await websocket.receive(timeout=1.0)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    received.append(message.data.decode("utf-8", "replace"))
                elif message.type == aiohttp.WSMsgType.TEXT:
                    received.append(message.data)
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
    return page, "".join(received)


def test_serve_gives_the_page_and_a_live_players_screen(tmp_path: Path) -> None:
    module = load_module(LIGHTHOUSE)
    path = tmp_path / "evening.sqlite"
    with Session.open(path, module=module, seed=2) as gm:
        show(gm, "read-aloud", "lighthouse-door", "The Lighthouse Door")
    port = free_port()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    server = subprocess.Popen(
        [sys.executable, "-m", "campaign", "serve", str(path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        wait_for_port(port, 30)
        page, screen = asyncio.run(fetch_page_and_screen(port, 40))
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "evening" in page and "ws" in page
    assert "needles" in screen, screen[-2000:]
    first = output.splitlines()[0]
    assert first == f"players' view of evening: http://localhost:{port}"
    assert "anyone who can reach this address" in output


def test_serve_with_a_host_prints_a_qr_code_of_its_address(tmp_path: Path) -> None:
    from campaign.cli.players import serve_command

    assert serve_command("/tmp/x y.sqlite").endswith("-m campaign players '/tmp/x y.sqlite'")
    module = load_module(LIGHTHOUSE)
    path = tmp_path / "evening.sqlite"
    Session.open(path, module=module, seed=2).close()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "campaign",
            "serve",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port, 30)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert output.splitlines()[0] == f"players' view of evening: http://127.0.0.1:{port}"
    assert any(block in output for block in ("█", "▀", "▄"))  # the QR code, for phones
