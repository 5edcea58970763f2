"""Any text in a handout or an NPC prints to PDF: no code runs, no network, no traceback.

Hypothesis writes handout bodies, titles, data and NPC fields from arbitrary
Unicode and from Markdown laced with Typst code (`.has(panic("x"))`, package
imports). Each example renders the players' note and the GM's dossier to PDF
through the real pipeline and the Typst child. If any Typst code from the
text ran, `panic` would stop the compile; the proxy is a local listener that
must see no connection; the canaries must be on the page; and the whole run
stays under a CPU budget, the child included.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdf
import pytest
from any_text import FIELDS, with_text
from cpu_budget import costs_under
from hypothesis import HealthCheck, given, settings
from proxy_listener import Listener, proxy_listener

from campaign.handouts import render_handout
from campaign.model import Module


def words(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join(page.extract_text() for page in pages).split())


@pytest.fixture
def listener(monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    with proxy_listener(monkeypatch) as server:
        yield server


def test_any_text_prints_to_pdf_without_running_code(spy: Module, listener: Listener) -> None:
    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(FIELDS)
    def render(fields: dict[str, str]) -> None:
        module = with_text(spy, fields)
        note = render_handout(module, "found-note", fmt="pdf")
        dossier = render_handout(module, "dossier-volkov", fmt="pdf", audience="gm")
        assert "CANARYBODY" in words(note)
        assert "CANARYNAME" in words(dossier).upper()

    with costs_under(60.0):
        render()
    assert listener.connections == []
