"""A limit hit on a module's own text is placed at the YAML field that holds it.

The shared templates are the toolkit's: when one of them refuses because the
text it was handed is too big (250 KB of `<` becomes 1 MB of `&lt;`), the
problem is the handout's field, so the message names that field's
`file:line:column`, says how big the text is and which shared template line
printed it, never blames "the template".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from render_costs import costs_under

from campaign.cli import main
from campaign.handouts import guards, typst_sandbox


def _add(module_root: Path, document: dict[str, object]) -> tuple[Path, int]:
    """Append a handout document; the line its body is written on."""
    handouts = module_root / "handouts" / "handouts.yaml"
    before = handouts.read_text(encoding="utf-8")
    lines = [f"{key}: {json.dumps(value)}" for key, value in document.items()]
    handouts.write_text(before + "---\n" + "\n".join(lines) + "\n", encoding="utf-8")
    body_line = before.count("\n") + 2 + list(document).index("body")
    return handouts, body_line


def test_an_html_refusal_on_a_big_body_points_at_the_body(
    spy_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A body within the text limit always renders now (the markup filters allow for
    # escaping's growth), so the value limit is lowered to make this one too big.
    monkeypatch.setattr(guards, "MAX_VALUE", 1_000_000 // guards.MARKUP_GROWTH)
    document = {"id": "angles", "title": "Angles", "type": "note", "body": "<" * 250_000}
    handouts, line = _add(spy_copy, document)
    with costs_under(6):
        code = main(["handout", str(spy_copy), "angles", "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert re.fullmatch(
        re.escape(f"campaign: {handouts}:{line}:7: body: refused: the markdown filter makes a ")
        + r"value of 1,000,0\d\d items "
        + re.escape(
            "(limit 1,000,000) (a text of 250,000 characters, printed by the shared template "
            "note.html.j2:14) (handout angles)"
        ),
        err,
    ), err


def test_a_big_npc_description_is_placed_in_the_npc_file(
    spy_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(guards, "MAX_VALUE", 1_000_000 // guards.MARKUP_GROWTH)
    npc = spy_copy / "npcs" / "volkov.yaml"
    text = npc.read_text(encoding="utf-8")
    old = "description: A heavy man with a gold tooth and a laugh like a drain."
    assert old in text
    npc.write_text(text.replace(old, "description: " + json.dumps("<" * 250_000)))
    line = text[: text.index(old)].count("\n") + 1
    main(["handout", str(spy_copy), "dossier-volkov", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert err.startswith(f"campaign: {npc}:{line}:14: description: refused: the markdown"), err
    assert "(a text of 250,000 characters, printed by the shared template dossier.html.j2:" in err


def test_a_big_escaped_body_prints_to_pdf_within_the_limit(spy_copy: Path, tmp_path: Path) -> None:
    # Every `<` was its own escape node (`\<`), and Typst's cost grows faster than the
    # number of nodes: 250 KB of `<` ran past the 5 s limit. A long run of text is now
    # one Typst string.
    _add(spy_copy, {"id": "angles", "title": "Angles", "type": "note", "body": "<" * 250_000})
    out = tmp_path / "out"
    with costs_under(8):
        assert main(["handout", str(spy_copy), "angles", "--format", "pdf", "--out", str(out)]) == 0
    assert (out / "angles.pdf").read_bytes().startswith(b"%PDF")


def test_a_typesetting_timeout_on_module_text_names_the_handout_and_its_field(
    spy_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # No module Typst here: the shared templates typeset the module's text, so the
    # message is about the handout's text, at its YAML field, not "the module's Typst".
    monkeypatch.setattr(typst_sandbox, "TYPST_SECONDS", 0.2)
    body = "``a``a" * 20_000  # 20,000 pieces of inline code: one Typst call each
    handouts, line = _add(spy_copy, {"id": "codes", "title": "C", "type": "note", "body": body})
    out = tmp_path / "out"
    with costs_under(10):
        code = main(["handout", str(spy_copy), "codes", "--format", "pdf", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"campaign: {handouts}:{line}:7: body: refused: handout 'codes' took longer than 0.2 s "
        "to typeset (117 KB of text); split it or shorten it"
    )
    assert "module's Typst" not in err
