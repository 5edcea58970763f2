"""The issue's Typst cases, each as a handout body (data) and as a module's own template.

As data the payload prints as text (its Typst is escaped); as a template it
runs in the limited child and is refused: past the time limit, past the
memory cap, a panic, a package import. Every case is measured in CPU time
of this process and its children, the Typst child included (it is stopped
before the count so the kernel adds it to RUSAGE_CHILDREN).
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pypdf
import pytest
from cpu_budget import costs_under
from handout_helpers import write_template

from campaign.cli import main
from campaign.handouts import (
    Audience,
    HandoutError,
    compile_typst,
    render_handout,
    render_many,
    typst_sandbox,
)
from campaign.loader import load_module
from campaign.model import Module
from campaign.paths import bundled_modules_dir

CETZ = ",".join(str(byte) for byte in b"@preview/cetz:0.2.2")

# case: (module template line, handout body, refusal of the template)
CASES = {
    "nested loop": (
        "#for i in range(100000) { for j in range(100000) { } }",
        "**a**.has(for i in range(100000) { for j in range(100000) { } })",
        r"refused: compiling the module's Typst took longer than 5 s",
    ),
    "memory": (
        "#range(100000000).len()",
        "**a**.has(range(100000000).len())",
        r"refused: compiling the module's Typst needed more than 1,024 MB of memory",
    ),
    "panic": ('#panic("x")', '**a**.has(panic("x"))', r"typst: panicked with: x"),
    "network import": (
        f"#import str(bytes(({CETZ}))): canvas",
        f"**a**.has(import str(bytes(({CETZ}))))",
        r"refused: Typst packages cannot be imported \(@preview/cetz:0\.2\.2\)",
    ),
}
CPU_BUDGET_S = 10.0


def set_body(module_root: Path, body: str) -> None:
    """Give the fixture's found-note handout another body (JSON is YAML)."""
    path = module_root / "handouts" / "handouts.yaml"
    text = path.read_text(encoding="utf-8")
    old = "body: Meet me at the bridge at midnight. Пока. Ελλάς."
    assert old in text
    path.write_text(text.replace(old, "body: " + json.dumps(body)), encoding="utf-8")


