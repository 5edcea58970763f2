"""`campaign validate` compiles a module's own Typst, as `campaign handout --format pdf` would.

Every handout whose template the module brings in Typst (or whose shared
template includes a partial the module overrides) is rendered for the players
and the GM and compiled in the limited Typst child. A Typst error is a
located problem at the template line that wrote it (file:line:column), or at
the asset file it came from; a refusal (a package import, the time limit)
too. When the place cannot be told, the problem names the handout's template
and quotes the line of Typst. Every test counts the CPU of both children.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from handout_helpers import write_template
from render_costs import costs_under

from campaign.cli import main
from campaign.handouts import check_module_templates, render_handout, template_trial, typst_sandbox
from campaign.handouts.typst_locate import template_position
from campaign.loader import load_module
from campaign.paths import bundled_templates_dir


def problems(module_root: Path) -> list[str]:
    return [str(problem) for problem in check_module_templates(load_module(module_root))]


def test_a_typst_error_in_the_gm_copy_is_placed_at_its_template_line(
    spy_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_template(
        spy_copy,
        "note.typ.j2",
        "= {{ handout.title }}\n\n{{ handout.body|markdown }}\n"
        "{% if gm %}\n  #text(fill: nope)[{{ handout.title }}]\n{% endif %}\n",
    )
    with costs_under(8):
        assert main(["validate", str(spy_copy)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{spy_copy}/templates/note.typ.j2:5:15: typst: unknown variable: nope "
        "(compiling handout found-note, GM copy, PDF)"
    ) in err


def test_an_error_in_a_macro_is_placed_in_the_macro(spy_copy: Path) -> None:
    write_template(
        spy_copy,
        "note.typ.j2",
        "{% macro box(body) %}\n#block(stroke: 1pt)[{{ body }}\n{% endmacro %}\n"
        "= {{ handout.title }}\n{{ box(handout.title) }}\n",
    )
    with costs_under(8):
        found = problems(spy_copy)
    assert found == [
        f"{spy_copy}/templates/note.typ.j2:2:20: typst: unclosed delimiter "
        "(compiling handout found-note, players' copy, PDF)"
    ]


def test_a_repeated_line_is_told_apart_by_its_neighbours(spy_copy: Path) -> None:
    write_template(
        spy_copy,
        "note.typ.j2",
        '{% if handout.id == "none" %}\n#let a = 1\n#text(fill: nope)[x]\n{% endif %}\n'
        "#let b = 2\n#text(fill: nope)[x]\n",
    )
    with costs_under(8):
        found = problems(spy_copy)
    assert found == [
        f"{spy_copy}/templates/note.typ.j2:6:13: typst: unknown variable: nope "
        "(compiling handout found-note, players' copy, PDF)"
    ]


def test_an_error_in_an_asset_file_is_placed_there(spy_copy: Path) -> None:
    (spy_copy / "assets").mkdir()
    (spy_copy / "assets" / "style.typ").write_text("#let ok = 1\n#let bad = (1, 2\n")
    write_template(spy_copy, "clue.typ.j2", '#import "/assets/style.typ": ok\n= Clue\n')
    with costs_under(8):
        found = problems(spy_copy)
    assert found == [
        f"{spy_copy}/assets/style.typ:2:12: typst: unclosed delimiter "
        "(compiling handout ledger, players' copy, PDF)"
    ]


def test_a_package_import_is_a_refusal_at_its_line(spy_copy: Path) -> None:
    write_template(
        spy_copy, "note.typ.j2", '= {{ handout.title }}\n#import "@preview/cetz:0.3.0": canvas\n'
    )
    with costs_under(8):
        found = problems(spy_copy)
    assert found == [
        f"{spy_copy}/templates/note.typ.j2:2:9: refused: Typst packages cannot be imported "
        "(@preview/cetz:0.3.0); a handout may only use the shared templates and files in its "
        "module's assets/ folder (compiling handout found-note, players' copy, PDF)"
    ]


def test_typst_past_the_deadline_is_a_refusal_at_the_template(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(typst_sandbox, "TYPST_SECONDS", 1.0)
    write_template(
        spy_copy,
        "note.typ.j2",
        "= {{ handout.title }}\n#for i in range(100000) { for j in range(100000) { } }\n",
    )
    with costs_under(10):
        found = problems(spy_copy)
    assert found == [
        f"{spy_copy}/templates/note.typ.j2:1:1: refused: compiling the module's Typst took "
        "longer than 1 s (compiling handout found-note, players' copy, PDF)"
    ]


def test_an_error_that_cannot_be_placed_quotes_the_typst_line(spy_copy: Path) -> None:
    # The module overrides the shared partial and drops `stamp`, which the shared dossier
    # uses: the failing line is the shared template's, so the problem is at the module's
    # only Typst template, quoting the line and naming the shared template's line.
    intel = (bundled_templates_dir() / "_intel.typ.j2").read_text()
    write_template(spy_copy, "_intel.typ.j2", intel.replace("#let stamp(", "#let stamp-gone("))
    dossier = (bundled_templates_dir() / "dossier.typ.j2").read_text().splitlines()
    line = next(number for number, text in enumerate(dossier, 1) if "stamp[" in text)
    with costs_under(10):
        found = problems(spy_copy)
    assert len(found) == 1
    assert found[0].startswith(
        f"{spy_copy}/templates/_intel.typ.j2:1:1: typst: unknown variable: stamp; line "
    )
    assert f"stamp[TOP SECRET])', from the shared template dossier.typ.j2:{line} " in found[0]
    assert found[0].endswith("(compiling handout dossier-volkov, players' copy, PDF)")


def test_harmless_module_typst_compiles_clean_for_both_copies(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str] = []
    compile_source = template_trial.compile_source

    def counting(root: object, source: str, *, untrusted: bool) -> object:
        compiled.append(source)
        return compile_source(root, source, untrusted=untrusted)  # type: ignore[arg-type]

    monkeypatch.setattr(template_trial, "compile_source", counting)
    write_template(
        spy_copy, "note.typ.j2", "= {{ handout.title }}\n{{ 'GM' if gm else 'PLAYERS' }} copy\n"
    )
    with costs_under(10):
        assert problems(spy_copy) == []
    # Every handout with a Typst template, players' copy (if theirs) and GM copy, compiled.
    module = load_module(spy_copy)
    expected = sum(2 if h.audience == "players" else 1 for h in module.handouts.values())
    assert len(compiled) == expected
    assert any("\nPLAYERS copy" in source for source in compiled)
    assert any("\nGM copy" in source for source in compiled)


def test_a_module_without_typst_templates_starts_no_typst_child(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled Typst for a module without Typst templates")

    monkeypatch.setattr(template_trial, "compile_source", refuse)
    write_template(spy_copy, "note.html.j2", "<p>{{ handout.title }}</p>")
    write_template(spy_copy, "note.md.j2", "# {{ handout.title }}")
    with costs_under(6):
        assert problems(spy_copy) == []
    shutil.rmtree(spy_copy / "templates")
    with costs_under(2):
        assert problems(spy_copy) == []


# --- placing a line of Typst in the templates -------------------------------------------


def test_a_line_with_tags_is_matched_around_them(tmp_path: Path) -> None:
    template = tmp_path / "a.typ.j2"
    template.write_text(
        "= {{ title }}\n    #fields(([{{ k }}], [{{ v|upper }}]), oops)\n{# note #}\n"
    )
    source = "= Title\n#fields(([Key], [VALUE]), oops)\n"
    # Column 27 of the rendered line is `o` of `oops`: column 43 of the template line.
    assert template_position(source, 2, 27, [template]) == (template, 2, 43)
    # Inside a tag's output (`Key`, `VALUE`), the place is the tag itself.
    assert template_position(source, 2, 12, [template]) == (template, 2, 15)
    assert template_position(source, 2, 20, [template]) == (template, 2, 26)
    # Past the end of the line: the end of the template line.
    assert template_position(source, 2, 40, [template]) == (template, 2, 48)


def test_lines_that_match_nowhere_or_twice_are_not_placed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.typ.j2", tmp_path / "b.typ.j2"
    first.write_text("#foo(\n")
    second.write_text("#foo(\n")
    assert template_position("#foo(\n", 1, 5, [first, second]) is None
    assert template_position("#bar(\n", 1, 5, [first]) is None
    assert template_position("#foo(\n", 9, 1, [first]) is None
    # A line far longer than any template line is not tried.
    assert template_position("#foo(" + "x" * 10_000, 1, 5, [first]) is None


def test_placing_is_linear_in_the_line_whatever_the_template(tmp_path: Path) -> None:
    # Many tags on a line cannot make matching backtrack (a regex of lazy groups would).
    template = tmp_path / "a.typ.j2"
    template.write_text(("a{{ x }}" * 300 + "b\n") * 200)
    with costs_under(2):
        assert template_position("a" * 3_999, 1, 5, [template]) is None


def test_a_module_named_by_a_relative_path_uses_its_own_templates(
    spy_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The render child works in another folder: it must get the templates folder whole,
    # or it would read the shared templates (or another module's) instead.
    write_template(spy_copy, "note.md.j2", "OWN-TEMPLATE {{ handout.title }}\n")
    write_template(spy_copy, "note.typ.j2", "= {{ handout.title }}\n#text(fill: nope)[x]\n")
    monkeypatch.chdir(spy_copy.parent)
    with costs_under(8):
        text = render_handout(load_module(Path("spy")), "found-note", fmt="md")
        assert text.startswith("OWN-TEMPLATE A note found in a shoe")
        assert main(["validate", "spy"]) == 2
    assert (
        "spy/templates/note.typ.j2:2:13: typst: unknown variable: nope "
        "(compiling handout found-note, players' copy, PDF)"
    ) in capsys.readouterr().err
