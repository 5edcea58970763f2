"""No Typst package import reaches the network, however its name is spelled.

A TCP listener on 127.0.0.1 stands in for the network: the Typst child's
proxy variables point at it. First a control shows that plain Typst, given
that proxy, does connect to it to download a package; then every way a
template or a handout body can ask for a package is refused in one line
while the listener sees no connection at all.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typst
from cpu_budget import costs_under
from handout_helpers import write_template
from proxy_listener import Listener, proxy_listener

from campaign.handouts import HandoutError, render_handout, typst_sandbox
from campaign.loader import load_module


def _bytes_call(text: str) -> str:
    return "str(bytes((" + ",".join(str(byte) for byte in text.encode()) + ")))"


@pytest.fixture
def listener(monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    with proxy_listener(monkeypatch) as server:
        yield server


def test_control_plain_typst_with_that_proxy_does_connect(
    listener: Listener, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", listener.url)
    monkeypatch.setenv("https_proxy", listener.url)
    compiler = typst.Compiler(
        root=str(tmp_path),
        font_paths=[],
        ignore_system_fonts=True,
        package_path=str(tmp_path),
        package_cache_path=str(tmp_path),
    )
    with pytest.raises(typst.TypstError, match="failed to download package"):
        compiler.compile(input=b'#import "@preview/cetz:0.2.2": canvas')
    assert listener.seen.wait(5) and listener.connections


IMPORTS = {
    "spelled out": ('#import "@preview/cetz:0.2.2": canvas', "@preview/cetz:0.2.2"),
    "from bytes": (f"#import {_bytes_call('@preview/cetz:0.2.2')}: canvas", "@preview/cetz:0.2.2"),
    "concatenated": (
        '#let p = "@pre" + "view/tablex:0.0.8"\n#import p: tablex',
        "@preview/tablex:0.0.8",
    ),
    "include": (f"#include {_bytes_call('@preview/cetz:0.2.2')}", "@preview/cetz:0.2.2"),
    "other namespace": (f"#import {_bytes_call('@local/x:1.0.0')}: y", "@local/x:1.0.0"),
}


@pytest.mark.parametrize("line, package", list(IMPORTS.values()), ids=list(IMPORTS))
def test_a_templates_package_import_is_refused_without_a_connection(
    listener: Listener, spy_copy: Path, line: str, package: str
) -> None:
    write_template(spy_copy, "note.typ.j2", f"{line}\n{{{{ handout.title }}}}\n")
    module = load_module(spy_copy)
    with costs_under(10.0), pytest.raises(HandoutError) as caught:
        render_handout(module, "found-note", fmt="pdf")
    message = str(caught.value)
    assert message.startswith(f"refused: Typst packages cannot be imported ({package})")
    assert "\n" not in message and message.endswith("(handout found-note)")
    assert listener.connections == []


def test_a_bodys_package_import_prints_as_text_without_a_connection(
    listener: Listener, spy_copy: Path
) -> None:
    handouts = spy_copy / "handouts" / "handouts.yaml"
    text = handouts.read_text(encoding="utf-8").replace(
        "body: Meet me at the bridge at midnight.",
        f"body: '**a**.has(import {_bytes_call('@preview/cetz:0.2.2')})'\n# was:",
    )
    handouts.write_text(text, encoding="utf-8")
    with costs_under(10.0):
        pdf = render_handout(load_module(spy_copy), "found-note", fmt="pdf")
    assert pdf.startswith(b"%PDF")
    assert listener.connections == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_child_has_the_listener_as_every_proxy(listener: Listener, spy_copy: Path) -> None:
    render_handout(load_module(spy_copy), "found-note", fmt="pdf")
    worker = typst_sandbox._WORKER
    assert worker is not None
    environ = Path(f"/proc/{worker.process.pid}/environ").read_bytes().split(b"\0")
    env = dict(item.decode().split("=", 1) for item in environ if b"=" in item)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        assert env[name] == env[name.lower()] == listener.url
    assert worker.hello["network"] == "seccomp"
    assert listener.connections == []
