"""Rendering the fixture module's handouts to HTML, Markdown and PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from handout_helpers import NOW, write_template

from campaign.handouts import (
    CONTENT_SECURITY_POLICY,
    HandoutError,
    Paper,
    markdown_to_typst,
    render_handout,
    render_many,
    render_recap,
    render_source,
    template_formats,
    typst_escape,
)
from campaign.loader import load_module
from campaign.model import Module

HOSTILE_TYPST = '] #read("/etc/passwd") ['
HOSTILE_HTML = "<script>alert(1)</script>"


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_every_fixture_handout_renders(spy: Module, fmt: Any) -> None:
    results = list(render_many(spy, fmt=fmt, audience="gm", now=NOW))
    assert [result.handout for result in results] == list(spy.handouts)
    for result in results:
        assert result.error is None, str(result.error)
        if fmt == "pdf":
            assert isinstance(result.output, bytes) and result.output.startswith(b"%PDF")
        else:
            assert isinstance(result.output, str) and result.output.strip()


def test_render_many_for_players_skips_gm_handouts(spy: Module) -> None:
    ids = [result.handout for result in render_many(spy, fmt="md", now=NOW)]
    assert "gm-notes" not in ids and "dossier-volkov" in ids


def test_html_is_one_self_contained_file_with_a_csp_first(spy: Module) -> None:
    html = render_handout(spy, "dossier-volkov", fmt="html", now=NOW)
    head = html[: html.index("</head>")]
    assert re.match(r"<!DOCTYPE html>\s*<html[^>]*>\s*<head>\s*<meta http-equiv=\"Content-Security"
                    , html)  # fmt: skip
    assert CONTENT_SECURITY_POLICY in head
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert "@page { size: A4" in html and "@media print" in html
    assert "Colonel Ivan Volkov" in html and "TOP SECRET" in html


def test_letter_paper(spy: Module) -> None:
    html = render_handout(spy, "orders-one", fmt="html", paper="letter", now=NOW)
    assert "@page { size: letter" in html
    sizes: list[tuple[Paper, tuple[int, int]]] = [("a4", (595, 842)), ("letter", (612, 792))]
    for paper, size in sizes:
        pdf = render_handout(spy, "orders-one", fmt="pdf", paper=paper, now=NOW)
        box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size


def test_pregen_pdf_pages_and_text(spy: Module) -> None:
    pages, text = pdf_text(render_handout(spy, "pregen-agent", fmt="pdf", now=NOW))
    assert pages == 1
    for expected in ("Agent One", "A careful burglar", "Search", "Pen gun", "Lock picks",
                     "Grew up above a locksmith", "Page 1 of 1"):  # fmt: skip
        assert expected in text
    assert "AGENT-SECRET" not in text and "AGENT-TACTICS" not in text


def test_dossier_pdf_text(spy: Module) -> None:
    pages, text = pdf_text(render_handout(spy, "dossier-volkov", fmt="pdf", now=NOW))
    assert pages == 1
    assert "Colonel Ivan Volkov" in text and "TOP SECRET" in text and "PF/1" in text
    assert "VOLKOV-SECRET" not in text
    _, gm_text = pdf_text(render_handout(spy, "dossier-volkov", fmt="pdf", audience="gm", now=NOW))
    assert "VOLKOV-SECRET" in gm_text and "GM ONLY" in gm_text


def test_hostile_values_print_literally_in_pdf_and_escaped_in_html(spy: Module) -> None:
    _, text = pdf_text(render_handout(spy, "dossier-hostile", fmt="pdf", now=NOW))
    squashed = squash(text)
    assert HOSTILE_TYPST in squashed
    assert HOSTILE_HTML in squashed
    assert "root:" not in text  # /etc/passwd was never read
    # Plain values print exactly; Markdown fields (description, body) keep Markdown's
    # meaning (a "- " line is a list) but their text is escaped all the same.
    assert "*bold* _em_ $x^2$ @label <lab> // comment `raw` \\ = heading" in squashed
    assert "not a list" in squashed and "= not a heading" in squashed
    html = render_handout(spy, "dossier-hostile", fmt="html", now=NOW)
    assert HOSTILE_HTML not in html and "<b>raw html</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    markdown = render_handout(spy, "dossier-hostile", fmt="md", now=NOW)
    assert HOSTILE_HTML not in markdown and "&lt;script>alert(1)&lt;/script>" in markdown


def test_typst_escape_and_markdown_conversion() -> None:
    assert typst_escape('#read("x") [a] *b* _c_ $d$ <e> @f ~ = - + / \\') == (
        '\\#read("x") \\[a\\] \\*b\\* \\_c\\_ \\$d\\$ \\<e\\> \\@f \\~ \\= \\- \\+ \\/ \\\\'
    )
    assert typst_escape("2. second\n10. tenth") == "2\\. second\n10\\. tenth"
    converted = markdown_to_typst("**Bold** *em* `x` #no\n\n- a\n- b\n\n> quote")
    assert converted.startswith('#strong[Bold] #emph[em] #raw("x") \\#no')
    assert "#list(tight: true, [a],[b],)" in converted
    assert "#quote(block: true)[quote" in converted


def test_markdown_table_and_lists_reach_the_pdf(spy: Module) -> None:
    source = render_source(spy, spy.handouts["ledger"], fmt="pdf", now=NOW)
    assert "#table(" in source
    _, text = pdf_text(render_handout(spy, "ledger", fmt="pdf", now=NOW))
    assert "US$ 900 | pipe" in text and "Transfers" in text.title()
    markdown = render_handout(spy, "ledger", fmt="md", now=NOW)
    assert "| 2 Feb 1987 | Vienna | Tangier | US$ 900 \\| pipe |" in markdown


def test_scripts_outside_latin_print(spy: Module) -> None:
    _, text = pdf_text(render_handout(spy, "found-note", fmt="pdf", now=NOW))
    assert "Пока" in text and "Ελλάς" in text


def test_recap_from_journal_events(spy: Module) -> None:
    events = [
        {"time": "21:00", "kind": "clue", "text": "Found the **ledger**."},
        {"time": "21:05", "kind": "note", "text": HOSTILE_TYPST},
    ]
    html = render_recap(spy, events, fmt="html", title="Evening one", now=NOW)
    assert "Found the <strong>ledger</strong>." in html and "Evening one" in html
    markdown = render_recap(spy, events, fmt="md", now=NOW)
    assert "| 21:00 | clue | Found the **ledger**. |" in markdown
    _, text = pdf_text(render_recap(spy, events, fmt="pdf", now=NOW))
    assert "Found the ledger." in squash(text) and HOSTILE_TYPST in squash(text)
    assert "20:30" in render_handout(spy, "recap-one", fmt="md", now=NOW)


def test_rules_from_the_ruleset_when_the_handout_has_no_body(spy: Module) -> None:
    markdown = render_handout(spy, "rules", fmt="md", now=NOW)
    assert "Roll **2d6+{attribute}+{skill}**" in markdown
    assert "| Tricky | 9 |" in markdown and "**Stunned.**" in markdown


def test_module_template_overrides_the_shared_one(spy_copy: Path) -> None:
    write_template(spy_copy, "note.md.j2", "OWN NOTE {{ handout.title }}")
    write_template(spy_copy, "telegram.md.j2", "STOP {{ handout.body }} STOP")
    module = load_module(spy_copy)
    assert render_handout(module, "found-note", fmt="md") == "OWN NOTE A note found in a shoe"
    assert template_formats(module, "note") == ["html", "md", "pdf"]
    assert template_formats(module, "telegram") == ["md"]


def test_missing_format_and_unknown_template_are_clear(spy_copy: Path) -> None:
    handouts = spy_copy / "handouts" / "handouts.yaml"
    handouts.write_text(
        handouts.read_text()
        + "---\nid: wire\ntitle: Wire\ntype: custom\ntemplate: telegram\nbody: Hi.\n"
        + "---\nid: typo\ntitle: Typo\ntype: custom\ntemplate: dosier\n"
    )
    write_template(spy_copy, "telegram.md.j2", "STOP")
    module = load_module(spy_copy)
    with pytest.raises(HandoutError, match=r"no HTML template 'telegram.html.j2'.*has: md"):
        render_handout(module, "wire", fmt="html")
    with pytest.raises(HandoutError, match=r"no template 'dosier' \(did you mean 'dossier'\?\)"):
        render_handout(module, "typo", fmt="html")


def test_template_errors_are_located(spy_copy: Path) -> None:
    write_template(spy_copy, "dossier.html.j2", "<p>\n{{ npc.name }}\n{{ npc.nmae }}\n</p>\n")
    write_template(spy_copy, "orders.html.j2", "line one\n{% if %}\n")
    write_template(spy_copy, "note.html.j2", '{% include "_part.html.j2" %}')
    write_template(spy_copy, "_part.html.j2", "a\nb\n{{ handout.data.nope.deeper }}\n")
    module = load_module(spy_copy)
    folder = spy_copy / "templates"
    with pytest.raises(HandoutError) as caught:
        render_handout(module, "dossier-volkov", fmt="html")
    assert str(caught.value) == (
        f"{folder}/dossier.html.j2:3: 'npc' has no attribute 'nmae' (did you mean 'name'?)"
        " (handout dossier-volkov)"
    )
    with pytest.raises(HandoutError, match=rf"^{re.escape(str(folder))}/orders.html.j2:2: syntax"):
        render_handout(module, "orders-one", fmt="html")
    nope = r"_part.html.j2:3: 'handout.data' has no attribute 'nope'"
    with pytest.raises(HandoutError, match=nope):
        render_handout(module, "found-note", fmt="html")