def pdf_words(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.mark.parametrize("case", list(CASES))
def test_payload_in_a_body_prints_as_text(
    case: str, spy_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _template, body, _refusal = CASES[case]
    set_body(spy_copy, body)
    out = tmp_path / "out"
    args = ["handout", str(spy_copy), "found-note", "--format", "pdf", "--out", str(out)]
    with costs_under(CPU_BUDGET_S):
        assert main(args) == 0
    assert capsys.readouterr().err == ""
    # The whole payload is on the page as text (pypdf may break lines anywhere;
    # the note's typewriter keeps Typst's smart quotes).
    words = pdf_words((out / "found-note.pdf").read_bytes()).replace(" ", "")
    words = words.replace("\u201c", '"').replace("\u201d", '"')
    assert body.replace("**", "").replace(" ", "") in words


@pytest.mark.parametrize("case", list(CASES))
def test_payload_in_a_module_template_is_refused(
    case: str, spy_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template, _body, refusal = CASES[case]
    write_template(spy_copy, "note.typ.j2", f"{template}\n{{{{ handout.title }}}}\n")
    args = ["handout", str(spy_copy), "found-note", "--format", "pdf", "--out", str(tmp_path)]
    with costs_under(CPU_BUDGET_S):
        assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.search(refusal, err) and "(handout found-note)" in err, err
    assert not (tmp_path / "found-note.pdf").exists()


def test_one_child_serves_many_handouts_and_a_killed_one_is_replaced(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(typst_sandbox, "TYPST_SECONDS", 1.0)
    with costs_under(CPU_BUDGET_S):
        _serve_and_replace(spy_copy)


def _serve_and_replace(spy_copy: Path) -> None:
    module = load_module(spy_copy)
    results = list(render_many(module, ["orders-one", "found-note", "ledger"] * 4, fmt="pdf"))
    assert all(isinstance(result.output, bytes) for result in results)
    worker = typst_sandbox._WORKER
    assert worker is not None and worker.hello["limits"] is True
    if sys.platform.startswith("linux"):
        assert worker.hello["network"] == "seccomp"
    first = worker.process.pid
    render_handout(module, "ledger", fmt="pdf")
    assert typst_sandbox._WORKER is not None and typst_sandbox._WORKER.process.pid == first
    write_template(
        spy_copy, "note.typ.j2", "#for i in range(100000) { for j in range(100000) { } }"
    )
    module = load_module(spy_copy)
    with pytest.raises(HandoutError, match="took longer than 1 s"):
        render_handout(module, "found-note", fmt="pdf")
    assert render_handout(module, "ledger", fmt="pdf").startswith(b"%PDF")
    assert typst_sandbox._WORKER is not None and typst_sandbox._WORKER.process.pid != first


def test_every_bundled_handout_fits_in_half_the_memory_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(typst_sandbox, "TYPST_MEMORY", typst_sandbox.TYPST_MEMORY // 2)
    module = load_module(bundled_modules_dir() / "living-daylights")
    audiences: list[Audience] = ["players", "gm"]
    with costs_under(CPU_BUDGET_S):
        for audience in audiences:
            for result in render_many(module, fmt="pdf", audience=audience):
                assert result.error is None, result.error


def test_without_resource_a_modules_own_typst_is_refused(
    spy: Module, monkeypatch: pytest.MonkeyPatch
) -> None:
    with costs_under(CPU_BUDGET_S):
        monkeypatch.setitem(sys.modules, "resource", None)  # `import resource` fails here
        assert not typst_sandbox.limits_available()
        own, shared = compile_typst(spy, ["= Own template", "= Shared"], untrusted=True)
        assert isinstance(own, HandoutError) and isinstance(shared, HandoutError)
        assert own.message == (
            "refused: a module's own Typst templates need Python's resource module "
            "(Linux or macOS) to limit them; this system has none"
        )
        # The shared templates escape every value: their Typst still compiles.
        (pdf,) = compile_typst(spy, ["= Shared"], untrusted=False)
        assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


def test_a_child_that_died_between_handouts_is_replaced(spy: Module) -> None:
    with costs_under(CPU_BUDGET_S):
        (first,) = compile_typst(spy, ["= One"], untrusted=False)
        worker = typst_sandbox._WORKER
        assert isinstance(first, bytes) and worker is not None
        worker.process.kill()
        worker.process.wait()
        (second,) = compile_typst(spy, ["= Two"], untrusted=False)
        assert isinstance(second, bytes) and second.startswith(b"%PDF")
        assert typst_sandbox._WORKER is not None and typst_sandbox._WORKER is not worker


def test_a_child_that_cannot_start_is_one_line(
    spy: Module, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    typst_sandbox.shutdown()
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    (result,) = compile_typst(spy, ["= One"], untrusted=False)
    assert isinstance(result, HandoutError)
    assert result.message.startswith("the Typst compiler could not start: ")
    assert "\n" not in result.message


def test_a_reader_that_stops_early_leaves_the_rest_uncompiled(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child compiles while the next template renders; a caller who stops after the
    first PDF does not pay for the other eleven."""
    from campaign.handouts import rendering

    compiled: list[str] = []
    real = rendering.compile_source

    def counting(*args: object, **kwargs: object) -> object:
        compiled.append("one")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rendering, "compile_source", counting)
    results = render_many(load_module(spy_copy), ["orders-one", "ledger"] * 6, fmt="pdf")
    first = next(results)
    results.close()
    assert first.handout == "orders-one" and isinstance(first.output, bytes)
    assert len(compiled) <= 3, compiled
